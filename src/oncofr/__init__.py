"""OncoFR: French oncology clinical text to structured, coded, auditable records."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from oncofr.models import DocumentResult

if TYPE_CHECKING:
    from oncofr.privacy import PseudonymizedText

try:
    __version__ = version("oncofr")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+source"

__all__ = ["DocumentResult", "__version__", "extract", "pseudonymize"]


def extract(
    text: str, note_date: str | None = None, *, doc_id: str = "doc", include_text: bool = False
) -> DocumentResult:
    """Run the default pipeline on one text and return its document result."""
    from oncofr.ingest.sources import RawDocument
    from oncofr.pipeline import default_pipeline

    raw = RawDocument(
        id=doc_id,
        text=text,
        source=None,
        format="txt",
        note_date=note_date,
        carry_text=include_text,
    )
    return default_pipeline().process(raw)


def pseudonymize(
    text: str, note_date: str | None = None, seed: str | None = None
) -> PseudonymizedText:
    """Pseudonymise one text: names, contacts, identifiers replaced, dates shifted
    (docs/privacy.md); `seed` (a document id, say) makes the result reproducible."""
    from oncofr.privacy import pseudonymize as run

    return run(text, note_date, seed=seed)
