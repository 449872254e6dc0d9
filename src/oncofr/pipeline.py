"""Build a pipeline from a list of registered components and run it on documents."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from oncofr import registry
from oncofr.document import Document
from oncofr.ingest.sources import RawDocument
from oncofr.models import DocumentError, DocumentResult, Meta

DEFAULT_CONFIG = Path(__file__).parent / "resources" / "pipeline.toml"


@dataclass(frozen=True)
class Pipeline:
    """An ordered list of named components."""

    components: tuple[tuple[str, registry.Component], ...]

    @classmethod
    def from_config(cls, config: list[dict[str, Any]]) -> Pipeline:
        built = []
        for entry in config:
            options = dict(entry)
            name = options.pop("name")
            built.append((name, registry.create(name, **options)))
        return cls(tuple(built))

    @classmethod
    def from_file(cls, path: Path) -> Pipeline:
        with Path(path).open("rb") as handle:
            config = tomllib.load(handle)
        return cls.from_config(config.get("component", []))

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.components]

    def run(self, document: Document) -> DocumentResult:
        for _, component in self.components:
            component(document)
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
                yield self.process(item)
            except Exception as error:  # one bad document never loses the others
                yield DocumentError(
                    id=item.id,
                    source=item.source,
                    error=f"processing failed: {type(error).__name__}: {error}",
                    hint="please report this document's shape to the OncoFR issue tracker",
                )


@cache
def default_pipeline() -> Pipeline:
    return Pipeline.from_file(DEFAULT_CONFIG)


def load_pipeline(path: Path | None = None) -> Pipeline:
    return default_pipeline() if path is None else Pipeline.from_file(path)
