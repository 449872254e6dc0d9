"""Readable names of ICD-O-3 topography codes (`C22.0` → foie), for records, charts and tables."""

from __future__ import annotations

from functools import cache

from oncofr.resources import load_table


@cache
def site_names() -> dict[str, str]:
    """The preferred French label of every ICD-O-3 topography code."""
    rows = load_table("icdo3_topography").rows
    return {row["code"]: row["term"] for row in rows if row["kind"] == "label"}
