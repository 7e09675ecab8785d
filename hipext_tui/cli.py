"""Command line entry point (placeholder, being written)."""


def main(argv: list[str] | None = None) -> int:
    """Run hipext."""
    return 0
