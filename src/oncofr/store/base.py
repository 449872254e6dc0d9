"""The store interface: one SQL database holding the cohort tables (DuckDB or PostgreSQL).

SQL given to a store uses `?` placeholders whatever the backend; values are always bound, never
formatted into the text.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Self


@dataclass(frozen=True)
class QueryResult:
    """Rows of a query with their column names."""

    columns: list[str]
    rows: list[tuple[Any, ...]]


class Store(ABC):
    """A connection to a cohort database."""

    url: str

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement (or a parameterless script of several)."""

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> QueryResult:
        """Run a query and fetch all its rows."""

    @abstractmethod
    def insert_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Bulk-insert rows (dicts keyed by column name) into one of the store's tables."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """Everything done inside is committed together, or not at all."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def utc_now() -> datetime:
    """The store's timestamps: UTC, without a time zone (portable TIMESTAMP)."""
    return datetime.now(UTC).replace(tzinfo=None)
