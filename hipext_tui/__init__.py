"""hipext: a terminal workout tracker for a runner's hip-extension routine."""

__version__ = "0.1.0"
