"""Readers of the `oncology_cues` table, shared by the ICD-O-3 and oncology attribute
recognisers: one group (and optionally one `detail`) as folded terms, a lexicon or a regex."""

from __future__ import annotations

import re
from functools import cache

from oncofr.clean.text import fold
from oncofr.recognize.lexicon import Lexicon
from oncofr.resources import load_table


@cache
def cues(group: str, detail: str | None = None) -> dict[str, tuple[str, str]]:
    """Folded term -> (value, detail) for one group of `oncology_cues`, in table order (first
    row wins)."""
    found: dict[str, tuple[str, str]] = {}
    for row in load_table("oncology_cues").rows:
        if row["group"] == group and detail in (None, row["detail"]):
            found.setdefault(fold(row["term"]), (row["value"], row["detail"]))
    return found


@cache
def cue_lexicon(group: str, detail: str | None = None) -> Lexicon[tuple[str, str]]:
    return Lexicon.from_terms(cues(group, detail).items())


@cache
def cue_pattern(group: str, detail: str | None = None) -> str:
    """A regex alternation of the group's folded terms, longest first."""
    return "|".join(re.escape(term) for term in sorted(cues(group, detail), key=len, reverse=True))
