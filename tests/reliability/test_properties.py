"""Property-based tests: any text through `oncofr.extract`, any bytes through ingestion and the
pipeline. Nothing escapes, offsets hold, results serialise to the contract."""

from __future__ import annotations

from pathlib import Path

from hostile import any_text, check_outcome, check_result, mixed_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import oncofr
from oncofr.ingest.sources import IngestOptions, RawDocument, iter_documents
from oncofr.models import DocumentError
from oncofr.pipeline import load_pipeline

SUFFIXES = [".txt", ".md", ".html", ".pdf", ".jsonl", ".dat"]
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(text=any_text, note_date=st.none() | st.sampled_from(["2019-03-12", "not a date"]))
def test_extract_any_text(text: str, note_date: str | None):
    result = oncofr.extract(text, note_date, include_text=True)
    check_result(result, text)
    assert result.text == text


@FUZZ
@given(data=mixed_bytes, suffix=st.sampled_from(SUFFIXES), pdf_head=st.booleans())
def test_ingest_and_process_any_bytes(tmp_path: Path, data: bytes, suffix: str, pdf_head: bool):
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(b"%PDF-" + data if pdf_head else data)
    items = list(iter_documents([str(path)], IngestOptions()))
    assert items or suffix == ".jsonl"  # blank JSONL lines are skipped
    for item, outcome in zip(items, load_pipeline().process_all(items), strict=True):
        if isinstance(item, RawDocument):
            check_outcome(outcome, item)
        else:
            assert outcome is item and item.hint


def test_a_utf16_bom_before_broken_utf16_is_a_document_error(tmp_path: Path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xff\xfe{ba")
    [item] = iter_documents([str(path)], IngestOptions())
    assert isinstance(item, DocumentError)
