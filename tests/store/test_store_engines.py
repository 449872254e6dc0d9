"""The local engine: several workers give exactly the results of one, reading ahead a bounded
number of documents."""

from __future__ import annotations

import gc

from store_builders import write_notes

from oncofr.engines.local import (
    CHUNK_SIZE,
    CHUNKS_PER_WORKER,
    SERIAL_BELOW,
    YOUNG_OBJECTS_PER_COLLECTION,
    run_local,
)
from oncofr.ingest.sources import IngestOptions, RawDocument, iter_documents


def test_two_workers_give_the_results_of_one(tmp_path):
    corpus = str(write_notes(tmp_path / "notes.jsonl", 24))
    one = [result.to_json() for result in run_local(iter_documents([corpus], IngestOptions()),
                                                     workers=1)]
    two = [result.to_json() for result in run_local(iter_documents([corpus], IngestOptions()),
                                                     workers=2)]
    assert len(one) == 24 and two == one


def test_the_input_is_read_a_bounded_way_ahead():
    pulled = 0

    def documents():
        nonlocal pulled
        for index in range(500):
            pulled += 1
            yield RawDocument(id=f"d{index}", text=f"Patiente de {index % 90} ans.")

    results = run_local(documents(), workers=2)
    assert next(results).id == "d0"
    assert pulled <= SERIAL_BELOW + CHUNK_SIZE * (2 * CHUNKS_PER_WORKER + 1)
    results.close()


def test_a_serial_run_tunes_the_collector_after_its_first_document_and_restores_it():
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    notes = (RawDocument(id=f"d{index}", text="Patiente de 60 ans.") for index in range(3))
    results = run_local(notes, workers=1)
    assert next(results).id == "d0"
    assert next(results).id == "d1"  # the run goes on with what the first document loaded frozen
    assert gc.get_threshold()[0] == YOUNG_OBJECTS_PER_COLLECTION
    assert gc.get_freeze_count() > frozen
    assert [result.id for result in results] == ["d2"]
    assert gc.get_threshold() == threshold and gc.get_freeze_count() == 0
