"""``@record`` behaves as ``@dataclass(frozen=True, slots=True)``: same equality, hash,
printed form, frozen fields and dataclass helpers."""

from __future__ import annotations

import dataclasses
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
