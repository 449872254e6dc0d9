"""Sections from French headings (case reports, clinical notes, articles).

A heading is a line whose text, ignoring case, accents, numbering (« 1. », « II - ») and a final
colon, is one of the headings of `resources/data/sections.tsv`; a heading followed by a colon may
carry text on the same line (« Diagnostic : tumeur… »). A section runs from its heading to the
next one. Headings map to stable labels (`history`, `diagnosis`, `treatment`…).
"""

from __future__ import annotations

import re
from functools import cache

from oncofr.clean.text import fold
from oncofr.document import Document
from oncofr.models import Section
from oncofr.registry import factory
from oncofr.resources import load_table

_NUMBERING = r"(?:(?:\d{1,2}|[ivx]{1,4})\s*[.)/-]\s*)?"
MAX_HEADING_LENGTH = 60


@cache
def heading_index() -> tuple[dict[str, str], re.Pattern[str]]:
    """Folded heading -> label, and a regex matching a heading at the start of a folded line."""
    labels: dict[str, str] = {}
    for row in load_table("sections").rows:
        labels.setdefault(_normalise(row["heading"]), row["label"])
    alternatives = "|".join(re.escape(h) for h in sorted(labels, key=len, reverse=True))
    pattern = re.compile(
        rf"^[ \t\"'*#•-]*{_NUMBERING}(?P<heading>{alternatives})"
        r"[ \t]*(?P<colon>:)?[ \t]*(?P<rest>.*)$"
    )
    return labels, pattern


def _normalise(heading: str) -> str:
    return re.sub(r"\s+", " ", fold(heading).strip().rstrip(":").strip())


def find_headings(clean: str) -> list[tuple[int, int, str, str]]:
    """`(start, end, label, title)` of each heading line in the clean view."""
    labels, pattern = heading_index()
    folded = fold(clean)
    headings = []
    position = 0
    for line in folded.split("\n"):
        line_start, position = position, position + len(line) + 1
        stripped = line.strip()
        if not stripped or len(stripped) > 400:
            continue
        match = pattern.match(line)
        if not match:
            continue
        rest = match.group("rest").strip().rstrip(".")
        heading = re.sub(r"\s+", " ", match.group("heading"))
        if rest and not match.group("colon"):
            continue  # a sentence that merely starts with a heading word
        if not rest and len(stripped) > MAX_HEADING_LENGTH:
            continue
        start = line_start + match.start("heading")
        end = line_start + match.end("heading")
        headings.append((start, end, labels[heading], clean[start:end]))
    return headings


@factory("segment.sections")
def make_sections():
    """Add one `Section` per recognised heading (boilerplate zones are kept as they are)."""

    def sections(document: Document) -> None:
        clean = document.clean
        assert clean is not None
        headings = find_headings(clean.text)
        found: list[Section] = []
        for index, (start, end, label, title) in enumerate(headings):
            body_end = headings[index + 1][0] if index + 1 < len(headings) else len(clean.text)
            original_start, _ = clean.to_original(start, end)
            _, original_end = clean.to_original(start, max(body_end, end))
            found.append(
                Section(
                    label=label,
                    title=clean.original_slice(start, end) or title,
                    start=original_start,
                    end=original_end,
                )
            )
        document.sections = _merge(document.sections, found)

    return sections


def _merge(boilerplate: list[Section], found: list[Section]) -> list[Section]:
    """Keep boilerplate zones; cut content sections where a boilerplate zone starts."""
    merged = list(boilerplate)
    for section in found:
        if any(zone.start <= section.start < zone.end for zone in boilerplate):
            continue
        end = min(
            [zone.start for zone in boilerplate if zone.start > section.start] + [section.end]
        )
        merged.append(section.model_copy(update={"end": end}))
    return sorted(merged, key=lambda s: s.start)
