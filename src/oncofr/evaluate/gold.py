"""Gold loaders: span JSONL folders, brat standoff folders and patient-record JSONL files.

Every loader returns a `Gold`: the gold documents (id, text when known, note date) in file
order, plus span rows in the gold JSONL layout or reduced records.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from oncofr.export.brat import read_ann


class GoldError(ValueError):
    """The gold path cannot be read as any known gold layout."""


@dataclass(frozen=True)
class GoldDoc:
    id: str
    text: str | None = None
    note_date: str | None = None


@dataclass
class Gold:
    kind: Literal["spans", "records"]
    path: Path
    docs: list[GoldDoc]
    rows: list[dict[str, Any]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)

    def limit(self, count: int | None) -> Gold:
        """The first `count` documents and their gold only."""
        if count is None:
            return self
        return self.subset({doc.id for doc in self.docs[:count]})

    def subset(self, ids: set[str]) -> Gold:
        """The documents whose id is in `ids` (in file order) and their gold only."""
        return Gold(self.kind, self.path, [doc for doc in self.docs if doc.id in ids],
                    [r for r in self.rows if r["doc_id"] in ids],
                    [r for r in self.records if r["doc_id"] in ids])


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as error:
                    raise GoldError(f"{path}:{number}: not valid JSON ({error.msg})") from error


def read_docs(path: Path) -> list[GoldDoc]:
    """`docs.jsonl` lines `{"id", "text", "meta"?: {"docTime"?}, "note_date"?}`."""
    return [GoldDoc(str(d["id"]), d.get("text"),
                    d.get("note_date") or (d.get("meta") or {}).get("docTime"))
            for d in iter_jsonl(path)]


def load_gold(path: Path, docs: Path | None = None) -> Gold:
    """Read gold from a folder or file, whatever its layout; `docs` names the texts' file."""
    if path.is_dir():
        for name in ("gold.jsonl", "records.jsonl"):
            if (path / name).is_file():
                return load_gold(path / name, docs)
        if any(path.rglob("*.ann")):
            return load_brat(path)
        raise GoldError(f"{path}: no gold.jsonl, records.jsonl or .ann file")
    if not path.is_file():
        raise GoldError(f"{path}: no such file or folder")
    if path.suffix == ".ann":
        return load_brat(path)
    first = next(iter_jsonl(path), None)
    if first is None:
        raise GoldError(f"{path}: empty gold file")
    if "start" in first:
        return load_spans(path, docs)
    if "doc_id" in first:
        return load_records(path, docs)
    raise GoldError(f"{path}: lines are neither gold spans nor gold records")


def load_spans(path: Path, docs: Path | None = None) -> Gold:
    """Span gold (`gold.jsonl`) with its `docs.jsonl` beside it (or `docs`)."""
    rows = list(iter_jsonl(path))
    docs = docs or path.with_name("docs.jsonl")
    documents = read_docs(docs) if docs.is_file() else [
        GoldDoc(doc_id) for doc_id in dict.fromkeys(row["doc_id"] for row in rows)]
    return Gold("spans", path, documents, rows=rows)


def load_records(path: Path, docs: Path | None = None) -> Gold:
    """Record gold; the texts come from `docs`, else the first `docs.jsonl` beside the file
    or in a sibling folder that has every record's document."""
    records = list(iter_jsonl(path))
    wanted = [record["doc_id"] for record in records]
    candidates = [docs] if docs else [path.with_name("docs.jsonl"),
                                      *sorted(path.parent.parent.glob("*/docs.jsonl"))]
    for candidate in candidates:
        if candidate.is_file():
            texts = {doc.id: doc for doc in read_docs(candidate)}
            if all(doc_id in texts for doc_id in wanted):
                return Gold("records", path, [texts[d] for d in wanted], records=records)
    return Gold("records", path, [GoldDoc(d) for d in wanted], records=records)


def load_brat(path: Path) -> Gold:
    """A brat folder (`.ann` files, `.txt` beside them; ids are paths without suffix) or file."""
    root = path if path.is_dir() else path.parent
    files = sorted(root.rglob("*.ann")) if path.is_dir() else [path]
    documents, rows = [], []
    for ann in files:
        doc_id = ann.relative_to(root).with_suffix("").as_posix()
        txt = ann.with_suffix(".txt")
        text = txt.read_text(encoding="utf-8") if txt.is_file() else None
        documents.append(GoldDoc(doc_id, text))
        rows += read_ann(ann.read_text(encoding="utf-8"), doc_id, text)
    return Gold("spans", path, documents, rows=rows)

