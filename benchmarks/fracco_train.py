"""Rules alone vs rules + a span model trained at run time, on FRACCO (dev split, two halves).

    .venv/bin/python benchmarks/fracco_train.py [--data ../shared/data/fracco-dev]

The documents, sorted by id, are split in two: even positions train a model (written to a
temporary folder and deleted), odd positions are scored. Prints, per label, exact-span F1 and
span+code F1 of the rules (`recognize.icdo3`) and of the rules merged with the model
(`recognize.model`), and the time taken. FRACCO is for evaluation only: no model trained here
is kept or shipped.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from oncofr.document import Document
from oncofr.evaluate.core import Counts, set_counts
from oncofr.pipeline import Pipeline
from oncofr.recognize.train import DEFAULT_LABELS, TrainingDoc, read_training, train

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "fracco-dev"
RULES = ["clean.text", "segment.boilerplate", "segment.sections", "segment.sentences",
         "recognize.icdo3"]
Key = tuple[str, str, int, int, str | None]  # doc id, label, start, end, code


def split(docs: list[TrainingDoc]) -> tuple[list[TrainingDoc], list[TrainingDoc]]:
    ordered = sorted(docs, key=lambda doc: doc.id)
    return ordered[0::2], ordered[1::2]


def predict(pipeline: Pipeline, docs: list[TrainingDoc]) -> set[Key]:
    keys: set[Key] = set()
    for doc in docs:
        result = pipeline.run(Document(id=doc.id, original=doc.text))
        keys |= {(doc.id, m.label, m.start, m.end, m.code) for m in result.mentions
                 if m.label in DEFAULT_LABELS}
    return keys


def gold_keys(docs: list[TrainingDoc]) -> set[Key]:
    return {(doc.id, s.label, s.start, s.end, s.code) for doc in docs for s in doc.spans}


def scores(gold: set[Key], pred: set[Key]) -> dict[tuple[str, str], Counts]:
    table = {}
    for label in sorted(DEFAULT_LABELS):
        ours_gold = {key for key in gold if key[1] == label}
        ours_pred = {key for key in pred if key[1] == label}
        table[(label, "exact")] = set_counts({k[:4] for k in ours_gold}, {k[:4] for k in ours_pred})
        table[(label, "exact+code")] = set_counts(ours_gold, ours_pred)
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--iterations", type=int, default=4)
    args = parser.parse_args()
    if not (args.data / "gold.jsonl").is_file():
        print(f"skipped: {args.data} is not present", file=sys.stderr)
        return 0
    train_docs, test_docs = split(read_training(args.data))
    gold = gold_keys(test_docs)
    started = time.perf_counter()
    rules = predict(Pipeline.from_config([{"name": name} for name in RULES]), test_docs)
    rules_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="oncofr-fracco-model-") as folder:
        report = train(train_docs, Path(folder), iterations=args.iterations,
                       log=lambda line: print(line, file=sys.stderr, flush=True))
        started = time.perf_counter()
        config = [{"name": name} for name in RULES] + [{"name": "recognize.model", "path": folder}]
        merged = predict(Pipeline.from_config(config), test_docs)
        merged_seconds = time.perf_counter() - started
    print(f"FRACCO dev: train {len(train_docs)} documents, test {len(test_docs)} documents")
    print(f"training: {report.iterations} iterations, {report.seconds:.0f} s; "
          f"rules: {rules_seconds:.0f} s; rules+model: {merged_seconds:.0f} s (test half)")
    print(f"{'label':16} {'metric':11} {'rules P/R/F1':>20} {'rules+model P/R/F1':>20}")
    with_model = scores(gold, merged)
    for key, counts in scores(gold, rules).items():
        print(f"{key[0]:16} {key[1]:11} {_prf(counts):>20} {_prf(with_model[key]):>20}")
    return 0


def _prf(counts: Counts) -> str:
    return f"{counts.precision:.3f}/{counts.recall:.3f}/{counts.f1:.3f}"


if __name__ == "__main__":
    sys.exit(main())
