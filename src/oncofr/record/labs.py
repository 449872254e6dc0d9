"""The record's laboratory results (`record.labs`), one per `lab` mention.

A result keeps the test, LOINC code, value, unit as written but normalised (« mmol/l » ->
« mmol/L », « UI/l » -> « UI/L ») and flag of its mention, and the date of the nearest earlier
`date` mention in its sentence. Hypothetical results (« si la kaliémie < 3 mmol/L ») are left
out; the same test, value and unit written twice is one result with both mentions.
"""

from __future__ import annotations

from oncofr.document import Document
from oncofr.models import Lab, Mention
from oncofr.recognize.labs import written_unit
from oncofr.registry import factory


def _date_before(document: Document, mention: Mention) -> str | None:
    """The value of the last `date` mention before `mention` in the same sentence."""
    start = document.clean_spans[mention.id][0]
    sentence_start, _ = document.sentence_of(start)
    dates = [
        other
        for other in document.mentions
        if other.label == "date"
        and isinstance(other.value, str)
        and sentence_start <= document.clean_spans[other.id][0] < start
    ]
    return dates[-1].value if dates else None


def to_lab(document: Document, mention: Mention) -> Lab:
    unit = mention.attributes.get("unit_as_written")
    return Lab(
        test=mention.value["test"],
        loinc=mention.code,
        value=mention.value["value"],
        unit=written_unit(unit) if unit else mention.value["unit"],
        flag=mention.attributes.get("flag"),
        date=_date_before(document, mention),
        mentions=[mention.id],
    )


@factory("record.labs")
def make_record_labs():
    """Set `record.labs` from the document's `lab` mentions."""

    def record_labs(document: Document) -> None:
        labs: dict[tuple[str, float | None, str | None], Lab] = {}
        for mention in document.mentions:
            if mention.label != "lab" or mention.hypothetical:
                continue
            lab = to_lab(document, mention)
            key = (lab.test, lab.value, lab.unit)
            if key in labs:
                labs[key].mentions.append(mention.id)
            else:
                labs[key] = lab
        document.record.labs = list(labs.values())

    return record_labs
