"""The ``hipext`` subcommands, one module each; ``cli.py`` wires them together."""
