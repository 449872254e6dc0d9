"""Pseudonymise one text: find identifiers and dates, keep one per place, replace them."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from oncofr.clean.text import CleanText, clean_text, fold
from oncofr.privacy.dates import find_dates, shift_days, shift_note_date
from oncofr.privacy.offsets import PseudonymizedText, Replacement
from oncofr.privacy.rules import Found, find_identifiers
from oncofr.privacy.surrogates import Surrogates

# Where two finds overlap, the earlier wins, then the longer, then the first kind here.
PRIORITY = ("url", "email", "identifier", "nir", "phone", "address", "date", "name")


def document_seed(doc_id: str, secret: str | None = None) -> str:
    """The seed of a document: its id, keyed with `secret` (HMAC-SHA256) when given."""
    if not secret:
        return doc_id
    return hmac.new(secret.encode(), doc_id.encode(), hashlib.sha256).hexdigest()


def pseudonymize(
    text: str, note_date: str | None = None, seed: str | None = None
) -> PseudonymizedText:
    """Replace the names, contacts, identifiers and dates of `text` (docs/privacy.md).

    `seed` fixes the date shift and the fake names (the same seed gives the same output);
    without one they are random.
    """
    seed = secrets.token_hex(16) if seed is None else seed
    days = shift_days(seed)
    clean = clean_text(text)
    found = _choose([*find_identifiers(clean.text), *find_dates(clean.text, days, note_date)])
    names = frozenset(fold(clean.text[f.start:f.end]) for f in found if f.kind == "name")
    surrogates = Surrogates(seed, avoid=names)
    return _apply(clean, found, surrogates, shift_note_date(note_date, days))


def _choose(found: list[Found]) -> list[Found]:
    """Non-overlapping finds in text order (see `PRIORITY`)."""
    ordered = sorted(found, key=lambda f: (f.start, f.start - f.end, PRIORITY.index(f.kind)))
    chosen: list[Found] = []
    for item in ordered:
        if not chosen or item.start >= chosen[-1].end:
            chosen.append(item)
    return chosen


def _apply(
    clean: CleanText, found: list[Found], surrogates: Surrogates, note_date: str | None
) -> PseudonymizedText:
    """The original text with each find's original span replaced, and the replacements."""
    original = clean.original
    pieces: list[str] = []
    replacements: list[Replacement] = []
    cursor = length = 0
    for item in found:
        start, end = clean.to_original(item.start, item.end)
        if start < cursor:  # two finds inside one original character (a ligature)
            continue
        new = surrogates.replace(item, clean.text[item.start:item.end])
        pieces += [original[cursor:start], new]
        length += start - cursor
        replacements.append(Replacement(item.kind, length, length + len(new), start, end))
        length += len(new)
        cursor = end
    pieces.append(original[cursor:])
    return PseudonymizedText("".join(pieces), note_date, tuple(replacements))
