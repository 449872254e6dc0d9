"""Statements of case series and reviews: patient counts, age statistics, sex counts, counts of
cases per treatment, and outcome endpoints with their values.

Labels (values in docs/record.md): `patient_count`, `age_statistic`, `sex_count`, `case_count`,
`endpoint`. They run on every document; the record uses them for `case_series` (the cohort
block) and `review` (findings).
"""

from __future__ import annotations

import re
from functools import cache

from oncofr.document import Document
from oncofr.prefilter import finditer
from oncofr.recognize.labs import parse_number
from oncofr.recognize.lexicon import Lexicon
from oncofr.registry import factory
from oncofr.resources import load_table

_NUMBER = r"\d{1,4}(?:[.,]\d{1,2})?"
_WORD_NUMBERS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
}
_COUNT = r"(?P<n>\d{1,4}|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)"
PATIENT_COUNT = re.compile(
    rf"\b(?:rapportons|presentons|decrivons|colligee?s?|inclus|incluses|analyse|etudie)\s+"
    rf"(?:\S+\s+){{0,2}}?{_COUNT}\s+(?:cas|patients?|patientes?|malades|observations)\b"
)
AGE_MEAN = re.compile(rf"\bage (?P<stat>moyen|median)\b[^.;]{{0,40}}?\b(?P<v>{_NUMBER})\s*ans\b")
AGE_RANGE = re.compile(
    rf"\bextremes?\s+(?:allant\s+)?de\s+(?P<low>{_NUMBER})\s*(?:ans\s+)?a\s+(?P<high>{_NUMBER})\s*ans\b"
)
SEX_COUNT = re.compile(
    rf"\b{_COUNT}\s+(?P<sex>femmes?|hommes?|patientes|patients de sexe (?:masculin|feminin))\b"
)
CASE_COUNT_AFTER = re.compile(
    rf"\s*(?:dans|chez)\s+{_COUNT}\s+(?:cas|patients?|patientes?|autres)\b"
)
ENDPOINT_VALUE = re.compile(
    rf"(?P<low>{_NUMBER})\s*(?P<unit1>%|mois|ans)?\s*(?:-|a|et)\s*(?P<high>{_NUMBER})\s*(?P<unit>%|mois|ans)"
    rf"|(?P<v>{_NUMBER})\s*(?P<unit2>%|mois|ans)"
)
# « survie globale à 3 ans » : the horizon of a survival rate, not its value.
TIMEPOINT = re.compile(r"\s*(?:a|au bout de)\s+(?P<n>\d{1,2})\s*(?P<unit>ans|mois)\b")
MAX_ENDPOINT_REACH = 90  # characters from an endpoint's words to its value


def _count(value: str) -> int:
    return _WORD_NUMBERS.get(value) or int(value)


@cache
def endpoint_lexicon() -> Lexicon[str]:
    return Lexicon.from_terms(
        (row["term"], row["endpoint"]) for row in load_table("endpoints").rows
    )


def add_counts(document: Document, folded: str) -> None:
    for match in finditer(PATIENT_COUNT, folded):
        document.add_mention(
            "patient_count", match.start("n"), match.end(), value=_count(match.group("n"))
        )
    for match in finditer(AGE_MEAN, folded):
        stat = "mean" if match.group("stat") == "moyen" else "median"
        document.add_mention(
            "age_statistic",
            match.start(),
            match.end(),
            value={"statistic": stat, "value": parse_number(match.group("v"))},
        )
    for match in finditer(AGE_RANGE, folded):
        for name in ("low", "high"):
            document.add_mention(
                "age_statistic",
                match.start(name),
                match.end(name),
                value={
                    "statistic": "min" if name == "low" else "max",
                    "value": parse_number(match.group(name)),
                },
            )
    for match in SEX_COUNT.finditer(folded):
        sex = (
            "F"
            if match.group("sex").startswith(("femme", "patientes"))
            or "feminin" in match.group("sex")
            else "M"
        )
        document.add_mention(
            "sex_count",
            match.start(),
            match.end(),
            value={"sex": sex, "count": _count(match.group("n"))},
        )


def add_case_counts(document: Document, folded: str) -> None:
    """« métastasectomies dans 4 cas »: a count right after a treatment mention."""
    spans = document.clean_spans
    for mention in list(document.mentions):
        if mention.label not in ("procedure", "drug") or mention.id not in spans:
            continue
        end = spans[mention.id][1]
        match = CASE_COUNT_AFTER.match(folded, end, min(len(folded), end + 40))
        if match:
            document.add_mention(
                "case_count",
                match.start("n"),
                match.end(),
                value=_count(match.group("n")),
                attributes={"of": mention.id},
            )


def add_endpoints(document: Document, folded: str) -> None:
    for start, end, endpoint in endpoint_lexicon().find(folded):
        sentence_end = document.sentence_of(start)[1]
        window = folded[end : min(sentence_end, end + MAX_ENDPOINT_REACH)]
        horizon = TIMEPOINT.match(window)
        skip = horizon.end() if horizon else 0
        match = ENDPOINT_VALUE.search(window, skip)
        if match is None:
            continue
        timepoint = (
            f"P{horizon.group('n')}{'Y' if horizon.group('unit') == 'ans' else 'M'}"
            if horizon
            else None
        )
        value = {
            "endpoint": endpoint,
            "value": None,
            "low": None,
            "high": None,
            "unit": match.group("unit") or match.group("unit2"),
            "timepoint": timepoint,
        }
        if match.group("v"):
            value["value"] = parse_number(match.group("v"))
        else:
            value["low"] = parse_number(match.group("low"))
            value["high"] = parse_number(match.group("high"))
        document.add_mention("endpoint", start, end + match.end(), value=value)


@factory("recognize.series")
def make_series():
    """Add counts, age statistics and endpoint statements."""

    def series(document: Document) -> None:
        folded = document.folded
        add_counts(document, folded)
        add_case_counts(document, folded)
        add_endpoints(document, folded)

    return series
