"""The store fails under a running `oncofr extract --db`: its disk is full, or the server closes
the connection. The run stops with one line naming the store and what to do, exit status 3, no
traceback; what it reported done is stored whole, and the same command run again finishes. A
store that cannot be opened is the same one line."""

from __future__ import annotations

import resource
import subprocess

import pytest
from store_builders import write_notes
from store_runs import EXTRACT, PacedRun, assert_whole, stored_ids
from typer.testing import CliRunner

from oncofr.cli import EXIT_OUTPUT_FAILED, app
from oncofr.store import open_store
from oncofr.store.connect import redact

NOTES = 40
FILE_SIZE_LIMIT = 1_000_000  # bytes: the first commits fit, not the whole corpus


def assert_resumes(corpus, url: str, stored: list[str]) -> None:
    """The same command again stores the rest, and only the rest."""
    rerun = subprocess.run(
        [*EXTRACT, str(corpus), "--db", url, "--workers", "1"],
        capture_output=True, text=True, timeout=600,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"{NOTES - len(stored)} new, 0 replaced, {len(stored)} unchanged" in rerun.stderr
    with open_store(url) as store:
        assert stored_ids(store) == [f"note-{index:04d}" for index in range(NOTES)]
        assert_whole(store)


def clean_error(stderr: str, url: str) -> str:
    """The reason given on the run's last error line, which names the store, before its hint."""
    *_, error, hint = stderr.strip().splitlines()
    assert error.startswith(f"error: cannot write the results to {url}: "), stderr
    assert hint.startswith("  hint: what was reported done is stored")
    assert "run the same command again" in hint
    assert "Traceback" not in stderr
    return error.removeprefix(f"error: cannot write the results to {url}: ")


@pytest.mark.skipif(not hasattr(resource, "prlimit"), reason="needs prlimit (Linux)")
def test_a_full_disk_under_duckdb(tmp_path):
    corpus = write_notes(tmp_path / "notes.jsonl", NOTES)
    db = str(tmp_path / "cohort.duckdb")
    # fed at a pace, so that the first commits are small whatever the machine's speed
    run = PacedRun(corpus, db, tmp_path / "paced.jsonl", "paced")
    # its files cannot grow past the limit (EFBIG): a full disk for this process alone; set
    # while it starts, seconds before it opens the store
    resource.prlimit(run.process.pid, resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))
    assert run.wait() == EXIT_OUTPUT_FAILED
    assert clean_error(run.stderr(), db).endswith("cohort.duckdb.wal\": File too large")
    reported = run.reported()
    with open_store(db) as store:
        stored = stored_ids(store)
        assert_whole(store)
    assert 0 < len(reported) and set(reported) <= set(stored) and len(stored) < NOTES
    assert_resumes(corpus, db, stored)


@pytest.mark.parametrize(
    "store_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_a_connection_the_postgresql_server_closes(store_url, tmp_path):
    import psycopg

    corpus = write_notes(tmp_path / "notes.jsonl", NOTES)
    run = PacedRun(corpus, store_url, tmp_path / "paced.jsonl", "paced")
    run.wait_for_a_report()
    with psycopg.connect(store_url, autocommit=True) as admin:
        ended = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    assert ended == [(True,)]  # the run's one connection
    assert run.wait() == EXIT_OUTPUT_FAILED
    # « terminating connection due to administrator command », or if the server's notice is
    # lost in a write, « server closed the connection unexpectedly »
    assert "connection" in clean_error(run.stderr(), store_url)
    with open_store(store_url) as store:
        stored = stored_ids(store)
        assert_whole(store)
    assert set(run.reported()) <= set(stored) and len(stored) < NOTES
    assert_resumes(corpus, store_url, stored)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("{tmp}/missing/cohort.duckdb", "cannot open the store: IO Error: Cannot open file"),
        ("postgresql://nobody:secret@127.0.0.1:1/cohort", "cannot open the store: connection"),
    ],
)
def test_a_store_that_cannot_be_opened_is_one_clear_line(tmp_path, url, reason):
    if url.startswith("postgresql://"):
        pytest.importorskip("psycopg")
    note = tmp_path / "note.txt"
    note.write_text("Patiente de 60 ans. Métastase hépatique.", encoding="utf-8")
    url = url.format(tmp=tmp_path)
    result = CliRunner().invoke(app, ["extract", str(note), "--db", url, "--workers", "1"])
    assert result.exit_code == EXIT_OUTPUT_FAILED
    shown = redact(url)
    assert f"error: cannot write the results to {shown}: {reason}" in result.stderr
    assert "secret" not in result.stderr and "Traceback" not in result.stderr
    assert "hint: check the path or URL, the server" in result.stderr
