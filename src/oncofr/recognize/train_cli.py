"""The `oncofr train` command: fit a span model on gold spans (see `oncofr.recognize.train`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def train_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="Model folder to write.")],
    gold: Annotated[
        Path | None, typer.Option(help="Gold folder: docs.jsonl + gold.jsonl (or brat files).")
    ] = None,
    brat: Annotated[Path | None, typer.Option(help="brat folder: .txt + .ann files.")] = None,
    label_map: Annotated[
        Path | None, typer.Option(help="JSON label map, as for `oncofr evaluate --label-map`.")
    ] = None,
    label: Annotated[
        list[str] | None,
        typer.Option(help="Contract label to learn (repeat; default morphology, topography, "
                          "differentiation)."),
    ] = None,
    iterations: Annotated[int, typer.Option(min=1, help="Passes over the gold.")] = 5,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    pipeline: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False,
                     help="Pipeline TOML the model will run with (its rules train the keep "
                          "filter; default: the shipped one)."),
    ] = None,
    keep_filter: Annotated[
        bool, typer.Option(help="Fit a filter that drops the rule mentions the gold would not "
                                "hold.")
    ] = True,
) -> None:
    """Train a span recogniser; run it with `oncofr extract --model FOLDER`."""
    from oncofr.recognize.train import DEFAULT_LABELS, read_training, train

    if (gold is None) == (brat is None):
        raise typer.BadParameter("give one of --gold DIR or --brat DIR")
    source = gold or brat
    assert source is not None
    docs = read_training(source, brat=brat is not None, label_map=label_map,
                         labels=label or DEFAULT_LABELS)
    typer.echo(f"{len(docs)} document(s), {sum(len(d.spans) for d in docs)} span(s)", err=True)
    try:
        report = train(docs, output, iterations=iterations, seed=seed,
                       log=lambda line: typer.echo(line, err=True), pipeline=pipeline,
                       keep_filter=keep_filter)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error
    typer.echo(f"model for {', '.join(report.labels)} written to {output} "
               f"in {report.seconds} s", err=True)


def register(app: typer.Typer) -> None:
    """Add `train` to the `oncofr` command."""
    app.command("train")(train_command)
