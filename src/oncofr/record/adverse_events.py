"""Adverse events of the record: asserted toxicity mentions, each attributed to a treatment.

An `adverse_event` mention is attributed to the anticancer drug or procedure named closest
before it in the same sentence or up to two sentences back.
"""

from __future__ import annotations

from oncofr.document import Document
from oncofr.models import AdverseEvent
from oncofr.record.treatments import treatment_type
from oncofr.registry import factory
from oncofr.relate.index import mention_index

ATTRIBUTION_WINDOW = 2


@factory("record.adverse_events")
def make_adverse_events():
    """Fill `record.adverse_events` (one entry per distinct term)."""

    def adverse_events(document: Document) -> None:
        index = mention_index(document)
        causes = [m for m in index.labelled("drug", "procedure") if treatment_type(m)]
        events: dict[str, AdverseEvent] = {}
        for mention in index.labelled("adverse_event"):
            term = str(mention.value or mention.text).lower()
            cause = index.closest(mention, causes, sentences_back=ATTRIBUTION_WINDOW)
            grade = mention.attributes.get("grade")
            event = events.get(term)
            if event is None:
                events[term] = AdverseEvent(
                    term=term,
                    grade=str(grade) if grade is not None else None,
                    attributed_to=str(cause.value or cause.text).lower() if cause else None,
                    mentions=[mention.id],
                )
            else:
                event.mentions = event.mentions + [mention.id]
        document.record.adverse_events = list(events.values())

    return adverse_events
