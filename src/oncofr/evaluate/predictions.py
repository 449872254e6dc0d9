"""Predicted document results: read from a JSONL file, or extracted from the gold texts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oncofr.evaluate.gold import GoldDoc, iter_jsonl

if TYPE_CHECKING:
    from oncofr.pipeline import ComponentSettings

Results = dict[str, dict[str, Any]]
# The components whose `edition` setting is the ICD-O-3 edition of their morphology codes.
EDITION_COMPONENTS = ("recognize.icdo3", "recognize.model")


def read_predictions(path: Path) -> tuple[Results, list[dict[str, Any]]]:
    """Document results by id from a JSONL file, and the error lines found in it."""
    results, errors = {}, []
    for item in iter_jsonl(path):
        if "error" in item and "mentions" not in item:
            errors.append(item)
        else:
            results.setdefault(str(item["id"]), item)
    return results, errors


def raw_documents(docs: Iterable[GoldDoc]) -> Iterator[Any]:
    """The gold documents as pipeline inputs (a `DocumentError` for a document without text)."""
    from oncofr.ingest.sources import RawDocument
    from oncofr.models import DocumentError

    for doc in docs:
        if doc.text is None:
            yield DocumentError(id=doc.id, error=f"{doc.id}: no text found for this gold document",
                                hint="give the texts with --docs or put .txt files beside the .ann")
        else:
            yield RawDocument(id=doc.id, text=doc.text, source=None, format="txt",
                              note_date=doc.note_date)


def edition_settings(icdo3_edition: str | None) -> ComponentSettings | None:
    """Pipeline settings giving the ICD-O-3 components `icdo3_edition` (None: none)."""
    return ({name: {"edition": icdo3_edition} for name in EDITION_COMPONENTS}
            if icdo3_edition else None)


def extract(docs: list[GoldDoc], pipeline: Path | None = None, progress: bool = False,
            icdo3_edition: str | None = None) -> tuple[Results, list[dict[str, Any]]]:
    """Run the pipeline (the default one unless `pipeline` names a TOML file) on `docs`, with
    the `edition` of its ICD-O-3 components set to `icdo3_edition` when one is given."""
    from oncofr.models import DocumentError
    from oncofr.pipeline import load_pipeline

    items = load_pipeline(pipeline, settings=edition_settings(icdo3_edition)).process_all(
        raw_documents(docs))
    if progress:
        from rich.console import Console
        from rich.progress import track

        items = track(items, description="extracting", total=len(docs), transient=True,
                      console=Console(stderr=True))
    results, errors = {}, []
    for item in items:
        if isinstance(item, DocumentError):
            errors.append(item.model_dump())
        else:
            results[item.id] = item.to_json_dict()
    return results, errors
