"""Dates and durations (`recognize.dates`): written dates, amounts of time, and their values.

Method
1. `written_dates` finds absolute dates (« 20.10.2014 », « 22/01/16 », « 12/2011 », « mars
   2014 », « 27 février », « 2013 ») and worded relative ones (« hier », « ce jour »,
   « l'année suivante », « la semaine dernière », « le lendemain »), leaving out bare numbers
   that are not dates (« 2000 UI », « OMS 2019 », « 12/15 ganglions »).
2. Every amount of time (« 4 mois », « six semaines », « 1 an et demi », « 12 semaines + 2
   jours ») is read by `time_quantities` and classified by its context:
   - « 3 ans plus tard », « 14 jours après, », « 2 mois avant »: a date after or before the
     previous date (the span keeps the adverb); « il y a 3 ans »: before the note date, « dans
     3 mois »: after it (the span is the amount, as in E3C);
   - « 14 jours après le traitement », « trois semaines avant son hospitalisation », « 10
     minutes après avoir … »: the time between two events, the second named after the
     adverb, which need not be the previous date's: a duration (the amount, as TimeML and
     E3C span it) whose `attributes.relation` is "after" or "before". « Deux mois après la
     patiente … » has no such event: a person opening the next clause leaves the date;
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
   The start of a range written without its year takes the end's (« de mai à novembre
   2016 »: 2016-05, whatever date came before). A relative date counts from its reference,
   the previous absolute date (« plus tard », « après », « suivant ») or the note date
   (« il y a », « dernier », « dans », « hier »), and is as precise as both the reference
   and the unit; without that reference it has no value
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
from typing import Any

from oncofr.document import Document
from oncofr.recognize.patient import find_ages, find_terms
from oncofr.recognize.time_quantities import Quantity, find_quantities, iso_duration
from oncofr.recognize.written_dates import MONTHS, WrittenDate, find_written_dates
from oncofr.registry import factory

Amounts = tuple[tuple[str, float], ...]  # (unit, amount): year, month, week, day, hour, minute

_RANGE_OPEN = re.compile(r"\b(?:de|du|d'|entre)\s{1,2}$|\bd'$")
_RANGE_LINK = re.compile(r"\s{1,2}(?:a|au|et|jusqu'(?:a|au|en)\s{0,2}|jusqu'en)\s{1,2}|\s?-\s?")
_UNIT_PRECISION = {"year": 1, "month": 2, "week": 3, "day": 3, "hour": 3, "minute": 3}
_PERIOD_PARTS = {"debut": "early", "mi": "mid", "milieu": "mid", "fin": "late",
                 "courant": "during", "printemps": "spring", "ete": "summer", "automne": "autumn",
                 "hiver": "winter"}
_PERIOD_DATE = re.compile(
    rf"\b(?P<part>{'|'.join(_PERIOD_PARTS)})(?:[ ]de[ ]l'annee[ ]|[ ]de[ ]|[ ]d'|[ ]|-)"
    rf"(?:(?P<month>{'|'.join(MONTHS)})[ ])?(?P<year>(?:19|20)\d{{2}})(?!\d)"
)
_FREQUENCY_BEFORE = re.compile(r"(?:\btou(?:s|tes)[ ]les|\bchaque)[ ]$")
_CLOCK_BEFORE = re.compile(r"\b(?:a|vers)[ ]$")
_DURATION_BEFORE = re.compile(r"\b(?:pendant|durant|depuis|pdt)[ ]$")
_AGO_BEFORE = re.compile(r"\bil[ ]y[ ]?a(?:vait)?[ ]$")
_IN_BEFORE = re.compile(r"\bdans[ ]$")
_DIRECTION_AFTER = re.compile(
    r"[ ](?:(?P<later>plus[ ]tard|apres)|(?P<earlier>auparavant|avant|plus[ ]tot))\b"
)
# An event named right after « après » / « avant »: a determiner, a possessive or an infinitive.
_NAMED_EVENT_AFTER = re.compile(
    r"[ ](?:l'|(?:le|la|les|un|une|des|du|ce|cet|cette|ces|son|sa|ses|leur|leurs"
    r"|avoir|etre)[ ])"
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
    relation: str | None = None  # a duration between events: "after" or "before" the next one


def parse_note_date(value: str | None) -> PartialDate | None:
    """« 2016-05-01 », « 2016-05 » or « 2016 » as a `PartialDate`."""
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value or "")
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    return PartialDate(year, month, day)


def find_expressions(document: Document) -> list[Expression]:
    """The document's temporal expressions, in text order, without overlaps or ages."""
    text, folded = document.text, document.folded
    person_starts = {term.start for term in find_terms(text) if term.kind in ("person", "title")}
    ours = [*_from_quantities(folded, find_quantities(text), person_starts), *_ordinals(folded),
            *_treatment_days(folded), *_period_dates(folded)]
    written = [_from_written(date) for date in find_written_dates(folded)]
    ages = [(age.start, age.end) for age in find_ages(document)]
    chosen: list[Expression] = []
    for expression in sorted(ours, key=_longest_first) + sorted(written, key=_longest_first):
        spans = [(e.start, e.end) for e in chosen] + ages
        if not any(expression.start < end and start < expression.end for start, end in spans):
            chosen.append(expression)
    return _years_of_ranges(folded, sorted(chosen, key=lambda e: e.start))


def _years_of_ranges(folded: str, expressions: list[Expression]) -> list[Expression]:
    """`expressions` with the start of a range written without its year given the year of
    its end (« de mai à novembre 2016 », « entre novembre et décembre 2015 », « de décembre
    à février 2017 »: the last such date on or before the end)."""
    found = list(expressions)
    for index, (start, end) in enumerate(zip(found, found[1:], strict=False)):
        if (start.kind == "absolute" and end.kind == "absolute"
                and start.date.year is None and start.date.month is not None
                and end.date.year is not None
                and _RANGE_OPEN.search(folded, max(0, start.start - 8), start.start)
                and _RANGE_LINK.fullmatch(folded, start.end, end.start)):
            found[index] = replace(start, date=complete_year(start.date, end.date, False))
    return found


def _longest_first(expression: Expression) -> tuple[int, int]:
    return expression.start - expression.end, expression.start


def _from_quantities(folded: str, quantities: Iterable[Quantity],
                     person_starts: set[int]) -> list[Expression]:
    found = (_from_quantity(folded, quantity, person_starts) for quantity in quantities)
    return [expression for expression in found if expression is not None]


def _from_quantity(folded: str, quantity: Quantity, person_starts: set[int]) -> Expression | None:
    """A duration, a relative date or nothing (a frequency, a clock time), from its context;
    `person_starts` are where person words begin (« la patiente »: a clause, not an event)."""
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
        event = _NAMED_EVENT_AFTER.match(folded, direction.end())
        if event and event.end() not in person_starts:
            return Expression(quantity.start, quantity.end, "duration", amounts=amounts,
                              relation="after" if sign > 0 else "before")
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
        month = MONTHS[match.group("month")] if match.group("month") else None
        written = PartialDate(int(match.group("year")), month)
        found.append(Expression(match.start(), match.end(), "absolute", date=written,
                                part=_PERIOD_PARTS[match.group("part")]))
    return found


def _from_written(written: WrittenDate) -> Expression:
    if not written.relative:
        return Expression(written.start, written.end, "absolute",
                          date=PartialDate(written.year, written.month, written.day))
    return Expression(written.start, written.end, "relative",
                      amounts=((written.unit, float(abs(written.amount))),),
                      direction=-1 if written.amount < 0 else 1, reference=written.reference)


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
            relation = {"relation": expression.relation} if expression.relation else {}
            document.add_mention("duration", expression.start, expression.end,
                                 value=iso_duration(dict(expression.amounts)),
                                 attributes=relation)
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
