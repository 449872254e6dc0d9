"""One text or uploaded file through the default pipeline, one document at a time (the pipeline
is built once per process and is not shared between threads)."""

from __future__ import annotations

import threading
from pathlib import PurePath

from oncofr.ingest.sources import IngestOptions, RawDocument
from oncofr.ingest.sources import _from_bytes as raw_from_bytes  # the CLI's decoding of a file
from oncofr.models import DocumentResult

_LOCK = threading.Lock()


def warm_up() -> None:
    """Build the pipeline now, so that the first extraction does not wait for it."""
    from oncofr.pipeline import default_pipeline

    with _LOCK:
        default_pipeline()


def extract_text(text: str, note_date: str | None, doc_id: str) -> DocumentResult:
    """The result of a pasted text (the text is carried in the result)."""
    raw = RawDocument(id=doc_id, text=text, note_date=note_date, carry_text=True)
    return _process(raw)


def extract_file(
    data: bytes, filename: str, note_date: str | None, doc_id: str
) -> DocumentResult:
    """The result of an uploaded .txt, .md, .html or .pdf file named `filename` (its type is
    told by its suffix or content); raises `InputError` when it cannot be read. Nothing is
    written to disk."""
    options = IngestOptions(include_text=True, note_date=note_date)
    raw = raw_from_bytes(doc_id, filename, data, PurePath(filename).suffix.lower(), options)
    return _process(raw)


def _process(raw: RawDocument) -> DocumentResult:
    from oncofr.pipeline import default_pipeline

    with _LOCK:
        return default_pipeline().process(raw)
