"""``hipext completion bash|zsh``: a shell completion script made from the parser itself."""

from __future__ import annotations

import argparse

SHELLS = ("bash", "zsh")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``completion`` subcommand."""
    parser = subparsers.add_parser(
        "completion",
        help="print a bash or zsh completion script",
        description=(
            "Print a completion script for bash or zsh, generated from hipext's own "
            "argument parser (so it always knows every command and option)."
        ),
    )
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the script for ``args.shell`` to stdout."""
    import shtab

    from hipext_tui.cli import build_parser

    print(shtab.complete(build_parser(), shell=args.shell), end="")
    return 0
