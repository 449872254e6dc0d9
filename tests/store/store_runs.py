"""`oncofr extract --db` in a subprocess, fed at a pace so that a kill or a fault falls mid-run
on any machine, and checks of what a store holds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Collection
from pathlib import Path
from typing import Any

from oncofr.store.rows import TABLES

EXTRACT = [sys.executable, "-m", "oncofr", "extract"]
PACE_S = 0.1  # between two notes fed


class PacedRun:
    """`oncofr extract FIFO --db URL -o NAME-reported.jsonl`, the notes of `corpus` written into
    the FIFO one every `PACE_S` seconds (those whose id is in `at_once` without waiting)."""

    def __init__(
        self,
        corpus: Path,
        url: str,
        fifo: Path,
        name: str,
        *,
        at_once: Collection[str] = (),
        workers: int = 1,
    ) -> None:
        self.fifo = fifo  # its suffix names the format: .jsonl
        self.reported_file = fifo.parent / f"{name}-reported.jsonl"
        self.stderr_file = fifo.parent / f"{name}-stderr.txt"
        if not fifo.exists():
            os.mkfifo(fifo)
        self.feeder = threading.Thread(
            target=feed, args=(fifo, corpus, frozenset(at_once)), daemon=True
        )
        self.feeder.start()
        command = [*EXTRACT, str(fifo), "--db", url, "-o", str(self.reported_file)]
        with self.stderr_file.open("w", encoding="utf-8") as stderr:
            self.process = subprocess.Popen([*command, "--workers", str(workers)], stderr=stderr)

    def wait_for_a_report(self, timeout: float = 300) -> None:
        """Until the run has reported a document done."""
        deadline = time.monotonic() + timeout
        while not self.reported_file.exists() or not self.reported_file.read_text("utf-8"):
            assert self.process.poll() is None, f"the run ended: {self.stderr()}"
            assert time.monotonic() < deadline, "the run never reported"
            time.sleep(0.02)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        assert self.process.wait() == -signal.SIGKILL, "the run ended before the kill"
        self._stop_feeding()

    def wait(self, timeout: float = 300) -> int:
        """The run's exit status, once it has ended."""
        status = self.process.wait(timeout)
        self._stop_feeding()
        return status

    def reported(self) -> list[str]:
        """The ids of the documents the run reported done (a last line cut by a kill left out)."""
        if not self.reported_file.exists():
            return []
        *complete, _ = self.reported_file.read_text("utf-8").split("\n")
        return [json.loads(line)["id"] for line in complete]

    def stderr(self) -> str:
        return self.stderr_file.read_text("utf-8")

    def _stop_feeding(self) -> None:
        """End the feeder, which a run killed before it opened the FIFO left waiting for a
        reader: a reader that comes and goes lets it open the FIFO, then fail to write."""
        deadline = time.monotonic() + 30
        while self.feeder.is_alive():
            assert time.monotonic() < deadline, "the feeder never ended"
            os.close(os.open(self.fifo, os.O_RDONLY | os.O_NONBLOCK))
            self.feeder.join(timeout=0.1)


def feed(fifo: Path, corpus: Path, at_once: frozenset[str] = frozenset()) -> None:
    """Write the notes of `corpus` into `fifo` at a pace, until the reader is gone."""
    try:
        with fifo.open("w", encoding="utf-8") as handle:
            for line in corpus.read_text("utf-8").splitlines(keepends=True):
                handle.write(line)
                handle.flush()
                if json.loads(line)["id"] not in at_once:
                    time.sleep(PACE_S)
    except BrokenPipeError:
        pass


def assert_whole(store: Any) -> None:
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


def stored_ids(store: Any) -> list[str]:
    return sorted(doc_id for (doc_id,) in store.query("SELECT id FROM documents").rows)


def table_rows(store: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, the processing time left out, numbers as floats, in a fixed order:
    comparable between runs and between DuckDB and PostgreSQL. The document id comes first."""
    tables = {}
    for table in TABLES:
        result = store.query(f"SELECT * FROM {table}")
        keep = [index for index, column in enumerate(result.columns) if column != "processed_at"]
        rows = [tuple(_comparable(row[index]) for index in keep) for row in result.rows]
        tables[table] = sorted(rows, key=repr)
    return tables


def _comparable(value: Any) -> Any:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
