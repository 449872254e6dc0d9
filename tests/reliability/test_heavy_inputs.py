"""Hostile documents of the issue's sizes: each ends within the time limit (or fails cleanly as
a `DocumentError`) and the pipeline still gives the same result on a normal note afterwards."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hostile import check_outcome
from pdf_maker import make_pdf
from typer.testing import CliRunner

from oncofr.cli import app
from oncofr.ingest.sources import IngestOptions, RawDocument, iter_documents
from oncofr.models import DocumentError
from oncofr.pipeline import Pipeline, load_pipeline

LIMIT_S = 10.0
SLACK_S = 5.0  # the alarm is handled when the interpreter next runs Python code
NOTE = RawDocument(id="note", text="Patiente de 60 ans. Métastase hépatique, pas de lésion os.")
LINE = "Carcinome canalaire infiltrant du sein gauche, pT2N1M0, Ki67 30 %, docétaxel 75 mg/m2. "
HEAVY = {
    "metastase_x20000": " ".join(["métastase"] * 20_000),
    "one_x100000": " ".join(["1"] * 100_000),
    "paren_x50000": "(" * 50_000,
    "line_10MB": (LINE * (10_000_000 // len(LINE) + 1))[:10_000_000],
}


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return replace(load_pipeline(), time_limit_s=LIMIT_S)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(HEAVY))
def test_heavy_text_ends_in_time_and_leaves_the_pipeline_sound(pipeline: Pipeline, name: str):
    [before] = pipeline.process_all([NOTE])
    raw = RawDocument(id=name, text=HEAVY[name])
    started = time.monotonic()
    [outcome] = pipeline.process_all([raw])
    assert time.monotonic() - started < LIMIT_S + SLACK_S
    check_outcome(outcome, raw)
    if isinstance(outcome, DocumentError):
        assert "took longer than" in outcome.error
    [after] = pipeline.process_all([NOTE])
    assert after == before


@pytest.mark.slow
def test_deeply_nested_html(tmp_path: Path, pipeline: Pipeline):
    path = tmp_path / "nested.html"
    body = "<div>" * 10_000 + "Carcinome du sein gauche." + "</div>" * 10_000
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    started = time.monotonic()
    [item] = iter_documents([str(path)], IngestOptions())
    for outcome in pipeline.process_all([item]):
        if isinstance(item, RawDocument):
            check_outcome(outcome, item)
    assert time.monotonic() - started < LIMIT_S


def test_corrupt_pdfs_are_document_errors(tmp_path: Path):
    good = make_pdf(["Carcinome du sein gauche.", "Métastase hépatique."])
    broken = {f"cut{size}": good[:size] for size in (9, 40, len(good) // 2, len(good) - 20)}
    broken |= {"random": b"%PDF-1.7\n" + bytes(range(256)) * 40, "empty_pdf": b"%PDF-"}
    for name, data in broken.items():
        (tmp_path / f"{name}.pdf").write_bytes(data)
    items = list(iter_documents([str(tmp_path)], IngestOptions()))
    assert len(items) == len(broken)
    for item in items:
        if isinstance(item, DocumentError):
            assert item.source.endswith(".pdf") and item.hint
        else:  # pypdf recovers what it can of a cut file
            assert item.format == "pdf"


def test_malformed_jsonl_lines_fail_one_by_one(tmp_path: Path):
    lines = [
        b'{"id": "ok1", "text": "M\xc3\xa9tastase h\xc3\xa9patique."}',
        b'{"id": ',
        b"[1, 2]",
        b'"a string"',
        b'{"id": "x", "text": 5}',
        b'{"text": "no id"}',
        b'{"id": "blank", "text": "   "}',
        b"\xe9\xe8 not json in cp1252",
        b"\x00\x01\x02",
        b'{"id": "ok2", "text": "Patiente de 60 ans."}',
    ]
    path = tmp_path / "notes.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = list(iter_documents([str(path)], IngestOptions()))
    assert [i.id for i in items if isinstance(i, RawDocument)] == ["ok1", "ok2"]
    errors = [i for i in items if isinstance(i, DocumentError)]
    assert [e.source for e in errors] == [f"{path}:{n}" for n in range(2, 10)]
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(path), "-o", str(out)])
    assert result.exit_code == 1 and "8 document(s) failed" in result.output
    assert "Traceback" not in result.output
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["ok1", "ok2"]


ODD_NAMES = ["a b.txt", "é à ç.txt", "quote's \"double\".txt", "-dash.txt", "semi;colon$.txt",
             "new\nline.txt", "tab\there.txt", "日本語.txt"]


def test_odd_path_names(tmp_path: Path):
    folder = tmp_path / "dossier à espaces"
    folder.mkdir()
    written = []
    for name in ODD_NAMES:
        try:
            (folder / name).write_text("Métastase hépatique.", encoding="utf-8")
        except OSError:  # a file system without newlines or tabs in names
            continue
        written.append(name)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        app, ["extract", str(folder), *[str(folder / n) for n in written], "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    stems = sorted(Path(n).stem for n in written)
    assert sorted(ids[: len(written)]) == stems and len(ids) == 2 * len(written)
