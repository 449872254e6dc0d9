"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252/Latin-1."""

from __future__ import annotations

import codecs

from oncofr.ingest.errors import InputError

# Encodings tried after UTF-8 fails; French legacy files are nearly always Windows-1252.
_LEGACY_ENCODINGS = ["cp1252", "latin_1"]
_MAX_CONTROL_RATIO = 0.01


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode `data`, returning `(text, encoding)`; raise `InputError` for binary data."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise InputError(
                source,
                f"starts like UTF-16 text but is not valid UTF-16 ({error.reason})",
                "convert it to UTF-8 (for example with iconv) and try again",
            ) from error
    if b"\x00" in data[:65536]:
        raise InputError(
            source,
            "looks like a binary file (it contains NUL bytes)",
            "give a text, HTML, PDF or JSONL file",
        )
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _detect_legacy(data)
    text = data.decode(encoding)
    if _control_ratio(text) > _MAX_CONTROL_RATIO:
        raise InputError(
            source,
            "is neither UTF-8 nor Windows-1252/Latin-1 text (too many control characters)",
            "convert it to UTF-8 (for example with iconv) and try again",
        )
    return text, encoding


def _detect_legacy(data: bytes) -> str:
    """Pick a legacy encoding with charset-normalizer among those French files use."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_LEGACY_ENCODINGS).best()
    return best.encoding if best is not None else "latin_1"


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\n\r\t\f")
    controls += sum(1 for char in text if 0x80 <= ord(char) < 0xA0)
    return controls / len(text)
