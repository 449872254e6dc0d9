"""The pseudonymisation vocabularies: `privacy_cues.tsv` and `pseudonym_names.tsv`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from oncofr.clean.text import fold
from oncofr.resources import load_table


@cache
def cues(kind: str) -> tuple[tuple[str, str], ...]:
    """(term, value) rows of `privacy_cues` with this kind, in file order."""
    rows = load_table("privacy_cues").rows
    return tuple((row["term"], row["value"]) for row in rows if row["kind"] == kind)


def terms(kind: str, folded: bool = False) -> list[str]:
    """The terms of a cue kind, folded (lower case, no accents) when asked."""
    return [fold(term) if folded else term for term, _ in cues(kind)]


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal `words`, longest first (so « de la » wins over « de »)."""
    unique = sorted(set(words), key=lambda word: (-len(word), word))
    return "|".join(re.escape(word) for word in unique)


def linking_words(kind: str, folded: bool = False) -> str:
    """Regex for one optional small word linking two capitalised words: « de la », « d' »."""
    words = terms(kind, folded)
    spaced = alternation(word for word in words if not word.endswith("'"))
    elided = alternation(word for word in words if word.endswith("'"))
    return rf"(?:(?:{spaced})[ ]|(?:{elided}))?"


@cache
def names(kind: str, sex: str = "") -> tuple[str, ...]:
    """Names of `pseudonym_names` of this kind (first or last), of this sex when given."""
    rows = load_table("pseudonym_names").rows
    return tuple(
        row["name"] for row in rows if row["kind"] == kind and (not sex or row["sex"] == sex)
    )


@cache
def first_name_sexes() -> dict[str, str]:
    """Folded first name -> its sex (F or M)."""
    rows = load_table("pseudonym_names").rows
    return {fold(row["name"]): row["sex"] for row in rows if row["kind"] == "first"}
