"""Amounts of time written in French: « 3 ans », « six semaines », « 1 an et demi », « 24h ».

Shared by the date recogniser (durations and relative dates) and the age recogniser. Patterns
read the folded text (lower case, no accents, same offsets as the clean view). Numbers are
digits (« 1,5 ») or French words up to « soixante-neuf » (« vingt-quatre », « vingt et un »).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from oncofr.clean.text import fold

_SMALL_NUMBERS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16,
}
_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
_SMALL = "|".join(sorted(_SMALL_NUMBERS, key=len, reverse=True))
_TEN = "|".join(_TENS)
NUMBER = (
    rf"(?:\d{{1,3}}(?:[.,]\d{{1,2}})?|(?:{_TEN})(?:[ -](?:et[ -])?(?:{_SMALL}))?"
    rf"|dix-(?:sept|huit|neuf)|{_SMALL})"
)
# Folded unit word -> (canonical unit, how many of it one word is).
_UNITS = {
    "an": ("year", 1), "ans": ("year", 1), "annee": ("year", 1), "annees": ("year", 1),
    "semestre": ("month", 6), "semestres": ("month", 6),
    "trimestre": ("month", 3), "trimestres": ("month", 3), "mois": ("month", 1),
    "semaine": ("week", 1), "semaines": ("week", 1), "sem": ("week", 1), "sa": ("week", 1),
    "jour": ("day", 1), "jours": ("day", 1), "j": ("day", 1),
    "heure": ("hour", 1), "heures": ("hour", 1), "h": ("hour", 1),
    "minute": ("minute", 1), "minutes": ("minute", 1), "min": ("minute", 1), "mn": ("minute", 1),
}
UNIT = "|".join(sorted(_UNITS, key=len, reverse=True))
_QUANTITY = re.compile(
    rf"(?<![\w.,/+-])(?P<number>{NUMBER})[ ]?(?P<unit>{UNIT})(?![\w])(?P<half>[ ]et[ ]demie?)?"
)
# « 12 semaines + 2 jours », « 2 ans et 3 mois »: a smaller unit added to the first amount.
_MORE = re.compile(rf"[ ]?(?:\+|et)[ ]?(?P<number>\d{{1,3}}|{_SMALL})[ ]?(?P<unit>{UNIT})(?![\w])")
# A clock time (« 14h30 ») is not an amount of time.
_CLOCK = re.compile(r"\d{1,2}[ ]?h[ ]?\d{2}")


@dataclass(frozen=True)
class Quantity:
    """Amounts of time (`(unit, amount)`, largest unit first) at clean-view `start:end`.

    Units are year, month, week, day, hour and minute.
    """

    start: int
    end: int
    amounts: tuple[tuple[str, float], ...]

    @property
    def unit(self) -> str:
        """The first (largest) unit."""
        return self.amounts[0][0]

    @property
    def amount(self) -> float:
        """The whole quantity in its first unit (« 2 ans et 6 mois » -> 2.5)."""
        return self.total(self.unit)

    def total(self, unit: str) -> float:
        """The whole quantity in `unit` (a month is 1/12 of a year)."""
        days = sum(amount * _DAYS[each] for each, amount in self.amounts)
        return days / _DAYS[unit]


def parse_number(text: str) -> float | None:
    """« 3 » -> 3, « 1,5 » -> 1.5, « vingt-quatre » -> 24, « vingt et un » -> 21."""
    folded = fold(text).strip()
    if folded[:1].isdigit():
        return float(folded.replace(",", "."))
    words = [word for word in re.split(r"[ -]", folded) if word and word != "et"]
    values = [_SMALL_NUMBERS.get(word, _TENS.get(word)) for word in words]
    if not values or None in values:
        return None
    return float(sum(v for v in values if v is not None))


def find_quantities(text: str) -> Iterator[Quantity]:
    """Every « <number> <unit> » in the clean view `text`, clock times left out."""
    folded = fold(text)
    for match in _QUANTITY.finditer(folded):
        if _CLOCK.match(folded, match.start()):
            continue
        first = _amount(match.group("number"), match.group("unit"), bool(match.group("half")))
        if first is None:
            continue
        more = None if match.group("half") else _MORE.match(folded, match.end())
        second = more and _amount(more.group("number"), more.group("unit"), False)
        if more and second and _ORDER.index(second[0]) > _ORDER.index(first[0]):
            yield Quantity(match.start(), more.end(), (first, second))
        else:
            yield Quantity(match.start(), match.end(), (first,))


def _amount(number_text: str, unit_text: str, half: bool) -> tuple[str, float] | None:
    number = parse_number(number_text)
    if number is None:
        return None
    unit, size = _UNITS[unit_text]
    return unit, number * size + (size / 2 if half else 0)


def iso_duration(amounts: dict[str, float]) -> str:
    """ISO 8601 duration of `{unit: amount}`: {"year": 1.5} -> P1Y6M, {"hour": 2} -> PT2H."""
    whole = _whole_units(amounts)
    date_part = "".join(f"{whole[u]}{code}" for u, code in _DATE_CODES if whole.get(u))
    time_part = "".join(f"{whole[u]}{code}" for u, code in _TIME_CODES if whole.get(u))
    if not date_part and not time_part:
        return "P0D"
    return "P" + date_part + (f"T{time_part}" if time_part else "")


_ORDER = ("year", "month", "week", "day", "hour", "minute")
_DAYS = {"year": 365.25, "month": 365.25 / 12, "week": 7.0, "day": 1.0, "hour": 1 / 24,
         "minute": 1 / 1440}
_DATE_CODES = (("year", "Y"), ("month", "M"), ("week", "W"), ("day", "D"))
_TIME_CODES = (("hour", "H"), ("minute", "M"))
# A fraction of a unit is carried to the next smaller one (half a month: 15 days).
_SMALLER = {"year": ("month", 12), "month": ("day", 30), "week": ("day", 7),
            "day": ("hour", 24), "hour": ("minute", 60)}


def _whole_units(amounts: dict[str, float]) -> dict[str, int]:
    carried = dict(amounts)
    whole: dict[str, int] = {}
    for unit in _ORDER:
        value = carried.get(unit, 0.0)
        whole[unit] = int(value)
        fraction = value - int(value)
        if fraction and unit in _SMALLER:
            smaller, factor = _SMALLER[unit]
            carried[smaller] = carried.get(smaller, 0.0) + fraction * factor
    return whole
