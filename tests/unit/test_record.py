"""``@record`` behaves as ``@dataclass(frozen=True, slots=True)``: same equality, hash,
printed form, frozen fields and dataclass helpers."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from dataclasses import FrozenInstanceError, dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hipext_tui.domain.record import record


@record
class Rec:
    name: str
    reps: int
    tags: tuple[str, ...] = ()
    note: str = field(default="", compare=False)
    secret: str = field(default="", repr=False)


@dataclass(frozen=True, slots=True)
class Ref:
    name: str
    reps: int
    tags: tuple[str, ...] = ()
    note: str = field(default="", compare=False)
    secret: str = field(default="", repr=False)


@record
class Empty:
    pass


values = st.tuples(
    st.text(max_size=5), st.integers(-3, 3), st.text(max_size=3), st.text(max_size=3)
)


@given(values, values)
def test_equality_and_hash_are_the_dataclass_ones(a: tuple, b: tuple) -> None:
    ra, rb = Rec(a[0], a[1], note=a[2], secret=a[3]), Rec(b[0], b[1], note=b[2], secret=b[3])
    fa, fb = Ref(a[0], a[1], note=a[2], secret=a[3]), Ref(b[0], b[1], note=b[2], secret=b[3])
    assert (ra == rb) is (fa == fb)
    assert (ra != rb) is (fa != fb)
    if ra == rb:
        assert hash(ra) == hash(rb)


def test_the_printed_form_is_the_dataclass_one() -> None:
    shown = repr(Rec("Deadlift", 8, ("a",), note="n", secret="s"))
    expected = repr(Ref("Deadlift", 8, ("a",), note="n", secret="s"))
    assert shown.replace("Rec(", "Ref(", 1) == expected
    assert "secret" not in shown
    assert repr(Empty()) == "Empty()"


def test_a_record_is_frozen_slotted_and_a_dataclass() -> None:
    one = Rec("Bridge", 10)
    with pytest.raises(FrozenInstanceError):
        one.reps = 11  # type: ignore[misc]
    assert not hasattr(one, "__dict__")
    assert dataclasses.replace(one, reps=12) == Rec("Bridge", 12)
    assert dataclasses.asdict(one)["name"] == "Bridge"
    assert Empty() == Empty() and hash(Empty()) == hash(Empty())


def test_another_class_is_never_equal() -> None:
    assert Rec("x", 1) != Ref("x", 1)
    assert Rec("x", 1) != ("x", 1, ())
    assert len({Rec("x", 1), Rec("x", 1, note="other")}) == 1


@record
class Made:
    name: str
    items: list[int] = field(default_factory=list)
    count: int = field(init=False, default=0)
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {self.name: len(self.items)})


@dataclass(frozen=True, slots=True)
class MadeRef:
    name: str
    items: list[int] = field(default_factory=list)
    count: int = field(init=False, default=0)
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {self.name: len(self.items)})


def test_defaults_factories_init_false_fields_and_post_init_as_the_dataclass() -> None:
    one, ref = Made("x", [1, 2]), MadeRef("x", [1, 2])
    assert (one.name, one.items, one.count, one.index) == (ref.name, ref.items, 0, {"x": 2})
    assert Made("y").items == [] and Made("y").items is not Made("y").items
    assert inspect.signature(Made) == inspect.signature(MadeRef)
    assert repr(one).replace("Made(", "MadeRef(", 1) == repr(ref)


def test_the_constructor_refuses_what_the_dataclass_refuses() -> None:
    for bad in ((), ("x", [], 3), ("x",)):
        for cls in (Made, MadeRef):
            kwargs = {"count": 1} if len(bad) == 1 else {}
            with pytest.raises(TypeError):
                cls(*bad, **kwargs)


def test_a_record_cannot_be_changed_or_emptied_even_by_copy_and_pickle() -> None:
    one = Made("x", [1])
    with pytest.raises(FrozenInstanceError):
        del one.name
    with pytest.raises(FrozenInstanceError):
        one.index = {}  # type: ignore[misc]
    for again in (copy.copy(one), copy.deepcopy(one), pickle.loads(pickle.dumps(one))):
        assert again == one and again.index == {"x": 1}
        assert again is not one
        with pytest.raises(FrozenInstanceError):
            again.name = "y"  # type: ignore[misc]
