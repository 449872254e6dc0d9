"""The local engine: the pipeline on every core of this machine.

Worker processes are started once and each builds the pipeline once; they are forked from a
server that has loaded and run the default pipeline (`warm.py`), so they start warm. Documents
travel in small chunks, with a bounded number of chunks in flight (memory stays flat whatever
the corpus size), and results come back in input order, identical to a one-process run.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from itertools import chain, islice
from multiprocessing.process import BaseProcess
from pathlib import Path

from oncofr.ingest.sources import RawDocument
from oncofr.models import DocumentError, DocumentResult
from oncofr.pipeline import Pipeline, env_time_limit, load_pipeline

Item = RawDocument | DocumentError
Outcome = DocumentResult | DocumentError

CHUNK_SIZE = 4  # documents sent to a worker at once
CHUNKS_PER_WORKER = 2  # chunks in flight per worker
SERIAL_BELOW = 8  # fewer documents than this run in this process: workers would cost more
YOUNG_OBJECTS_PER_COLLECTION = 10_000  # the cyclic collector's first threshold in a batch run

_worker_pipeline: Pipeline | None = None


def available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_local(
    documents: Iterable[Item],
    *,
    pipeline: Path | None = None,
    workers: int | None = None,
    time_limit: float | None = None,
) -> Iterator[Outcome]:
    """Process `documents` with `workers` processes (default: all cores), in input order, each
    document within `time_limit` seconds (0: none; None: `ONCOFR_TIME_LIMIT` or the default).

    The time limit is handed to each worker, not left to its environment: workers are forked
    from a server started once per Python process, with that moment's environment."""
    count = workers or available_cores()
    iterator = iter(documents)
    head = list(islice(iterator, SERIAL_BELOW))
    if count <= 1 or len(head) < SERIAL_BELOW:
        outcomes = load_pipeline(pipeline, time_limit).process_all(chain(head, iterator))
        yield from islice(outcomes, 1)  # the first document loads the lexicons and patterns
        with collector_for_batch():
            yield from outcomes
        return
    yield from _run_pool(chain(head, iterator), pipeline, count, time_limit)


def tune_collector() -> None:
    """Set the cyclic garbage collector for a batch of documents: what is loaded by now (the
    pipeline, its lexicons and patterns) is kept to the end, so the collector stops scanning it
    (`gc.freeze`), and it runs after 10,000 new objects rather than 700, as a document makes and
    frees thousands, nearly all freed at once by reference counting. Results are unchanged."""
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS_PER_COLLECTION, *gc.get_threshold()[1:])


@contextmanager
def collector_for_batch() -> Iterator[None]:
    """`tune_collector` for the time of the body, then the collector as it was."""
    threshold = gc.get_threshold()
    tune_collector()
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _run_pool(
    documents: Iterator[Item], pipeline: Path | None, workers: int, time_limit: float | None
) -> Iterator[Outcome]:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["oncofr.engines.warm"])
    else:
        context = multiprocessing.get_context("spawn")
    in_flight: deque[Future[list[Outcome]]] = deque()
    with ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(pipeline, _resolved(time_limit)),
    ) as pool:
        while chunk := list(islice(documents, CHUNK_SIZE)):
            in_flight.append(pool.submit(_process_chunk, chunk))
            if len(in_flight) >= workers * CHUNKS_PER_WORKER:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()


def _resolved(time_limit: float | None) -> float:
    """The run's time limit as this process reads it (0: none), for the workers."""
    return (env_time_limit() or 0) if time_limit is None else time_limit


def _start_worker(pipeline: Path | None, time_limit: float) -> None:
    global _worker_pipeline
    _worker_pipeline = load_pipeline(pipeline, time_limit)
    tune_collector()
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: BaseProcess) -> None:
    """End this worker when the run that started it ends, even killed (else it waits forever)."""
    parent.join()
    os._exit(1)


def _process_chunk(chunk: list[Item]) -> list[Outcome]:
    assert _worker_pipeline is not None
    return list(_worker_pipeline.process_all(chunk))
