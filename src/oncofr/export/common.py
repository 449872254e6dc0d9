"""Helpers shared by the FHIR, OMOP and flat-table exporters."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import cache

from oncofr.models import DocumentResult, Mention, Quantity, Treatment

ISO_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
MEDICATION_TYPES = frozenset({"systemic", "radionuclide"})


def stable_int(text: str, bits: int = 46) -> int:
    """A positive integer of at most `bits` bits that depends only on `text`."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") >> (64 - bits) or 1


def iso_date(value: str | None) -> str | None:
    """`value` when it is an ISO 8601 date, possibly partial (`2014`, `2014-12`), else None."""
    return value if value and ISO_DATE.fullmatch(value) else None


def dose_text(dose: Quantity | None) -> str | None:
    """`30 mg` from a dose, or None when it has no value."""
    if dose is None or dose.value is None:
        return None
    return f"{dose.value:g} {dose.unit or ''}".strip()


def is_medication(treatment: Treatment) -> bool:
    """Drugs and radionuclides are medications; surgery, ablation and the like are procedures."""
    return treatment.type in MEDICATION_TYPES


class MentionIndex:
    """The mentions of one result by id."""

    def __init__(self, result: DocumentResult) -> None:
        self._by_id = {mention.id: mention for mention in result.mentions}

    def get(self, ids: Iterable[str]) -> list[Mention]:
        """The mentions named by `ids` that exist, in the given order."""
        return [self._by_id[i] for i in ids if i in self._by_id]

    def code(self, ids: Iterable[str], label: str) -> str | None:
        """The first code of a `label` mention among `ids`."""
        return next((m.code for m in self.get(ids) if m.label == label and m.code), None)

    def cim10(self, ids: Iterable[str]) -> Mention | None:
        """The first mention among `ids` coded in CIM-10 (ICD-10)."""
        return next((m for m in self.get(ids) if m.code and is_cim10(m.system)), None)


def is_cim10(system: str | None) -> bool:
    return (system or "").lower().replace("-", "").replace("_", "") in {"cim10", "icd10"}


@cache
def _ucum_codes() -> dict[str, str]:
    from oncofr.resources import load_table

    rows = load_table("units").rows
    codes = {row["ucum"]: row["ucum"] for row in rows}
    codes.update({row["term"]: row["ucum"] for row in rows})
    return codes


def ucum(unit: str | None) -> str | None:
    """The UCUM code of a unit as written (`UI/L` → `U/L`), or None when it is not known."""
    return _ucum_codes().get(unit.strip()) if unit else None
