"""Build a pipeline from a list of registered components and run it on documents.

Each document has a time budget (`Pipeline.time_limit_s`, 60 s by default): given to
`load_pipeline` and `run_local` (which hands it to its worker processes) and by `oncofr extract
--time-limit`; where none is given, `ONCOFR_TIME_LIMIT` in the environment. It is enforced with
`SIGALRM` (`signal.setitimer`), so only in the main thread of a process on a platform that has
it (Linux, macOS; worker processes of the local engine included); elsewhere (Windows, the web
server's threads) documents run without a limit.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import tomllib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from oncofr import registry
from oncofr.document import Document
from oncofr.ingest.sources import RawDocument
from oncofr.models import DocumentError, DocumentResult, Meta

DEFAULT_CONFIG = Path(__file__).parent / "resources" / "pipeline.toml"
ComponentSettings = dict[str, dict[str, Any]]  # component name -> settings
DEFAULT_TIME_LIMIT_S = 60.0
TIME_LIMIT_ENV = "ONCOFR_TIME_LIMIT"


class DocumentTimeout(Exception):
    """A document ran past its pipeline's time limit."""


@dataclass(frozen=True)
class Pipeline:
    """An ordered list of named components and the time budget of one document (None: none)."""

    components: tuple[tuple[str, registry.Component], ...]
    time_limit_s: float | None = DEFAULT_TIME_LIMIT_S

    @classmethod
    def from_config(cls, config: list[dict[str, Any]],
                    settings: ComponentSettings | None = None) -> Pipeline:
        """Build each component of `config`; `settings` replace or add settings of the
        components they name (a component the pipeline lacks is ignored)."""
        built = []
        for entry in config:
            options = dict(entry)
            name = options.pop("name")
            options.update((settings or {}).get(name, {}))
            built.append((name, registry.create(name, **options)))
        return cls(tuple(built))

    @classmethod
    def from_file(cls, path: Path, settings: ComponentSettings | None = None) -> Pipeline:
        with Path(path).open("rb") as handle:
            config = tomllib.load(handle)
        return cls.from_config(config.get("component", []), settings)

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.components]

    def annotate(self, document: Document) -> None:
        """Run every component on `document`."""
        for _, component in self.components:
            component(document)

    def run(self, document: Document) -> DocumentResult:
        self.annotate(document)
        return document.to_result()

    def process(self, raw: RawDocument) -> DocumentResult:
        meta = Meta(note_date=raw.note_date, source=raw.source, format=raw.format)
        document = Document(id=raw.id, original=raw.text, meta=meta, carry_text=raw.carry_text)
        return self.run(document)

    def process_all(
        self, documents: Iterable[RawDocument | DocumentError]
    ) -> Iterator[DocumentResult | DocumentError]:
        """Process each document; a failure becomes a `DocumentError` and the run goes on."""
        for item in documents:
            if isinstance(item, DocumentError):
                yield item
                continue
            try:
                with time_limit(self.time_limit_s):
                    result = self.process(item)
            except DocumentTimeout:
                yield DocumentError(
                    id=item.id,
                    source=item.source,
                    error=f"{item.source or item.id}: took longer than {self.time_limit_s:g} s",
                    hint="raise --time-limit or split it",
                )
            except Exception as error:  # one bad document never loses the others
                yield DocumentError(
                    id=item.id,
                    source=item.source,
                    error=f"processing failed: {type(error).__name__}: {error}",
                    hint="please report this document's shape to the OncoFR issue tracker",
                )
            else:
                yield result


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `DocumentTimeout` in the body after `seconds`; does nothing when `seconds` is None
    or 0, outside the main thread, or without `SIGALRM`. A timer already set is restored."""
    if (
        not seconds
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise DocumentTimeout(seconds)

    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay:
            left = max(previous_delay - (time.monotonic() - started), 0.001)
            signal.setitimer(signal.ITIMER_REAL, left, previous_interval)


def env_time_limit() -> float | None:
    """The time limit named by `ONCOFR_TIME_LIMIT` (seconds; 0: none), else the default."""
    value = os.environ.get(TIME_LIMIT_ENV)
    return DEFAULT_TIME_LIMIT_S if value is None else float(value) or None


@cache
def default_pipeline() -> Pipeline:
    return Pipeline.from_file(DEFAULT_CONFIG)


def load_pipeline(path: Path | None = None, time_limit: float | None = None,
                  settings: ComponentSettings | None = None) -> Pipeline:
    """The pipeline of `path` (None: the default) with `time_limit` seconds per document (0:
    none; None: the environment's time limit, else the default) and component `settings`
    over those of the file."""
    if path is None and not settings:
        pipeline = default_pipeline()
    else:
        pipeline = Pipeline.from_file(path or DEFAULT_CONFIG, settings)
    return with_time_limit(pipeline, time_limit)


def with_time_limit(pipeline: Pipeline, time_limit: float | None) -> Pipeline:
    """`pipeline` with `time_limit` seconds per document (0: none; None: the environment's time
    limit, else the default)."""
    seconds = env_time_limit() if time_limit is None else time_limit or None
    return replace(pipeline, time_limit_s=seconds)
