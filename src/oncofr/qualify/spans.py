"""The qualifier stage on spans supplied from outside (another recogniser, a gold standard).

Each text is prepared as the pipeline prepares it (clean view, boilerplate, sections,
sentences); the spans, given on the original text, are mapped to the clean view and qualified
by `qualify.context`'s method.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache
from typing import Any

from oncofr import registry
from oncofr.clean.text import CleanText
from oncofr.document import Document
from oncofr.qualify.context import QUALIFIERS, qualify

PREPARATION = ("clean.text", "segment.boilerplate", "segment.sections", "segment.sentences")


@cache
def _preparation() -> tuple[registry.Component, ...]:
    return tuple(registry.create(name) for name in PREPARATION)


def to_clean(clean: CleanText, start: int, end: int) -> tuple[int, int]:
    """The clean-view span made of the characters that come from original `start:end`."""
    last = len(clean.text)
    return bisect_left(clean.origin, start, 0, last), bisect_left(clean.origin, end, 0, last)


def qualify_spans(text: str, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each span (`{"start", "end", ...}` on `text`) with `negated`, `hypothetical`,
    `historical` and `family` added."""
    document = Document(id="spans", original=text)
    for component in _preparation():
        component(document)
    assert document.clean is not None
    clean_spans = [to_clean(document.clean, span["start"], span["end"]) for span in spans]
    found = qualify(document, clean_spans, [span["start"] for span in spans])
    return [{**span, **{name: qualifiers[name] for name in QUALIFIERS}}
            for span, qualifiers in zip(spans, found, strict=True)]
