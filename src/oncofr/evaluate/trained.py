"""Rules alone vs rules + a span model trained at run time on half of a dev set (`--train-split`).

The documents are split by a hash of their id (`in_training_half`): the split does not depend on
the file order or on the other documents, and the two halves are disjoint. A model is trained
with `oncofr.recognize.train` on the training half, in a temporary folder deleted afterwards
(nothing trained is kept; its keep filter learns from the rules of the same pipeline, in the
same edition), then the pipeline with `recognize.model` added
(`oncofr.recognize.model.pipeline_with_model`) runs on the test half, in the ICD-O-3 edition the
rules' results were extracted in. The rules' numbers are those of the same pipeline without the
model on the same test half.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the CLI imports this module for its defaults: keep it light
    from oncofr.evaluate.gold import Gold
    from oncofr.evaluate.labels import Table
    from oncofr.evaluate.predictions import Results

DEFAULT_ITERATIONS = 4
SPLIT_RULE = "training half: documents whose id's SHA-256 digest starts with an even byte"
COMPARED = ("exact", "exact+code", "exact+coded")


def in_training_half(doc_id: str) -> bool:
    """Whether document `doc_id` trains the model (else it is scored)."""
    return hashlib.sha256(doc_id.encode("utf-8")).digest()[0] % 2 == 0


def split_gold(gold: Gold) -> tuple[Gold, Gold]:
    """The training half and the test half of `gold` (file order kept in each)."""
    train = {doc.id for doc in gold.docs if in_training_half(doc.id)}
    return gold.subset(train), gold.subset({doc.id for doc in gold.docs} - train)


def model_labels(gold: Gold, table: Table) -> set[str]:
    """The labels a model would learn from `gold`: the default ones that have gold spans."""
    from oncofr.evaluate.labels import map_gold
    from oncofr.recognize.train import DEFAULT_LABELS

    return {span.label for span in map_gold(gold.rows, table).spans} & DEFAULT_LABELS


def compare_with_model(
    gold: Gold, label_maps: dict[str, Table], rules: Results, pipeline: Path | None = None,
    corpus: str | None = None, iterations: int = DEFAULT_ITERATIONS, progress: bool = False,
    log: Callable[[str], None] | None = None, edition: str | None = None,
) -> dict[str, Any] | None:
    """Train on one half of span `gold`, score rules (`rules`: the pipeline's results, at least
    on the test half) and rules + model, extracted in ICD-O-3 `edition` (None: the pipeline's
    own), on the other half; `None` when there is nothing to learn (no gold of the model's
    labels, or an empty half)."""
    from oncofr.evaluate.predictions import edition_settings, extract
    from oncofr.evaluate.run import corpus_of, evaluate
    from oncofr.recognize.model import pipeline_with_model
    from oncofr.recognize.train import train, training_docs

    if gold.kind != "spans":
        return None
    name = corpus_of(gold, label_maps, corpus)
    train_gold, test_gold = split_gold(gold)
    labels = model_labels(train_gold, label_maps[name])
    if not labels or not test_gold.docs:
        return None
    docs = training_docs(train_gold, label_maps[name], labels)
    with tempfile.TemporaryDirectory(prefix="oncofr-split-model-") as folder:
        report = train(docs, Path(folder), iterations=iterations, log=log, pipeline=pipeline,
                       settings=edition_settings(edition))
        merged, errors = extract(test_gold.docs, pipeline_with_model(pipeline, Path(folder)),
                                 progress, edition)
    test_ids = {doc.id for doc in test_gold.docs}
    alone = evaluate(test_gold, {k: v for k, v in rules.items() if k in test_ids}, [],
                     label_maps, name).summary["spans"]
    with_model = evaluate(test_gold, merged, errors, label_maps, name).summary["spans"]
    return {
        "split": SPLIT_RULE, "train_documents": len(docs), "test_documents": len(test_ids),
        "iterations": report.iterations, "train_seconds": report.seconds,
        "errors": len(errors),
        "labels": {label: _compared(alone["labels"][label], with_model["labels"][label])
                   for label in sorted(labels) if label in alone["labels"]},
        "micro": _compared(*_micro(alone, with_model, labels)),
    }


def _compared(rules: dict[str, Any], model: dict[str, Any]) -> dict[str, Any]:
    return {"gold": rules["gold"], "uncoded": rules.get("uncoded", 0),
            "rules": {mode: rules[mode] for mode in COMPARED},
            "rules+model": {mode: model[mode] for mode in COMPARED}}


def _micro(alone: dict[str, Any], with_model: dict[str, Any],
           labels: set[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Micro-averages over the model's labels only (the summary's micro has every label)."""
    from oncofr.evaluate.core import Counts

    def summed(spans: dict[str, Any]) -> dict[str, Any]:
        ours = [spans["labels"][label] for label in labels if label in spans["labels"]]
        totals = {"gold": sum(scores["gold"] for scores in ours),
                  "uncoded": sum(scores.get("uncoded", 0) for scores in ours)}
        for mode in COMPARED:
            counts = Counts()
            for scores in ours:
                counts.add(Counts(scores[mode]["tp"], scores[mode]["fp"], scores[mode]["fn"]))
            totals[mode] = counts.to_dict()
        return totals

    return summed(alone), summed(with_model)
