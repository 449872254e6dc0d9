"""Query results out: a table on the terminal, a CSV file or a Parquet file."""

from __future__ import annotations

import csv
from pathlib import Path

from oncofr.store.base import QueryResult


def print_table(result: QueryResult, title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for column in result.columns:
        table.add_column(column)
    for row in result.rows:
        table.add_row(*("" if value is None else str(value) for value in row))
    Console().print(table)


def write_csv(result: QueryResult, path: Path) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(result.columns)
        writer.writerows(result.rows)


def write_parquet(result: QueryResult, path: Path) -> None:
    import pyarrow
    import pyarrow.parquet

    columns = {name: [row[i] for row in result.rows] for i, name in enumerate(result.columns)}
    pyarrow.parquet.write_table(pyarrow.table(columns), path)
