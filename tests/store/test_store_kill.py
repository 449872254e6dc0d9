"""A real kill in the middle of `oncofr extract --db`, then a re-run: nothing reported done is
lost, no document is half-written, and the re-run finishes the rest."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

from store_builders import write_notes

from oncofr.store import open_store
from oncofr.store.rows import TABLES

NOTES = 80


def test_a_killed_run_loses_nothing_and_resumes(store_url, tmp_path):
    corpus = write_notes(tmp_path / "notes.jsonl", NOTES)
    fifo, reported_file = tmp_path / "paced.jsonl", tmp_path / "reported.jsonl"
    os.mkfifo(fifo)  # the notes arrive at a pace, so the kill falls mid-run on any machine
    feeder = threading.Thread(target=feed, args=(fifo, corpus), daemon=True)
    feeder.start()
    command = [sys.executable, "-m", "oncofr", "extract", "--db", store_url]
    run = subprocess.Popen(
        [*command, str(fifo), "-o", str(reported_file), "--workers", "2"],
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while not reported_file.exists() or not reported_file.read_text("utf-8"):
        assert run.poll() is None and time.monotonic() < deadline, "the run never reported"
        time.sleep(0.05)
    time.sleep(random.uniform(0, 0.5))
    run.kill()
    assert run.wait() == -9
    feeder.join()
    *complete, _ = reported_file.read_text("utf-8").split("\n")  # the last line may be cut
    reported = [json.loads(line)["id"] for line in complete]

    with open_store(store_url) as store:
        stored = [doc_id for (doc_id,) in store.query("SELECT id FROM documents").rows]
        assert_whole(store)
    assert set(reported) <= set(stored) and len(stored) < NOTES

    rerun = subprocess.run([*command, str(corpus)], capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{NOTES - len(stored)} new, 0 replaced, {len(stored)} unchanged" in rerun.stderr
    with open_store(store_url) as store:
        ids = [doc_id for (doc_id,) in store.query("SELECT id FROM documents").rows]
        assert_whole(store)
    assert sorted(ids) == [f"note-{index:04d}" for index in range(NOTES)]


def feed(fifo: Path, corpus: Path) -> None:
    """Write the notes of `corpus` into `fifo`, ten a second, until the reader is gone."""
    try:
        with fifo.open("w", encoding="utf-8") as handle:
            for line in corpus.read_text("utf-8").splitlines(keepends=True):
                handle.write(line)
                handle.flush()
                time.sleep(0.1)
    except BrokenPipeError:
        pass


def assert_whole(store) -> None:
    """Every stored document has all of its rows, and no row lacks its document."""
    results = dict(store.query("SELECT id, result FROM documents WHERE status = 'ok'").rows)
    for table, key in (("mentions", "mentions"), ("sections", "sections")):
        counts = dict(store.query(f"SELECT doc_id, count(*) FROM {table} GROUP BY doc_id").rows)
        for doc_id, result in results.items():
            assert counts.get(doc_id, 0) == len(json.loads(result)[key]), (table, doc_id)
    patients = store.query("SELECT count(*) FROM patients").rows[0][0]
    assert patients == len(results)
    for table in TABLES[1:]:
        orphans = store.query(
            f"SELECT count(*) FROM {table} WHERE doc_id NOT IN (SELECT id FROM documents)"
        ).rows[0][0]
        assert orphans == 0, table
