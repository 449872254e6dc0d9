"""Outcome of the record: vital status, last known disease status, last follow-up date.

- `dead` when a death of the patient is asserted (an `outcome` mention valued `dead`);
- `alive` when an asserted outcome says so, or when the document follows a single patient
  (case report, clinical note) and its last news is a response, a treatment or an outcome
  other than death;
- `unknown` otherwise.
The last status is the last asserted response or outcome status; the last follow-up date is
the latest asserted date of the text. A case series or a review is about many patients (« 2
décès à 2 ans » is two of them): its outcome stays unknown, and the `cohort` block holds what
it reports.
"""

from __future__ import annotations

from oncofr.document import Document
from oncofr.models import Outcome
from oncofr.record.patient import MANY_PATIENT_TYPES
from oncofr.registry import factory
from oncofr.relate.index import mention_index

SINGLE_PATIENT_TYPES = {"case_report", "clinical_note"}
RESPONSE_STATUS = {
    "CR": "complete response",
    "PR": "partial response",
    "SD": "stable",
    "PD": "progression",
}


@factory("record.outcome")
def make_outcome():
    """Fill `record.outcome`."""

    def outcome(document: Document) -> None:
        if document.meta.type in MANY_PATIENT_TYPES:
            return
        index = mention_index(document)
        news = index.labelled("outcome", "response", "drug", "procedure")
        deaths = [m for m in news if m.label == "outcome" and m.value == "dead"]
        statuses = [m for m in news if m.label in ("outcome", "response")]
        if deaths:
            vital, evidence = "dead", deaths
        elif any(m.label == "outcome" and m.value == "alive" for m in news) or (
            news and document.meta.type in SINGLE_PATIENT_TYPES
        ):
            vital, evidence = "alive", news[-1:]
        else:
            vital, evidence = "unknown", []
        last = statuses[-1] if statuses else None
        last_status = None
        if last is not None:
            last_status = (
                RESPONSE_STATUS.get(str(last.code))
                or last.attributes.get("status")
                or (str(last.value) if last.value else None)
            )
        dates = sorted(str(m.value) for m in index.labelled("date") if isinstance(m.value, str))
        document.record.outcome = Outcome(
            vital_status=vital,
            last_status=last_status,
            last_follow_up=dates[-1] if dates else None,
            mentions=[m.id for m in evidence]
            + ([last.id] if last and last not in evidence else []),
        )

    return outcome
