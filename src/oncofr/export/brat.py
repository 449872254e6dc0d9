"""brat standoff: write document results as `.ann`/`.txt` pairs, and read `.ann` files back.

Written: one `T` line per mention (a span that crosses a line break is split into fragments,
as brat requires), the code as an `AnnotatorNotes` line (the value when there is no code, JSON
for non-strings), and each true qualifier as a binary attribute (`Negated`, `Hypothetical`,
`Historical`, `Family`). Read: `T` entities (discontinuous ones as their covering span, with
`fragments`), `A` attributes, `#` notes (attribute `note`) and `N` normalisations (attribute
`reference`, the id after the first colon), as rows in the layout of the gold JSONL files.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

QUALIFIER_ATTRIBUTES = {"negated": "Negated", "hypothetical": "Hypothetical",
                        "historical": "Historical", "family": "Family"}


def fragments_of(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """`start:end` cut at line breaks, empty pieces dropped."""
    pieces, begin = [], start
    for index in range(start, end + 1):
        if index == end or text[index] in "\r\n":
            if index > begin:
                pieces.append((begin, index))
            begin = index + 1
    return pieces


def result_to_ann(result: dict[str, Any], text: str | None = None) -> str:
    """The `.ann` content of one document result (dict of the contract)."""
    text = text if text is not None else result.get("text")
    lines: list[str] = []
    attribute_number = note_number = 0
    for number, mention in enumerate(result.get("mentions", []), start=1):
        start, end = mention["start"], mention["end"]
        pieces = fragments_of(text, start, end) if text is not None else [(start, end)]
        if not pieces:
            continue
        where = ";".join(f"{a} {b}" for a, b in pieces)
        surface = " ".join(text[a:b] for a, b in pieces) if text is not None else mention["text"]
        lines.append(f"T{number}\t{mention['label']} {where}\t{surface}")
        for key, name in QUALIFIER_ATTRIBUTES.items():
            if mention.get(key):
                attribute_number += 1
                lines.append(f"A{attribute_number}\t{name} T{number}")
        note = _note(mention)
        if note is not None:
            note_number += 1
            lines.append(f"#{note_number}\tAnnotatorNotes T{number}\t{note}")
    return "\n".join(lines) + ("\n" if lines else "")


def _note(mention: dict[str, Any]) -> str | None:
    if mention.get("code"):
        return str(mention["code"])
    value = mention.get("value")
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def write_brat(results: Iterable[dict[str, Any]], outdir: Path) -> tuple[int, list[str]]:
    """Write `DOCID.ann` (and `DOCID.txt` when the result carries its text) plus an
    `annotation.conf`; return how many documents were written and the ids without text."""
    outdir.mkdir(parents=True, exist_ok=True)
    written, textless, labels = 0, [], set()
    for result in results:
        name = safe_name(result["id"])
        text = result.get("text")
        if text is None:
            textless.append(result["id"])
        else:
            (outdir / f"{name}.txt").write_text(text, encoding="utf-8")
        (outdir / f"{name}.ann").write_text(result_to_ann(result), encoding="utf-8")
        labels.update(mention["label"] for mention in result.get("mentions", []))
        written += 1
    (outdir / "annotation.conf").write_text(annotation_conf(sorted(labels)), encoding="utf-8")
    return written, textless


def safe_name(doc_id: str) -> str:
    """A document id as a file name (path separators become `__`)."""
    return doc_id.replace("/", "__").replace("\\", "__")


def annotation_conf(labels: list[str]) -> str:
    """A brat `annotation.conf` declaring `labels` and the qualifier attributes."""
    attributes = "\n".join(f"{name}\tArg:<ENTITY>" for name in QUALIFIER_ATTRIBUTES.values())
    return (f"[entities]\n{chr(10).join(labels)}\n\n[relations]\n<OVERLAP>\tArg1:<ENTITY>, "
            f"Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n{attributes}\n")


def read_ann(content: str, doc_id: str, text: str | None = None) -> list[dict[str, Any]]:
    """The entities of an `.ann` file as gold rows `{doc_id, start, end, label, text, attributes}`.

    A discontinuous entity becomes its covering span with `attributes.fragments`;
    `text` (the document) gives each row the covering text, else the brat surface is kept.
    """
    rows: dict[str, dict[str, Any]] = {}
    for line in content.splitlines():
        kind = line[:1]
        parts = line.split("\t")
        if kind == "T" and len(parts) >= 2:
            rows[parts[0]] = _entity(parts, doc_id, text)
        elif kind == "A" and len(parts) >= 2:
            name, target, *value = parts[1].split()
            if target in rows:
                rows[target]["attributes"][name] = value[0] if value else True
        elif kind == "#" and len(parts) >= 3:
            _, target = parts[1].split()[:2]
            if target in rows:
                rows[target]["attributes"]["note"] = parts[2].strip()
        elif kind == "N" and len(parts) >= 2:
            _, target, reference = parts[1].split()[:3]
            if target in rows:
                rows[target]["attributes"]["reference"] = reference.split(":", 1)[-1]
    return list(rows.values())


def _entity(parts: list[str], doc_id: str, text: str | None) -> dict[str, Any]:
    label, _, where = parts[1].partition(" ")
    fragments = [tuple(int(n) for n in piece.split()) for piece in where.split(";")]
    start, end = fragments[0][0], fragments[-1][1]
    surface = parts[2] if len(parts) > 2 else ""
    attributes: dict[str, Any] = {"ann_id": f"{doc_id}:{parts[0]}"}
    if len(fragments) > 1:
        attributes.update(discontinuous=True, fragments=[list(f) for f in fragments],
                          surface=surface)
    covering = text[start:end] if text is not None else surface
    return {"doc_id": doc_id, "start": start, "end": end, "label": label, "text": covering,
            "attributes": attributes}
