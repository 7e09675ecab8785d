"""The store's exceptions; each ``str()`` is one line that names the file."""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot be opened or written; ``str()`` is one line naming the file."""


class StoreLockedError(StoreError):
    """Another hipext process held the store's lock for longer than we wait."""


class NotFoundError(StoreError):
    """The session, set or routine asked for is not in the store."""
