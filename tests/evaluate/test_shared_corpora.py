"""The loaders and label tables on the real dev sets in ../shared/data (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncofr.evaluate.gold import load_gold
from oncofr.evaluate.labels import LABEL_MAPS, choose_corpus, map_gold
from oncofr.evaluate.run import dev_sets, evaluate

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def dev_set(name: str) -> Path:
    path = DATA / name
    if not path.is_dir():
        pytest.skip(f"{path} is not present")
    return path


def perfect(gold_path: Path, limit: int) -> dict:
    """Predictions made of the mapped gold itself must score 1 everywhere."""
    gold = load_gold(gold_path).limit(limit)
    table = LABEL_MAPS[choose_corpus({r["label"] for r in gold.rows}, LABEL_MAPS)]
    mapped = map_gold(gold.rows, table)
    results = {doc.id: {"id": doc.id, "mentions": []} for doc in gold.docs}
    for span in mapped.spans + mapped.qualifier_spans:
        results[span.doc_id]["mentions"].append({
            "label": span.label or "disorder", "start": span.start, "end": span.end,
            "code": span.code, "value": span.value, "negated": bool(span.negated),
            "hypothetical": bool(span.hypothetical)})
    return evaluate(gold, results, [], LABEL_MAPS).summary


def test_fracco_gold_scores_itself_perfectly() -> None:
    summary = perfect(dev_set("fracco-dev"), 25)
    assert summary["corpus"] == "fracco"
    assert set(summary["spans"]["labels"]) == {"morphology", "topography", "differentiation"}
    assert summary["spans"]["micro"]["exact+code"]["f1"] == 1.0


def test_e3c_gold_scores_itself_perfectly() -> None:
    path = dev_set("e3c_fr-dev")
    summary = perfect(path, 10)
    assert summary["corpus"] == "e3c"
    assert summary["spans"]["micro"]["exact"]["f1"] == 1.0
    assert summary["qualifiers"]["negated"]["f1"] == 1.0
    assert all(doc.note_date for doc in load_gold(path).docs)


def test_records_find_their_texts() -> None:
    gold = load_gold(dev_set("records-dev"))
    assert gold.kind == "records" and gold.docs and all(doc.text for doc in gold.docs)


def test_every_dev_set_is_found() -> None:
    dev_set("fracco-dev")
    assert {"fracco-dev", "e3c_fr-dev", "records-dev"} <= {p.name for p in dev_sets(DATA)}
