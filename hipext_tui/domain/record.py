"""``@record``: a frozen, slotted dataclass that costs less to define.

hipext's value classes are frozen dataclasses with slots, for which Python 3.11
writes six methods of source text per such class and compiles each one when the module
is imported; thirty of them are imported before the first screen can draw, and defining
them took about a tenth of the wait for it. A record is the same dataclass, but its
``__eq__``, ``__hash__`` and ``__repr__`` are three small functions made here over the
fields (no source text to compile), so only ``__init__`` and the two frozen-attribute
guards are generated. Equality, hashing and the printed form are those of the dataclass:
same class and equal compared fields; the hash of those fields; ``Name(field=value,
...)`` of the shown fields. ``dataclasses.fields``, ``replace`` and ``asdict`` work as on
any dataclass.
"""

from __future__ import annotations

import dataclasses
import operator
import reprlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:  # only type checkers read it; typing_extensions is not imported for it

    def dataclass_transform(**_options: object) -> Callable[[Any], Any]:
        return lambda decorated: decorated


T = TypeVar("T")


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: type[T]) -> type[T]:
    """``cls`` as a frozen dataclass with slots (see the module docstring)."""
    made = dataclasses.dataclass(frozen=True, slots=True, eq=False, repr=False)(cls)
    fields = dataclasses.fields(made)  # type: ignore[arg-type]
    compared = _getter([f.name for f in fields if f.compare])
    hashed = _getter([f.name for f in fields if (f.compare if f.hash is None else f.hash)])
    shown = tuple(f.name for f in fields if f.repr)

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is self.__class__:
            return bool(compared(self) == compared(other))
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({inner})"

    for method in (__eq__, __hash__, __repr__):
        method.__qualname__ = f"{made.__qualname__}.{method.__name__}"
        setattr(made, method.__name__, method)
    return made


def _getter(names: list[str]) -> Callable[[Any], Any]:
    """The values of ``names`` as one tuple (what the dataclass compares and hashes)."""
    if not names:
        return lambda _obj: ()
    if len(names) == 1:
        name = names[0]
        return lambda obj: (getattr(obj, name),)
    return operator.attrgetter(*names)
