"""The record's patient (`record.patient`): age and sex from the `age` and `sex` mentions.

`recognize.age` and `recognize.sex` keep only the index patient's evidence (they leave out
relatives themselves), so every such mention counts, whatever its qualifiers. The age is the
first age at presentation (an age at an earlier event, « diagnostiquée à 45 ans », only when
there is none); the sex is the value the sexed words give (« ovaire », « prostate »: organs or
states of the body only one sex has) when they agree, else the value most mentions give (the
earliest one breaks a tie): the grammatical gender of « le patient » is wrong in generic or
translated wording, an ovary is not.
Case series and reviews are about many patients, so their record has no single patient.
"""

from __future__ import annotations

from collections import Counter

from oncofr.document import Document
from oncofr.models import Mention, Valued
from oncofr.registry import factory

MANY_PATIENT_TYPES = {"case_series", "review"}


def _evidence(document: Document, label: str) -> list[Mention]:
    return [mention for mention in document.mentions if mention.label == label]


def patient_age(mentions: list[Mention]) -> Valued | None:
    """The first age at presentation, else the first age at an event."""
    ordered = sorted(mentions, key=lambda m: (bool(m.attributes.get("at_event")), m.start))
    return Valued(value=ordered[0].value, mentions=[ordered[0].id]) if ordered else None


def patient_sex(mentions: list[Mention]) -> Valued | None:
    """The sexed words' value when they agree, else the majority value, with the mentions that
    give it."""
    if not mentions:
        return None
    ordered = sorted(mentions, key=lambda m: m.start)
    sexed = {m.value for m in ordered if m.attributes.get("cue") == "sexed"}
    if len(sexed) == 1:
        ordered = [m for m in ordered if m.value in sexed]
    counts = Counter(m.value for m in ordered)
    best = max(counts, key=lambda value: counts[value])  # Counter keeps first-seen order on ties
    return Valued(value=best, mentions=[m.id for m in ordered if m.value == best])


@factory("record.patient")
def make_patient():
    """Set `record.patient.age` and `record.patient.sex`."""

    def patient(document: Document) -> None:
        if document.meta.type in MANY_PATIENT_TYPES:
            return
        age = patient_age(_evidence(document, "age"))
        sex = patient_sex(_evidence(document, "sex"))
        update = {"age": age, "sex": sex}
        document.record.patient = document.record.patient.model_copy(update=update)

    return patient
