"""The store interface: one SQL database holding the cohort tables (DuckDB or PostgreSQL).

SQL given to a store uses `?` placeholders whatever the backend; values are always bound, never
formatted into the text.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Self


@dataclass(frozen=True)
class QueryResult:
    """Rows of a query with their column names."""

    columns: list[str]
    rows: list[tuple[Any, ...]]


RESUME_HINT = (
    "what was reported done is stored; once the database is back (server, connection, disk "
    "space), run the same command again: it goes on where it stopped"
)


class StoreError(RuntimeError):
    """The store itself failed or cannot be opened (a closed connection, a full disk, a stopped
    server, a newer schema), as opposed to one statement or one document's values. What was
    committed before stays committed."""

    def __init__(self, url: str, reason: str, hint: str = RESUME_HINT) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.reason, self.hint = url, reason, hint


class Store(ABC):
    """A connection to a cohort database."""

    url: str

    @abstractmethod
    def lost(self, error: Exception) -> bool:
        """Whether `error` is a failure of the store itself (connection, disk, server)."""

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Raise the store's own failures in the body as `StoreError`; leave the others."""
        try:
            yield
        except StoreError:
            raise
        except Exception as error:
            if not self.lost(error):
                raise
            raise StoreError(self.url, first_line(error)) from error

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


def first_line(error: BaseException) -> str:
    """An error's first line (drivers add details and context on the next ones); an OS error's
    reason without its number."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
