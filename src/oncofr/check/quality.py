"""Quality warnings: what cannot all be true in a text.

Each rule reads one sentence at a time (or the record) and adds a warning that points at its
evidence. Evidence that is not already a mention (a contradicting word, an unknown drug-like
word) becomes a `quality_evidence` mention, so every warning can be shown in the text.

Rules (data in `resources/data/`):
- `contradiction`: two words of `contradictions.tsv` in one sentence (« hypochrome … normochrome »),
  or « infracentimétrique » next to a size of 10 mm or more;
- `implausible_age`: an infant's age (under two years) for a patient said to be an adult;
- `implausible_date`: a date after the note date, or before 1900;
- `implausible_lab`: a lab value more than 20 times outside its reference range;
- `unknown_drug`: a word ending like a drug name (`inn_stems.tsv`) that is no known drug;
- `impossible_anatomy`: wording of `impossible_anatomy.tsv` in a sentence whose context makes
  it impossible (« ventricule latéral » in a sentence about the heart).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from oncofr.document import Document
from oncofr.models import Mention, QualityWarning
from oncofr.prefilter import may_match, search
from oncofr.recognize.drugs import drug_lexicon
from oncofr.registry import factory
from oncofr.relate.index import mention_index
from oncofr.resources import load_table

IMPLAUSIBLE_FACTOR = 20
INFANT_YEARS = 2
ADULT_YEARS = 18
MIN_DRUG_WORD = 8
_SUBCENTIMETRE = re.compile(r"\binfra[- ]?centimetriques?\b|\bsub[- ]?centimetriques?\b")
_CENTIMETRE_MM = 10


def _term_pattern(term: str) -> str:
    body = re.escape(term.rstrip("*")).replace(r"\-\?", "-?").replace(r"\ ", r"\s+")
    return rf"\b{body}\w*" if term.endswith("*") else rf"\b{body}\b"


@cache
def contradiction_rules() -> tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...]:
    return tuple(
        (
            re.compile(_term_pattern(row["term_a"])),
            re.compile(_term_pattern(row["term_b"])),
            row["message"],
        )
        for row in load_table("contradictions").rows
    )


@cache
def anatomy_rules() -> tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(rf"\b(?:{row['term']})"), re.compile(row["context"]), row["message"])
        for row in load_table("impossible_anatomy").rows
    )


@cache
def drug_like_word() -> re.Pattern[str]:
    stems = sorted((row["stem"] for row in load_table("inn_stems").rows), key=len, reverse=True)
    return re.compile(rf"\b[a-z][a-z-]{{2,30}}(?:{'|'.join(map(re.escape, stems))})s?\b")


@cache
def reference_ranges() -> dict[str, tuple[str, str]]:
    """Each lab test's reference range as written in `lab_tests.tsv` (cells may be empty)."""
    return {row["test"]: (row["low"], row["high"]) for row in load_table("lab_tests").rows}


class Checker:
    """Adds warnings to one document."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.folded = document.folded
        self.index = mention_index(document)

    def evidence(self, start: int, end: int) -> Mention:
        """The mention covering clean `start:end`, or a new `quality_evidence` mention."""
        for mention in self.document.mentions:
            span = self.document.clean_spans.get(mention.id)
            if span and span[0] <= start and end <= span[1]:
                return mention
        return self.document.add_mention("quality_evidence", start, end)

    def warn(self, kind: str, message: str, mentions: list[Mention]) -> None:
        self.document.warnings.append(
            QualityWarning(kind=kind, message=message, mentions=[m.id for m in mentions])
        )

    def sentences(self) -> Iterator[tuple[int, str]]:
        for start, end in self.document.sentences:
            yield start, self.folded[start:end]

    def contradictions(self) -> None:
        # Most rules never fire in a document: only those whose two sides occur somewhere (their
        # literals, then their patterns) are tried sentence by sentence.
        rules = [(first, second, message) for first, second, message in contradiction_rules()
                 if may_match(first, self.folded) and may_match(second, self.folded)
                 and first.search(self.folded) and second.search(self.folded)]
        for start, sentence in self.sentences():
            for first, second, message in rules:
                a, b = first.search(sentence), second.search(sentence)
                if a and b and not (a.start() < b.end() and b.start() < a.end()):
                    self.warn(
                        "contradiction",
                        message,
                        [
                            self.evidence(start + a.start(), start + a.end()),
                            self.evidence(start + b.start(), start + b.end()),
                        ],
                    )
            self._subcentimetre(start, sentence)

    def _subcentimetre(self, start: int, sentence: str) -> None:
        match = search(_SUBCENTIMETRE, sentence)
        if not match:
            return
        end = start + len(sentence)
        sizes = [
            m
            for m in self.index.labelled("size")
            if start <= self._clean_start(m) < end
            and isinstance(m.value, int | float)
            and m.value >= _CENTIMETRE_MM
        ]
        if sizes:
            self.warn(
                "contradiction",
                "said to be under one centimetre but measured larger",
                [self.evidence(start + match.start(), start + match.end()), sizes[0]],
            )

    def _clean_start(self, mention: Mention) -> int:
        return self.document.clean_spans.get(mention.id, (-1, -1))[0]

    def ages(self) -> None:
        ages = [m for m in self.index.labelled("age") if isinstance(m.value, int | float)]
        adults = [m for m in ages if m.value >= ADULT_YEARS]
        infants = [m for m in ages if m.value < INFANT_YEARS and not m.historical]
        if adults and infants:
            self.warn(
                "implausible_age",
                "an infant's age for a patient described as an adult",
                [adults[0], infants[0]],
            )

    def dates(self) -> None:
        note_date = self.document.meta.note_date
        for mention in self.index.labelled("date"):
            value = mention.value if isinstance(mention.value, str) else ""
            if value[:4].isdigit() and int(value[:4]) < 1900:
                self.warn("implausible_date", "a date before 1900", [mention])
            elif note_date and value and value[: len(note_date)] > note_date[: len(value)]:
                self.warn("implausible_date", "a date after the note date", [mention])

    def labs(self) -> None:
        ranges = reference_ranges()
        for mention in self.index.labelled("lab"):
            value = mention.value if isinstance(mention.value, dict) else {}
            low, high = ranges.get(str(value.get("test")), ("", ""))
            number = mention.attributes.get("value_in_reference_unit", value.get("value"))
            if not isinstance(number, int | float) or not high:
                continue
            if number > float(high) * IMPLAUSIBLE_FACTOR or (
                low and float(low) > 0 and number < float(low) / IMPLAUSIBLE_FACTOR
            ):
                self.warn(
                    "implausible_lab", f"{value.get('test')} {number} is implausible", [mention]
                )

    def unknown_drugs(self) -> None:
        drugs = drug_lexicon()
        for match in drug_like_word().finditer(self.folded):
            word = match.group(0)
            if len(word) < MIN_DRUG_WORD or drugs.get(word) is not None:
                continue
            if any(m.label == "drug" for m in self._covering(match.start(), match.end())):
                continue
            self.warn(
                "unknown_drug",
                f"« {word} » looks like a drug name but is no known drug",
                [self.evidence(match.start(), match.end())],
            )

    def _covering(self, start: int, end: int) -> list[Mention]:
        spans = self.document.clean_spans
        return [
            m
            for m in self.document.mentions
            if m.id in spans and spans[m.id][0] <= start and end <= spans[m.id][1]
        ]

    def anatomy(self) -> None:
        rules = [rule for rule in anatomy_rules() if search(rule[0], self.folded)]
        for start, sentence in self.sentences():
            for term, context, message in rules:
                match = term.search(sentence)
                if match and context.search(sentence):
                    self.warn(
                        "impossible_anatomy",
                        message,
                        [self.evidence(start + match.start(), start + match.end())],
                    )


@factory("check.quality")
def make_quality_check():
    """Add quality warnings (contradictions, implausible values, unknown drugs, anatomy)."""

    def quality(document: Document) -> None:
        checker = Checker(document)
        checker.contradictions()
        checker.ages()
        checker.dates()
        checker.labs()
        checker.unknown_drugs()
        checker.anatomy()

    return quality
