"""Document type (`meta.type`) from weighted textual cues.

Method: each cue of `resources/data/doctype_cues.tsv` is a regular expression with a type and a
weight; it counts once if it matches the folded text outside boilerplate. The type with the
highest total wins (ties follow the order of `TYPES`); a text with no cue is `other`. The matched
cues are kept in `meta.type_evidence`, so the choice can be checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from oncofr.clean.text import fold
from oncofr.document import Document
from oncofr.prefilter import search
from oncofr.registry import factory
from oncofr.resources import load_table

TYPES = ("case_report", "case_series", "review", "clinical_note")


@dataclass(frozen=True)
class Cue:
    type: str
    weight: float
    description: str
    pattern: re.Pattern[str]


@cache
def cues() -> tuple[Cue, ...]:
    return tuple(
        Cue(row["type"], float(row["weight"]), row["cue"], re.compile(row["pattern"]))
        for row in load_table("doctype_cues").rows
    )


def classify(text: str) -> tuple[str, list[str]]:
    """`(type, evidence)` for a text; evidence lists the matched cues."""
    folded = fold(text)
    scores = dict.fromkeys(TYPES, 0.0)
    evidence = []
    for cue in cues():
        if search(cue.pattern, folded):
            scores[cue.type] += cue.weight
            evidence.append(f"{cue.type}: {cue.description} (+{cue.weight:g})")
    best = max(TYPES, key=lambda kind: scores[kind])
    return (best if scores[best] > 0 else "other"), evidence


@factory("segment.doctype")
def make_doctype():
    """Set `meta.type` and `meta.type_evidence`."""

    def doctype(document: Document) -> None:
        kind, evidence = classify(document.text)
        document.meta = document.meta.model_copy(update={"type": kind, "type_evidence": evidence})

    return doctype
