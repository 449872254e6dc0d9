"""Real kills in the middle of `oncofr extract --db`, then re-runs: nothing reported done is
lost or done twice, no document is half-written, and the re-runs finish the rest with the rows
of an uninterrupted run."""

from __future__ import annotations

import random
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from store_builders import write_notes
from store_runs import EXTRACT, PacedRun, assert_whole, stored_ids, table_rows
from typer.testing import CliRunner

from oncofr.cli import app
from oncofr.store import open_store

NOTES = 80


def test_a_killed_run_loses_nothing_and_resumes(store_url, tmp_path):
    corpus = write_notes(tmp_path / "notes.jsonl", NOTES)
    run = PacedRun(corpus, store_url, tmp_path / "paced.jsonl", "paced", workers=2)
    run.wait_for_a_report()
    time.sleep(random.uniform(0, 0.5))
    run.kill()
    reported = run.reported()

    with open_store(store_url) as store:
        stored = stored_ids(store)
        assert_whole(store)
    assert set(reported) <= set(stored) and len(stored) < NOTES

    rerun = subprocess.run(
        [*EXTRACT, "--db", store_url, str(corpus)], capture_output=True, text=True, timeout=600
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"{NOTES - len(stored)} new, 0 replaced, {len(stored)} unchanged" in rerun.stderr
    with open_store(store_url) as store:
        assert stored_ids(store) == [f"note-{index:04d}" for index in range(NOTES)]
        assert_whole(store)


MANY_NOTES = 80  # fed ten a second: no run reaches the end before its kill
KILLS = 3  # the first one while the run starts


# DuckDB only: each run is a new process (6 s to start on a 2-core machine); PostgreSQL, with
# two kills, passes too but adds 25 s (the single kill above runs on both)
@pytest.mark.parametrize("store_url", ["duckdb"], indirect=True)
def test_runs_killed_again_and_again_end_with_the_rows_of_one_uninterrupted_run(
    store_url, tmp_path
):
    corpus = write_notes(tmp_path / "notes.jsonl", MANY_NOTES)
    fifo = tmp_path / "paced.jsonl"  # every run reads this path: `source` is the same in all
    expected = uninterrupted_rows(corpus, fifo)
    rng = random.Random(92)  # the number and point: the same kill times every run
    stored: list[str] = []
    reported: list[str] = []  # every document reported done, by every run
    for kill in range(KILLS):
        run = PacedRun(corpus, store_url, fifo, f"run-{kill}", at_once=stored)
        if kill == 0:  # anywhere in start-up (imports, store creation) or the first notes
            time.sleep(rng.uniform(0.5, 4))
        else:  # while documents are processed and committed
            run.wait_for_a_report()
            time.sleep(rng.uniform(0, 1))
        run.kill()
        with open_store(store_url) as store:
            rows = table_rows(store)
            stored = stored_ids(store)
        assert_same_rows(rows, expected, stored)
        assert set(run.reported()) <= set(stored), "a document reported done was lost"
        reported += run.reported()
        assert len(stored) < MANY_NOTES

    last = PacedRun(corpus, store_url, fifo, "last", at_once=expected_ids(expected))
    assert last.wait() == 0, last.stderr()
    reported += last.reported()
    assert len(reported) == len(set(reported)), "a document was reported done twice"
    assert f"{MANY_NOTES - len(stored)} new, 0 replaced, {len(stored)} unchanged" in last.stderr()
    with open_store(store_url) as store:
        assert table_rows(store) == expected


def uninterrupted_rows(corpus: Path, path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of one uninterrupted run on `corpus` read from `path`."""
    shutil.copy(corpus, path)
    clean_db = str(path.parent / "uninterrupted.duckdb")
    clean = CliRunner().invoke(app, ["extract", str(path), "--db", clean_db, "--workers", "1"])
    assert clean.exit_code == 0, clean.output
    path.unlink()
    with open_store(clean_db, read_only=True) as store:
        return table_rows(store)


def expected_ids(expected) -> list[str]:
    return [row[0] for row in expected["documents"]]


def assert_same_rows(rows, expected, stored: list[str]) -> None:
    """The stored documents have exactly their rows of the uninterrupted run, once."""
    for table, found in rows.items():
        assert found == [row for row in expected[table] if row[0] in set(stored)], table
