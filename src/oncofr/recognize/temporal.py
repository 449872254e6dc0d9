"""Dates and durations (`recognize.dates`): `eds.dates` plus the French clinical forms it misses.

Method
1. `eds.dates` (EDS-NLP) finds absolute dates (« 20.10.2014 », « 22/01/16 », « 12/2011 »,
   « mars 2014 », « 27 février », « 2013 ») and worded relative ones (« hier », « l'année
   suivante », « la semaine dernière »). Its false positives are dropped: a bare year followed
   by a unit (« 2000 UI ») or naming an edition (« OMS 2019 »), two numbers without a
   four-digit year unless « le », « du » or « au » comes before (« 12/15 ganglions »), an
   abbreviated month alone. Its durations are not used (see 2). Its years stop at the year
   after the current one (`19xx`, then each year from 2000 listed): OncoFR widens them to
   2000–2099 (« le 12/03/2031 », « en mars 2030 »); dates after the note date are
   flagged by the quality check.
2. Every amount of time (« 4 mois », « six semaines », « 1 an et demi », « 12 semaines + 2
   jours ») is read by `time_quantities` and classified by its context, replacing whatever
   `eds.dates` found there (it reads « quinze » as 14, « à 3 mois » as the past, « depuis
   4 mois » as a date, « durant l'année » as a duration, and keeps « pendant » in spans):
   - « 3 ans plus tard », « 14 jours après (le traitement) », « 2 mois avant »: a date after or
     before the previous date (the span keeps the adverb); « il y a 3 ans »: before the note
     date, « dans 3 mois »: after it (the span is the amount, as in E3C);
   - otherwise a duration: « depuis 4 mois », « pendant six semaines », « après 3 semaines de
     traitement », « au bout de 5 jours » (spans « 4 mois », « six semaines »…);
   - nothing after « tous les » / « chaque » (a frequency), for a clock time (« à 10 h ») or
     an age (« homme de 55 ans », « décédé à 72 ans »: see `recognize.patient`).
3. « au cours du deuxième mois », « 3ème jour »: the Nth unit after the previous date. « J15 »,
   « j3 post-opératoire »: a day counted from a treatment the text rarely dates (unresolved).
   « début / mi- / fin / courant / été 2015 » widens the date and goes in `attributes.part`
   (early, mid, late, during, summer…); the value stays the year or the month.
4. Values. Absolute dates are as precise as written (`2014-10-20`, `2014-10`, `2014`). A date
   without its year takes it from the previous absolute date (the first such day on or after
   it: stories go forward) or else from the note date (the last such day on or before it).
   A relative date counts from its reference, the previous absolute date (« plus tard »,
   « après », « suivant ») or the note date (« il y a », « dernier », « dans », « hier »), and
   is as precise as both the reference and the unit; without that reference it has no value
   (a story's « 3 ans plus tard » is not counted from the note date). `attributes` keep
   `relative`, `offset` (signed ISO 8601 duration) and `resolved_from` (the anchor mention's
   id, or "note_date"). Durations are ISO 8601 durations (`P6W`, `P1Y6M`, `PT2H`).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Any

from oncofr.clean.text import fold
from oncofr.document import Document
from oncofr.nlp import clean_doc, dates_matcher
from oncofr.recognize.patient import find_ages
from oncofr.recognize.time_quantities import Quantity, find_quantities, iso_duration
from oncofr.registry import factory

Amounts = tuple[tuple[str, float], ...]  # (unit, amount): year, month, week, day, hour, minute

_UNIT_PRECISION = {"year": 1, "month": 2, "week": 3, "day": 3, "hour": 3, "minute": 3}
_MONTHS = {name: number for number, name in enumerate(
    ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
     "octobre", "novembre", "decembre"), start=1)}
_PERIOD_PARTS = {"debut": "early", "mi": "mid", "milieu": "mid", "fin": "late",
                 "courant": "during", "printemps": "spring", "ete": "summer", "automne": "autumn",
                 "hiver": "winter"}
_PERIOD_DATE = re.compile(
    rf"\b(?P<part>{'|'.join(_PERIOD_PARTS)})(?:[ ]de[ ]l'annee[ ]|[ ]de[ ]|[ ]d'|[ ]|-)"
    rf"(?:(?P<month>{'|'.join(_MONTHS)})[ ])?(?P<year>(?:19|20)\d{{2}})(?!\d)"
)
_EDITION_BEFORE = re.compile(
    r"\b(?:oms|who|tnm|ajcc|uicc|figo|isup|recist|classification|version)[ ]$"
)
_YEAR_UNIT_AFTER = re.compile(
    r"[ ]?(?:(?:[mµnpk]?g|ui|u|[mµd]?l|[mµn]?mol|cellules?|cp|mm3?|cm3?|copies|gbq|mbq|c?gy|kcal)"
    r"(?![\w])|[%/])"
)
_EDS_LISTED_YEARS = re.compile(r"2000(?:\|20\d\d)+")  # eds.dates: 2000|2001|…|next year
_ANY_20XX = r"20\d\d"
_SHORT_NUMERIC = re.compile(r"\d{1,2}[/.-]\d{1,2}")
_DAY_ARTICLE_BEFORE = re.compile(r"\b(?:le|du|au)[ ]$")
_ANAPHORIC = re.compile(r"suivante?s?|precedente?s?|plus tard|plus tot")
_FREQUENCY_BEFORE = re.compile(r"(?:\btou(?:s|tes)[ ]les|\bchaque)[ ]$")
_CLOCK_BEFORE = re.compile(r"\b(?:a|vers)[ ]$")
_DURATION_BEFORE = re.compile(r"\b(?:pendant|durant|depuis|pdt)[ ]$")
_AGO_BEFORE = re.compile(r"\bil[ ]y[ ]?a(?:vait)?[ ]$")
_IN_BEFORE = re.compile(r"\bdans[ ]$")
_DIRECTION_AFTER = re.compile(
    r"[ ](?:(?P<later>plus[ ]tard|apres)|(?P<earlier>auparavant|avant|plus[ ]tot))\b"
)
_ORDINAL_WORDS = {"premier": 1, "premiere": 1, "second": 2, "seconde": 2, "deuxieme": 2,
                  "troisieme": 3, "quatrieme": 4, "cinquieme": 5, "sixieme": 6, "septieme": 7,
                  "huitieme": 8, "neuvieme": 9, "dixieme": 10}
_ORDINAL = re.compile(
    rf"(?<![\w-])(?:(?P<word>{'|'.join(_ORDINAL_WORDS)})"
    r"|(?P<digits>\d{1,2})[ ]?(?:ieme|eme|ere|er|re|e))[ ](?P<unit>jour|semaine|mois|annee)(?![\w])"
)
_ORDINAL_UNITS = {"jour": "day", "semaine": "week", "mois": "month", "annee": "year"}
_TREATMENT_DAY = re.compile(
    r"(?<![\w/])(?<!anti[ -])j[ ]?(?P<day>[-+]?\d{1,3})(?!\d)"
    r"(?:[ ](?:du[ ])?post[ -]?op(?:eratoire)?\b)?"
)


@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> int:
        """0 (nothing), 1 (year), 2 (month) or 3 (day)."""
        return 0 if self.year is None else 1 if self.month is None else 2 if self.day is None else 3

    def iso(self) -> str | None:
        if self.year is None:
            return None
        parts = (f"{self.year:04d}", f"{self.month or 0:02d}", f"{self.day or 0:02d}")
        return "-".join(parts[: self.precision])

    def truncated(self, precision: int) -> PartialDate:
        month = self.month if precision >= 2 else None
        return PartialDate(self.year, month, self.day if precision >= 3 else None)


@dataclass(frozen=True)
class Expression:
    """A temporal expression at clean-view `start:end`.

    `kind` is "absolute" (`date` as written), "relative" (`amounts` from its `reference`: the
    "previous" absolute date, the "note" date, or "unknown") or "duration" (`amounts`).
    """

    start: int
    end: int
    kind: str
    date: PartialDate = PartialDate()
    amounts: Amounts = ()
    direction: int = 1
    reference: str = "previous"
    part: str | None = None


def parse_note_date(value: str | None) -> PartialDate | None:
    """« 2016-05-01 », « 2016-05 » or « 2016 » as a `PartialDate`."""
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value or "")
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    return PartialDate(year, month, day)


def find_expressions(document: Document) -> list[Expression]:
    """The document's temporal expressions, in text order, without overlaps or ages."""
    text = document.text
    folded = fold(text)
    ours = [*_from_quantities(folded, find_quantities(text)), *_ordinals(folded),
            *_treatment_days(folded), *_period_dates(folded)]
    matcher = dates_matcher(absolute_date_patterns())
    theirs = _from_eds(folded, matcher.process(clean_doc(document)))
    ages = [(age.start, age.end) for age in find_ages(document)]
    chosen: list[Expression] = []
    for expression in sorted(ours, key=_longest_first) + sorted(theirs, key=_longest_first):
        spans = [(e.start, e.end) for e in chosen] + ages
        if not any(expression.start < end and start < expression.end for start, end in spans):
            chosen.append(expression)
    return sorted(chosen, key=lambda e: e.start)


@cache
def absolute_date_patterns() -> tuple[str, ...]:
    """The absolute-date patterns of `eds.dates` with every year from 2000 to 2099.

    Its own list the years from 2000 to the year after the one it was imported in, so a date
    such as « 12/03/2031 » was not found and « mars 2030 » became « mars »."""
    from edsnlp.pipes.misc.dates import patterns

    widened = []
    for pattern in patterns.absolute_pattern:
        pattern, count = _EDS_LISTED_YEARS.subn(lambda _: _ANY_20XX, pattern)
        if "(?P<year>" in pattern and not count and _ANY_20XX not in pattern:
            raise RuntimeError("eds.dates: unknown year pattern; update absolute_date_patterns")
        widened.append(pattern)
    return tuple(widened)


def _longest_first(expression: Expression) -> tuple[int, int]:
    return expression.start - expression.end, expression.start


def _from_quantities(folded: str, quantities: Iterable[Quantity]) -> list[Expression]:
    return [e for e in (_from_quantity(folded, q) for q in quantities) if e is not None]


def _from_quantity(folded: str, quantity: Quantity) -> Expression | None:
    """A duration, a relative date or nothing (a frequency, a clock time), from its context."""
    before = folded[max(0, quantity.start - 20):quantity.start]
    amounts = quantity.amounts
    if _FREQUENCY_BEFORE.search(before):
        return None
    if quantity.unit == "hour" and _CLOCK_BEFORE.search(before):
        return None
    if _DURATION_BEFORE.search(before):
        return Expression(quantity.start, quantity.end, "duration", amounts=amounts)
    if _AGO_BEFORE.search(before):
        return Expression(quantity.start, quantity.end, "relative", amounts=amounts, direction=-1,
                          reference="note")
    direction = _DIRECTION_AFTER.match(folded, quantity.end)
    if direction:
        sign = 1 if direction.group("later") else -1
        return Expression(quantity.start, direction.end(), "relative", amounts=amounts,
                          direction=sign)
    if _IN_BEFORE.search(before):
        return Expression(quantity.start, quantity.end, "relative", amounts=amounts,
                          reference="note")
    return Expression(quantity.start, quantity.end, "duration", amounts=amounts)


def _ordinals(folded: str) -> list[Expression]:
    """« deuxième mois » → one month after the previous date (the first unit is the date's own)."""
    found = []
    for match in _ORDINAL.finditer(folded):
        word = match.group("word")
        rank = _ORDINAL_WORDS[word] if word else int(match.group("digits"))
        amounts = ((_ORDINAL_UNITS[match.group("unit")], rank - 1.0),)
        found.append(Expression(match.start(), match.end(), "relative", amounts=amounts))
    return found


def _treatment_days(folded: str) -> list[Expression]:
    """« J15 », « J-3 »: days counted from a treatment's start, which the text rarely dates."""
    found = []
    for match in _TREATMENT_DAY.finditer(folded):
        day = int(match.group("day"))
        amounts = (("day", float(abs(day))),)
        found.append(Expression(match.start(), match.end(), "relative", amounts=amounts,
                                direction=-1 if day < 0 else 1, reference="unknown"))
    return found


def _period_dates(folded: str) -> list[Expression]:
    """« début 2016 », « mi-2015 », « fin mars 2014 », « été 2012 »: the date with its part."""
    found = []
    for match in _PERIOD_DATE.finditer(folded):
        month = _MONTHS[match.group("month")] if match.group("month") else None
        written = PartialDate(int(match.group("year")), month)
        found.append(Expression(match.start(), match.end(), "absolute", date=written,
                                part=_PERIOD_PARTS[match.group("part")]))
    return found


def _from_eds(folded: str, spans: list[Any]) -> list[Expression]:
    """`eds.dates` spans as expressions, false positives left out."""
    found = []
    for span in spans:
        expression = _eds_expression(folded, span)
        if expression is not None and _plausible(folded, expression):
            found.append(expression)
    return found


def _eds_expression(folded: str, span: Any) -> Expression | None:
    start, end = span.start_char, span.end_char
    if span.label_ == "duration":
        return None  # ours read every amount of time; its own take « durant l'année » for one
    parsed = span._.date
    if parsed.mode.value == "absolute":
        written = PartialDate(parsed.year, parsed.month, parsed.day)
        return Expression(start, end, "absolute", date=written)
    reference = "previous" if _ANAPHORIC.search(folded, start, end) else "note"
    direction = -1 if parsed.direction.value == "past" else 1
    return Expression(start, end, "relative", amounts=_eds_amounts(parsed), direction=direction,
                      reference=reference)


def _eds_amounts(parsed: Any) -> Amounts:
    fields = ("year", "month", "week", "day", "hour", "minute")
    return tuple((field, float(getattr(parsed, field))) for field in fields
                 if getattr(parsed, field, None) is not None)


def _plausible(folded: str, expression: Expression) -> bool:
    """False for the known false positives of `eds.dates` (see the module docstring)."""
    if expression.kind != "absolute":
        return True
    written = folded[expression.start:expression.end]
    found = expression.date
    if found.month is None:
        before = folded[max(0, expression.start - 16):expression.start]
        return (found.year is not None and not _YEAR_UNIT_AFTER.match(folded, expression.end)
                and not _EDITION_BEFORE.search(before))
    if found.year is None and found.day is None:
        return written.rstrip(".") in _MONTHS
    if _SHORT_NUMERIC.fullmatch(written):
        return bool(_DAY_ARTICLE_BEFORE.search(folded, max(0, expression.start - 8),
                                               expression.start))
    return True


def shift(anchor: PartialDate, amounts: Amounts, direction: int) -> PartialDate:
    """`anchor` moved by `amounts`, as precise as both the anchor and the finest unit."""
    assert anchor.year is not None
    total = dict(amounts)
    months = (total.get("year", 0.0) * 12 + total.get("month", 0.0)) * direction
    whole_months = int(months)
    days = (months - whole_months) * 30 + (total.get("week", 0.0) * 7 + total.get("day", 0.0)
                                          + total.get("hour", 0.0) / 24) * direction
    year, month = divmod(anchor.year * 12 + (anchor.month or 1) - 1 + whole_months, 12)
    month += 1
    day = min(anchor.day or 1, calendar.monthrange(year, month)[1])
    moved = date(year, month, day) + timedelta(days=int(days))
    finest = max((_UNIT_PRECISION[unit] for unit, _ in amounts), default=1)
    return PartialDate(moved.year, moved.month, moved.day).truncated(min(anchor.precision, finest))


def complete_year(found: PartialDate, anchor: PartialDate, forward: bool) -> PartialDate:
    """Give `found` (month, maybe day) the year of `anchor`: the first such date on or after
    it (`forward`, an anchor earlier in the text) or the last on or before it (the note date)."""
    assert anchor.year is not None and found.month is not None
    written = (found.month, found.day or 1)
    if forward:
        year = anchor.year + (written < (anchor.month or 1, anchor.day or 1))
    else:
        year = anchor.year - (written > (anchor.month or 12, anchor.day or 31))
    return replace(found, year=year)


Resolution = tuple[PartialDate | None, dict[str, Any]]  # a date's value and its attributes


@dataclass
class _Anchors:
    """The references relative dates are counted from, with their mention ids."""

    note: PartialDate | None
    previous: PartialDate | None = None
    previous_id: str | None = None

    def for_reference(self, reference: str) -> tuple[PartialDate, str] | None:
        if reference == "previous" and self.previous is not None and self.previous_id is not None:
            return self.previous, self.previous_id
        if reference == "note" and self.note is not None:
            return self.note, "note_date"
        return None


def _absolute(expression: Expression, anchors: _Anchors) -> Resolution:
    attributes: dict[str, Any] = {"part": expression.part} if expression.part else {}
    if expression.date.year is not None:
        return expression.date, attributes
    anchor = anchors.for_reference("previous") or anchors.for_reference("note")
    if anchor is None:
        return None, attributes
    reference, source = anchor
    return complete_year(expression.date, reference, forward=source != "note_date"), {
        **attributes, "resolved_from": source}


def _relative(expression: Expression, anchors: _Anchors) -> Resolution:
    offset = iso_duration(dict(expression.amounts))
    sign = "" if expression.direction > 0 else "-"
    attributes: dict[str, Any] = {"relative": True, "offset": sign + offset}
    anchor = anchors.for_reference(expression.reference)
    if anchor is None:
        return None, attributes
    reference, source = anchor
    moved = shift(reference, expression.amounts, expression.direction)
    return moved, {**attributes, "resolved_from": source}


def add_mentions(document: Document, expressions: list[Expression]) -> None:
    """Add `date` and `duration` mentions, resolving dates against earlier ones in text order."""
    anchors = _Anchors(note=parse_note_date(document.meta.note_date))
    for expression in expressions:
        if expression.kind == "duration":
            document.add_mention("duration", expression.start, expression.end,
                                 value=iso_duration(dict(expression.amounts)))
            continue
        resolve = _absolute if expression.kind == "absolute" else _relative
        resolved, attributes = resolve(expression, anchors)
        value = resolved.iso() if resolved else None
        mention = document.add_mention("date", expression.start, expression.end, value=value,
                                       attributes=attributes)
        if expression.kind == "absolute" and resolved is not None:
            anchors.previous, anchors.previous_id = resolved, mention.id


@factory("recognize.dates")
def make_dates():
    """Add `date` mentions (ISO 8601 value) and `duration` mentions (ISO 8601 duration)."""

    def dates(document: Document) -> None:
        add_mentions(document, find_expressions(document))

    return dates
