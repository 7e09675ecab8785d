"""Which names from other apps are the same movement as a built-in exercise.

Strong and Hevy name exercises like "Romanian Deadlift (Barbell)" or "Glute Bridge
(Single Leg)". A name is compared as a set of words, so the word order and the
brackets do not matter ("Single Leg Glute Bridge" is the same as "Glute Bridge
(Single Leg)"); a few spellings are folded first ("RDL", "dumbell", "walk out").

Only names that are truly the same movement map onto the catalog. In particular
"Deadlift (Barbell)" stays its own exercise: hipext's deadlift is done with a
kettlebell or a dumbbell, and mixing barbell loads into it would make its records and
charts meaningless. The table is documented in docs/FORMATS.md.
"""

from __future__ import annotations

import re

from hipext_tui.domain.workout import Side

# Catalog id -> names (as other apps spell them) that are the same movement.
CATALOG_SYNONYMS: dict[str, tuple[str, ...]] = {
    "single-leg-glute-bridge": (
        "Single Leg Glute Bridge",
        "Glute Bridge (Single Leg)",
        "Single Leg Hip Bridge",
        "Hip Bridge (Single Leg)",
        "One Leg Glute Bridge",
    ),
    "deadlift": (
        "Deadlift",
        "Deadlift (Kettlebell)",
        "Deadlift (Dumbbell)",
        "Kettlebell Deadlift",
        "Dumbbell Deadlift",
    ),
    "kickstand-deadlift": (
        "Kickstand Deadlift",
        "Kickstand Deadlift (Kettlebell)",
        "Kickstand Deadlift (Dumbbell)",
        "Kickstand Romanian Deadlift",
        "B Stance Romanian Deadlift",
        "B Stance Romanian Deadlift (Dumbbell)",
        "B Stance Romanian Deadlift (Kettlebell)",
        "B Stance Deadlift",
        "Staggered Stance Deadlift",
    ),
    "glute-bridge-walkout": (
        "Glute Bridge Walkout",
        "Hip Bridge Walkout",
        "Bridge Walkout",
    ),
    "barbell-romanian-deadlift": (
        "Romanian Deadlift (Barbell)",
        "Romanian Deadlift (Dumbbell)",
        "Barbell Romanian Deadlift",
        "Dumbbell Romanian Deadlift",
        "Romanian Deadlift",
    ),
}

# Spellings folded before comparing: abbreviations, typos, split words.
_FOLDS: tuple[tuple[str, str], ...] = (
    (r"\brdl\b", "romanian deadlift"),
    (r"\bdumbell\b", "dumbbell"),
    (r"\bdb\b", "dumbbell"),
    (r"\bkb\b", "kettlebell"),
    (r"\bbb\b", "barbell"),
    (r"\bwalk out\b", "walkout"),
    (r"\bwalk outs\b", "walkout"),
    (r"\bwalkouts\b", "walkout"),
    (r"\bdead lift\b", "deadlift"),
    (r"\bsingle legged\b", "single leg"),
    (r"\bsl\b", "single leg"),
    (r"\bbridges\b", "bridge"),
    (r"\bdeadlifts\b", "deadlift"),
)
_FOLD_PATTERNS = tuple((re.compile(p), r) for p, r in _FOLDS)
_WORD = re.compile(r"[^\W_]+")

# A side written at the end of a name: "... (Left)", "... (R)", "... - right", "... Left".
_SIDE_PATTERNS = (
    re.compile(r"^(?P<base>.*\S)\s*\((?P<side>left|right|l|r)\)\s*$", re.IGNORECASE),
    re.compile(r"^(?P<base>.*\S)\s*[-–,:/]\s*(?P<side>left|right|l|r)\s*$", re.IGNORECASE),
    re.compile(r"^(?P<base>.*\S)\s+(?P<side>left|right)\s*$", re.IGNORECASE),
)


def name_key(name: str) -> frozenset[str]:
    """The words of a name, lower-cased and folded; order and punctuation ignored."""
    text = " ".join(_WORD.findall(name.lower()))
    for pattern, replacement in _FOLD_PATTERNS:
        text = pattern.sub(replacement, text)
    return frozenset(text.split())


_CATALOG_KEYS: dict[frozenset[str], str] = {
    name_key(name): exercise_id for exercise_id, names in CATALOG_SYNONYMS.items() for name in names
}


def catalog_match(name: str) -> str | None:
    """The built-in exercise id that ``name`` is the same movement as, or None."""
    return _CATALOG_KEYS.get(name_key(name))


def split_side(name: str) -> tuple[str, Side]:
    """Take a side written at the end of a name off it: "Bridge (Left)" -> ("Bridge", LEFT).

    A single letter counts only in brackets or after a separator ("Bridge (L)",
    "Bridge - L"). Names without a side come back stripped, with ``Side.NONE``.
    """
    stripped = name.strip()
    for pattern in _SIDE_PATTERNS:
        match = pattern.match(stripped)
        if match:
            side = Side.LEFT if match.group("side").lower().startswith("l") else Side.RIGHT
            return match.group("base").strip(), side
    return stripped, Side.NONE
