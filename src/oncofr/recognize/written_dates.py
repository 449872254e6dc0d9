"""Calendar dates as written and worded relative dates, read from the folded clean view.

Absolute dates, as precise as written:
- numeric « 20.10.2014 », « 22/01/16 », « 2014-10-20 » (ISO), « 12/2011 »; a day and month
  alone (« 3/10 ») only after « le », « du » or « au »;
- worded « 1er juillet 2015 », « 27 février », « mars 2014 », « mars/2014 », « janv. 2016 »,
  a month alone when written in full (« en novembre »);
- a year alone, 1900–2099, unless a unit follows (« 2000 UI ») or an edition precedes it
  (« OMS 2019 »).
Two-digit years are 20yy below 50 and 19yy from 50 on.

Worded relative dates, counted from the note date (« aujourd'hui », « ce jour », « à l'heure
actuelle », « hier », « demain », « la semaine dernière », « l'an prochain ») or from the
previous date of the story (« la veille », « le lendemain », « le mois suivant », « l'année
précédente »).

OncoFR reads these with its own patterns (the standard `re` module, anchored on digits and month
names) rather than EDS-NLP's `eds.dates`: on the shared seeds that pipe took 35 of 81 ms per
document, its year pattern stopped at 2027, and it read « à ce jour » as yesterday and « à
l'heure » as an hour ago (docs/performance.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from oncofr.prefilter import finditer

MONTHS = {name: number for number, name in enumerate(
    ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
     "octobre", "novembre", "decembre"), start=1)}
_ABBREVIATED_MONTHS = {"janv": 1, "fev": 2, "fevr": 2, "mar": 3, "avr": 4, "juil": 7, "sept": 9,
                       "oct": 10, "nov": 11, "dec": 12}
_MONTH_NUMBERS = {**MONTHS, **_ABBREVIATED_MONTHS}
_MONTH_WORD = (
    rf"(?P<month>{'|'.join(sorted(MONTHS, key=len, reverse=True))}"
    rf"|(?P<abbreviated>{'|'.join(sorted(_ABBREVIATED_MONTHS, key=len, reverse=True))})\.?)"
)
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])"
_MONTH = r"(?P<month>1[0-2]|0?[1-9])"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_NOT_AFTER_NUMBER = r"(?<![\w/.,-])"
_NOT_BEFORE_NUMBER = r"(?![\w]|[/.,-]\d)"

_NUMERIC_PATTERNS = (
    re.compile(rf"{_NOT_AFTER_NUMBER}{_DAY}(?P<sep>[/.-]){_MONTH}(?P=sep)"
               rf"(?P<year>(?:19|20)\d{{2}}|\d{{2}}){_NOT_BEFORE_NUMBER}"),
    re.compile(rf"{_NOT_AFTER_NUMBER}{_YEAR}-(?P<month>1[0-2]|0[1-9])-(?P<day>3[01]|[12]\d|0[1-9])"
               rf"{_NOT_BEFORE_NUMBER}"),
    re.compile(rf"{_NOT_AFTER_NUMBER}{_MONTH}[/.-]{_YEAR}{_NOT_BEFORE_NUMBER}"),
    re.compile(rf"{_NOT_AFTER_NUMBER}{_DAY}[/.]{_MONTH}{_NOT_BEFORE_NUMBER}"),
)
_WORDED = re.compile(
    rf"(?<![\w])(?:(?P<day>1er|premier|3[01]|[12]\d|0?[1-9])(?:[ ]{{1,3}}|[/-]))?{_MONTH_WORD}"
    rf"(?:(?:[ ]{{1,3}}|[/-])(?:{_YEAR}|(?P<short_year>\d{{2}})(?![ ]?\w)))?(?![\w])"
)  # a two-digit year ends the clause: « en novembre 15, » but not « le 3 mai 15 patients »
_YEAR_ALONE = re.compile(rf"(?<![\w/.,]){_YEAR}(?![\w]|[/.,]\d)")  # both years of « 2013-2014 »
_DAY_ARTICLE_BEFORE = re.compile(r"\b(?:le|du|au)[ ]$")
_EDITION_BEFORE = re.compile(
    r"\b(?:oms|who|tnm|ajcc|uicc|figo|isup|recist|classification|version)[ ]$"
)
_UNIT_AFTER = re.compile(
    r"[ ]?(?:(?:[mµnpk]?g|ui|u|[mµd]?l|[mµn]?mol|cellules?|cp|mm3?|cm3?|copies|gbq|mbq|c?gy|kcal)"
    r"(?![\w])|[%/])"
)

# Worded relative dates: (pattern, unit, signed amount, reference: "note" or "previous").
_RELATIVE_WORDS = (
    (r"aujourd'hui|(?:a[ ])?ce[ ]jour|a[ ]l'heure[ ]actuelle|a[ ]la[ ]date[ ]du[ ]jour",
     "day", 0, "note"),
    (r"avant[- ]hier", "day", -2, "note"),
    (r"apres[- ]demain", "day", 2, "note"),
    (r"hier", "day", -1, "note"),
    (r"demain", "day", 1, "note"),
    (r"la[ ]veille", "day", -1, "previous"),
    (r"le[ ]surlendemain", "day", 2, "previous"),
    (r"le[ ]lendemain", "day", 1, "previous"),
)
_UNIT_PHRASE = re.compile(
    r"(?<![\w])(?:le[ ](?P<day>jour)|la[ ](?P<week>semaine)|le[ ](?P<month>mois)"
    r"|l'(?P<year>an(?:nee)?))[ ]"
    r"(?:(?P<last>derniere?|passee?)|(?P<next>prochaine?)|(?P<after>suivante?)"
    r"|(?P<before>precedente?))(?![\w])"
)
_THIS_UNIT = re.compile(
    r"(?<![\w])(?:cette[ ](?P<week>semaine)|ce[ ](?P<month>mois)|cette[ ](?P<year>annee))"
    r"(?:-ci)?(?![\w'-])"
)
_UNIT_NAMES = ("day", "week", "month", "year")
_WORD_PATTERN = re.compile(  # one scan for all: group wN is the Nth row of _RELATIVE_WORDS
    "(?<![\\w'-])(?:"
    + "|".join(f"(?P<w{row}>{words})" for row, (words, *_) in enumerate(_RELATIVE_WORDS))
    + ")(?![\\w'-])"
)


@dataclass(frozen=True)
class WrittenDate:
    """A date at clean-view `start:end`: a calendar date (year, month, day as written) or, when
    `relative`, `amount` `unit`s from its `reference` ("note" or "previous")."""

    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    relative: bool = False
    unit: str = "day"
    amount: int = 0
    reference: str = "note"


def find_written_dates(folded: str) -> list[WrittenDate]:
    """Every absolute and worded relative date of `folded` (the folded clean view), longest
    first where they overlap, in text order."""
    found = [*_numeric(folded), *_worded(folded), *_years(folded), *_relative(folded)]
    chosen: list[WrittenDate] = []
    taken: list[tuple[int, int]] = []
    for written in sorted(found, key=lambda d: (d.start - d.end, d.start)):
        if not any(written.start < end and start < written.end for start, end in taken):
            chosen.append(written)
            taken.append((written.start, written.end))
    return sorted(chosen, key=lambda d: d.start)


def full_year(written: str) -> int:
    """« 2014 » -> 2014; a two-digit year is 20yy below 50 and 19yy from 50 on."""
    year = int(written)
    if len(written) > 2:
        return year
    return 2000 + year if year < 50 else 1900 + year


def _numeric(folded: str) -> list[WrittenDate]:
    found = []
    for pattern in _NUMERIC_PATTERNS:
        for match in pattern.finditer(folded):
            groups = match.groupdict()
            if groups.get("year") is None and not _DAY_ARTICLE_BEFORE.search(
                folded, max(0, match.start() - 8), match.start()
            ):
                continue  # « 12/15 ganglions », « 3.5 cm »: a day and month need « le 3/10 »
            found.append(WrittenDate(
                match.start(), match.end(),
                year=full_year(groups["year"]) if groups.get("year") else None,
                month=int(groups["month"]), day=int(groups["day"]) if groups.get("day") else None,
            ))
    return found


def _worded(folded: str) -> list[WrittenDate]:
    found = []
    for match in _WORDED.finditer(folded):
        day, year = match.group("day"), match.group("year") or match.group("short_year")
        if match.group("abbreviated") and day is None and year is None:
            continue  # « oct. » or « nov » alone is too often something else
        month = _MONTH_NUMBERS[match.group("month").rstrip(".")]
        end = match.end()
        if not year and folded[end - 1] == ".":
            end -= 1  # the sentence's full stop after « le 3 mars. »
        found.append(WrittenDate(
            match.start(), end, year=full_year(year) if year else None, month=month,
            day=1 if day in ("1er", "premier") else int(day) if day else None,
        ))
    return found


def _years(folded: str) -> list[WrittenDate]:
    found = []
    for match in _YEAR_ALONE.finditer(folded):
        before = folded[max(0, match.start() - 16):match.start()]
        if _UNIT_AFTER.match(folded, match.end()) or _EDITION_BEFORE.search(before):
            continue
        found.append(WrittenDate(match.start(), match.end(), year=int(match.group("year"))))
    return found


def _relative(folded: str) -> list[WrittenDate]:
    found = []
    for match in finditer(_WORD_PATTERN, folded):
        _, unit, amount, reference = _RELATIVE_WORDS[int(str(match.lastgroup)[1:])]
        found.append(WrittenDate(match.start(), match.end(), relative=True, unit=unit,
                                 amount=amount, reference=reference))
    for match in finditer(_UNIT_PHRASE, folded):
        sign = 1 if match.group("next") or match.group("after") else -1
        reference = "previous" if match.group("after") or match.group("before") else "note"
        found.append(WrittenDate(match.start(), match.end(), relative=True,
                                 unit=_unit_of(match), amount=sign, reference=reference))
    for match in _THIS_UNIT.finditer(folded):
        found.append(WrittenDate(match.start(), match.end(), relative=True, unit=_unit_of(match)))
    return found


def _unit_of(match: re.Match[str]) -> str:
    return next(name for name in _UNIT_NAMES if match.groupdict().get(name))
