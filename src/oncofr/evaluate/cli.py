"""The `oncofr evaluate` and `oncofr export-brat` commands (registered on the main app)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from oncofr.evaluate.trained import DEFAULT_ITERATIONS

EXIT_BAD_INPUT = 2


def _edition(value: str | None) -> str | None:
    """`--icdo3-edition`, checked (`recognize.icdo3.check_edition`) before anything runs."""
    from oncofr.recognize.icdo3 import check_edition

    try:
        return None if value is None else check_edition(value)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


def evaluate_command(
    gold: Annotated[Path | None, typer.Option(help="Gold: span folder (gold.jsonl + docs.jsonl), "
                                              "brat folder, or records.jsonl.")] = None,
    pred: Annotated[Path | None, typer.Option(help="Predicted document results (JSONL); without "
                                              "it the pipeline runs on the gold texts.")] = None,
    docs: Annotated[Path | None, typer.Option(help="docs.jsonl with the gold texts, when they "
                                              "are not found beside the gold.")] = None,
    all_sets: Annotated[Path | None, typer.Option("--all", help="Evaluate every dev set in this "
                                                  "folder (extraction included).")] = None,
    write_doc: Annotated[Path | None, typer.Option(help="With --all: write the results page "
                                                   "(Markdown) here.")] = None,
    label_map: Annotated[Path | None, typer.Option(help="JSON label mapping that extends the "
                                                   "built-in tables.")] = None,
    corpus: Annotated[str | None, typer.Option(help="Label table to use (fracco, e3c, oncofr); "
                                               "default: guessed from the gold labels.")] = None,
    pipeline: Annotated[Path | None, typer.Option(exists=True, dir_okay=False,
                                                  help="Pipeline configuration (TOML) for the "
                                                  "extraction.")] = None,
    icdo3_edition: Annotated[str | None, typer.Option(
        callback=_edition,
        help="ICD-O-3 edition of the extracted morphology codes (3.2, 3.1); default: the one "
             "the corpus's gold follows (fracco: 3.1), else the pipeline's.")] = None,
    limit: Annotated[int | None, typer.Option(help="Evaluate the first N gold documents.")] = None,
    save_pred: Annotated[Path | None, typer.Option(help="Write the extracted results (JSONL) "
                                                   "here.")] = None,
    report: Annotated[Path | None, typer.Option(help="Error report, .md or .html.")] = None,
    report_cap: Annotated[int, typer.Option(help="Errors shown per label or field.")] = 50,
    train_split: Annotated[bool, typer.Option(
        help="Span gold: also train a span model on half of the documents (split by id hash) "
             "and compare rules alone with rules + model on the other half.")] = False,
    train_iterations: Annotated[int, typer.Option(min=1, help="With --train-split: passes over "
                                                  "the training half.")] = DEFAULT_ITERATIONS,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    progress: Annotated[bool | None, typer.Option(help="Progress bar (default: on a tty).")] = None,
) -> None:
    """Score document results against gold spans, brat files or patient records."""
    from oncofr.evaluate.gold import GoldError, load_gold
    from oncofr.evaluate.labels import load_label_maps
    from oncofr.evaluate.predictions import read_predictions
    from oncofr.evaluate.report import write_report
    from oncofr.evaluate.run import add_model_comparison, evaluate, extract_and_evaluate

    show_progress = sys.stderr.isatty() if progress is None else progress
    try:
        maps = load_label_maps(label_map)
        if all_sets is not None:
            if gold or pred or report:
                raise GoldError("--all takes no --gold, --pred or --report")
            _evaluate_all(all_sets, write_doc, maps, pipeline, limit, show_progress, as_json,
                          train_split, train_iterations, icdo3_edition)
            return
        if gold is None:
            raise GoldError("give --gold (or --all)")
        for option, given in (("--train-split", train_split), ("--icdo3-edition", icdo3_edition)):
            if given and pred is not None:
                raise GoldError(f"{option} extracts the gold texts itself: it takes no --pred")
        gold_set = load_gold(gold, docs).limit(limit)
        if pred is None:
            evaluation, results, errors = extract_and_evaluate(
                gold_set, maps, corpus, pipeline, show_progress, icdo3_edition)
            if save_pred is not None:
                _write_jsonl(save_pred, results.values())
        else:
            results, errors = read_predictions(pred)
            evaluation = evaluate(gold_set, results, errors, maps, corpus)
        if train_split:
            add_model_comparison(evaluation, gold_set, maps, results, pipeline,
                                 train_iterations, show_progress, _log)
    except (GoldError, OSError, json.JSONDecodeError) as error:
        typer.secho(f"error: {error}", err=True, fg="red")
        raise typer.Exit(EXIT_BAD_INPUT) from error
    for failure in errors[:5]:
        typer.echo(f"extraction error: {failure.get('error')}", err=True)
    _show([evaluation.summary], as_json)
    if report is not None:
        write_report(report, evaluation.report(report_cap))
        typer.echo(f"Error report: {report}", err=True)


def _evaluate_all(data: Path, write_doc: Path | None, maps: dict[str, Any], pipeline: Path | None,
                  limit: int | None, progress: bool, as_json: bool, train_split: bool,
                  iterations: int, edition: str | None) -> None:
    from oncofr.evaluate.run import commit_id, evaluate_all, evaluation_page

    evaluations, skipped = evaluate_all(data, maps, pipeline, limit, progress, train_split,
                                        iterations, _log, edition)
    for reason in skipped:
        typer.echo(f"skipped {reason}", err=True)
    if not evaluations:
        typer.echo(f"no dev set with texts found in {data}; nothing evaluated", err=True)
        return
    _show([e.summary for e in evaluations], as_json)
    if write_doc is not None:
        write_doc.parent.mkdir(parents=True, exist_ok=True)
        commit = commit_id(write_doc.resolve().parent)
        write_doc.write_text(evaluation_page(evaluations, skipped, commit), encoding="utf-8")
        typer.echo(f"Results page: {write_doc}", err=True)


def _log(line: str) -> None:
    typer.echo(line, err=True)


def _show(summaries: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        data = summaries[0] if len(summaries) == 1 else summaries
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    from oncofr.evaluate.tables import print_tables

    console = Console()
    for summary in summaries:
        print_tables(summary, console)


def _write_jsonl(path: Path, items: Any) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for item in items:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")


def export_brat_command(
    pred: Annotated[Path, typer.Argument(help="Document results (JSONL).")],
    outdir: Annotated[Path, typer.Argument(help="Folder for DOCID.ann / DOCID.txt files.")],
) -> None:
    """Write document results as brat standoff files (codes as notes, qualifiers as attributes)."""
    from oncofr.evaluate.predictions import read_predictions
    from oncofr.export.brat import write_brat

    try:
        results, _ = read_predictions(pred)
    except (OSError, ValueError) as error:
        typer.secho(f"error: {error}", err=True, fg="red")
        raise typer.Exit(EXIT_BAD_INPUT) from error
    written, textless = write_brat(results.values(), outdir)
    typer.echo(f"{written} document(s) written to {outdir}", err=True)
    if textless:
        typer.secho(f"{len(textless)} result(s) carry no text, so no .txt was written "
                    "(extract with --include-text)", err=True, fg="yellow")


def register(app: typer.Typer) -> None:
    """Add `evaluate` and `export-brat` to the `oncofr` command."""
    app.command("evaluate")(evaluate_command)
    app.command("export-brat")(export_brat_command)
