"""``hipext serve``: the terminal app in a web browser, through textual-serve.

textual-serve has no login, so this command adds one lock: a random token made at
start. Every URL lives under ``/<token>/`` (the page, its websocket, its static files);
any other path gets 403. It listens on 127.0.0.1 unless told otherwise, and a
non-loopback address needs ``--allow-remote`` (the token is still required).

Each browser tab is one websocket, and textual-serve starts one process per websocket:
``hipext --db PATH`` with this interpreter, all on the same store, whose locking keeps
the tabs from losing each other's sets.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import sys

from hipext_tui.commands.common import EXIT_USAGE, CommandError, add_db_option


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``serve`` subcommand."""
    parser = subparsers.add_parser(
        "serve",
        help="serve the app to a web browser (with a secret URL)",
        description=(
            "Serve the app to a web browser: each tab runs its own app on the same store. "
            "Listens on 127.0.0.1 and prints a URL with a secret token; every request "
            "without the token gets 403. Reach it from a phone through an SSH tunnel: "
            "ssh -L 8000:localhost:8000 HOST, then open the printed URL."
        ),
    )
    parser.add_argument("--port", type=int, default=8000, help="TCP port (default 8000)")
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow an address other than loopback (the token is still required)",
    )
    parser.add_argument("--tz", metavar="ZONE", default=argparse.SUPPRESS, help="IANA timezone")
    add_db_option(parser)
    parser.set_defaults(func=run)


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def app_command(db: str, tz: str | None) -> str:
    """The shell command textual-serve runs for each browser tab."""
    parts = [sys.executable, "-m", "hipext_tui", "--db", db]
    if tz:
        parts += ["--tz", tz]
    return shlex.join(parts)


def run(args: argparse.Namespace) -> int:
    """Check the address, make the token, serve until Ctrl+C."""
    import secrets

    from hipext_tui.commands.common import open_store
    from hipext_tui.paths import store_path

    if not 0 < args.port < 65536:
        raise CommandError(f"--port: {args.port} is not a TCP port (1-65535)")
    if not is_loopback(args.host) and not args.allow_remote:
        raise CommandError(
            f"refusing to listen on {args.host} without --allow-remote "
            "(anyone who can reach it and has the URL can use your store)",
            EXIT_USAGE,
        )
    tz = getattr(args, "tz", None)
    if tz:
        from hipext_tui.domain.settings import check_timezone

        check_timezone(tz)
    path = store_path(getattr(args, "db", None))
    open_store(args)  # a bad store is refused here, once, not in every tab
    from hipext_tui.commands.web_server import TokenServer

    # Each tab's app writes length-prefixed packets to a pipe. Unbuffered, a write to a
    # full pipe can be partial, and a short packet stalls the page until the next one.
    os.environ.pop("PYTHONUNBUFFERED", None)

    token = secrets.token_urlsafe(24)
    TokenServer(app_command(str(path), tz), args.host, args.port, token).serve()
    return 0
