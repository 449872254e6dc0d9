"""Drugs and regimens (`recognize.drugs`) and their posology (`recognize.posology`).

`recognize.drugs`
- French DCI, variants (accents missing, English spellings), brand names and abbreviations of
  `drugs` are found with one lexicon (longest match on folded text); a `drug` mention has the
  ATC `code`, the DCI as `value` and `attributes.class` (therapeutic class of the table).
- A regimen acronym of `regimens` (FOLFOX, FEC, VAC) gives **one `drug` mention per component
  drug, all on the acronym's span**, with `attributes.regimen`, so that the record gets one
  treatment per drug. Combinations whose parts are themselves drugs or acronyms
  (« FOLFIRI-aflibercept », « cisplatine-étoposide ») are read part by part instead.
- Short forms are ambiguous: an abbreviation or an upper-case acronym counts only written as
  listed (« IFN », not « ifn »; « CE », not « Ce »), and an acronym of three characters or fewer
  (« EP », « VAC ») also needs a chemotherapy word in its sentence (chimiothérapie, protocole,
  schéma, cycle, cure, ligne, QT), must stand alone (not in « GMS-CF », « stade IVA », « une
  EP ») and, in brackets, must follow one of its drugs (« étoposide et cisplatine (EP) »).
- A formulation of `formulations` inside the term or right after it (« octréotide LAR »,
  « doxorubicine liposomale ») is kept in `attributes.formulation`.

`recognize.posology` (after `recognize.drugs`)
- `dose`: a number and a dose unit of `units` (mass, per m², per kg, activity, absorbed dose,
  international units: « 30 mg », « 12,5 g/m2 », « 7,4 GBq », « 9 MUI »), or « AUC 5 »
  (unit `mg.min/mL`). « 10 mg/jour » is a dose of 10 mg and a frequency « /jour »; a unit
  followed by « / » and anything else (« g/L ») is not a dose. Body weight (kg) is not a dose.
  A dose after a change word (« réduire la dose de 50 % à 5 mg ») has `attributes.change`
  (reduction / increase) and `change_percent`.
- `frequency`: « tous les 15 jours », « toutes les 24 heures », « 3×/sem », « 2 fois par jour »,
  « 1/j », « /21 j », « les lundis, mercredis et vendredis », « hebdomadaire »: `value` in
  English (« every 15 days », « 3 times per week ») and `attributes.period` (ISO 8601, `P15D`).
- `route` (`routes`): its code as `value` (« sc » -> subcutaneous). Short forms (« IV »,
  « sc ») must stand within a few characters of a drug or dose, and never after « stade ».
- `line`: « 1ère ligne », « deuxième intention »: `value` the line number; the drug mentions of
  the sentence (after the words, else before them) get `attributes.line`.
- Linking: each dose, frequency and route gets `attributes.drug`, the id of its drug: a drug
  right after it (« 1 200 mg/m2 cyclophosphamide »), else the nearest drug before it in its
  sentence, else (doses only) the last drug of the previous sentence. `attributes.drugs` lists
  every drug when it is shared: the drugs of a regimen span, or a list before « chacun ».
  Frequencies and routes need their drug or dose in their own sentence; a dose without a drug
  is kept only for radiation units (Gy, GBq) and has no `drug`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from oncofr.clean.text import fold
from oncofr.document import Document
from oncofr.prefilter import finditer
from oncofr.recognize.labs import (
    NUMBER,
    number_at,
    parse_number,
    unit_at,
    upper_short_form,
    written_as_listed,
)
from oncofr.recognize.lexicon import Lexicon
from oncofr.recognize.time_quantities import NUMBER as WORD_NUMBER
from oncofr.recognize.time_quantities import UNIT as TIME_UNIT
from oncofr.recognize.time_quantities import find_quantities, iso_duration
from oncofr.recognize.time_quantities import parse_number as parse_word_number
from oncofr.registry import factory
from oncofr.resources import load_table

DOSE_DIMENSIONS = frozenset(
    {"mass", "dose_per_area", "dose_per_mass", "activity", "absorbed_dose", "arbitrary_amount"}
)
RADIATION_DIMENSIONS = frozenset({"activity", "absorbed_dose"})
_BODY_WEIGHT_UNITS = frozenset({"kg"})
_EXTERNAL_RADIATION_UNITS = frozenset({"Gy", "cGy", "RAD"})  # radiotherapy doses have no drug
_SHORT_ACRONYM = 3
_SHORT_ROUTE = 4
_NEAR = 30  # characters between a short route form and its drug or dose
_CHANGE_WINDOW = 80

_REGIMEN_CUE = re.compile(
    r"\b(?:(?:poly)?chimio\w{0,12}|protocole|schema|cures?|cycles?|lignes?|qt)\b"
)
_JOINED = "-"  # « GMS-CF »: a short acronym hyphenated to another word is part of that word
_NOT_A_REGIMEN_BEFORE = re.compile(r"\b(?:stade|grade|une|la|nouvelle|possible)[ ]$")
_DEFINED = 80  # characters before a bracketed acronym where its drugs are named
_RIGHT_AFTER = re.compile(r"[ ]?(?:de[ ]|du[ ]|d')?")
_LIST_GAP = re.compile(r"[ ]?(?:,|et|ou|\+|/|-)[ ]?")
_EACH = re.compile(r"[ ,]{0,2}(?:chacun|chacune)s?\b")
_AUC = re.compile(r"\bauc[ ]?(?:=|:|de|a)?[ ]?")
_PER_TIME = re.compile(
    r"[ ]?(?P<start>/[ ]?|par[ ])(?:(?P<n>\d{1,2})[ ]?)?"
    r"(?P<unit>j|jours?|jr|h|heures?|sem|semaines?|mois)(?![\w])"
)
_PER_OTHER = re.compile(
    r"[ ]?(?:/[ ]?|par[ ])(?P<per>cure|cycle|seance|fraction|injection|prise)s?(?![\w])"
)
_EVERY = re.compile(
    rf"\b(?:tou(?:s|tes)[ ]les|chaque)[ ](?:(?P<n>{WORD_NUMBER})[ ]?)?(?P<unit>{TIME_UNIT})(?![\w])"
)
_TIMES = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,2}|une|deux|trois|quatre|cinq|six)[ ]?(?:x|fois)[ ]?(?:/|par)[ ]?"
    rf"(?P<unit>{TIME_UNIT})(?![\w])"
)
_COUNT_PER = re.compile(r"(?<![\w.,/])(?P<n>\d{1,2})[ ]?/[ ]?(?P<unit>j|jour|sem|semaine)(?![\w])")
_CYCLE = re.compile(r"(?<=\d)[ ]?/[ ]?(?P<n>\d{1,2})[ ]?(?P<unit>j|jours)(?![\w])")
_ADJECTIVE = re.compile(
    r"\b(?P<word>quotidien|journalier|hebdomadaire|mensuel|trimestriel)(?:le|ne|e)?s?\b"
)
_ADJECTIVE_PERIODS = {
    "quotidien": ("day", 1),
    "journalier": ("day", 1),
    "hebdomadaire": ("week", 1),
    "mensuel": ("month", 1),
    "trimestriel": ("month", 3),
}
_WEEKDAY = re.compile(r"\b(?P<day>lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?\b")
_WEEKDAYS = {
    "lundi": "monday",
    "mardi": "tuesday",
    "mercredi": "wednesday",
    "jeudi": "thursday",
    "vendredi": "friday",
    "samedi": "saturday",
    "dimanche": "sunday",
}
_WEEKDAY_GAP = re.compile(r"(?:,[ ]?|[ ]et[ ]|[ ]ou[ ])(?:le[ ]|les[ ])?")
_WEEKDAY_BEFORE = re.compile(r"\bles[ ]$")
_TIMES_WORDS = {1: "once", 2: "twice"}
_LINE_WORDS = {
    "premier": 1,
    "premiere": 1,
    "second": 2,
    "seconde": 2,
    "deuxieme": 2,
    "troisieme": 3,
    "quatrieme": 4,
    "cinquieme": 5,
    "sixieme": 6,
}
_LINE = re.compile(
    rf"(?<![\w])(?:(?P<digit>\d)[ ]?(?:ere|re|er|eme|e|nde|de)|(?P<word>{'|'.join(_LINE_WORDS)}))"
    r"[ ](?:ligne|intention)\b"
)
_REDUCTION = re.compile(r"\b(?:redui\w{0,4}|reduction|diminu\w{0,5}|baiss\w{0,4}|desescalade)\b")
_INCREASE = re.compile(r"\b(?:augment\w{0,6}|major\w{0,6}|escalade|intensifi\w{0,6})\b")
_PERCENT = re.compile(r"\b(?P<n>\d{1,3})[ ]?%")
_NOT_A_DRUG_BEFORE = re.compile(
    r"\b(?:recepteurs?|analogues?|agonistes?|antagonistes?)[ ]"
    r"(?:de[ ]la[ ]|de[ ]l'|du[ ]|des[ ]|aux?[ ]|a[ ]la[ ]|d')$"
)
_NOT_A_ROUTE_BEFORE = re.compile(r"\b(?:stade|grade|type|classe|phase|niveau|groupe|score)[ ]$")


@dataclass(frozen=True)
class Drug:
    atc: str | None
    dci: str
    drug_class: str


@dataclass(frozen=True)
class Entry:
    """A lexicon term: a drug's surface form, or a regimen acronym and its drugs."""

    term: str
    kind: str  # dci, variant, brand, abbrev (from drugs) or regimen
    drugs: tuple[Drug, ...]
    regimen: str | None = None


@dataclass(frozen=True)
class Anchor:
    """A mention's clean-view span and id."""

    start: int
    end: int
    id: str


@cache
def drugs_by_dci() -> dict[str, Drug]:
    by_dci: dict[str, Drug] = {}
    for row in load_table("drugs").rows:
        by_dci.setdefault(row["dci"], Drug(row["atc"] or None, row["dci"], row["class"]))
    return by_dci


@cache
def drug_lexicon() -> Lexicon[Entry]:
    """Drug surface forms, then the regimen acronyms that are not plain combinations."""
    by_dci = drugs_by_dci()
    terms = [
        (row["term"], Entry(row["term"], row["kind"], (by_dci[row["dci"]],)))
        for row in load_table("drugs").rows
        if row["term"]
    ]
    plain = Lexicon.from_terms(terms)
    regimens = load_table("regimens").rows
    acronyms = {fold(row["acronym"]) for row in regimens}
    for row in regimens:
        if _combination(row["acronym"], plain, acronyms):
            continue
        drugs = tuple(by_dci.get(dci, Drug(None, dci, "")) for dci in row["drugs"].split("|"))
        terms.append((row["acronym"], Entry(row["acronym"], "regimen", drugs, row["acronym"])))
    return Lexicon.from_terms(terms)


def _combination(name: str, drugs: Lexicon[Entry], acronyms: set[str]) -> bool:
    """« FOLFOX-bévacizumab », « cisplatine-5FU »: every part is a drug or an acronym."""
    parts = re.split(r"[-/]", name)
    return len(parts) > 1 and all(drugs.get(p) is not None or fold(p) in acronyms for p in parts)


@cache
def formulation_lexicon() -> Lexicon[str]:
    return Lexicon.from_terms((row["term"], row["code"]) for row in load_table("formulations").rows)


@cache
def route_lexicon() -> Lexicon[tuple[str, str]]:
    return Lexicon.from_terms(
        (row["term"], (row["route"], row["term"])) for row in load_table("routes").rows
    )


def _accepted(
    document: Document,
    folded: str,
    start: int,
    end: int,
    entry: Entry,
    named: list[tuple[int, Drug]],
) -> bool:
    """Not a target or a class (« récepteurs de la somatostatine »); short and upper-case forms
    only as listed; short acronyms only as `_short_regimen` allows."""
    written = document.text[start:end]
    if _NOT_A_DRUG_BEFORE.search(folded, max(0, start - 30), start):
        return False
    if entry.kind == "regimen":
        if not any(c.isupper() for c in entry.term):
            return True
        if len(re.sub(r"\W", "", entry.term)) > _SHORT_ACRONYM:
            return written_as_listed(written, entry.term)
        return written_as_listed(written, entry.term) and _short_regimen(
            document, folded, start, end, entry, named
        )
    if entry.kind == "abbrev" or upper_short_form(entry.term):
        return written_as_listed(written, entry.term)
    return True


def _short_regimen(
    document: Document,
    folded: str,
    start: int,
    end: int,
    entry: Entry,
    named: list[tuple[int, Drug]],
) -> bool:
    """A short acronym needs a chemotherapy word in its sentence, must stand alone (not
    hyphenated to a word, not after « stade » or a feminine article: « une EP » is a
    progression) and, in brackets, must follow one of its drugs (« étoposide et cisplatine
    (EP) », not « progression de la maladie (EP) »)."""
    sentence_start, sentence_end = document.sentence_of(start)
    if folded[start - 1 : start] == _JOINED or folded[end : end + 1] == _JOINED:
        return False
    if _NOT_A_REGIMEN_BEFORE.search(folded, max(0, start - 12), start):
        return False
    if not _REGIMEN_CUE.search(folded, sentence_start, sentence_end):
        return False
    if folded[start - 1 : start] != "(":
        return True
    window = max(sentence_start, start - _DEFINED)
    return any(window <= position < start and drug in entry.drugs for position, drug in named)


def _formulation(
    folded: str, formulations: list[tuple[int, int, str]], start: int, end: int
) -> str | None:
    """The formulation inside the drug's span or right after it."""
    for f_start, _, code in formulations:
        if start <= f_start < end or (
            f_start >= end and not folded[end:f_start].strip() and f_start - end <= 2
        ):
            return code
    return None


@factory("recognize.drugs")
def make_drugs():
    """Add `drug` mentions for drug names and for each drug of a regimen acronym."""

    def drugs(document: Document) -> None:
        folded = document.folded
        formulations = formulation_lexicon().find(folded)
        matches = drug_lexicon().find(folded)
        named = [(start, e.drugs[0]) for start, _, e in matches if e.kind != "regimen"]
        for start, end, entry in matches:
            if not _accepted(document, folded, start, end, entry, named):
                continue
            formulation = _formulation(folded, formulations, start, end)
            for drug in entry.drugs:
                attributes = {
                    "class": drug.drug_class,
                    "term_kind": entry.kind,
                    "regimen": entry.regimen,
                    "formulation": formulation,
                }
                document.add_mention(
                    "drug",
                    start,
                    end,
                    code=drug.atc,
                    system="atc",
                    value=drug.dci,
                    attributes={k: v for k, v in attributes.items() if v},
                )

    return drugs


# --- posology -------------------------------------------------------------------------------


def _anchors(document: Document, label: str) -> list[Anchor]:
    spans = document.clean_spans
    return sorted(
        (Anchor(*spans[m.id], m.id) for m in document.mentions if m.label == label),
        key=lambda a: (a.start, a.end),
    )


def _previous_sentence(document: Document, start: int) -> tuple[int, int] | None:
    earlier = [sentence for sentence in document.sentences if sentence[1] <= start]
    return earlier[-1] if earlier else None


def _same_span(drugs: list[Anchor], anchor: Anchor) -> list[Anchor]:
    return [d for d in drugs if (d.start, d.end) == (anchor.start, anchor.end)]


def link(
    document: Document, folded: str, drugs: list[Anchor], start: int, end: int, fallback: bool
) -> list[Anchor]:
    """The drugs a posology span at `start:end` belongs to (see the module docstring)."""
    gap = _RIGHT_AFTER.match(folded, end)
    following = [d for d in drugs if gap and d.start == gap.end()]
    if following:
        return _same_span(drugs, following[0])
    sentence_start, _ = document.sentence_of(start)
    before = [d for d in drugs if sentence_start <= d.start and d.end <= start]
    if before:
        return _shared(folded, drugs, before, end) or _same_span(drugs, before[-1])
    previous = _previous_sentence(document, start) if fallback else None
    if previous is None:
        return []
    in_previous = [d for d in drugs if previous[0] <= d.start and d.end <= previous[1]]
    return _same_span(drugs, in_previous[-1]) if in_previous else []


def _shared(folded: str, drugs: list[Anchor], before: list[Anchor], end: int) -> list[Anchor]:
    """The listed drugs before a dose followed by « chacun » (« cisplatine et étoposide à
    100 mg/m2 chacun »)."""
    if not _EACH.match(folded, end):
        return []
    listed = [before[-1]]
    for drug in reversed(before[:-1]):
        if (drug.start, drug.end) == (listed[0].start, listed[0].end) or _LIST_GAP.fullmatch(
            folded, drug.end, listed[0].start
        ):
            listed.insert(0, drug)
        else:
            break
    return listed


def _link_attributes(linked: list[Anchor]) -> dict[str, object]:
    if not linked:
        return {}
    if len(linked) == 1:
        return {"drug": linked[0].id}
    return {"drug": linked[0].id, "drugs": [a.id for a in linked]}


def _time_unit(word: str) -> tuple[str, float] | None:
    """Canonical unit and size of a French time-unit word: « sem » -> week, 1; « trimestre » ->
    month, 3."""
    quantity = next(find_quantities(f"1 {word}"), None)
    return (quantity.unit, quantity.amount) if quantity else None


def _every(amount: float, unit: tuple[str, float]) -> tuple[str, dict[str, object]]:
    name, size = unit
    amount *= size
    value = f"every {name}" if amount == 1 else f"every {amount:g} {name}s"
    return value, {"period": iso_duration({name: amount})}


def _times(count: int, unit: tuple[str, float]) -> tuple[str, dict[str, object]]:
    name, size = unit
    per = name if size == 1 else f"{size:g} {name}s"
    value = f"{_TIMES_WORDS.get(count, f'{count} times')} per {per}"
    return value, {"period": iso_duration({name: size}), "times": count}


@dataclass(frozen=True)
class Frequency:
    start: int
    end: int
    value: str
    attributes: dict[str, object]


def find_frequencies(folded: str) -> list[Frequency]:
    """Every frequency expression of the folded text, without overlaps, in text order."""
    found: list[Frequency] = []
    for match in _EVERY.finditer(folded):
        unit = _time_unit(match.group("unit"))
        amount = parse_word_number(match.group("n")) if match.group("n") else 1.0
        if unit and amount:
            found.append(Frequency(match.start(), match.end(), *_every(amount, unit)))
    for pattern in (_TIMES, _COUNT_PER):
        for match in pattern.finditer(folded):
            unit = _time_unit(match.group("unit"))
            count = parse_word_number(match.group("n"))
            if unit and count:
                found.append(Frequency(match.start(), match.end(), *_times(int(count), unit)))
    for match in _CYCLE.finditer(folded):
        value, attributes = _every(float(match.group("n")), ("day", 1.0))
        start = folded.index("/", match.start())
        found.append(Frequency(start, match.end(), value, {**attributes, "cycle": True}))
    for match in finditer(_ADJECTIVE, folded):
        unit, amount = _ADJECTIVE_PERIODS[match.group("word")]
        found.append(Frequency(match.start(), match.end(), *_every(amount, (unit, 1.0))))
    found.extend(_weekdays(folded))
    return _without_overlaps(found)


def _weekdays(folded: str) -> list[Frequency]:
    """« les lundis, mercredis et vendredis »: days joined by commas / « et » after « les »."""
    found: list[Frequency] = []
    runs: list[list[re.Match[str]]] = []
    for match in finditer(_WEEKDAY, folded):
        if runs and _WEEKDAY_GAP.fullmatch(folded, runs[-1][-1].end(), match.start()):
            runs[-1].append(match)
        else:
            runs.append([match])
    for run in runs:
        if not _WEEKDAY_BEFORE.search(folded, max(0, run[0].start() - 4), run[0].start()):
            continue
        days = [_WEEKDAYS[m.group("day")] for m in run]
        value = "on " + ", ".join(days)
        attributes = {"period": "P1W", "times": len(days), "days": days}
        found.append(Frequency(run[0].start() - len("les "), run[-1].end(), value, attributes))
    return found


def _without_overlaps(found: list[Frequency]) -> list[Frequency]:
    kept: list[Frequency] = []
    for item in sorted(found, key=lambda f: (f.start, -f.end)):
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return kept


@dataclass(frozen=True)
class Dose:
    start: int
    end: int
    value: float
    unit: str
    per: str | None  # cycle, fraction… for « 200 cGy/séance »
    radiation: bool
    frequency: Frequency | None  # « /jour » right after the unit


def find_doses(document: Document, folded: str) -> list[Dose]:
    """Every dose: a number and a dose unit (not followed by « / » and a non-time word)."""
    clean = document.text
    taken = [document.clean_spans[m.id] for m in document.mentions if m.label == "lab"]
    doses = []
    for number in NUMBER.finditer(clean):
        if any(a <= number.start() < b for a, b in taken):
            continue
        unit = unit_at(clean, number.end(), DOSE_DIMENSIONS)
        if unit is None or unit[2].ucum in _BODY_WEIGHT_UNITS:
            continue
        end = unit[0]
        per_time, per_other = _PER_TIME.match(folded, end), _PER_OTHER.match(folded, end)
        if clean.startswith("/", end) and not (per_time or per_other):
            continue
        doses.append(
            Dose(
                number.start(),
                end,
                parse_number(number.group()),
                unit[2].ucum,
                per_other.group("per") if per_other else None,
                unit[2].dimension in RADIATION_DIMENSIONS,
                _per_frequency(per_time) if per_time else None,
            )
        )
    for match in _AUC.finditer(folded):
        number = number_at(clean, match.end())
        if number:
            doses.append(Dose(match.start(), number[0], number[1], "mg.min/mL", None, False, None))
    return sorted(doses, key=lambda d: d.start)


def _per_frequency(match: re.Match[str]) -> Frequency | None:
    """« /jour » -> once per day, « /12 h » -> every 12 hours."""
    unit = _time_unit(match.group("unit"))
    if unit is None:
        return None
    start = match.start("start")
    if match.group("n"):
        return Frequency(start, match.end(), *_every(float(match.group("n")), unit))
    return Frequency(start, match.end(), *_times(1, unit))


def _change(folded: str, sentence_start: int, dose: Dose, doses: list[Dose]) -> dict[str, object]:
    """`change` (reduction / increase) and `change_percent` from the words before the dose."""
    window_start = max(sentence_start, dose.start - _CHANGE_WINDOW)
    window_start = max(
        [window_start, *(d.end for d in doses if window_start <= d.end <= dose.start)]
    )
    cues = [(m.start(), "reduction") for m in _REDUCTION.finditer(folded, window_start, dose.start)]
    cues += [(m.start(), "increase") for m in _INCREASE.finditer(folded, window_start, dose.start)]
    if not cues:
        return {}
    position, change = max(cues)
    percent = _PERCENT.search(folded, position, dose.start)
    return {"change": change, "change_percent": float(percent.group("n")) if percent else None}


def _add_doses(
    document: Document, folded: str, drugs: list[Anchor]
) -> list[tuple[Dose, list[Anchor]]]:
    """Add the dose mentions (and the frequencies written right after their unit)."""
    doses = find_doses(document, folded)
    added = []
    for dose in doses:
        end = dose.frequency.end if dose.frequency else dose.end
        linked = (
            []
            if dose.unit in _EXTERNAL_RADIATION_UNITS
            else link(document, folded, drugs, dose.start, end, fallback=True)
        )
        if not linked and not dose.radiation:
            continue
        sentence_start, _ = document.sentence_of(dose.start)
        attributes = {
            **_link_attributes(linked),
            "per": dose.per,
            **_change(folded, sentence_start, dose, doses),
        }
        document.add_mention(
            "dose",
            dose.start,
            dose.end,
            value={"value": dose.value, "unit": dose.unit},
            attributes={k: v for k, v in attributes.items() if v is not None},
        )
        if dose.frequency is not None:
            _add_frequency(document, dose.frequency, linked)
        added.append((dose, linked))
    return added


def _add_frequency(document: Document, frequency: Frequency, linked: list[Anchor]) -> None:
    document.add_mention(
        "frequency",
        frequency.start,
        frequency.end,
        value=frequency.value,
        attributes={**frequency.attributes, **_link_attributes(linked)},
    )


def _add_frequencies(
    document: Document, folded: str, drugs: list[Anchor], doses: list[tuple[Dose, list[Anchor]]]
) -> None:
    """Free-standing frequencies: the drugs of the last dose before them in their sentence, else
    a drug of their sentence."""
    attached = [dose.frequency for dose, _ in doses if dose.frequency is not None]
    for frequency in find_frequencies(folded):
        if any(f.start < frequency.end and frequency.start < f.end for f in attached):
            continue
        sentence_start, _ = document.sentence_of(frequency.start)
        before = [
            linked
            for dose, linked in doses
            if sentence_start <= dose.start and dose.end <= frequency.start and linked
        ]
        linked = (
            before[-1]
            if before
            else link(document, folded, drugs, frequency.start, frequency.end, fallback=False)
        )
        if linked:
            _add_frequency(document, frequency, linked)


def _add_routes(document: Document, folded: str, drugs: list[Anchor]) -> None:
    """Routes with a drug in their sentence; short forms only right next to a drug or dose."""
    near = drugs + _anchors(document, "dose")
    for start, end, (route, term) in route_lexicon().find(folded):
        if len(re.sub(r"\W", "", term)) <= _SHORT_ROUTE and " " not in term:
            close = any(a.start - _NEAR <= end and start <= a.end + _NEAR for a in near)
            if not close or _NOT_A_ROUTE_BEFORE.search(folded, max(0, start - 12), start):
                continue
        linked = link(document, folded, drugs, start, end, fallback=False)
        if linked:
            document.add_mention(
                "route", start, end, value=route, attributes=_link_attributes(linked)
            )


def _add_lines(document: Document, folded: str, drugs: list[Anchor]) -> None:
    """`line` mentions; the drugs of the sentence (after the words, else before) get the line."""
    by_id = {m.id: m for m in document.mentions}
    for match in finditer(_LINE, folded):
        number = (
            int(match.group("digit")) if match.group("digit") else _LINE_WORDS[match.group("word")]
        )
        document.add_mention("line", match.start(), match.end(), value=number)
        sentence_start, sentence_end = document.sentence_of(match.start())
        after = [d for d in drugs if match.end() <= d.start < sentence_end]
        before = [d for d in drugs if sentence_start <= d.start and d.end <= match.start()]
        for anchor in after or before:
            by_id[anchor.id].attributes["line"] = number


@factory("recognize.posology")
def make_posology():
    """Add dose, frequency, route and line mentions linked to the drug mentions."""

    def posology(document: Document) -> None:
        folded = document.folded
        drugs = _anchors(document, "drug")
        doses = _add_doses(document, folded, drugs)
        _add_frequencies(document, folded, drugs, doses)
        _add_routes(document, folded, drugs)
        _add_lines(document, folded, drugs)

    return posology
