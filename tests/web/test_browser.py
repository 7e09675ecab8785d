"""``hipext serve`` in a real browser: Debian's Chromium, headless, through Playwright.

The test starts the server on a free port with a new store, opens the printed URL at a
phone's size, reads the picker from the terminal's buffer, starts the routine, logs one
set with the keyboard and finds it with ``hipext history --json``. Without the token,
the page, the static files and the websocket all get 403.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path(__file__).resolve().parents[2] / "screenshots" / "web-phone.png"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # A headless page counts as hidden; keep its timers (xterm.js parses output on them)
    # running at full speed.
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]
PHONE = {"width": 390, "height": 844}
# textual.js keeps its xterm.js Terminal in ``this.terminal``; a setter on Object's
# prototype catches that first assignment, so the test can read the terminal's buffer.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, 'terminal', {
  configurable: true,
  set(value) {
    window.hipextTerminal = value;
    Object.defineProperty(this, 'terminal', {value, writable: true, configurable: true});
  },
});
"""
READ_SCREEN = """() => {
  const term = window.hipextTerminal;
  if (!term) return null;
  const rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = term.buffer.active.getLine(y);
    rows.push(line ? line.translateToString(true) : '');
  }
  return rows.join('\\n');
}"""

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium)"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, int, Path]]:
    """A running ``hipext serve``: its URL, its port and its store."""
    store = tmp_path / "hipext.json"
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "hipext_tui", "--db", str(store), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        assert server.stdout is not None
        for line in server.stdout:
            lines.append(line)
            if "http://" in line:
                found.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        assert found.wait(60), "".join(lines) or "hipext serve printed nothing"
        url = re.search(r"http://\S+", "".join(lines))
        assert url is not None
        _wait_until_listening(port)
        yield url.group(0), port, store
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_listening(port: int) -> None:
    # The URL is printed while the server starts; connections are taken a moment later.
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _status(port: int, path: str, headers: dict[str, str] | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        return connection.getresponse().status
    finally:
        connection.close()


WEBSOCKET_UPGRADE = {
    "Upgrade": "websocket",
    "Connection": "Upgrade",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
    "Sec-WebSocket-Version": "13",
}


def test_every_request_without_the_token_gets_403(served: tuple[str, int, Path]) -> None:
    url, port, _ = served
    token_path = url.split(f":{port}", 1)[1]
    assert _status(port, token_path) == 200
    assert _status(port, token_path + "ws", WEBSOCKET_UPGRADE) == 101
    for path in ("/", "/ws", "/static/js/textual.js", "/wrong-token/", token_path.rstrip("/")):
        assert _status(port, path) == 403, path
    assert _status(port, "/ws", WEBSOCKET_UPGRADE) == 403
    assert _status(port, "/not-the-token/ws", WEBSOCKET_UPGRADE) == 403


def _wait_for(read: Callable[[], Any], test: Callable[[Any], bool], what: str) -> Any:
    deadline = time.monotonic() + 60
    seen = None
    while time.monotonic() < deadline:
        seen = read()
        if seen and test(seen):
            return seen
        time.sleep(0.2)
    raise AssertionError(f"never saw {what}; the screen was:\n{seen}")


def test_one_set_from_a_phone_sized_browser(served: tuple[str, int, Path]) -> None:
    from playwright.sync_api import sync_playwright

    url, _, store = served
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport=PHONE)
            # Nothing leaves the machine (the page asks for a web font).
            page.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/]).*"), lambda r: r.abort())
            page.add_init_script(CATCH_TERMINAL)
            page.goto(url + "?fontsize=10")

            def screen() -> str | None:
                text: str | None = page.evaluate(READ_SCREEN)
                return text

            picker = _wait_for(screen, lambda s: "Streak:" in s, "the picker")
            for name in ("Hip extension for runners", "Deadlift", "Barbell Romanian deadlift"):
                assert name in picker

            # Keys reach the app before anything on the page was tapped or clicked.
            page.keyboard.press("?")
            _wait_for(screen, lambda s: "command palette" in s, "the help after '?'")
            page.keyboard.press("Escape")
            _wait_for(screen, lambda s: "Streak:" in s and "command palette" not in s, "the picker")

            # A tap on the routine starts it, as on a phone; the set is logged with Enter.
            box = page.locator(".xterm-screen").bounding_box()
            assert box is not None
            cols, rows = page.evaluate("() => [hipextTerminal.cols, hipextTerminal.rows]")
            row = next(i for i, line in enumerate(picker.splitlines()) if "Hip ext" in line)
            page.mouse.click(
                box["x"] + 5 * box["width"] / cols, box["y"] + (row + 0.5) * box["height"] / rows
            )
            _wait_for(screen, lambda s: "Set 1 of 3 | Left leg" in s, "the first set")
            page.keyboard.press("Enter")
            _wait_for(screen, lambda s: "1 of 20 sets done" in s, "the set logged")
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT))
        finally:
            browser.close()

    history = subprocess.run(
        [sys.executable, "-m", "hipext_tui", "--db", str(store), "history", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    sessions = json.loads(history.stdout)["sessions"]
    assert len(sessions) == 1
    assert [(s["exercise_id"], s["side"], s["reps"]) for s in sessions[0]["sets"]] == [
        ("single-leg-glute-bridge", "left", 10)
    ]
