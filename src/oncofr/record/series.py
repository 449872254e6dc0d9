"""The `cohort` block of case series and the `findings` of reviews.

Built from the `recognize.series` mentions: the first patient count, age statistics, sex counts,
treatments with the number of cases they were done in (or simply named, count unknown), and the
endpoint statements. The intervention of an endpoint is the treatment named closest before it in
the same sentence or the one before.
"""

from __future__ import annotations

from oncofr.document import Document
from oncofr.models import Cohort, Count, Finding, Mention
from oncofr.record.treatments import treatment_type
from oncofr.registry import factory
from oncofr.relate.index import MentionIndex, mention_index

STATISTIC_FIELDS = {"mean": "age_mean", "median": "age_median", "min": "age_min", "max": "age_max"}


def findings(index: MentionIndex) -> list[Finding]:
    interventions = [m for m in index.labelled("procedure", "drug") if treatment_type(m)]
    result = []
    # A statistic is not a fact about a patient: « survie sans progression » is no negation.
    for mention in index.labelled("endpoint", asserted=False):
        value = mention.value
        cause = index.closest(mention, interventions, sentences_back=1)
        result.append(
            Finding(
                endpoint=value["endpoint"],
                value=value["value"],
                low=value["low"],
                high=value["high"],
                unit=value["unit"],
                timepoint=value.get("timepoint"),
                text=mention.text,
                intervention=str(cause.value or cause.text).lower() if cause else None,
                mentions=[mention.id] + ([cause.id] if cause else []),
            )
        )
    return result


def cohort(index: MentionIndex) -> Cohort:
    block = Cohort()
    counts = index.labelled("patient_count")
    if counts:
        block.patients = int(counts[0].value)
    for mention in index.labelled("age_statistic"):
        field = STATISTIC_FIELDS[mention.value["statistic"]]
        if getattr(block, field) is None:
            setattr(block, field, mention.value["value"])
    sexes: dict[str, int] = {}
    for mention in index.labelled("sex_count"):
        sexes.setdefault(mention.value["sex"], mention.value["count"])
    block.sex = sexes
    block.treatments = _treatment_counts(index)
    block.outcomes = findings(index)
    return block


def _treatment_counts(index: MentionIndex) -> list[Count]:
    case_counts: dict[str, Mention] = {
        str(m.attributes.get("of")): m for m in index.labelled("case_count")
    }
    treatments: dict[str, Count] = {}
    for mention in index.labelled("procedure", "drug"):
        if not treatment_type(mention):
            continue
        name = str(mention.value or mention.text).lower()
        count = treatments.setdefault(name, Count(label=name))
        count.mentions = count.mentions + [mention.id]
        counted = case_counts.get(mention.id)
        if counted is not None:
            count.count = (count.count or 0) + int(counted.value)
            count.mentions = count.mentions + [counted.id]
    return list(treatments.values())


@factory("record.series")
def make_series_record():
    """Fill `record.cohort` for case series and `record.findings` for reviews."""

    def series(document: Document) -> None:
        index = mention_index(document)
        if document.meta.type == "case_series":
            document.record.cohort = cohort(index)
        elif document.meta.type == "review":
            document.record.findings = findings(index)

    return series
