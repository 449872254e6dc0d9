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
    """A neuroendocrine tumour said to be grade 2 or 3 is coded 8249/3, grade 1 is 8240/3."""
    if tumour.morphology is None or tumour.grade is None:
        return
    if tumour.morphology.code in NET_CODES and tumour.grade.value in NET_BY_GRADE:
        tumour.morphology.code = NET_BY_GRADE[tumour.grade.value]
