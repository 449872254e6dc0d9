"""Load the versioned terminology tables shipped under `resources/data/` (see docs/resources.md).

A deployment extends or overrides a table by putting a file of the same name in a directory
listed in the `ONCOFR_RESOURCES` environment variable (several directories separated by
`os.pathsep`). Its rows are appended to the shipped ones, unless its metadata says
`# mode: replace`, in which case they replace them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
OVERRIDE_ENV = "ONCOFR_RESOURCES"


class ResourceError(ValueError):
    """A terminology file is missing or malformed."""


@dataclass(frozen=True)
class Table:
    """A terminology table: its metadata, column names and rows (dicts of strings)."""

    name: str
    meta: dict[str, str]
    columns: tuple[str, ...]
    rows: tuple[dict[str, str], ...] = field(repr=False)

    @property
    def version(self) -> str:
        return self.meta.get("version", "unversioned")


def read_table(path: Path) -> Table:
    """Parse one TSV table file (metadata comments, header, TAB-separated rows)."""
    meta: dict[str, str] = {}
    columns: tuple[str, ...] | None = None
    rows: list[dict[str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\n").rstrip("\r")
            if columns is None:
                if line.startswith("#"):
                    key, _, value = line[1:].partition(":")
                    meta[key.strip()] = value.strip()
                    continue
                if not line.strip():
                    continue
                columns = tuple(cell.strip() for cell in line.split("\t"))
                continue
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) > len(columns):
                raise ResourceError(
                    f"{path}:{number}: {len(cells)} cells for {len(columns)} columns {columns}"
                )
            cells += [""] * (len(columns) - len(cells))
            rows.append(dict(zip(columns, (cell.strip() for cell in cells), strict=True)))
    if columns is None:
        raise ResourceError(f"{path}: no header row")
    return Table(name=meta.get("name", path.stem), meta=meta, columns=columns, rows=tuple(rows))


def override_dirs() -> list[Path]:
    value = os.environ.get(OVERRIDE_ENV, "")
    return [Path(part) for part in value.split(os.pathsep) if part]


@cache
def load_table(name: str) -> Table:
    """The shipped table `name` with any overrides from `ONCOFR_RESOURCES` applied."""
    path = DATA_DIR / f"{name}.tsv"
    if not path.exists():
        raise ResourceError(f"unknown resource table {name!r} (looked for {path})")
    table = read_table(path)
    for directory in override_dirs():
        extra_path = directory / f"{name}.tsv"
        if not extra_path.exists():
            continue
        extra = read_table(extra_path)
        if set(extra.columns) - set(table.columns):
            raise ResourceError(
                f"{extra_path}: columns {extra.columns} differ from {table.columns}"
            )
        padded = tuple(
            {column: row.get(column, "") for column in table.columns} for row in extra.rows
        )
        rows = padded if extra.meta.get("mode") == "replace" else table.rows + padded
        meta = {**table.meta, "version": f"{table.version}+{extra.version}"}
        table = Table(name=table.name, meta=meta, columns=table.columns, rows=rows)
    return table


def available_tables() -> list[str]:
    return sorted(path.stem for path in DATA_DIR.glob("*.tsv"))
