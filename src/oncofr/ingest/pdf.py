"""PDF to text with pypdf (text layer only; scanned PDFs need OCR first)."""

from __future__ import annotations

import io
import logging

from oncofr.ingest.errors import InputError


def pdf_to_text(data: bytes, source: str) -> str:
    """The text layer of every page, pages separated by a blank line."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise InputError(
            source, f"is not a readable PDF ({error})", "check the file or export it again"
        ) from error
    text = "\n\n".join(page.strip("\n") for page in pages)
    if not text.strip():
        raise InputError(
            source,
            "has no text layer (a scanned PDF?)",
            "run OCR on it first (for example ocrmypdf) and give the result",
        )
    return text
