"""Small builders for hand-made gold rows and document results (texts invented for the tests)."""

from __future__ import annotations

from typing import Any

TEXT = (
    "Patiente de 62 ans suivie pour un adénocarcinome du côlon sigmoïde opéré le 12/03/2019. "
    "Pas de métastase hépatique au scanner. Une chimiothérapie par FOLFOX est envisagée "
    "pendant six mois."
)


def at(fragment: str, text: str = TEXT, occurrence: int = 0) -> tuple[int, int]:
    """Offsets of the `occurrence`-th `fragment` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(fragment, start + 1)
    return start, start + len(fragment)


def row(doc_id: str, label: str, fragment: str, text: str = TEXT, **attributes: Any) -> dict:
    """A gold row in the layout of the gold JSONL files."""
    start, end = at(fragment, text)
    return {"doc_id": doc_id, "start": start, "end": end, "label": label, "text": fragment,
            "attributes": attributes}


def mention(label: str, start: int, end: int, text: str = TEXT, **fields: Any) -> dict:
    return {"id": "m", "label": label, "start": start, "end": end, "text": text[start:end],
            "code": None, "value": None, "negated": False, "hypothetical": False, **fields}


def result(doc_id: str, mentions: list[dict], record: dict | None = None,
           text: str | None = None) -> dict:
    data = {"schema": "oncofr.document/1", "id": doc_id, "mentions": mentions,
            "record": record or {}}
    if text is not None:
        data["text"] = text
    return data
