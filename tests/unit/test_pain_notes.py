"""Pain flags, notes, RPE and warm-ups: from a stored session to the history, the two
export formats and back through import."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from hipext_tui.cli import main
from hipext_tui.domain.stored import decode_session, decode_summary
from hipext_tui.domain.workout import (
    BodyPart,
    Session,
    SetEntry,
    SetType,
    Side,
    ValidationError,
    parse_note,
    parse_pain,
)
from hipext_tui.store.tinydb_store import Store

START = datetime(2025, 3, 10, 7, 0, tzinfo=timezone(timedelta(hours=1)))


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def flagged_session() -> Session:
    warm = SetEntry("set-w", "deadlift", Side.NONE, 8, START, weight=20.0, set_type=SetType.WARMUP)
    hurt = SetEntry(
        "set-h",
        "single-leg-glute-bridge",
        Side.LEFT,
        10,
        START + timedelta(minutes=3),
        rpe=7.5,
        pain=BodyPart.HAMSTRING,
    )
    return Session(
        id="ses-pain",
        start=START,
        end=START + timedelta(minutes=30),
        notes="Tight after the long run",
        sets=(warm, hurt),
        pain=BodyPart.LOW_BACK,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "a" / "hipext.json"
    store = Store.open(path)
    try:
        store.add_session(flagged_session())
    finally:
        store.close()
    return path


def history_json(capsys: pytest.CaptureFixture[str], db: Path) -> dict[str, object]:
    status, out, err = run(capsys, "history", "--json", "--db", db)
    assert (status, err) == (0, "")
    (session,) = json.loads(out)["sessions"]
    assert isinstance(session, dict)
    return session


def test_history_shows_pain_note_rpe_and_warmup(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    session = history_json(capsys, db)
    assert session["pain"] == "low-back"
    assert session["notes"] == "Tight after the long run"
    warm, hurt = session["sets"]  # type: ignore[misc]
    assert (warm["set_type"], "pain" in warm) == ("warmup", False)
    assert (hurt["pain"], hurt["rpe"]) == ("hamstring", 7.5)
    status, out, _ = run(capsys, "history", "--db", db, "--tz", "Europe/London")
    assert status == 0
    assert "  pain: low back\n" in out
    assert "  note: Tight after the long run\n" in out
    assert "10 reps, left leg, RPE 7.5, pain: hamstring" in out
    assert "8 reps x 20 kg (warm-up)" in out


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_keeps_the_flags(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path, fmt: str
) -> None:
    status, exported, err = run(capsys, "export", "--format", fmt, "--db", db)
    assert (status, err) == (0, "")
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(exported)))
        assert [(r["pain"], r["session_pain"]) for r in rows] == [
            ("", "low-back"),
            ("hamstring", "low-back"),
        ]
    file = tmp_path / f"out.{fmt}"
    file.write_text(exported, encoding="utf-8")
    other = tmp_path / "b" / "hipext.json"
    status, _, err = run(capsys, "import", file, "--db", other)
    assert (status, err) == (0, "")
    back = history_json(capsys, other)
    assert back["pain"] == "low-back"
    assert back["notes"] == "Tight after the long run"
    assert [s.get("pain") for s in back["sets"]] == [None, "hamstring"]  # type: ignore[attr-defined]
    assert [s["rpe"] for s in back["sets"]] == [None, 7.5]  # type: ignore[index]


def test_old_csv_without_pain_columns_still_imports(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    _, exported, _ = run(capsys, "export", "--format", "csv", "--db", db)
    old = "\n".join(line.rsplit(",", 2)[0] for line in exported.splitlines()) + "\n"
    assert "pain" not in old.splitlines()[0]
    file = tmp_path / "old.csv"
    file.write_text(old, encoding="utf-8")
    other = tmp_path / "c" / "hipext.json"
    status, _, err = run(capsys, "import", file, "--db", other)
    assert (status, err) == (0, "")
    back = history_json(capsys, other)
    assert "pain" not in back
    assert all("pain" not in s for s in back["sets"])  # type: ignore[attr-defined]


def test_bad_pain_in_csv_is_one_line(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    _, exported, _ = run(capsys, "export", "--format", "csv", "--db", db)
    file = tmp_path / "bad.csv"
    file.write_text(exported.replace("hamstring", "elbow"), encoding="utf-8")
    status, _, err = run(capsys, "import", file, "--db", tmp_path / "d" / "h.json")
    assert status != 0 and status != 70
    assert "pain: 'elbow' is not one of hamstring, glute, low back, knee, other" in err
    assert len(err.strip().splitlines()) == 1


def test_stored_form_without_pain_is_unchanged_and_fast_decoded_alike() -> None:
    plain = Session("ses-1", START, sets=(SetEntry("set-1", "deadlift", Side.NONE, 5, START),))
    raw = plain.to_dict()
    assert "pain" not in raw and "pain" not in raw["sets"][0]
    flagged = flagged_session().to_dict()
    assert decode_session(flagged) == Session.from_dict(flagged) == flagged_session()
    assert decode_summary(flagged).warmup_sets == 1
    assert decode_session(raw) == plain


def test_bad_pain_in_a_stored_document_names_the_field() -> None:
    raw = flagged_session().to_dict() | {"pain": "elbow"}
    with pytest.raises(ValidationError, match="'pain': 'elbow' is not one of"):
        decode_session(raw)


@pytest.mark.parametrize(
    ("typed", "part"),
    [
        ("ham", BodyPart.HAMSTRING),
        ("Low back", BodyPart.LOW_BACK),
        ("", None),
        ("k", BodyPart.KNEE),
    ],
)
def test_parse_pain(typed: str, part: BodyPart | None) -> None:
    assert parse_pain(typed) is part


def test_parse_pain_and_note_refuse_with_one_line() -> None:
    with pytest.raises(ValidationError, match="is not one of"):
        parse_pain("elbow")
    with pytest.raises(ValidationError, match="too long"):
        parse_note("x" * 501)
    assert parse_note(" sore\nknee ") == "sore\\nknee"
