"""Everything the web application reads from the store, in one place.

Uses the store's public API as it is: `open_store(url, read_only=True)`, `CohortFilter`,
`find_patients` (the same filters as `oncofr query`) and the `documents`, `tumours`,
`metastases` and `treatments` tables of docs/store.md. Each call opens its own read-only
connection, so the pages always show what is stored now.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from oncofr.resources.names import site_names
from oncofr.store import open_store
from oncofr.store.base import QueryResult, Store
from oncofr.store.query import CohortFilter, find_patients

__all__ = [
    "CohortFilter", "StoredDocument", "as_dicts", "document", "documents", "patients", "summary",
    "to_csv",
]


@dataclass(frozen=True)
class StoredDocument:
    id: str
    status: str  # ok or error
    result: dict[str, Any] | None  # the document result (status ok)
    error: str | None
    hint: str | None


@contextmanager
def _store(url: str) -> Iterator[Store]:
    with open_store(url, read_only=True) as store:
        yield store


def documents(url: str, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    """How many documents are stored, and one page of them by id."""
    with _store(url) as store:
        total = store.query("SELECT count(*) FROM documents").rows[0][0]
        page = store.query(
            "SELECT id, status, doc_type, note_date, source, format, error, processed_at "
            "FROM documents ORDER BY id LIMIT ? OFFSET ?",
            [limit, offset],
        )
    rows = as_dicts(page)
    for row in rows:
        row["processed_at"] = row["processed_at"] and str(row["processed_at"])
    return int(total), rows


def document(url: str, doc_id: str) -> StoredDocument | None:
    """One stored document, or None."""
    with _store(url) as store:
        rows = store.query(
            "SELECT id, status, result, error, hint FROM documents WHERE id = ?", [doc_id]
        ).rows
    if not rows:
        return None
    found, status, result, error, hint = rows[0]
    return StoredDocument(found, status, json.loads(result) if result else None, error, hint)


def patients(url: str, cohort: CohortFilter) -> QueryResult:
    """The patient records that meet every condition of `cohort` (as `oncofr query`)."""
    with _store(url) as store:
        return find_patients(store, cohort)


def summary(url: str, cohort: CohortFilter) -> dict[str, Any]:
    """Counts for the charts of the patients that meet `cohort`: how many patient records have
    each primary site, metastatic site and treatment, and how many treatments had each best
    response."""
    with _store(url) as store:
        matching = as_dicts(find_patients(store, cohort))
        total = store.query("SELECT count(*) FROM documents WHERE status = 'ok'").rows[0][0]
        ids = {row["doc_id"] for row in matching}
        primary = _tally(store, "SELECT doc_id, topography_code FROM tumours", ids)
        metastatic = _tally(store, "SELECT doc_id, topography_code FROM metastases", ids)
        treatments = _tally(store, "SELECT doc_id, name FROM treatments", ids)
        responses = Counter(
            response
            for doc_id, response in store.query(
                "SELECT doc_id, upper(best_response) FROM treatments "
                "WHERE best_response IS NOT NULL"
            ).rows
            if doc_id in ids
        )
    names = site_names()
    for item in (*primary, *metastatic):
        item["label"] = names.get(item["key"])
    return {
        "total": int(total),
        "patients": len(matching),
        "sex": dict(Counter(row["sex"] for row in matching if row["sex"])),
        "primary_sites": primary,
        "metastasis_sites": metastatic,
        "treatments": treatments,
        "responses": [{"key": key, "count": count} for key, count in responses.most_common()],
    }


def to_csv(result: QueryResult) -> str:
    """Query rows as CSV text (the columns of `oncofr query --csv`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(result.columns)
    writer.writerows(result.rows)
    return buffer.getvalue()


def _tally(store: Store, sql: str, ids: set[str]) -> list[dict[str, Any]]:
    """(doc_id, key) rows -> how many of the `ids` documents have each key, most first."""
    pairs = {(doc_id, key) for doc_id, key in store.query(sql).rows if doc_id in ids and key}
    counts = Counter(key for _, key in pairs)
    return [{"key": key, "count": count} for key, count in counts.most_common()]


def as_dicts(result: QueryResult) -> list[dict[str, Any]]:
    """Rows as dicts keyed by column."""
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]
