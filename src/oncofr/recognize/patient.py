"""The index patient's age (`recognize.age`) and sex (`recognize.sex`).

Method
- Words naming a person, a relative or agreeing with the patient's sex come from
  `resources/data/patient_terms.tsv` (kinds `person`, `title`, `family`, `agreement`,
  `sexed`).
- An age is an amount of time (« 55 ans », « 8 mois ») right after an age cue: « âgé(e) de »,
  « l'âge de », « à » (years only: « décédé à 72 ans »), or a person word with at most two
  words between (« un homme de 55 ans », « Mme N.R de 34 ans », « M. D., 61 ans »). The mention
  is the amount; `value` is in years (« 8 mois » → 0.67); « à N ans » and « l'âge de » give an
  age at an event (`attributes.at_event`).
- A person word names a relative when it is a `family` word (« père ») or follows a possessive
  (« sa fille »). An age or an agreeing word belongs to the nearest person word before it in its
  sentence; it is left out when that word names a relative or when it lies in a family-history
  section. « chez l'homme » and « chez la femme » are generic and left out.
- Sex evidence is every person word, title (« Mme », « M. » before a capitalised name),
  agreeing word (« âgée », « opérée », « née le ») and sexed word (an organ or state of the body
  only one sex has: « ovaire », « prostatectomie », « ménopause ») of the index patient, with
  `value` F or M and `attributes.cue` its kind. Agreeing and sexed words belong to the nearest
  person word before them in their sentence, as ages do (« sa mère, opérée » is no evidence);
  a sexed word is left out when its sentence names a relative anywhere (« un cancer de l'ovaire
  chez sa tante »).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from oncofr.clean.text import fold, remember_last_long_text
from oncofr.document import Document
from oncofr.recognize.time_quantities import Quantity, find_quantities
from oncofr.registry import factory
from oncofr.resources import load_table

_POSSESSIVE = re.compile(r"(?:\b(?:son|sa|ses|leur|leurs|notre|votre)|\bdont (?:le|la|les))[ ]$")
_GENERIC = re.compile(r"\bchez (?:l'|la[ ])$")
_CUE_WINDOW = 60
# « âgé(e) de » (age now), « à l'âge de » and « à » (age at an event, « à » for years only).
_AGE_CUE = re.compile(
    r"(?:(?P<aged>\bagee?s?[ ]d[e'][ ]?)|\bl'age[ ]d[e'][ ]?|(?P<at>(?<!\by[ ])\ba[ ]))$"
)
_PERSON_THEN = re.compile(r"(?:[ ](?!enceinte)[\w.']{1,15}){0,2}(?:[ ]?,[ ]?|[ ]d[e'][ ]?)$")
_AGE_UNITS = {"year", "month", "week", "day"}
_NOT_A_PERSON = {"agreement", "sexed"}


@dataclass(frozen=True)
class Term:
    """A word of `patient_terms` found at clean-view `start:end`."""

    start: int
    end: int
    kind: str
    sex: str
    relative: bool


@dataclass(frozen=True)
class Age:
    """An age at clean-view `start:end`, in years; `index` is False for a relative's age."""

    start: int
    end: int
    years: float
    index: bool
    at_event: bool


@cache
def _lexicon() -> tuple[dict[str, tuple[str, str]], re.Pattern[str]]:
    """Lower-case term -> (kind, sex), and a case-insensitive regex over the clean view."""
    rows = load_table("patient_terms").rows
    terms = {row["term"].lower(): (row["kind"], row["sex"]) for row in rows}

    def alternatives(kinds: set[str]) -> str:
        words = [term for term, (kind, _) in terms.items() if kind in kinds]
        return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))

    pattern = re.compile(
        rf"(?<![\w-])(?:(?P<title>{alternatives({'title'})})(?=[ ]?(?-i:[A-Z]))"
        rf"|(?P<word>{alternatives({'person', 'family', *_NOT_A_PERSON})})(?![\w-]))",
        re.IGNORECASE,
    )
    return terms, pattern


@remember_last_long_text
def find_terms(text: str) -> tuple[Term, ...]:
    """Person, title, family, agreeing and sexed words of the clean view, in order (remembered for
    the last long text: ages, dates and sex all ask)."""
    lexicon, pattern = _lexicon()
    folded = fold(text)
    found = []
    for match in pattern.finditer(text):
        kind, sex = lexicon[match.group(0).lower()]
        before = folded[max(0, match.start() - 12):match.start()]
        if kind == "person" and _GENERIC.search(before):
            continue
        relative = kind == "family" or (kind == "person" and bool(_POSSESSIVE.search(before)))
        found.append(Term(match.start(), match.end(), kind, sex, relative))
    return tuple(found)


def find_ages(document: Document) -> list[Age]:
    """Every age expression of the document (the index patient's and the relatives')."""
    text, folded = document.text, document.folded
    terms = find_terms(text)
    ages = []
    for quantity in find_quantities(text):
        age = _age(document, folded, terms, quantity)
        if age is not None:
            ages.append(age)
    return ages


def _age(document: Document, folded: str, terms: Sequence[Term], quantity: Quantity) -> Age | None:
    """The age `quantity` states when an age cue or a person word comes right before it."""
    if quantity.unit not in _AGE_UNITS:
        return None
    window_start = max(0, quantity.start - _CUE_WINDOW)
    before = folded[window_start:quantity.start]
    cue = _AGE_CUE.search(before)
    if cue is None:
        owner = _person_before(terms, window_start, before)
        if owner is None:
            return None
    elif cue.group("at") and quantity.unit != "year":
        return None  # « revu à 3 mois » is a follow-up time
    else:
        owner = _owner(document, terms, window_start + cue.start())
    at_event = cue is not None and not cue.group("aged")
    years = round(quantity.total("year"), 2)
    relative = owner is not None and owner.relative
    index = not relative and not _in_family_section(document, quantity.start)
    return Age(quantity.start, quantity.end, years, index, at_event)


def _person_before(terms: Sequence[Term], window_start: int, before: str) -> Term | None:
    """The person word that « <person> [two words] de|, » ends `before` with, if any."""
    for term in reversed(terms):
        if term.end > window_start + len(before) or term.kind in _NOT_A_PERSON:
            continue
        if term.start < window_start:
            return None
        if _PERSON_THEN.fullmatch(before, term.end - window_start):
            return term
    return None


def _owner(document: Document, terms: Sequence[Term], position: int) -> Term | None:
    """The nearest person, title or family word before `position` in its sentence."""
    sentence_start, _ = document.sentence_of(position)
    for term in reversed(terms):
        if term.end <= position and term.start >= sentence_start and term.kind not in _NOT_A_PERSON:
            return term
    return None


def _in_family_section(document: Document, clean_index: int) -> bool:
    assert document.clean is not None
    original, _ = document.clean.to_original(clean_index, clean_index + 1)
    section = document.section_at(original)
    return section is not None and "famil" in fold(section.title)


def sex_evidence(document: Document) -> list[Term]:
    """Person, title, agreeing and sexed words that give the index patient's sex."""
    terms = find_terms(document.text)
    evidence = []
    for term in terms:
        if not term.sex or term.relative or _in_family_section(document, term.start):
            continue
        if term.kind in _NOT_A_PERSON:
            owner = _owner(document, terms, term.start)
            if owner is not None and owner.relative:
                continue
        if term.kind == "sexed" and _names_a_relative(document, terms, term.start):
            continue
        evidence.append(term)
    return evidence


def _names_a_relative(document: Document, terms: Sequence[Term], position: int) -> bool:
    """Whether the sentence at `position` names a relative anywhere (« un cancer ovarien chez
    sa tante »: a sexed word decides, so it must be the patient's without doubt)."""
    start, end = document.sentence_of(position)
    return any(term.relative and start <= term.start < end for term in terms)


@factory("recognize.age")
def make_age():
    """Add an `age` mention (value in years) for each age of the index patient."""

    def age(document: Document) -> None:
        for found in find_ages(document):
            if found.index:
                attributes = {"at_event": True} if found.at_event else {}
                document.add_mention("age", found.start, found.end, value=found.years,
                                     attributes=attributes)

    return age


@factory("recognize.sex")
def make_sex():
    """Add a `sex` mention (value F or M) for each word that gives the index patient's sex."""

    def sex(document: Document) -> None:
        for term in sex_evidence(document):
            document.add_mention("sex", term.start, term.end, value=term.sex,
                                 attributes={"cue": term.kind})

    return sex
