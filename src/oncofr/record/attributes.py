"""Normalisation rules of the record guidelines for tumour attributes."""

from __future__ import annotations

import re

from oncofr.models import Mention, Tumour

_GRADE_DIGIT = re.compile(r"([1-4])|\b(IV|III|II|I)\b", re.IGNORECASE)
_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4"}
# ICD-O-3 morphology of a well-differentiated neuroendocrine tumour by its grade.
NET_BY_GRADE = {"G1": "8240/3", "G2": "8249/3", "G3": "8249/3"}
NET_CODES = {"8240/3", "8249/3"}


def grade_of(mention: Mention) -> str | None:
    """`G1`…`G4` from a grade mention (« G2 », « grade II ») or a differentiation code digit."""
    if mention.label == "differentiation":
        return f"G{mention.code}" if mention.code in {"1", "2", "3", "4"} else None
    if mention.attributes.get("system") == "gleason":
        return None  # a Gleason score is no G grade
    value = str(mention.value if mention.value is not None else mention.text)
    match = _GRADE_DIGIT.search(value)
    if match is None:
        return None
    digit = match.group(1) or _ROMAN[match.group(2).upper()]
    return f"G{digit}"


def normalise_net_morphology(tumour: Tumour) -> None:
    """A neuroendocrine *tumour* (not a carcinoma) said to be grade 2 or 3 is coded 8249/3,
    grade 1 is 8240/3; mentions code an ungraded « tumeur neuroendocrine » 8246/3."""
    morphology = tumour.morphology
    if morphology is None or tumour.grade is None or tumour.grade.value not in NET_BY_GRADE:
        return
    ungraded_tumour = morphology.code == "8246/3" and "carcinom" not in (morphology.label or "")
    if morphology.code in NET_CODES or ungraded_tumour:
        morphology.code = NET_BY_GRADE[tumour.grade.value]
