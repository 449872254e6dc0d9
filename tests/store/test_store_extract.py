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
