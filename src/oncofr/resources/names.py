"""Readable names of ICD-O-3 codes (`C22.0` → foie, `9243/3` → chondrosarcome dédifférencié),
for records, charts and tables."""

from __future__ import annotations

from functools import cache

from oncofr.resources import load_table


@cache
def site_names() -> dict[str, str]:
    """The preferred French label of every ICD-O-3 topography code."""
    return _labels("icdo3_topography")


@cache
def histology_names() -> dict[str, str]:
    """The preferred French label of every ICD-O-3 morphology code (with its behaviour)."""
    return _labels("icdo3_morphology")


def _labels(table: str) -> dict[str, str]:
    return {row["code"]: row["term"] for row in load_table(table).rows if row["kind"] == "label"}
