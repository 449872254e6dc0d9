"""Treatment response and outcome (`recognize.response`).

Method
- `response`: RECIST 1.1 category (`code` CR, PR, SD or PD, `system` "recist") from French
  wording in `resources/data/oncology_cues.tsv` (group `response`: « maladie stable »,
  « stabilisation de la maladie », « progression radiologique », « réponse partielle »,
  « rémission complète », « disparition de la captation »…), longest phrase first; phrases with
  an empty value (« survie sans progression », « en cas de progression ») stop a shorter
  response inside them. A change of the tumour burden in percent (« réduction des lésions de
  moins de 10 % ») is read with the RECIST thresholds: a decrease of 30 % or more is PR, an
  increase of 20 % or more is PD, less is SD; it needs a lesion word between the change and
  the percentage or just after it.
- `outcome`: vital status cues (group `outcome`): « décédé », « décès » -> dead; « vivant »,
  « en vie », « sans récidive », « en rémission » -> alive; « perdu de vue » -> unknown;
  `attributes.status` says which (dead, alive, lost_to_follow_up, no_recurrence,
  no_evidence_of_disease, remission).
Negation and hypothesis (« sans progression », « en cas de décès ») are left to `qualify`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from oncofr.document import Document
from oncofr.recognize.oncology_cues import cue_lexicon
from oncofr.recognize.time_quantities import parse_number
from oncofr.recognize.tumour_attributes import DECIMAL, Found
from oncofr.registry import factory

_PERCENT = re.compile(rf"\bde[ ](?P<bound>moins[ ]de[ ]|plus[ ]de[ ])?(?P<percent>{DECIMAL})[ ]?%")
CHANGE_WINDOW = 80
LESION_AFTER = 40
PARTIAL_RESPONSE = 30.0  # RECIST 1.1: at least 30 % decrease of the sum of diameters
PROGRESSION = 20.0  # RECIST 1.1: at least 20 % increase


def find_responses(folded: str) -> Iterator[Found]:
    """RECIST categories from response wording."""
    for start, end, (code, _) in cue_lexicon("response").find(folded):
        if code:
            yield Found("response", start, end, code=code, system="recist")


def find_changes(document: Document, folded: str) -> Iterator[Found]:
    """« réduction des lésions hépatiques de moins de 10 % » -> SD."""
    for start, end, (direction, _) in cue_lexicon("change").find(folded):
        _, sentence_end = document.sentence_of(start)
        match = _PERCENT.search(folded, end, min(sentence_end, end + CHANGE_WINDOW))
        if match is None or not cue_lexicon("lesion").find(
            folded[end:min(sentence_end, match.end() + LESION_AFTER)]
        ):
            continue
        percent = parse_number(match.group("percent"))
        bound = (match.group("bound") or "").strip()
        code = _recist(direction, percent or 0.0, bound)
        attributes = {"change": direction, "percent": percent}
        if bound:
            attributes["comparator"] = "<" if bound.startswith("moins") else ">"
        yield Found("response", start, match.end(), code=code, system="recist",
                    attributes=attributes)


def _recist(direction: str, percent: float, bound: str) -> str:
    """The RECIST category of a change of `percent` (« moins de » keeps it under the bound)."""
    below = bound.startswith("moins")
    if direction == "decrease":
        return "PR" if percent >= PARTIAL_RESPONSE and not below else "SD"
    return "PD" if percent >= PROGRESSION and not below else "SD"


def find_outcomes(folded: str) -> Iterator[Found]:
    """Vital status cues."""
    for start, end, (vital, status) in cue_lexicon("outcome").find(folded):
        if vital:
            yield Found("outcome", start, end, value=vital, attributes={"status": status})


@factory("recognize.response")
def make_response():
    """Add response (RECIST) and outcome (vital status) mentions."""

    def response(document: Document) -> None:
        folded = document.folded
        found = [*find_responses(folded), *find_changes(document, folded), *find_outcomes(folded)]
        for item in found:
            item.add_to(document)

    return response
