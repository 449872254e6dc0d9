"""Dates found, shifted by one number of days per document, and written back in their format.

Found (on the folded clean view, bounded patterns): « 12/03/2014 », « 12.03.14 », « 2014-03-12 »,
« 03/2014 », « (mardi) 12 mars 2014 », « 1er févr. 2015 », « mars 2014 », « 12 mars », and a year
after a date word of `privacy_cues.tsv` (« en 2013 », « depuis 2010 », « mi-2015 », « de 2012
à 2014 »). Ages and durations are not dates and are left alone.

Shifted (`shift_date`): a full date moves by the document's shift (183 to 350 days, forward or
back, so every written date changes and intervals between full dates are kept); a month moves
with its 15th day; a year alone moves one year in the direction of the shift. A day and month
without year take it from the previous date or the note date (as `recognize.dates` does).
"""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from oncofr.clean.text import fold
from oncofr.privacy.rules import Found
from oncofr.privacy.vocabulary import alternation, cues, terms
from oncofr.recognize.temporal import PartialDate, complete_year, parse_note_date
from oncofr.recognize.written_dates import full_year

SHIFT_DAYS = (183, 350)
_DEFAULT_YEAR = 2001  # for a day and month with no year anywhere (not a leap year)
_END = r"(?!\w|[/.,-]\d)"
_YEAR = r"(?:19|20)\d\d"
_NUMERIC = tuple(re.compile(pattern) for pattern in (  # d/m/y, y-m-d, m/y (a four-digit year)
    rf"(?<![\w/.,-])(?P<day>[0-3]?\d)(?P<sep>[/.-])(?P<month>[01]?\d)(?P=sep)"
    rf"(?P<year>{_YEAR}|\d\d){_END}",
    rf"(?<![\w/.,-])(?P<year>{_YEAR})(?P<sep>[/.-])(?P<month>[01]?\d)(?P=sep)"
    rf"(?P<day>[0-3]?\d){_END}",
    rf"(?<![\w/.,-])(?P<month>[01]?\d)[/.-](?P<year>{_YEAR}){_END}",
))
_RANGE_LINK = r"(?:-|[ ]-[ ]|[ ]a[ ]|[ ]au[ ]|[ ]et[ ])"


@dataclass
class Written:
    """A date at clean-view `start:end`: its value, where each part (day, month, year,
    weekday) is written, and whether it is all digits (« 05/03/2014 »)."""

    start: int
    end: int
    date: PartialDate
    parts: dict[str, tuple[int, int]]
    numeric: bool = True


def shift_days(seed: str) -> int:
    """The document's shift in days, from its seed: ±183 to ±350."""
    digest = hashlib.sha256(f"date-shift:{seed}".encode()).digest()
    low, high = SHIFT_DAYS
    days = low + int.from_bytes(digest[:4], "big") % (high - low + 1)
    return days if digest[4] % 2 else -days


def shift_date(written: PartialDate, days: int) -> PartialDate:
    """`written` (with its year) moved by `days`, as precise as it was."""
    assert written.year is not None
    if written.month is None:
        return PartialDate(written.year + (1 if days > 0 else -1))
    last_day = calendar.monthrange(written.year, written.month)[1]
    moved = date(written.year, written.month, min(written.day or 15, last_day))
    moved += timedelta(days=days)
    day = moved.day if written.day is not None else None
    return PartialDate(moved.year, moved.month, day)


def shift_note_date(note_date: str | None, days: int) -> str | None:
    """The ISO note date (« 2016-05-01 », « 2016-05 », « 2016 ») shifted, or None."""
    written = parse_note_date(note_date)
    if written is None or written.year is None:
        return None
    try:
        return shift_date(written, days).iso()
    except (ValueError, OverflowError):
        return None


def find_dates(text: str, days: int, note_date: str | None = None) -> list[Found]:
    """The dates of the clean view `text`, each with its shifted replacement."""
    folded = fold(text)
    found = [*_numeric(folded), *_worded(folded), *_years(folded)]
    chosen: list[Written] = []
    for written in sorted(found, key=lambda w: (w.start, w.start - w.end)):
        if not chosen or written.start >= chosen[-1].end:
            chosen.append(written)
    note = parse_note_date(note_date)
    anchor = (note, False) if note is not None and note.year is not None else None
    results = []
    for written in chosen:
        moved = shift_date(_with_year(written.date, anchor), days)
        if written.date.year is not None:
            anchor = (written.date, True)
        results.append(Found("date", written.start, written.end,
                             replacement=_render(text, written, moved)))
    return results


def _with_year(found: PartialDate, anchor: tuple[PartialDate, bool] | None) -> PartialDate:
    """A day and month take the year of the previous date (the first such day on or after it)
    or of the note date (the last such day on or before it), as in `recognize.dates`."""
    if found.year is not None:
        return found
    if anchor is None:
        return PartialDate(_DEFAULT_YEAR, found.month, found.day)
    reference, forward = anchor
    return complete_year(found, reference, forward=forward)


def _numeric(folded: str) -> list[Written]:
    found = []
    for pattern in _NUMERIC:
        for match in pattern.finditer(folded):
            groups = match.groupdict()
            year = full_year(groups["year"])  # « 12/03/14 »: 2014, « 12/03/58 »: 1958
            day = int(groups["day"]) if groups.get("day") else None
            written = _valid(year, int(groups["month"]), day)
            if written:
                parts = {name: match.span(name) for name in ("day", "month", "year")
                         if groups.get(name)}
                found.append(Written(match.start(), match.end(), written, parts))
    return found


def _worded(folded: str) -> list[Written]:
    """« mardi 12 mars 2014 », « 1er févr. 2015 », « mars 2014 », « 12 mars »."""
    months = _month_numbers()
    found = []
    for match in _worded_pattern().finditer(folded):
        groups = match.groupdict()
        if not groups["day"] and not groups["year"]:
            continue  # a month name alone (« en mars ») is left as it is
        day = int(groups["day"].removesuffix("er")) if groups["day"] else None
        year = int(groups["year"]) if groups["year"] else None
        written = _valid(year, months[groups["month"].rstrip(".")], day)
        if written:
            parts = {name: match.span(name) for name in ("weekday", "day", "month", "year")
                     if groups[name] and (name != "weekday" or day is not None)}
            found.append(Written(match.start(), match.end(), written, parts, numeric=False))
    return found


def _years(folded: str) -> list[Written]:
    """Four-digit years after a date word (« en 2013 »), and ranges (« de 2012 à 2014 »)."""
    found = []
    for pattern in _year_patterns():
        for match in pattern.finditer(folded):
            for group in ("first", "second"):
                if match.group(group):
                    year = PartialDate(int(match.group(group)))
                    span = match.span(group)
                    found.append(Written(*span, year, {"year": span}))
    return found


def _valid(year: int | None, month: int, day: int | None) -> PartialDate | None:
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return PartialDate(year, month, day)


def _render(text: str, written: Written, moved: PartialDate) -> str:
    """The date as written, each part replaced by its shifted value in the same format."""
    pieces = []
    cursor = written.start
    for name, (start, end) in sorted(written.parts.items(), key=lambda item: item[1]):
        pieces.append(text[cursor:start])
        pieces.append(_render_part(name, text[start:end], moved, written.numeric))
        cursor = end
    pieces.append(text[cursor:written.end])
    return "".join(pieces)


def _render_part(name: str, written: str, moved: PartialDate, numeric: bool) -> str:
    assert moved.year is not None
    if name == "year":
        return f"{moved.year % 100:02d}" if len(written) == 2 else f"{moved.year:04d}"
    assert moved.month is not None
    if name == "weekday":
        assert moved.day is not None
        weekday = date(moved.year, moved.month, moved.day).weekday()
        return _same_case(terms("weekday")[weekday], written)
    value = moved.day if name == "day" else moved.month
    assert value is not None
    if numeric or written.startswith("0"):
        return f"{value:0{len(written)}d}"
    if name == "day":
        return "1er" if value == 1 else str(value)
    abbreviated = fold(written).rstrip(".") in _abbreviations()
    return _same_case(_month_name(value, abbreviated, dot=written.endswith(".")), written)


def _month_name(number: int, abbreviated: bool, dot: bool) -> str:
    names = _month_names()[number]
    name = names[-1] if abbreviated else names[0]  # the full name comes first in the file
    return name if dot or not name.endswith(".") else name[:-1]


def _same_case(word: str, model: str) -> str:
    if model.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


@cache
def _month_names() -> dict[int, list[str]]:
    """Month number -> its name and abbreviations, as written in the file."""
    names: dict[int, list[str]] = {}
    for term, value in cues("month"):
        names.setdefault(int(value), []).append(term)
    return names


@cache
def _month_numbers() -> dict[str, int]:
    """Folded month name or abbreviation (without its dot) -> month number."""
    return {fold(term).rstrip("."): int(value) for term, value in cues("month")}


@cache
def _worded_pattern() -> re.Pattern[str]:
    months = "|".join(
        rf"{re.escape(name)}\.?" if name in _abbreviations() else re.escape(name)
        for name in sorted(_month_numbers(), key=len, reverse=True)
    )
    weekdays = alternation(terms("weekday", folded=True))
    return re.compile(
        rf"(?<!\w)(?:(?P<weekday>{weekdays})[ ])?(?:(?P<day>1er|[0-3]\d|[1-9])[ ])?"
        rf"(?P<month>{months})(?![a-z])(?:[ ](?P<year>{_YEAR})(?!\w))?"
    )


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(fold(term).rstrip(".") for term, _ in cues("month") if term.endswith("."))


@cache
def _year_patterns() -> tuple[re.Pattern[str], ...]:
    """A year after a date word, maybe a range; a range after a word that starts one."""
    cue = alternation(terms("year_cue", folded=True))
    start = alternation(terms("year_range_start", folded=True))
    return (
        re.compile(rf"(?<!\w)(?:{cue})[ -](?P<first>{_YEAR})"
                   rf"(?:{_RANGE_LINK}(?P<second>{_YEAR}))?{_END}"),
        re.compile(rf"(?<!\w)(?:{start})[ ](?P<first>{_YEAR})"
                   rf"{_RANGE_LINK}(?P<second>{_YEAR}){_END}"),
    )
