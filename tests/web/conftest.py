"""Web fixtures: a DuckDB store holding the results of the invented notes of `web_notes`
(filled through the store's writer, once per session)."""

from __future__ import annotations

import pytest
from web_notes import FAILED_ID, NOTE_DATE, NOTES


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A DuckDB store with the three notes' results (text included) and one failed document."""
    import oncofr
    from oncofr.models import DocumentError
    from oncofr.store.writer import open_writer

    path = str(tmp_path_factory.mktemp("web") / "cohort.duckdb")
    results = [
        oncofr.extract(text, NOTE_DATE, doc_id=doc_id, include_text=True)
        for doc_id, text in NOTES.items()
    ]
    failed = DocumentError(id=FAILED_ID, error="processing failed", hint="report it")
    with open_writer(path) as writer:
        list(writer.write([*results, failed]))
    return path
