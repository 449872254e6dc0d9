"""What identifies a document's processing: its id and a content hash of its text, note date and
the pipeline version (so that a new OncoFR release, pipeline file or terminology table
re-processes everything)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from oncofr.ingest.sources import RawDocument


def pipeline_version(pipeline: Path | None = None) -> str:
    """`oncofr VERSION; pipeline SHA`: the package version, and a digest of the pipeline file and
    of the terminology tables (shipped, and overrides from `ONCOFR_RESOURCES`)."""
    from oncofr import __version__
    from oncofr.pipeline import DEFAULT_CONFIG
    from oncofr.resources import DATA_DIR, override_dirs

    digest = hashlib.sha256(Path(pipeline or DEFAULT_CONFIG).read_bytes())
    for folder in (DATA_DIR, *override_dirs()):
        for table in sorted(folder.glob("*.tsv")):
            digest.update(table.name.encode("utf-8") + b"\0" + table.read_bytes())
    return f"oncofr {__version__}; pipeline {digest.hexdigest()[:12]}"


def content_hash(document: RawDocument, version: str) -> str:
    """sha256 of the text, the note date and the pipeline version. A lone surrogate (a JSONL
    line's « \\ud800 ») is hashed as is: the document then fails alone, not the run."""
    payload = json.dumps([document.text, document.note_date, version], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()
