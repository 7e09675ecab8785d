"""``@record``: a frozen, slotted dataclass that costs less to define.

hipext's value classes are frozen dataclasses with slots. For each such class Python
3.11 writes and compiles six methods of source text when the module is imported, and
about thirty of them are imported before the first screen can draw: defining one took
0.63 ms, twice a plain slotted dataclass, and together they were a tenth of the wait
for the first screen. A record is a dataclass made without those methods
(``init=False, eq=False, repr=False``, not frozen), then given:

- one ``__init__`` compiled from one short function of source text, which sets the
  fields as a frozen dataclass's does (defaults, ``default_factory``, ``init=False``
  fields and ``__post_init__`` included);
- ``__setattr__`` and ``__delattr__`` shared by every record, which raise
  :class:`dataclasses.FrozenInstanceError`, so a record is as frozen as the dataclass;
- ``__eq__``, ``__hash__`` and ``__repr__`` made here over the fields (no source
  text): same class and equal compared fields; the hash of those fields;
  ``Name(field=value, ...)`` of the shown fields;
- ``__getstate__`` / ``__setstate__``, so ``copy`` and ``pickle`` work as on the
  dataclass.

``dataclasses.fields``, ``replace`` and ``asdict`` work as on any dataclass.
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
_SET = object.__setattr__
# The default an ``__init__`` argument shows for a field with a ``default_factory``.
_FACTORY = dataclasses._HAS_DEFAULT_FACTORY  # type: ignore[attr-defined]


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: type[T]) -> type[T]:
    """``cls`` as a frozen dataclass with slots (see the module docstring)."""
    made = dataclasses.dataclass(slots=True, init=False, eq=False, repr=False)(cls)
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
    methods: dict[str, Callable[..., Any]] = {
        "__init__": _init(made, fields),
        "__eq__": __eq__,
        "__hash__": __hash__,
        "__repr__": __repr__,
        "__setattr__": _frozen_setattr,
        "__delattr__": _frozen_delattr,
        "__getstate__": _getstate,
        "__setstate__": _setstate,
    }
    for name, made_method in methods.items():
        setattr(made, name, made_method)
    return made


def _init(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """The class's ``__init__``: one function compiled from source that sets each field
    past the frozen guard, as a frozen dataclass's ``__init__`` does."""
    env: dict[str, Any] = {"_set": _SET, "_FACTORY": _FACTORY}
    params: list[str] = []
    body: list[str] = []
    for f in fields:
        if f.default is not dataclasses.MISSING:
            env[f"_d_{f.name}"] = f.default
            default, value = f"_d_{f.name}", f.name if f.init else f"_d_{f.name}"
        elif f.default_factory is not dataclasses.MISSING:
            env[f"_f_{f.name}"] = f.default_factory
            made = f"_f_{f.name}()"
            default, value = "_FACTORY", f"{made} if {f.name} is _FACTORY else {f.name}"
            value = value if f.init else made
        elif f.init:
            default, value = "", f.name
        else:
            continue  # an init=False field without a default: __post_init__ sets it
        if f.init:
            params.append(f"{f.name}={default}" if default else f.name)
        body.append(f"    _set(self, {f.name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__({', '.join(['self', *params])}):\n" + "\n".join(body or ["    pass"])
    exec(source, env)  # the text is made here from the field names only
    init: Callable[..., None] = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = {f.name: f.type for f in fields if f.init} | {"return": None}
    return init


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: object) -> list[Any]:
    return [getattr(self, f.name) for f in dataclasses.fields(self)]  # type: ignore[arg-type]


def _setstate(self: object, state: list[Any]) -> None:
    for f, value in zip(dataclasses.fields(self), state, strict=True):  # type: ignore[arg-type]
        _SET(self, f.name, value)


def _getter(names: list[str]) -> Callable[[Any], Any]:
    """The values of ``names`` as one tuple (what the dataclass compares and hashes)."""
    if not names:
        return lambda _obj: ()
    if len(names) == 1:
        name = names[0]
        return lambda obj: (getattr(obj, name),)
    return operator.attrgetter(*names)
