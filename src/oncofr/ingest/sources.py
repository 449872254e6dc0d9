"""Turn command-line inputs (files, folders, JSONL, standard input) into raw documents.

Every input that cannot be read becomes a `DocumentError` naming it and saying what to do; the
iteration goes on with the next input.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO

from oncofr.ingest.decode import decode_bytes
from oncofr.ingest.errors import InputError
from oncofr.ingest.html import html_to_text
from oncofr.ingest.pdf import pdf_to_text
from oncofr.models import DocumentError

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | JSONL_SUFFIXES
DEFAULT_MAX_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class RawDocument:
    """A document's text and identity, before any processing.

    `text` is the *original text* every offset refers to: the decoded file for text inputs,
    the extracted text for HTML and PDF (which is why those always carry it in the result).
    """

    id: str
    text: str
    source: str | None = None
    format: str = "txt"
    note_date: str | None = None
    carry_text: bool = False


@dataclass(frozen=True)
class IngestOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    include_text: bool = False
    note_date: str | None = None
    exclude: frozenset[Path] = frozenset()  # resolved paths never read (the run's own output)


def iter_documents(
    inputs: list[str], options: IngestOptions, stdin: BinaryIO | None = None
) -> Iterator[RawDocument | DocumentError]:
    """Yield a raw document or an error for each document named by `inputs`."""
    seen_ids: set[str] = set()
    for item in inputs:
        for result in _iter_input(item, options, stdin):
            if isinstance(result, RawDocument) and result.id in seen_ids:
                result = _with_unique_id(result, seen_ids)
            seen_ids.add(result.id)
            yield result


def _iter_input(
    item: str, options: IngestOptions, stdin: BinaryIO | None
) -> Iterator[RawDocument | DocumentError]:
    if item == "-":
        read = partial(_read_stdin, stdin if stdin is not None else sys.stdin.buffer, options)
        yield _guard("stdin", "<stdin>", read)
        return
    path = Path(item)
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and _is_supported(p) and p.resolve() not in options.exclude
        )
        if not files:
            yield DocumentError(
                id=path.name or str(path),
                source=str(path),
                error=f"{path}: folder has no .txt, .md, .html, .pdf or .jsonl file",
                hint="check the folder, or name files directly",
            )
        for file in files:
            yield from _iter_file(file, _relative_id(file, path), options)
        return
    if not path.exists():
        yield DocumentError(
            id=path.stem or item,
            source=item,
            error=f"{item}: no such file or folder",
            hint="check the path",
        )
        return
    yield from _iter_file(path, path.stem, options)


def _iter_file(
    path: Path, doc_id: str, options: IngestOptions
) -> Iterator[RawDocument | DocumentError]:
    source = str(path)
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _iter_jsonl(path, options)
        return
    if suffix not in SUPPORTED_SUFFIXES:
        yield DocumentError(
            id=doc_id,
            source=source,
            error=f"{source}: unsupported file type {suffix or '(none)'!r}",
            hint="give .txt, .md, .html, .pdf or .jsonl files",
        )
        return

    def read() -> RawDocument:
        with path.open("rb") as handle:
            data = _read_limited(handle, source, options.max_bytes)
        return _from_bytes(doc_id, source, data, suffix, options)

    yield _guard(doc_id, source, read)


def _from_bytes(
    doc_id: str, source: str, data: bytes, suffix: str, options: IngestOptions
) -> RawDocument:
    if not data.strip():
        raise InputError(source, "is empty", "remove it from the run or give it some text")
    if suffix in PDF_SUFFIXES or data.startswith(b"%PDF-"):
        text, kind, carry = pdf_to_text(data, source), "pdf", True
    else:
        decoded, _ = decode_bytes(data, source)
        if suffix in HTML_SUFFIXES or _looks_like_html(decoded):
            text, kind, carry = html_to_text(decoded, source), "html", True
        else:
            kind = "md" if suffix == ".md" else "txt"
            text, carry = decoded, options.include_text
    if not text.strip():
        raise InputError(source, "has no text", "remove it from the run or give it some text")
    return RawDocument(
        id=doc_id,
        text=text,
        source=source,
        format=kind,
        note_date=options.note_date,
        carry_text=carry,
    )


def _iter_jsonl(path: Path, options: IngestOptions) -> Iterator[RawDocument | DocumentError]:
    source = str(path)
    try:
        handle = path.open("rb")
    except OSError as error:
        yield DocumentError(
            id=path.stem, source=source, error=f"{source}: {error}", hint="check the file"
        )
        return
    with handle:
        for number, raw_line in enumerate(handle, start=1):
            where = f"{source}:{number}"
            if not raw_line.strip():
                continue
            read = partial(_from_json_line, raw_line, where, options)
            yield _guard(f"{path.stem}:{number}", where, read)


def _from_json_line(raw_line: bytes, where: str, options: IngestOptions) -> RawDocument:
    if len(raw_line) > options.max_bytes:
        raise InputError(
            where,
            f"line is larger than the limit of {options.max_bytes} bytes",
            "split the document or raise --max-bytes",
        )
    try:
        record = json.loads(decode_bytes(raw_line, where)[0])
    except json.JSONDecodeError as error:
        raise InputError(
            where,
            f"is not valid JSON ({error.msg} at column {error.colno})",
            'each line must be one object {"id": ..., "text": ..., "note_date": ...}',
        ) from error
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError(
            where,
            'has no string "text" field',
            'each line must be one object {"id": ..., "text": ..., "note_date": ...}',
        )
    if not record["text"].strip():
        raise InputError(where, "has an empty text", "remove the line or give it some text")
    doc_id = record.get("id")
    if doc_id is None or not str(doc_id).strip():
        raise InputError(where, 'has no "id"', 'give each line an "id"')
    note_date = record.get("note_date") or options.note_date
    return RawDocument(
        id=str(doc_id),
        text=record["text"],
        source=where,
        format="jsonl",
        note_date=str(note_date) if note_date else None,
        carry_text=options.include_text,
    )


def _read_stdin(stream: BinaryIO, options: IngestOptions) -> RawDocument:
    data = _read_limited(stream, "<stdin>", options.max_bytes)
    return _from_bytes("stdin", "<stdin>", data, ".txt", options)


def _guard(
    doc_id: str, source: str, read: Callable[[], RawDocument]
) -> RawDocument | DocumentError:
    """Run `read`, turning an `InputError` or I/O error into a `DocumentError`."""
    try:
        return read()
    except InputError as error:
        return DocumentError(id=doc_id, source=source, error=str(error), hint=error.hint)
    except OSError as error:
        return DocumentError(
            id=doc_id, source=source, error=f"{source}: {error}", hint="check the file"
        )


def _read_limited(stream: BinaryIO, source: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(
            source,
            f"is larger than the limit of {max_bytes} bytes",
            "split the document or raise --max-bytes",
        )
    return data


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def _is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES and not path.name.startswith(".")


def _relative_id(file: Path, root: Path) -> str:
    relative = file.relative_to(root).with_suffix("")
    return relative.as_posix()


def _with_unique_id(document: RawDocument, seen: set[str]) -> RawDocument:
    number = 2
    while f"{document.id}#{number}" in seen:
        number += 1
    return RawDocument(**{**document.__dict__, "id": f"{document.id}#{number}"})
