"""Build a `Document` with hand-placed mentions, so record rules are tested on their own."""

from __future__ import annotations

import re
from typing import Any

from oncofr.clean.text import clean_text
from oncofr.document import Document
from oncofr.models import Meta


def document_with(
    text: str, mentions: list[tuple[str, str, dict[str, Any]]], **meta: Any
) -> Document:
    """`mentions` are `(label, exact substring, fields)`; a substring is found after the previous
    one with the same text, so repeated words can be placed in order."""
    document = Document(id="t", original=text, meta=Meta(**meta))
    document.clean = clean_text(text)
    document.sentences = [
        (m.start(), m.end()) for m in re.finditer(r"[^.\n]+[.]?", text) if m.group(0).strip()
    ]
    cursor: dict[str, int] = {}
    for label, surface, fields in mentions:
        start = text.index(surface, cursor.get(surface, 0))
        cursor[surface] = start + len(surface)
        document.add_mention(label, start, start + len(surface), **fields)
    return document
