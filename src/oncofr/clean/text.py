"""Offset-keeping text cleaning.

Recognisers read a *clean view* of the document (typographic quotes straightened, ligatures
expanded, odd spaces made plain, lines broken in the middle of a sentence joined). Every character
of the clean view remembers the index of the original character it comes from, so a span found
in the clean view maps back to exact original offsets.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import TypeVar


def _with_identity(table: dict[int, str]) -> dict[int, str]:
    """`table` with every other character up to U+024F (Latin) mapped to itself: `str.translate`
    runs twice as fast on French text when it finds each character it looks up."""
    return {**{code: chr(code) for code in range(0x250)}, **table}


# One original character -> one clean character.
_SAME_LENGTH = _with_identity(str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space (French « 12 h »)
        "\u2009": " ",  # thin space
        "\u2007": " ",
        "\u200a": " ",
        "\t": " ",
        "\u2018": "'",
        "\u2019": "'",  # typographic apostrophe: « l’iléon »
        "\u02bc": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",  # minus sign
        "\u00d7": "x",  # « 6 × 6 cm »
        "\r": "\n",
        "\u2028": "\n",
        "\u2029": "\n",
        "\u00b2": "2",  # m²
        "\u00b3": "3",  # mm³
    }
))
# One original character -> several (or zero) clean characters.
_EXPANSIONS = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u2026": "...",
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
    "\ufeff": "",  # stray byte-order mark
}
# What `clean_text` looks at one by one: the characters expanded, and every character from U+0300
# on, where combining marks begin; the runs of characters between them are copied as they are.
_EXPANDED_OR_COMBINING = re.compile(
    "[" + "".join(map(re.escape, _EXPANSIONS)) + "\u0300-\U0010ffff]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A line break inside a sentence: the previous line does not end a sentence or a heading-like
# line, and the next line goes on in lower case (or with a digit or an opening bracket).
# A digit goes on the sentence (« de\n12 patients ») unless it numbers a list (« 4 Gustave… »).
_SOFT_BREAK = re.compile(
    r"(?<=[^\s.!?:;])[ ]*\n(?:[ ]*\n){0,4}[ ]*"
    r"(?=[a-zàâäçéèêëîïôöùûüÿœæ(\[«]|\d(?!\d{0,2}[ .)]+[A-ZÀ-Ý]))"
)
# Lines wrapped inside a sentence are long; a shorter line ending in a newline is a heading.
MIN_WRAPPED_LINE = 30
_HYPHEN_BREAK = re.compile(r"(?<=[a-zàâäçéèêëîïôöùûüÿœ])-\n(?=[a-zàâäçéèêëîïôöùûüÿœ])")


@dataclass(frozen=True)
class CleanText:
    """A clean view of `original` with, for each clean character, its original index."""

    original: str
    text: str
    origin: array  # origin[i] = index in `original` of clean character i; len == len(text) + 1

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean-view span to the original span covering the same characters."""
        if end <= start:
            position = self.origin[start]
            return position, position
        return self.origin[start], self.origin[end - 1] + 1

    def original_slice(self, start: int, end: int) -> str:
        a, b = self.to_original(start, end)
        return self.original[a:b]


def clean_text(original: str, join_broken_lines: bool = True) -> CleanText:
    """Build the clean view of `original` (see module docstring for what changes)."""
    pieces: list[str] = []
    origin = array("l")
    copied = 0  # original[:copied] is in `pieces`
    for match in _EXPANDED_OR_COMBINING.finditer(original):
        index, char = match.start(), match.group()
        expansion = _EXPANSIONS.get(char)
        if expansion is None and not unicodedata.combining(char):
            continue  # an ordinary character, copied with the run it belongs to
        pieces.append(original[copied:index])
        origin.extend(_positions(copied, index))
        copied = index + 1
        if expansion is not None:
            pieces.append(expansion)
            origin.extend([index] * len(expansion))
        elif not _compose_with_last(pieces, char):
            pieces.append(char)
            origin.append(index)
    pieces.append(original[copied:])
    origin.extend(_positions(copied, len(original)))
    text = "".join(pieces).translate(_SAME_LENGTH)
    text = _CONTROL.sub(" ", text)
    if join_broken_lines:
        text, origin = _join_lines(text, origin)
    origin.append(len(original))
    return CleanText(original=original, text=text, origin=origin)


_POSITIONS_KEPT = 1 << 20  # at most 8 MB
_positions_made = array("l")


def _positions(start: int, end: int) -> array:
    """`array("l", range(start, end))`, sliced from one kept for the longest text so far
    (building it item by item is a fifth of the cleaning time)."""
    global _positions_made
    made = _positions_made
    if end > len(made):
        if end > _POSITIONS_KEPT:
            return array("l", range(start, end))
        made = _positions_made = array("l", range(min(max(end, 2 * len(made)), _POSITIONS_KEPT)))
    return made[start:end]


def _compose_with_last(pieces: list[str], mark: str) -> bool:
    """Compose the last character written with a combining `mark` (« e » + U+0301 -> « é »), in
    place, so it keeps the base's origin; False when nothing is written yet or they do not
    compose into one character."""
    last = next((i for i in range(len(pieces) - 1, -1, -1) if pieces[i]), None)
    if last is None:
        return False
    composed = unicodedata.normalize("NFC", pieces[last][-1] + mark)
    if len(composed) != 1:
        return False
    pieces[last] = pieces[last][:-1] + composed
    return True


def _join_lines(text: str, origin: array) -> tuple[str, array]:
    """Drop the newline of a hyphenated break, then replace soft breaks by spaces."""
    # « chimio-\nembolisation » loses its newline, so the origin array is rebuilt around it.
    cuts = [m.start() + 1 for m in _HYPHEN_BREAK.finditer(text)] if "-\n" in text else []
    if cuts:
        kept_text: list[str] = []
        kept_origin = array("l")
        previous = 0
        for cut in cuts:
            kept_text.append(text[previous:cut])
            kept_origin.extend(origin[previous:cut])
            previous = cut + 1
        kept_text.append(text[previous:])
        kept_origin.extend(origin[previous:])
        text, origin = "".join(kept_text), kept_origin
    # A soft break becomes as many spaces as it had characters.
    return _SOFT_BREAK.sub(lambda m: _soften(text, m), text), origin


def _soften(text: str, match: re.Match[str]) -> str:
    """Spaces for a soft break, unless the line before is short (a heading or a label)."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    if match.start() - line_start < MIN_WRAPPED_LINE:
        return match.group(0)
    return " " * len(match.group(0))


def _fold_table() -> dict[int, str]:
    """Lower case without accents, one character for one (so offsets are unchanged)."""
    table: dict[int, str] = {}
    for code in range(0x41, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0].lower()
        if len(base) == 1 and base != char:
            table[code] = base
    table[ord("Œ")] = "œ"
    table[ord("Æ")] = "æ"
    return table


_FOLD = _with_identity(_fold_table())


Result = TypeVar("Result")
LONG_TEXT = 1_000  # characters from which a text counts as long
LONG_TEXTS_KEPT = 4  # a document's text, its folded view and variants of them
SHORT_TEXTS_KEPT = 4_096


def remember_last_long_text(function: Callable[[str], Result]) -> Callable[[str], Result]:
    """Keep `function`'s results for the last few long texts it was given (the stages of one
    document ask the same thing of the same text) and for the last 4,096 short ones (terms,
    windows). Memory stays bounded: a few documents' results and about 4 MB of short texts."""
    recent: list[tuple[str, Result]] = []  # long texts, most recent first
    lock = threading.Lock()  # the web server runs documents in threads
    short = lru_cache(maxsize=SHORT_TEXTS_KEPT)(function)

    @wraps(function)
    def remembered(text: str) -> Result:
        if len(text) < LONG_TEXT:
            return short(text)
        with lock:
            for index, (seen, result) in enumerate(recent):
                if seen is text or seen == text:
                    recent.insert(0, recent.pop(index))
                    return result
        result = function(text)
        with lock:
            recent[:] = [(text, result), *recent[:LONG_TEXTS_KEPT - 1]]
        return result

    return remembered


@remember_last_long_text
def fold(text: str) -> str:
    """`text` in lower case without accents, same length: « Métastase » -> « metastase »."""
    return text.translate(_FOLD)
