"""Run an evaluation: gold + predictions -> summary and errors; every dev set -> a doc page."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from oncofr.evaluate.gold import Gold, GoldError, load_gold
from oncofr.evaluate.labels import Table, choose_corpus, icdo3_edition, map_gold
from oncofr.evaluate.predictions import Results
from oncofr.evaluate.qualifiers import score_qualifiers, score_qualifiers_on_gold_spans
from oncofr.evaluate.records import RecordError, reduce_record, score_records
from oncofr.evaluate.report import Block, build_report
from oncofr.evaluate.spans import SpanError, score_spans, spans_from_result
from oncofr.evaluate.trained import DEFAULT_ITERATIONS


@dataclass
class Evaluation:
    summary: dict[str, Any]
    span_errors: list[SpanError] = field(default_factory=list)
    record_errors: list[RecordError] = field(default_factory=list)
    texts: dict[str, str | None] = field(default_factory=dict)

    def report(self, cap: int = 50) -> list[Block]:
        return build_report(self.summary["gold"], self.span_errors, self.record_errors,
                            self.texts, cap)


def evaluate(gold: Gold, results: Results, errors: list[dict[str, Any]],
             label_maps: dict[str, Table], corpus: str | None = None) -> Evaluation:
    """Score `results` (document results by id) on the gold documents."""
    doc_ids = [doc.id for doc in gold.docs]
    found = [results[doc_id] for doc_id in doc_ids if doc_id in results]
    summary: dict[str, Any] = {"gold": str(gold.path), "kind": gold.kind, "documents": len(doc_ids),
                               "predicted": len(found), "errors": len(errors)}
    evaluation = Evaluation(summary, texts={
        doc.id: doc.text if doc.text is not None else results.get(doc.id, {}).get("text")
        for doc in gold.docs})
    if gold.kind == "records":
        reduced = {result["id"]: reduce_record(result) for result in found}
        summary["records"], evaluation.record_errors = score_records(gold.records, reduced)
        return evaluation
    name = corpus_of(gold, label_maps, corpus)
    keep = set(doc_ids)
    mapped = map_gold([row for row in gold.rows if row["doc_id"] in keep], label_maps[name])
    predicted = [span for result in found for span in spans_from_result(result)]
    summary["corpus"] = name
    summary["spans"], evaluation.span_errors = score_spans(
        mapped.spans, predicted, mapped.scored_labels)
    if mapped.qualifier_spans or mapped.inherited_spans:
        summary["qualifiers"] = score_qualifiers(
            mapped.qualifier_spans, mapped.inherited_spans, predicted)
    if mapped.qualifier_spans:
        summary["qualifiers_on_gold_spans"] = score_qualifiers_on_gold_spans(
            mapped.qualifier_spans, evaluation.texts)
    return evaluation


def corpus_of(gold: Gold, label_maps: dict[str, Table], corpus: str | None = None) -> str:
    """The label table to read `gold` with: `corpus`, else the one naming most gold labels."""
    if corpus is not None and corpus not in label_maps:
        raise GoldError(f"unknown corpus {corpus!r}; known: {', '.join(sorted(label_maps))}")
    return corpus or choose_corpus({row["label"] for row in gold.rows}, label_maps)


def extract_and_evaluate(
    gold: Gold, label_maps: dict[str, Table], corpus: str | None = None,
    pipeline: Path | None = None, progress: bool = False, edition: str | None = None,
) -> tuple[Evaluation, Results, list[dict[str, Any]]]:
    """Run the pipeline on the gold texts, in the ICD-O-3 edition the corpus's gold follows
    (`edition` overrides it; see `labels.icdo3_edition`), and score the results; also return
    the results and the extraction errors. The summary names the edition (`icdo3_edition`,
    None: the pipeline's own)."""
    from oncofr.evaluate.predictions import extract

    name = corpus_of(gold, label_maps, corpus)
    chosen = icdo3_edition(name, edition)
    results, errors = extract(gold.docs, pipeline, progress, chosen)
    evaluation = evaluate(gold, results, errors, label_maps, name)
    evaluation.summary["icdo3_edition"] = chosen
    return evaluation, results, errors


def dev_sets(data: Path) -> list[Path]:
    """The folders of `data` that hold gold (span JSONL, records or brat)."""
    if not data.is_dir():
        return []
    return [folder for folder in sorted(data.iterdir()) if folder.is_dir() and (
        (folder / "gold.jsonl").is_file() or (folder / "records.jsonl").is_file()
        or any(folder.glob("*.ann")))]


def evaluate_all(
    data: Path, label_maps: dict[str, Table], pipeline: Path | None = None,
    limit: int | None = None, progress: bool = False, train_split: bool = False,
    iterations: int = DEFAULT_ITERATIONS, log: Callable[[str], None] | None = None,
    edition: str | None = None,
) -> tuple[list[Evaluation], list[str]]:
    """Extract (`extract_and_evaluate`: each set in its gold's ICD-O-3 edition, unless `edition`
    is given) and score every dev set under `data`; also say which ones were skipped, and why.
    With `train_split`, span sets with gold of the model's labels also compare rules alone with
    rules + a model trained on half of the set (`add_model_comparison`)."""
    evaluations, skipped = [], []
    for folder in dev_sets(data):
        try:
            gold = load_gold(folder).limit(limit)
        except GoldError as error:
            skipped.append(f"{folder.name}: {error}")
            continue
        if not any(doc.text for doc in gold.docs):
            skipped.append(f"{folder.name}: no document text found")
            continue
        evaluation, results, _ = extract_and_evaluate(
            gold, label_maps, pipeline=pipeline, progress=progress, edition=edition)
        evaluation.summary["gold"] = folder.name
        if train_split:
            add_model_comparison(evaluation, gold, label_maps, results, pipeline, iterations,
                                 progress, log)
        evaluations.append(evaluation)
    return evaluations, skipped


def add_model_comparison(
    evaluation: Evaluation, gold: Gold, label_maps: dict[str, Table], results: Results,
    pipeline: Path | None = None, iterations: int = DEFAULT_ITERATIONS, progress: bool = False,
    log: Callable[[str], None] | None = None,
) -> None:
    """Put the rules vs rules + model comparison (`oncofr.evaluate.trained`) in the summary
    under `with_model`, when the gold has something for a model to learn; the model's
    pipeline runs in the ICD-O-3 edition the rules' results were extracted in."""
    from oncofr.evaluate.trained import compare_with_model

    name = evaluation.summary["gold"]
    compared = compare_with_model(
        gold, label_maps, results, pipeline, evaluation.summary.get("corpus"), iterations,
        progress, log=(lambda line: log(f"{name}: {line}")) if log else None,
        edition=evaluation.summary.get("icdo3_edition"))
    if compared is not None:
        evaluation.summary["with_model"] = compared


def commit_id(where: Path) -> str:
    """`git rev-parse --short HEAD` in `where`, or `unknown` (no git, no commit yet)."""
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=where,
                              capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return "unknown"
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else "unknown"


def evaluation_page(evaluations: list[Evaluation], skipped: list[str], commit: str,
                    today: date | None = None) -> str:
    """The Markdown page `docs/evaluation.md`."""
    from oncofr.evaluate.tables import markdown

    today = today or date.today()
    parts = ["# Evaluation results", "",
             f"Generated by `make evaluate` on {today.isoformat()} at commit `{commit}` with the "
             "default pipeline. Do not edit by hand; the metrics and matching rules are in "
             "[evaluate.md](evaluate.md).", "", _editions(evaluations), ""]
    for evaluation in evaluations:
        parts += [f"## {evaluation.summary['gold']}", "", markdown(evaluation.summary)]
    if skipped:
        parts += ["## Skipped", "", *[f"- {reason}" for reason in skipped], ""]
    return "\n".join(parts).rstrip() + "\n"


def _editions(evaluations: list[Evaluation]) -> str:
    """Which ICD-O-3 edition the morphology codes of each set were extracted in."""
    from oncofr.recognize.icdo3 import DEFAULT_EDITION

    default = f"ICD-O-{DEFAULT_EDITION}, the pipeline's default,"
    sets: dict[str, list[str]] = {}
    for evaluation in evaluations:
        edition = evaluation.summary.get("icdo3_edition")
        sets.setdefault(f"ICD-O-{edition}" if edition else default, []).append(
            evaluation.summary["gold"])
    listed = "; in ".join(f"{named} for {', '.join(names)}" for named, names in sets.items())
    return (f"Morphology codes were extracted in {listed}. Unless `--icdo3-edition` is given, "
            "each corpus is extracted in the edition its gold follows (`ICDO3_EDITIONS` in "
            "`src/oncofr/evaluate/labels.py`, see [evaluate.md](evaluate.md)).")
