"""`oncofr extract --db`: the store holds what the JSONL says; re-runs skip and replace."""

from __future__ import annotations

import json
import shutil

from store_builders import EXAMPLES
from typer.testing import CliRunner

from oncofr.cli import app
from oncofr.store import open_store

runner = CliRunner()


def test_extract_to_a_store_and_jsonl_then_rerun(tmp_path):
    corpus, db, out = tmp_path / "corpus", str(tmp_path / "cohort.duckdb"), tmp_path / "r.jsonl"
    shutil.copytree(EXAMPLES, corpus)
    first = runner.invoke(
        app, ["extract", str(corpus), "--db", db, "-o", str(out), "--workers", "1"]
    )
    assert first.exit_code == 0, first.output
    assert "8 new, 0 replaced, 0 unchanged" in first.stderr
    written = {doc["id"]: doc for doc in map(json.loads, out.read_text("utf-8").splitlines())}
    with open_store(db, read_only=True) as store:
        stored = dict(store.query("SELECT id, result FROM documents WHERE status = 'ok'").rows)
        mentions = dict(store.query("SELECT doc_id, count(*) FROM mentions GROUP BY doc_id").rows)
    assert {doc_id: json.loads(result) for doc_id, result in stored.items()} == written
    assert mentions == {doc_id: len(doc["mentions"]) for doc_id, doc in written.items()}

    again = runner.invoke(app, ["extract", str(corpus), "--db", db, "--workers", "1"])
    assert again.exit_code == 0 and again.stdout == ""  # --db alone writes no JSONL
    assert "0 new, 0 replaced, 8 unchanged" in again.stderr

    with (corpus / "cr_tne_ileon.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nContrôle à 3 mois : maladie stable.\n")
    changed = runner.invoke(app, ["extract", str(corpus), "--db", db, "--workers", "1"])
    assert "0 new, 1 replaced, 7 unchanged" in changed.stderr


def test_a_note_the_store_cannot_take_fails_alone(store_url, tmp_path):
    notes = tmp_path / "notes.jsonl"
    lines = [
        {"id": "a", "text": "Patiente de 60 ans. Métastase hépatique."},
        {"id": "nul", "text": "Biopsie\0 hépatique.\n\nCONCLUSION\0 :\nMétastase."},
        {"id": "c", "text": "Homme de 50 ans."},
        {"id": "surrogate", "text": "Patient de 70 ans \ud800 métastase hépatique."},
    ]
    notes.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = runner.invoke(app, ["extract", str(notes), "--db", store_url, "--workers", "1"])
    postgres = store_url.startswith("postgresql://")
    assert result.exit_code == 1, result.output
    with open_store(store_url, read_only=True) as store:
        stored = {doc_id: (status, error) for doc_id, status, error in store.query(
            "SELECT id, status, error FROM documents").rows}
        mentions = dict(store.query("SELECT doc_id, count(*) FROM mentions GROUP BY doc_id").rows)
    assert stored["a"] == stored["c"] == ("ok", None) and mentions["a"] and mentions["c"]
    # a lone surrogate (JSON « \\ud800 »): the pipeline fails on it, alone; its content hash
    # had ended the run before
    assert stored["surrogate"][0] == "error" and "surrogate" in stored["surrogate"][1]
    if postgres:  # PostgreSQL TEXT refuses NUL (in the mention « Biopsie\0 hépatique »)
        assert stored["nul"] == ("error", f"{notes}:2: could not be stored: "
                                 "PostgreSQL text fields cannot contain NUL (0x00) bytes")
        assert "nul" not in mentions
    else:
        assert stored["nul"] == ("ok", None)
