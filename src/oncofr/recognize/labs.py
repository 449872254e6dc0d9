"""Laboratory results (`recognize.labs`): a test, a number and a unit.

Method
1. Test names come from `lab_synonyms` (one lexicon, longest match on folded text). A short
   ambiguous abbreviation (kind `abbrev`: « K », « Na », « Cr », « U ») only counts written as
   in the table (« Cr », not « CR »). A dot or comma between digits reads as a hyphen for the
   lookup (« CA 19.9 », « CA 19,9 » = « CA 19-9 »).
2. After the test, filler words are skipped (« : », « à », « est », « sérique », « élevée à »…),
   then a comparator (« < », « inférieure à »), a number (« 2,5 », « 2.85 », « 6 700 »), an
   optional range (« 2-4 », « entre 2 et 4 ») and a unit of a laboratory dimension from `units`
   (case-sensitive: « mU/l » is not « MU »). A unit missing after the number may be read from
   a reference interval in brackets (« 19,37 (0-38 UI/ml) »). A percentage or a time only
   counts for a test measured so (TP in %, TCA in s). Without a number and a unit there is no
   result (« 5-HIAA urinaires élevés »), and imaging sizes (« 4,3 cm ») have no test.
3. « … 69 ml/min et 0,9 mg/dl, respectivement »: numbers with a unit left in a sentence that
   says « respectivement » take the tests of the earlier results with the same unit, in order.

Each result is a `lab` mention from the test to the unit: `value` {test, value, unit (UCUM),
comparator}, `code` LOINC. `attributes` keep the unit as written, the value converted to the
test's reference unit (same dimension through `to_base`, mass <-> substance through
`molar_mass`), a `flag` (low/high/normal) against the written reference interval or the usual
range of `lab_tests`, and the range or reference interval when written. The number and unit
readers here are shared with `recognize.posology` and `recognize.disorders`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from oncofr.document import Document
from oncofr.prefilter import finditer
from oncofr.recognize.lexicon import Lexicon
from oncofr.registry import factory
from oncofr.resources import load_table

LAB_DIMENSIONS = frozenset(
    {
        "substance_concentration",
        "equivalent_concentration",
        "mass_concentration",
        "catalytic_concentration",
        "arbitrary_concentration",
        "international_unit_concentration",
        "count_concentration",
        "fraction",
        "substance_fraction",
        "entitic_volume",
        "substance_rate",
        "mass_rate",
        "volume_rate",
        "normalized_volume_rate",
        "time",
    }
)
# Units that only a test measured in the same dimension may take (TP in %, TCA in s).
_OWN_DIMENSION_ONLY = frozenset({"fraction", "time"})
# Mass <-> substance conversions: (mass dimension, substance dimension) -> mmol per gram of the
# mass base unit divided by the molar mass (g/L -> mmol/L: x 1000 / M; mg/d -> mmol/d: x 1 / M).
_MOLAR_PAIRS = {
    ("mass_concentration", "substance_concentration"): 1000.0,
    ("mass_rate", "substance_rate"): 1.0,
}

NUMBER = re.compile(
    r"(?<![\w.,])(?:\d{1,3}(?: \d{3}){1,2}(?![\d.,]\d)|\d{1,7}(?:[.,]\d{1,4})?)(?!\d)"
)
_DIGIT_SEPARATOR = re.compile(r"(?<=\d)[.,](?=\d)")
_FILLER = re.compile(
    r"[ ]?(?:[:=(]|(?:etait|est|a ete|reste|restait|mesuree?s?|dosee?s?|elevee?s?|augmentee?s?"
    r"|abaissee?s?|diminuee?s?|basse?s?|normale?s?|serique|sanguine?|plasmatique|urinaires?"
    r"|totale?s?|initiale?|environ|egale? a|a|au|aux|de|du|des|d')(?![\w']))[ ]?"
)
_MAX_FILLERS = 4
_COMPARATOR = re.compile(
    r"(?P<lt><=?|≤|\binferieure?s? (?:ou egale?s? )?a\b|\bmoins de\b)"
    r"|(?P<gt>>=?|≥|\bsuperieure?s? (?:ou egale?s? )?a\b|\bplus de\b)|(?P<between>\bentre\b)"
)
_RANGE_SEPARATOR = re.compile(r"[ ]?(?:-|a\b)[ ]?")
_BETWEEN_SEPARATOR = re.compile(r"[ ]?et[ ]")
_REFERENCE_OPEN = re.compile(
    r"[ ]?\([ ]?(?:(?:n|vn|normale?s?|valeurs? normales?|ref|reference|limite|seuil)[ ]?[:=]?[ ]?)?"
)
_REFERENCE_CLOSE = re.compile(r"[ ]?\)")
_RESPECTIVELY = re.compile(r"\brespectivement\b")
_LITRE = re.compile(r"(?<![A-Za-z])([mdµun]?)l(?![A-Za-z])")


@dataclass(frozen=True)
class Unit:
    """A unit surface form's UCUM code, dimension and factor to the dimension's base unit."""

    ucum: str
    dimension: str
    to_base: float
    base: str


@dataclass(frozen=True)
class LabTest:
    loinc: str | None
    unit: str
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Reading:
    """What follows a test: `value` (`high` for a range) in `unit`, ending at clean `end`."""

    end: int
    value: float
    comparator: str | None
    high: float | None
    unit: Unit
    unit_text: str
    reference: tuple[float | None, float | None] | None


@cache
def units() -> dict[str, Unit]:
    """Surface form -> unit (case-sensitive)."""
    return {
        row["term"]: Unit(row["ucum"], row["dimension"], float(row["to_base"]), row["base"])
        for row in load_table("units").rows
    }


@cache
def units_by_code() -> dict[str, Unit]:
    """UCUM code -> unit (the first row of each code)."""
    by_code: dict[str, Unit] = {}
    for unit in units().values():
        by_code.setdefault(unit.ucum, unit)
    return by_code


@cache
def unit_pattern(dimensions: frozenset[str]) -> re.Pattern[str]:
    """Any unit surface form of `dimensions`, longest first, not followed by a letter or digit."""
    terms = sorted(
        (t for t, u in units().items() if u.dimension in dimensions), key=len, reverse=True
    )
    return re.compile(r"[ ]?(?P<unit>" + "|".join(re.escape(t) for t in terms) + r")(?![^\W_])")


def parse_number(text: str) -> float:
    """« 2,5 » -> 2.5, « 6 700 » -> 6700, « 2.85 » -> 2.85."""
    return float(text.replace(" ", "").replace(",", "."))


def number_at(text: str, position: int) -> tuple[int, float] | None:
    """The number starting at `position` (after one optional space): its end and value."""
    if text.startswith(" ", position):
        position += 1
    match = NUMBER.match(text, position)
    return (match.end(), parse_number(match.group())) if match else None


def unit_at(text: str, position: int, dimensions: frozenset[str]) -> tuple[int, str, Unit] | None:
    """The unit of `dimensions` at `position`: its end, surface form and unit."""
    match = unit_pattern(dimensions).match(text, position)
    if match is None:
        return None
    return match.end(), match.group("unit"), units()[match.group("unit")]


def written_unit(surface: str) -> str:
    """The unit as written, normalised: litre as « L », Greek mu as « µ » (« mmol/l » -> mmol/L)."""
    return _LITRE.sub(lambda m: m.group(1) + "L", surface.replace("μ", "µ"))


@cache
def lab_tests() -> dict[str, LabTest]:
    def number(cell: str) -> float | None:
        return float(cell) if cell else None

    return {
        row["test"]: LabTest(
            row["loinc"] or None, row["unit"], number(row["low"]), number(row["high"])
        )
        for row in load_table("lab_tests").rows
    }


@cache
def molar_masses() -> dict[str, float]:
    return {row["test"]: float(row["g_per_mol"]) for row in load_table("molar_mass").rows}


@cache
def test_lexicon() -> Lexicon[tuple[str, str, str]]:
    """Folded test name -> (test key, term as written, kind)."""
    return Lexicon.from_terms(
        (row["term"], (row["test"], row["term"], row["kind"]))
        for row in load_table("lab_synonyms").rows
    )


def convert(value: float, unit: Unit, target: str, test: str) -> float | None:
    """`value` in `unit` expressed in the UCUM unit `target`, or None when not convertible."""
    goal = units_by_code().get(target)
    if goal is None:
        return None
    if unit.base == goal.base:
        return value * unit.to_base / goal.to_base
    mass = molar_masses().get(test)
    if mass is None:
        return None
    factor = _MOLAR_PAIRS.get((unit.dimension, goal.dimension))
    if factor is not None:
        return value * unit.to_base * factor / mass / goal.to_base
    factor = _MOLAR_PAIRS.get((goal.dimension, unit.dimension))
    if factor is not None:
        return value * unit.to_base * mass / factor / goal.to_base
    return None


def flag(value: float, comparator: str | None, low: float | None, high: float | None) -> str | None:
    """low / high / normal against the range, when the value (or its bound) decides it."""
    if low is None and high is None:
        return None
    if comparator != ">" and low is not None and value < low:
        return "low"
    if comparator != "<" and high is not None and value > high:
        return "high"
    if (
        comparator is None
        or (comparator == "<" and low is None)
        or (comparator == ">" and high is None)
    ):
        return "normal"
    return None


def read_result(clean: str, folded: str, position: int) -> Reading | None:
    """The value and unit written after a test name ending at `position`, if any."""
    opened = False
    for _ in range(_MAX_FILLERS):
        filler = _FILLER.match(folded, position)
        if filler is None or filler.end() == position:
            break
        opened = opened or "(" in filler.group()
        position = filler.end()
    if folded.startswith(" ", position):
        position += 1
    comparator, between = None, False
    match = _COMPARATOR.match(folded, position)
    if match:
        comparator = "<" if match.group("lt") else ">" if match.group("gt") else None
        between = bool(match.group("between"))
        position = match.end()
    number = number_at(clean, position)
    if number is None:
        return None
    position, value = number
    position, high = _range_end(clean, folded, position, between)
    unit = unit_at(clean, position, LAB_DIMENSIONS)
    reference = _reference(clean, folded, unit[0] if unit else position)
    if unit is None and reference is not None and reference[2] is not None:
        unit = (reference[0], *reference[2])
    if unit is None:
        return None
    end = reference[0] if reference else unit[0]
    closing = _REFERENCE_CLOSE.match(clean, end) if opened else None
    end = closing.end() if closing else end
    bounds = (reference[1][0], reference[1][1]) if reference else None
    return Reading(end, value, comparator, high, unit[2], unit[1], bounds)


def _range_end(clean: str, folded: str, position: int, between: bool) -> tuple[int, float | None]:
    """« 2-4 », « 2 à 4 », « entre 2 et 4 »: the position after the upper bound and its value."""
    separator = (_BETWEEN_SEPARATOR if between else _RANGE_SEPARATOR).match(folded, position)
    if separator is None:
        return position, None
    number = number_at(clean, separator.end())
    return (number[0], number[1]) if number else (position, None)


def _reference(
    clean: str, folded: str, position: int
) -> tuple[int, tuple[float | None, float | None], tuple[str, Unit] | None] | None:
    """A bracketed reference interval (« (0-38 UI/ml) », « (N < 5) »): end, bounds, unit."""
    opening = _REFERENCE_OPEN.match(folded, position)
    if opening is None:
        return None
    position = opening.end()
    low = None
    comparator = _COMPARATOR.match(folded, position)
    if comparator is not None and comparator.group("between"):
        return None
    if comparator is None:
        number = number_at(clean, position)
        separator = number and _RANGE_SEPARATOR.match(folded, number[0])
        if not separator:
            return None
        low, position = number[1], separator.end()
    else:
        position = comparator.end()
    number = number_at(clean, position)
    if number is None:
        return None
    position, high = number
    if comparator is not None and comparator.group("gt"):
        low, high = high, None
    unit = unit_at(clean, position, LAB_DIMENSIONS)
    closing = _REFERENCE_CLOSE.match(clean, unit[0] if unit else position)
    if closing is None:
        return None
    return closing.end(), (low, high), (unit[1], unit[2]) if unit else None


def written_as_listed(written: str, term: str) -> bool:
    """Whether an ambiguous short form is written as listed: same letters and case, ignoring
    punctuation; a lower-case term may be capitalised, a term of 6 characters or more may differ
    in case only (« CR » is not « Cr », « Ce » is not « CE », « folfox » is « FOLFOX »)."""
    written, term = re.sub(r"\W", "", written), re.sub(r"\W", "", term)
    if len(term) >= 6:
        return written.lower() == term.lower()
    return written == term or (term.islower() and written == term.capitalize())


def upper_short_form(term: str) -> bool:
    """An upper-case short form (« HTA », « TDM », « 5-FU »): up to 5 letters or digits."""
    letters = re.sub(r"\W", "", term)
    return len(letters) <= 5 and any(c.isupper() for c in letters) and letters.upper() == letters


def _add_lab(document: Document, start: int, test: str, reading: Reading, **extra: object) -> None:
    info = lab_tests().get(test)
    attributes: dict[str, object] = {"unit_as_written": reading.unit_text, **extra}
    if reading.high is not None:
        attributes["range"] = [reading.value, reading.high]
    value = reading.high if reading.high is not None else reading.value
    converted = convert(value, reading.unit, info.unit, test) if info else None
    if info is not None and converted is not None:
        attributes["value_in_reference_unit"] = round(converted, 6)
        attributes["reference_unit"] = info.unit
    if reading.reference is not None:
        attributes["reference_range"] = list(reading.reference)
        attributes["flag"] = flag(value, reading.comparator, *reading.reference)
    elif info is not None and converted is not None:
        attributes["flag"] = flag(converted, reading.comparator, info.low, info.high)
    document.add_mention(
        "lab",
        start,
        reading.end,
        code=info.loinc if info else None,
        system="loinc",
        value={
            "test": test,
            "value": value,
            "unit": reading.unit.ucum,
            "comparator": reading.comparator,
        },
        attributes={key: item for key, item in attributes.items() if item is not None},
    )


def _plausible_unit(test: str, unit: Unit) -> bool:
    """A percentage or a time belongs only to a test measured in percent or in time, not to a
    count or a concentration (« leucocytes (90 % de neutrophiles) », « créatinine à 3 mois »)."""
    if unit.dimension not in _OWN_DIMENSION_ONLY:
        return True
    info = lab_tests().get(test)
    reference = units_by_code().get(info.unit) if info else None
    return reference is not None and reference.dimension == unit.dimension


def find_labs(document: Document) -> list[tuple[int, int, str, Reading]]:
    """`(start, end, test, reading)` of each test followed by a result, in text order."""
    clean, folded = document.text, document.folded
    found = []
    for start, end, (test, term, kind) in test_lexicon().find(_DIGIT_SEPARATOR.sub("-", folded)):
        if kind == "abbrev" and not written_as_listed(clean[start:end], term):
            continue
        if found and start < found[-1][1]:
            continue
        reading = read_result(clean, folded, end)
        if reading is not None and _plausible_unit(test, reading.unit):
            found.append((start, reading.end, test, reading))
    return found


def _respective(document: Document, labs: list[tuple[int, int, str, Reading]]) -> None:
    """Numbers with units in a « respectivement » sentence take the tests of earlier results
    written with the same unit, in order."""
    clean = document.text
    for match in finditer(_RESPECTIVELY, document.folded):
        sentence_start, _ = document.sentence_of(match.start())
        earlier = [lab for lab in labs if sentence_start <= lab[0] and lab[1] <= match.start()]
        taken = [(lab[0], lab[1]) for lab in earlier]
        for number in NUMBER.finditer(clean, sentence_start, match.start()):
            if any(a <= number.start() < b for a, b in taken):
                continue
            unit = unit_at(clean, number.end(), LAB_DIMENSIONS)
            same = [lab for lab in earlier if unit and lab[3].unit.ucum == unit[2].ucum]
            if unit is None or not same:
                continue
            earlier.remove(same[0])
            reading = Reading(
                unit[0], parse_number(number.group()), None, None, unit[2], unit[1], None
            )
            _add_lab(document, number.start(), same[0][2], reading, respectively=True)
            taken.append((number.start(), unit[0]))


@factory("recognize.labs")
def make_labs():
    """Add a `lab` mention for each laboratory result written with a number and a unit."""

    def labs(document: Document) -> None:
        found = find_labs(document)
        for start, _, test, reading in found:
            _add_lab(document, start, test, reading)
        _respective(document, found)

    return labs
