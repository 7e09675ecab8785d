"""The installed copy of hipext that the benchmarks run: never the editable checkout.

An editable install imports the package straight from the source tree. On a machine
that sets ``PYTHONDONTWRITEBYTECODE=1`` (this one does) no ``.pyc`` is ever written
there, so every start of an editable hipext compiles every module again, a cost no user
of an installed hipext pays. The benchmarks therefore build the checkout as a wheel and
install it (``pip install --no-deps .``) into a venv of their own, with byte-compiled
files, and run that: its ``hipext`` console script, its Python for the floors.

The venv lives under ``bench/results/venv-<hash>``, where the hash covers every file
that goes into the wheel; it is reused while the sources are unchanged and replaced
(older ones deleted) when they change. Its dependencies (textual, tinydb, pendulum...)
are the ones of the environment that runs the benchmark, reached through a ``.pth``
line, so nothing is downloaded beyond what pip needs to build the wheel.
"""

from __future__ import annotations

import compileall
import hashlib
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
# What the wheel is made of (pyproject.toml: the package and the data files).
SOURCES = ("hipext_tui", "data")
PURELIB = "import sysconfig; print(sysconfig.get_paths()['purelib'])"


@dataclass(frozen=True, slots=True)
class Install:
    """A venv holding an installed hipext."""

    root: Path

    @property
    def python(self) -> Path:
        """The venv's interpreter."""
        return self.root / "bin" / "python"

    @property
    def hipext(self) -> Path:
        """The console script, as a user starts it."""
        return self.root / "bin" / "hipext"


def source_hash() -> str:
    """A digest of every file the wheel is built from (and of this Python's version)."""
    digest = hashlib.sha256(sys.version.encode())
    files = [REPO / "pyproject.toml"]
    for name in SOURCES:
        files += sorted(p for p in (REPO / name).rglob("*") if p.is_file())
    for path in files:
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(REPO)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def ensure_install(log: object = print) -> Install:
    """The bench venv for the current sources, built if it is not there yet."""
    install = Install(RESULTS / f"venv-{source_hash()}")
    if install.hipext.is_file() and (install.root / "ready").is_file():
        return install
    RESULTS.mkdir(parents=True, exist_ok=True)
    for old in RESULTS.glob("venv-*"):
        shutil.rmtree(old, ignore_errors=True)
    say = log if callable(log) else print
    say(f"building the bench install in {install.root} ...")
    subprocess.run([sys.executable, "-m", "venv", str(install.root)], check=True)
    site = Path(
        subprocess.run(
            [str(install.python), "-c", PURELIB],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # The dependencies: this environment's site-packages, after the venv's own.
    (site / "_bench_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(install.python), "-m", "pip", "install", "-q", "--no-deps", str(REPO)],
        check=True,
        cwd=install.root,
    )
    # pip byte-compiles what it installs; make sure of it (and of the dependencies, which
    # an editable or a PYTHONDONTWRITEBYTECODE install may have left without .pyc files).
    compileall.compile_dir(site / "hipext_tui", quiet=1)
    (install.root / "ready").write_text(source_hash() + "\n")
    return install


def compile_dependencies() -> None:
    """Byte-compile this environment's site-packages (a no-op when already compiled)."""
    compileall.compile_dir(sysconfig.get_paths()["purelib"], quiet=1, workers=0)
