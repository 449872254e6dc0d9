"""The record's `events`: a timeline of diagnosis, procedures, treatments, assessments, death.

One event per diagnosis (first asserted primary tumour mention), procedure, treatment start
(and stop when an end date is known), imaging assessment (response), progression and death; a
later mention of a treatment's act is labelled with the treatment's name. An event takes the
first date that belongs to it (`MentionIndex.dates_of`). Events are ordered by date; an undated
event keeps its place in the text, after the event that precedes it there. The same act at the
same date named twice is one event.
"""

from __future__ import annotations

from oncofr.document import Document
from oncofr.models import Event, Mention
from oncofr.registry import factory
from oncofr.relate.index import MentionIndex, mention_index

PROCEDURE_KINDS = {
    "surgery",
    "ablation",
    "intra_arterial",
    "radionuclide",
    "radiotherapy",
    "biopsy",
    "imaging",
    "endoscopy",
}


def _event(index: MentionIndex, mention: Mention, kind: str, label: str) -> Event:
    date = index.first_date(mention)
    value = date.value if date is not None and isinstance(date.value, str) else None
    return Event(
        date=value,
        kind=kind,
        label=label,
        mentions=[mention.id] + ([date.id] if date is not None else []),
    )


def collect_events(document: Document, index: MentionIndex) -> list[Event]:
    events: list[Event] = []
    record = document.record
    diagnosis_ids = {
        m for tumour in record.tumours if tumour.morphology for m in tumour.morphology.mentions
    }
    first_diagnosis = next((m for m in index.ordered if m.id in diagnosis_ids), None)
    if first_diagnosis is not None:
        events.append(_event(index, first_diagnosis, "diagnosis", first_diagnosis.text.lower()))
    treatment_starts = {t.mentions[0]: t for t in record.treatments if t.mentions}
    treatment_of = {m: t for t in record.treatments for m in t.mentions}
    for mention in index.labelled("procedure", "drug", "response", "outcome"):
        if mention.id in treatment_starts:
            treatment = treatment_starts[mention.id]
            kind = (
                "treatment_start"
                if treatment.type in ("systemic", "radionuclide")
                else treatment.type
            )
            events.append(_event(index, mention, kind, treatment.name))
            if treatment.end:
                events.append(
                    Event(
                        date=treatment.end,
                        kind="treatment_stop",
                        label=treatment.name,
                        mentions=[mention.id],
                    )
                )
        elif mention.label == "procedure" and mention.attributes.get("type") in PROCEDURE_KINDS:
            kind = str(mention.attributes["type"])
            treatment = treatment_of.get(mention.id)
            label = treatment.name if treatment else str(mention.value or mention.text).lower()
            events.append(_event(index, mention, kind, label))
        elif mention.label == "response":
            kind = "progression" if mention.code == "PD" else "assessment"
            events.append(_event(index, mention, kind, mention.text.lower()))
        elif mention.label == "outcome" and mention.value == "dead":
            events.append(_event(index, mention, "death", mention.text.lower()))
    return events


def order_events(events: list[Event], index: MentionIndex) -> list[Event]:
    """By date; undated events stay after the event before them in the text."""

    def position(event: Event) -> int:
        return min((index.by_id[m].start for m in event.mentions if m in index.by_id), default=0)

    in_text = sorted(enumerate(events), key=lambda item: (position(item[1]), item[0]))
    keyed = []
    carried = ""
    for order, (_, event) in enumerate(in_text):
        carried = event.date or carried
        keyed.append(((carried, 0 if event.date else 1, order), event))
    ordered = [event for _, event in sorted(keyed, key=lambda item: item[0])]
    return _without_repeats(ordered)


def _without_repeats(events: list[Event]) -> list[Event]:
    """One event per (date, kind, label): a second mention of the same act adds its evidence."""
    kept: dict[tuple[str | None, str, str], Event] = {}
    for event in events:
        key = (event.date, event.kind, event.label)
        if key in kept:
            kept[key].mentions = kept[key].mentions + event.mentions
        else:
            kept[key] = event
    return list(kept.values())


@factory("record.timeline")
def make_timeline():
    """Fill `record.events` (runs after the tumours, treatments and outcome)."""

    def timeline(document: Document) -> None:
        index = mention_index(document)
        document.record.events = order_events(collect_events(document, index), index)

    return timeline
