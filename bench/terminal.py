"""Run a program under a pseudo-terminal and watch what it draws.

The benchmarks that measure what a user sees (start-up, bytes per key press, memory)
run the real program as a child process on a pty of a fixed size, read everything it
writes, and look for marker text in the output with the escape sequences stripped.
Nothing answers the terminal queries Textual sends (as with a terminal that ignores
them), so frames are not wrapped in synchronized-output sequences.

Everything read is also fed to a terminal emulator (pyte), so a benchmark can wait for
what the screen *shows* (the picker with its streak box filled and its footer drawn),
not merely for some text to have been sent once.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Callable, Mapping, Sequence

import pyte

COLUMNS = 80
LINES = 24

# CSI sequences, OSC strings, and the two-byte escapes: everything that is not text.
_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC ... BEL or ST
    rb"|\x1b[PX^_][^\x1b]*\x1b\\"  # DCS / SOS / PM / APC strings
    rb"|\x1b[@-Z\\-_()*+#%][0-9A-Za-z]?"  # other escapes (charset selection etc.)
)


def visible_text(output: bytes) -> str:
    """The printable text in terminal output, escape sequences removed."""
    return _ESCAPES.sub(b"", output).decode("utf-8", errors="replace")


def terminal_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a child on an 80x24 xterm as reached over SSH: 256 colours
    (ssh does not forward COLORTERM), no Textual dev switches, no inherited NO_COLOR,
    the size also in COLUMNS and LINES, and no PYTHONPATH (the benchmarks run an
    installed hipext, never the checkout)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TEXTUAL")
        and k not in {"NO_COLOR", "COLORTERM", "COLUMNS", "LINES", "TERM_PROGRAM", "PYTHONPATH"}
    }
    env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
    if extra:
        env.update(extra)
    return env


class TerminalApp:
    """A child process on its own pty; the parent reads and writes the master side."""

    def __init__(self, argv: Sequence[str], env: Mapping[str, str]) -> None:
        self.output = bytearray()
        self.screen = pyte.Screen(COLUMNS, LINES)
        self._stream = pyte.ByteStream(self.screen)
        self.exited = False
        self.status: int | None = None
        # The clock starts before the fork: exec, interpreter start-up and imports count.
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # child: size the terminal before the program can ask for it
            try:
                winsize = struct.pack("HHHH", LINES, COLUMNS, 0, 0)
                fcntl.ioctl(0, termios.TIOCSWINSZ, winsize)
                os.execve(argv[0], list(argv), dict(env))
            finally:
                os._exit(127)
        self.pid = pid
        self.fd = fd

    # -- reading -------------------------------------------------------------------
    def _read_once(self, timeout: float) -> bytes:
        """Read what is available within ``timeout`` seconds (b"" on silence or exit)."""
        if self.exited:
            return b""
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0.0))
        if not ready:
            return b""
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed its side
            chunk = b""
        if not chunk:
            self.exited = True
            return b""
        self.output += chunk
        self._stream.feed(chunk)
        return chunk

    def wait_for(
        self, markers: str | Sequence[str], timeout: float, *, whole_frame: bool = False
    ) -> float | None:
        """Read until one of ``markers`` is visible; seconds since start, None on timeout
        or exit. With ``whole_frame``, also wait until the bottom row has been drawn, so
        the time is that of a complete frame, not of its first bytes."""
        wanted = (markers,) if isinstance(markers, str) else tuple(markers)
        bottom = f"\x1b[{LINES};".encode()
        deadline = time.monotonic() + timeout
        found_at: int | None = None
        while True:
            if found_at is None:
                text = visible_text(bytes(self.output))
                if any(m in text for m in wanted):
                    found_at = 0
            if found_at is not None and (not whole_frame or bottom in self.output):
                return time.perf_counter() - self.started
            left = deadline - time.monotonic()
            if left <= 0 or self.exited:
                return None
            self._read_once(min(left, 0.05))

    def lines(self) -> list[str]:
        """The rows of the emulated screen as they are now."""
        return list(self.screen.display)

    def wait_screen(self, shows: Callable[[list[str]], bool], timeout: float) -> float | None:
        """Read until ``shows(rows)`` holds for the emulated screen; seconds since
        start, None on timeout or exit."""
        deadline = time.monotonic() + timeout
        while True:
            if shows(self.lines()):
                return time.perf_counter() - self.started
            left = deadline - time.monotonic()
            if left <= 0 or self.exited:
                return None
            self._read_once(min(left, 0.05))

    def read_until_quiet(self, quiet: float, limit: float = 5.0) -> int:
        """Read until nothing arrives for ``quiet`` seconds; returns bytes read."""
        total = 0
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline and not self.exited:
            chunk = self._read_once(quiet)
            if not chunk:
                break
            total += len(chunk)
        return total

    # -- writing ---------------------------------------------------------------------
    def send(self, data: bytes) -> None:
        """Type ``data`` into the terminal."""
        os.write(self.fd, data)

    # -- the process -----------------------------------------------------------------
    def peak_rss_kib(self) -> int | None:
        """The child's peak resident set size so far (VmHWM), in KiB."""
        try:
            with open(f"/proc/{self.pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def kill(self) -> None:
        """Stop the child at once and reap it."""
        if self.status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            _, self.status = os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self.fd)

    def __enter__(self) -> TerminalApp:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.kill()
