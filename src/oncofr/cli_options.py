"""Command-line options shared by the commands that read documents (`extract`, `pseudonymize`)."""

from __future__ import annotations

from typing import Annotated

import typer

InputsArgument = Annotated[
    list[str], typer.Argument(help="Files, folders, .jsonl files, or - for stdin.")
]
NoteDateOption = Annotated[
    str | None, typer.Option(help="Default note date (ISO 8601) for all inputs.")
]
MaxBytesOption = Annotated[int, typer.Option(help="Largest accepted document, in bytes.")]
