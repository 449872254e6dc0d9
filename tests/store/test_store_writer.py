"""Writing results: new documents stored, unchanged skipped, changed replaced, errors kept,
nothing half-written."""

from __future__ import annotations

import errno

import pytest
from store_builders import cohort, patient_result

from oncofr.ingest.sources import RawDocument
from oncofr.models import DocumentError
from oncofr.store import open_store
from oncofr.store.base import StoreError
from oncofr.store.identity import pipeline_version
from oncofr.store.writer import open_writer

RESULTS = {result.id: result for result in cohort()}


def raw(doc_id: str, text: str = "Compte rendu.") -> RawDocument:
    return RawDocument(id=doc_id, text=text, note_date="2024-03-01")


def run(url: str, documents: list[RawDocument | DocumentError], results=RESULTS):
    """One extraction run where `results` stands in for the pipeline; returns the writer's
    counts and the ids it reported done."""
    with open_writer(url) as writer:
        pending = writer.pending(documents)
        outcomes = (results[item.id] if isinstance(item, RawDocument) else item for item in pending)
        done = [item.id for item in writer.write(outcomes)]
    return writer.counts, done


def count(url: str, table: str, doc_id: str | None = None) -> int:
    key = "id" if table == "documents" else "doc_id"
    where, params = (f" WHERE {key} = ?", [doc_id]) if doc_id else ("", [])
    with open_store(url, read_only=True) as store:
        return store.query(f"SELECT count(*) FROM {table}{where}", params).rows[0][0]


def test_rerun_skips_what_is_stored(store_url):
    documents = [raw(doc_id) for doc_id in RESULTS]
    counts, done = run(store_url, documents)
    assert counts["new"] == 5 and done == list(RESULTS)
    before = {table: count(store_url, table) for table in ("documents", "tumours", "treatments")}
    counts, done = run(store_url, documents)
    assert counts["skipped"] == 5 and counts["new"] == 0 and done == []
    assert {table: count(store_url, table) for table in before} == before
    assert before == {"documents": 5, "tumours": 6, "treatments": 4}


def test_a_changed_document_is_replaced_whole(store_url):
    run(store_url, [raw("p1"), raw("p2")])
    changed = patient_result(
        "p1", tumours=[{"topography": "C18.7"}, {"topography": "C19.9"}, {"topography": "C20.9"}]
    )
    counts, done = run(store_url, [raw("p1", "Nouveau texte."), raw("p2")], {"p1": changed})
    assert (counts["replaced"], counts["skipped"], done) == (1, 1, ["p1"])
    assert count(store_url, "tumours", "p1") == 3
    assert count(store_url, "treatments", "p1") == 0  # the old rows are gone
    assert count(store_url, "treatments", "p2") == 1
    assert count(store_url, "documents") == 2


def test_errors_are_stored_per_document_and_retried(store_url):
    failed = DocumentError(id="p2", source="p2.txt", error="processing failed: boom", hint="h")
    unreadable = DocumentError(id="bad", source="bad.txt", error="bad.txt: is empty", hint="h")
    counts, _ = run(store_url, [raw("p1"), raw("p2"), unreadable], RESULTS | {"p2": failed})
    assert counts["error"] == 2 and counts["new"] == 3
    with open_store(store_url, read_only=True) as store:
        rows = store.query(
            "SELECT id, status, error, content_hash IS NULL, result IS NULL FROM documents "
            "ORDER BY id"
        ).rows
    assert rows[0] == ("bad", "error", "bad.txt: is empty", True, True)
    assert rows[1][:2] == ("p1", "ok") and rows[1][3:] == (False, False)
    assert rows[2] == ("p2", "error", "processing failed: boom", False, True)
    counts, done = run(store_url, [raw("p1"), raw("p2")])  # errors are tried again
    assert done == ["p2"] and counts["replaced"] == 1 and counts["skipped"] == 1
    assert count(store_url, "tumours", "p2") == 1


def test_a_store_failure_stops_the_run_and_keeps_what_was_reported(store_url, monkeypatch):
    with open_writer(store_url) as writer:
        writer.batch_size = 2
        insert, tumour_inserts = writer.store.insert_rows, []

        def full_disk_at_the_second_batch(table, rows):
            if table == "tumours":
                tumour_inserts.append(rows)
                if len(tumour_inserts) > 1:
                    raise OSError(errno.ENOSPC, "No space left on device")
            insert(table, rows)

        monkeypatch.setattr(writer.store, "insert_rows", full_disk_at_the_second_batch)
        reported = []
        with pytest.raises(StoreError) as raised:
            for item in writer.write(iter(RESULTS.values())):
                reported.append(item.id)
    assert (raised.value.url, raised.value.reason) == (store_url, "No space left on device")
    assert "run the same command again" in raised.value.hint
    assert reported == ["p1"]  # batches of 1, then 2 documents: [p1], [p2, p3] failed
    assert count(store_url, "documents") == 1 and count(store_url, "tumours") == 1
    for table in ("mentions", "patients", "tumours", "warnings"):
        for doc_id in ("p2", "p3"):
            assert count(store_url, table, doc_id) == 0, table  # nothing of the failed batch


def test_a_closed_connection_stops_the_run_with_a_store_error(store_url):
    with open_writer(store_url) as writer:
        writer.batch_size = 2
        reported = []
        with pytest.raises(StoreError) as raised:
            for item in writer.write(iter(RESULTS.values())):
                reported.append(item.id)
                if item.id == "p2":
                    writer.store.connection.close()
    assert raised.value.url == store_url and "closed" in raised.value.reason
    assert reported == ["p1", "p2", "p3"]  # [p1], [p2, p3] were committed, [p4, p5] not
    assert count(store_url, "documents") == 3


def test_one_refused_document_never_loses_the_others(store_url):
    p1 = RESULTS["p1"]
    # a component that repeats a mention id (a key violation), or a lone surrogate (no UTF-8)
    twice = p1.model_copy(update={"id": "twice", "mentions": p1.mentions * 2})
    unencodable = p1.mentions[0].model_copy(update={"text": "\ud800"})
    surrogate = p1.model_copy(update={"id": "surrogate", "mentions": [unencodable]})
    results = RESULTS | {"twice": twice, "surrogate": surrogate}
    order = ["p1", "twice", "p2", "surrogate", "p3", "p4", "p5"]
    with open_writer(store_url) as writer:  # all seven in one batch
        pending = writer.pending([raw(doc_id) for doc_id in order])
        reported = list(writer.write(results[item.id] for item in pending))
        counts = writer.counts
    assert [item.id for item in reported] == order
    refused = {item.id: item.error for item in reported if isinstance(item, DocumentError)}
    assert set(refused) == {"twice", "surrogate"}
    assert all(": could not be stored: " in error for error in refused.values())
    assert (counts["new"], counts["error"]) == (7, 2)
    with open_store(store_url, read_only=True) as store:
        status = dict(store.query("SELECT id, status FROM documents").rows)
    assert status == {doc_id: "error" if doc_id in refused else "ok" for doc_id in order}
    for doc_id in order:
        expected = 0 if doc_id in refused else len(results[doc_id].mentions)
        assert count(store_url, "mentions", doc_id) == expected
        assert count(store_url, "patients", doc_id) == (doc_id not in refused)
    assert count(store_url, "tumours") == 6  # the five good documents' tumours, all there

    fixed = RESULTS | {doc_id: p1.model_copy(update={"id": doc_id}) for doc_id in refused}
    counts, done = run(store_url, [raw(doc_id) for doc_id in order], fixed)  # tried again
    assert done == ["twice", "surrogate"] and counts["skipped"] == 5
    assert count(store_url, "mentions", "twice") == count(store_url, "mentions", "surrogate") == 1


def test_documents_are_reported_only_once_committed(store_url):
    with open_writer(store_url) as writer, open_store(store_url) as other_connection:
        writer.batch_size = 2
        reported = writer.write(iter(RESULTS.values()))
        assert next(reported).id == "p1"
        committed = other_connection.query("SELECT id FROM documents ORDER BY id").rows
        assert committed == [("p1",)]  # the first batch is one document, to be safe soon
        assert next(reported).id == "p2"
        committed = other_connection.query("SELECT id FROM documents ORDER BY id").rows
        assert committed == [("p1",), ("p2",), ("p3",)]  # p2 came out with its whole batch
        assert [item.id for item in reported] == ["p3", "p4", "p5"]


def test_the_pipeline_version_follows_the_pipeline_file_and_the_terminology(
    tmp_path, monkeypatch
):
    shipped = pipeline_version()
    assert pipeline_version() == shipped
    other = tmp_path / "pipeline.toml"
    other.write_text('[[component]]\nname = "clean.text"\n', encoding="utf-8")
    assert pipeline_version(other) != shipped
    (tmp_path / "drugs.tsv").write_text("term\tcode\nnouveau\tX\n", encoding="utf-8")
    monkeypatch.setenv("ONCOFR_RESOURCES", str(tmp_path))
    assert pipeline_version() != shipped
