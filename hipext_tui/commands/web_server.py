"""The web server behind ``hipext serve``: textual-serve behind a secret token.

Imported only by ``hipext serve`` (it pulls in aiohttp). Every route of textual-serve's
application (page, websocket, static files) is mounted under ``/<token>/`` as an aiohttp
sub-application, so the URLs the page builds for its websocket and scripts carry the
token by themselves; a middleware on the outer application answers 403 to any other path.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from aiohttp import web
from textual_serve.server import Server

# Added to textual-serve's page: the terminal takes the keyboard as soon as it exists
# (and whenever the window comes back), so the first key works without a tap or a click.
FOCUS_SCRIPT = b"""<script>
(function () {
  function focusTerminal() {
    var input = document.querySelector("#terminal .xterm-helper-textarea");
    if (input) { input.focus({preventScroll: true}); }
    return Boolean(input);
  }
  var watch = new MutationObserver(function () {
    if (focusTerminal()) { watch.disconnect(); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    if (!focusTerminal()) { watch.observe(document.body, {childList: true, subtree: true}); }
  });
  window.addEventListener("focus", focusTerminal);
})();
</script>
"""
# What a Host header may look like before it is echoed into the page's URLs.
_HOST_HEADER = re.compile(r"[A-Za-z0-9.\-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?")


class TokenServer(Server):
    """textual-serve's server with every route under ``/<token>/`` and 403 elsewhere."""

    def __init__(self, command: str, host: str, port: int, token: str) -> None:
        super().__init__(command, host=host, port=port, title="hipext")
        self.token = token
        self.prefix = f"/{token}/"

    @property
    def url(self) -> str:
        """The address to open, token included."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{self.prefix}"

    async def _make_app(self) -> web.Application:
        inner = await super()._make_app()
        root = web.Application(middlewares=[self._guard])
        root.add_subapp(self.prefix, inner)
        return root

    @property
    def _guard(self) -> Any:
        @web.middleware
        async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
            first = request.path.split("/")[1] if request.path.count("/") >= 2 else ""
            if not secrets.compare_digest(first.encode(), self.token.encode()):
                raise web.HTTPForbidden(text="403: this address needs the URL hipext printed")
            response: web.StreamResponse = await handler(request)
            return response

        return guard

    async def handle_index(self, request: web.Request) -> Any:
        # The page holds absolute URLs (websocket, scripts): build them from the address
        # the browser used, which through an SSH tunnel is not ours.
        host = request.host if _HOST_HEADER.fullmatch(request.host or "") else None
        self.public_url = f"http://{host}" if host else self.url.removesuffix(self.prefix)
        response = await super().handle_index(request)
        if isinstance(response, web.Response) and isinstance(response.body, bytes):
            response.body = response.body.replace(b"</body>", FOCUS_SCRIPT + b"</body>", 1)
        return response

    async def on_startup(self, app: web.Application) -> None:
        print(f"hipext is served at {self.url}", flush=True)
        print(f"On a phone: {self.url}?fontsize=10 (the app needs 60 columns)", flush=True)
        print("Every request without this token gets 403. Ctrl+C stops.", flush=True)
