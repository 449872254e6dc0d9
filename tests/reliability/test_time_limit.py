"""The per-document time limit: a document that runs too long is reported failed and the run
goes on (in-process, through `oncofr extract`, and not enforced outside the main thread)."""

from __future__ import annotations

import json
import signal
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from oncofr import registry
from oncofr.cli import app
from oncofr.document import Document
from oncofr.engines.local import SERIAL_BELOW, run_local
from oncofr.ingest.sources import IngestOptions, RawDocument, iter_documents
from oncofr.models import DocumentError, DocumentResult
from oncofr.pipeline import (
    TIME_LIMIT_ENV,
    DocumentTimeout,
    Pipeline,
    load_pipeline,
    time_limit,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"

STALL = "STALL"


@registry.factory("reliability.stall")
def make_stall(mode: str = "loop"):  # noqa: ANN201
    """Test-only component: a document containing STALL never ends (a busy loop or a sleep)."""

    def stall(document: Document) -> None:
        if STALL not in document.original:
            return
        while True:
            if mode == "sleep":
                time.sleep(3600)

    return stall


def stalling_pipeline(mode: str, limit: float | None) -> Pipeline:
    pipeline = Pipeline.from_config([{"name": "reliability.stall", "mode": mode}])
    return replace(pipeline, time_limit_s=limit)


def documents() -> list[RawDocument]:
    return [
        RawDocument(id="slow", text=f"Patient {STALL}.", source="slow.txt"),
        RawDocument(id="fine", text="Patiente de 60 ans.", source="fine.txt"),
    ]


def test_a_document_over_budget_fails_and_the_run_goes_on():
    for mode in ("loop", "sleep"):
        pipeline = stalling_pipeline(mode, 0.3)
        started = time.monotonic()
        slow, fine = pipeline.process_all(documents())
        assert time.monotonic() - started < 5
        assert isinstance(slow, DocumentError) and slow.id == "slow"
        assert slow.error == "slow.txt: took longer than 0.3 s"
        assert "--time-limit" in slow.hint
        assert isinstance(fine, DocumentResult) and fine.id == "fine"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_an_outer_timer_is_restored():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        with time_limit(5):
            pass
        assert 25 < signal.getitimer(signal.ITIMER_REAL)[0] <= 30
        assert not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_no_limit_outside_the_main_thread():
    outcome: list[str] = []

    def work() -> None:
        try:
            with time_limit(0.05):
                time.sleep(0.2)
            outcome.append("finished")
        except DocumentTimeout:
            outcome.append("stopped")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome == ["finished"]


def test_a_given_limit_wins_over_the_environment(monkeypatch):
    monkeypatch.delenv(TIME_LIMIT_ENV, raising=False)
    assert load_pipeline().time_limit_s == 60
    monkeypatch.setenv(TIME_LIMIT_ENV, "2.5")
    assert load_pipeline().time_limit_s == 2.5
    assert load_pipeline(time_limit=4).time_limit_s == 4
    assert load_pipeline(time_limit=0).time_limit_s is None
    monkeypatch.setenv(TIME_LIMIT_ENV, "0")
    assert load_pipeline().time_limit_s is None
    assert load_pipeline(time_limit=4).time_limit_s == 4


# Every sample note takes over 10 ms in the default pipeline: 1 ms stops each one, in whichever
# process runs it. The environment is set after the test session may have started the
# workers' fork server: only a limit handed to the workers reaches them.
@pytest.mark.parametrize(("environment", "given"), [("0", 0.001), ("0.001", None)])
def test_worker_processes_keep_the_limit_of_the_run(monkeypatch, environment, given):
    monkeypatch.setenv(TIME_LIMIT_ENV, environment)
    notes = list(iter_documents([str(EXAMPLES)], IngestOptions()))
    assert len(notes) >= SERIAL_BELOW  # enough for worker processes
    outcomes = list(run_local(notes, workers=2, time_limit=given))
    assert [outcome.id for outcome in outcomes] == [note.id for note in notes]
    for outcome in outcomes:
        assert isinstance(outcome, DocumentError), outcome.id
        assert outcome.error.endswith("took longer than 0.001 s")


def test_extract_hands_its_time_limit_to_the_workers(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(TIME_LIMIT_ENV, "0")  # no limit in the environment: the option wins
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        app, ["extract", str(EXAMPLES), "-o", str(out), "--workers", "2", "--time-limit", "0.001"]
    )
    notes = len(list(iter_documents([str(EXAMPLES)], IngestOptions())))
    assert result.exit_code == 1
    assert result.output.count("took longer than 0.001 s") == notes >= SERIAL_BELOW
    assert out.read_text("utf-8") == ""


def test_extract_reports_the_slow_document_and_writes_the_others(tmp_path: Path, monkeypatch):
    monkeypatch.delenv(TIME_LIMIT_ENV, raising=False)
    config = tmp_path / "stall.toml"
    config.write_text('[[component]]\nname = "reliability.stall"\n', encoding="utf-8")
    for doc in documents():
        (tmp_path / doc.source).write_text(doc.text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ["extract", str(tmp_path / "slow.txt"), str(tmp_path / "fine.txt"), "-o", str(out)]
    started = time.monotonic()
    result = CliRunner().invoke(
        app, [*args, "--pipeline", str(config), "--time-limit", "0.5", "--workers", "1"]
    )
    assert time.monotonic() - started < 10
    assert result.exit_code == 1
    assert "took longer than 0.5 s" in result.output and "raise --time-limit" in result.output
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["fine"]
