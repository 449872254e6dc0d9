"""A real kill in the middle of `oncofr extract --db`, then a re-run: nothing reported done is
lost, no document is half-written, and the re-run finishes the rest."""

from __future__ import annotations

import random
import subprocess
import time

from store_builders import write_notes
from store_runs import EXTRACT, PacedRun, assert_whole, stored_ids

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
