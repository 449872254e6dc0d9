"""Write document results into a store: idempotent, resumable, one transaction per batch.

`pending` drops the documents already stored with the same content hash (and status ok);
`write` commits complete documents in batches (1, 2, 4… then up to `batch_size` documents, or
what `max_delay` seconds brought) and hands each document on only once its batch is committed,
so whatever a run reports done survives a kill. A changed document's old rows are deleted in
the transaction that inserts its new ones: no document is ever half-written.

A batch the database refuses for a reason of its values (a constraint, an encoding) is written
again one document per transaction: a document whose rows are refused is stored as an error
(reported failed, tried again next run) and the others are stored. A failure of the store
itself (a closed connection, a full disk) is raised as `StoreError`: the run stops, and what
it reported done is stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from time import monotonic

from oncofr.ingest.sources import RawDocument
from oncofr.models import DocumentError, DocumentResult
from oncofr.store.base import Store, StoreError, first_line, utc_now
from oncofr.store.connect import open_store, redact
from oncofr.store.identity import content_hash, pipeline_version
from oncofr.store.rows import DOCUMENT_KEY, TABLES, Row, document_rows

LOOKUP_SIZE = 16  # documents looked up in the store at once


class StoreWriter:
    """Writes one run's results into `store`; `counts` says what was new, replaced, skipped."""

    def __init__(
        self, store: Store, pipeline_version: str, *, batch_size: int = 100, max_delay: float = 1.0
    ) -> None:
        self.store = store
        self.pipeline_version = pipeline_version
        self.batch_size = batch_size
        self.max_delay = max_delay  # seconds a processed document may wait for its commit
        self.counts: Counter[str] = Counter()
        self._hashes: dict[str, str] = {}  # content hashes of documents in flight
        self._stored: set[str] = set()  # ids in flight that already have rows

    def pending(
        self, documents: Iterable[RawDocument | DocumentError]
    ) -> Iterator[RawDocument | DocumentError]:
        """The documents still to process: new, changed, or stored with an error."""
        iterator = iter(documents)
        while chunk := list(islice(iterator, LOOKUP_SIZE)):
            stored = self._lookup([document.id for document in chunk])
            for document in chunk:
                if isinstance(document, RawDocument):
                    digest = content_hash(document, self.pipeline_version)
                    if stored.get(document.id) == (digest, "ok"):
                        self.counts["skipped"] += 1
                        continue
                    self._hashes[document.id] = digest
                if document.id in stored:
                    self._stored.add(document.id)
                yield document

    def write(
        self, items: Iterable[DocumentResult | DocumentError]
    ) -> Iterator[DocumentResult | DocumentError]:
        """Store each item; yield it once committed (as a `DocumentError` if its rows were
        refused)."""
        batch: list[DocumentResult | DocumentError] = []
        started = 0.0
        size = 1  # the first batches are small (1, 2, 4… documents): early results are soon safe
        for item in items:
            if not batch:
                started = monotonic()
            batch.append(item)
            if len(batch) >= size or monotonic() - started >= self.max_delay:
                yield from self._commit(batch)
                batch = []
                size = min(2 * size, self.batch_size)
        yield from self._commit(batch)

    def summary(self) -> str:
        counts = self.counts
        return (
            f"{self.store.url}: {counts['new']} new, {counts['replaced']} replaced, "
            f"{counts['skipped']} unchanged (skipped), {counts['error']} with an error"
        )

    def _lookup(self, ids: list[str]) -> dict[str, tuple[str | None, str]]:
        marks = ", ".join("?" * len(ids))
        with self.store.guard():
            rows = self.store.query(
                f"SELECT id, content_hash, status FROM documents WHERE id IN ({marks})", ids
            ).rows
        return {doc_id: (digest, status) for doc_id, digest, status in rows}

    def _commit(
        self, batch: list[DocumentResult | DocumentError]
    ) -> list[DocumentResult | DocumentError]:
        """Store `batch` in one transaction, or else one document per transaction; return the
        items as stored."""
        try:
            self._store(batch)
        except StoreError:
            raise
        except Exception as error:  # values refused: one document per transaction finds whose
            if len(batch) > 1:
                return [item for one in batch for item in self._commit([one])]
            refused = _refused(batch[0], error)
            try:
                self._store([refused])
            except StoreError:
                raise
            except Exception:  # not even its error: reported failed, tried again next run
                self._forget(batch)
            return [refused]
        return batch

    def _store(self, batch: list[DocumentResult | DocumentError]) -> None:
        """Write whole documents in one transaction (replacing their old rows); count them."""
        if not batch:
            return
        now = utc_now()
        tables: dict[str, list[Row]] = {table: [] for table in TABLES}
        for item in batch:
            rows = document_rows(
                item,
                content_hash=self._hashes.get(item.id),
                pipeline_version=self.pipeline_version,
                processed_at=now,
            )
            for table, table_rows in rows.items():
                tables[table].extend(table_rows)
        replaced = [item.id for item in batch if item.id in self._stored]
        with self.store.guard(), self.store.transaction():
            if replaced:
                self._delete(replaced)
            for table, table_rows in tables.items():
                if table_rows:
                    self.store.insert_rows(table, table_rows)
        self._forget(batch)
        self.counts["replaced"] += len(replaced)
        self.counts["new"] += len(batch) - len(replaced)
        self.counts["error"] += sum(isinstance(item, DocumentError) for item in batch)

    def _forget(self, batch: list[DocumentResult | DocumentError]) -> None:
        for item in batch:
            self._hashes.pop(item.id, None)
            self._stored.discard(item.id)

    def _delete(self, ids: list[str]) -> None:
        marks = ", ".join("?" * len(ids))
        for table in TABLES:
            self.store.execute(f"DELETE FROM {table} WHERE {DOCUMENT_KEY[table]} IN ({marks})", ids)


def _refused(item: DocumentResult | DocumentError, error: Exception) -> DocumentError:
    """What is stored and reported for a document whose rows the database refused."""
    source = item.source if isinstance(item, DocumentError) else item.meta.source
    return DocumentError(
        id=item.id,
        source=source,
        error=f"{source or item.id}: could not be stored: {first_line(error)}",
        hint="please report this document's shape to the OncoFR issue tracker",
    )


@contextmanager
def open_writer(url: str, pipeline: Path | None = None) -> Iterator[StoreWriter]:
    """A writer on the store at `url` for a run of `pipeline` (default: the built-in one).
    A store that cannot be opened raises `StoreError`."""
    try:
        store = open_store(url)
    except StoreError:
        raise
    except Exception as error:  # refused, locked by another process, not a database
        raise StoreError(
            redact(url),
            f"cannot open the store: {first_line(error)}",
            "check the path or URL, the server, and that no other run writes this store",
        ) from error
    with store:
        yield StoreWriter(store, pipeline_version(pipeline))
