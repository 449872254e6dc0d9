"""Cohort questions without SQL: a `CohortFilter` and `find_patients`, shared by the command line
and the web API.

Filters combine with AND. Codes match by prefix, ignoring dots and slashes (`C17` matches `C17.2`,
`824` matches `8240/3`); drug names match without case or accents (or by ATC code prefix). The
tumour filters (primary, morphology, Ki-67) must hold for one same tumour, the treatment filters
(drug, response) for one same treatment. Each stored document is one patient record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

from oncofr.store.base import QueryResult, Store
from oncofr.store.rows import fold_name

# Matched in full on the stripped value: no unbounded whitespace to backtrack over.
_COMPARISON = re.compile(r"(<=|>=|<|>|==|=)? {0,3}(-?\d{1,12}(?:[.,]\d{1,12})?)")
_ATC = re.compile(r"^[A-Za-z]\d\d[A-Za-z0-9]*$")  # an ATC code or prefix: L01, L01EG02
_OPERATORS = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "=": "=", "==": "="}
RESPONSES = ("CR", "PR", "SD", "PD")
SEXES = ("F", "M")

_SELECT = """
SELECT d.id AS doc_id, d.doc_type, d.note_date, p.age, p.sex,
    (SELECT string_agg(DISTINCT t.topography_code, ', ' ORDER BY t.topography_code)
     FROM tumours t WHERE t.doc_id = d.id) AS primary_sites,
    (SELECT string_agg(DISTINCT t.morphology_code, ', ' ORDER BY t.morphology_code)
     FROM tumours t WHERE t.doc_id = d.id) AS morphologies,
    (SELECT max(t.ki67) FROM tumours t WHERE t.doc_id = d.id) AS ki67,
    (SELECT string_agg(DISTINCT m.topography_code, ', ' ORDER BY m.topography_code)
     FROM metastases m WHERE m.doc_id = d.id) AS metastasis_sites,
    (SELECT string_agg(DISTINCT x.name, ', ' ORDER BY x.name)
     FROM treatments x WHERE x.doc_id = d.id) AS treatments
FROM documents d LEFT JOIN patients p ON p.doc_id = d.id
WHERE d.status = 'ok'"""


@dataclass(frozen=True)
class CohortFilter:
    """Conditions on a patient record; `None` means no condition. Values are checked here."""

    primary: str | None = None  # ICD-O-3 topography prefix of a primary tumour: C17
    metastasis: str | None = None  # ICD-O-3 topography prefix of a metastasis: C22
    morphology: str | None = None  # ICD-O-3 morphology prefix of a tumour: 8240, 824
    ki67: str | None = None  # a tumour's Ki-67 (%): ">=3", "<2", "20"
    drug: str | None = None  # a treatment's name (évérolimus) or ATC code prefix (L01EG)
    response: str | None = None  # that treatment's best response: CR, PR, SD or PD
    sex: str | None = None  # F or M
    age: str | None = None  # age in years: ">=50"

    def __post_init__(self) -> None:
        for name in ("primary", "metastasis", "morphology"):
            value = getattr(self, name)
            if value is not None and not _code(value):
                raise ValueError(f"{name}: {value!r} is not a code (C17, 8240/3)")
        for name in ("ki67", "age"):
            value = getattr(self, name)
            if value is not None:
                _comparison(name, value)
        if self.response is not None and self.response.upper() not in RESPONSES:
            raise ValueError(f"response: {self.response!r} is not one of {', '.join(RESPONSES)}")
        if self.sex is not None and self.sex.upper() not in SEXES:
            raise ValueError(f"sex: {self.sex!r} is not F or M")
        if self.drug is not None and not self.drug.strip():
            raise ValueError("drug: empty name")

    def is_empty(self) -> bool:
        return all(getattr(self, field.name) is None for field in fields(self))


def find_patients(store: Store, cohort: CohortFilter) -> QueryResult:
    """The patient records (one per document) that meet every condition of `cohort`."""
    sql, params = _cohort_sql(cohort)
    return store.query(sql, params)


def run_sql(store: Store, sql: str) -> QueryResult:
    """Any SQL query on the store (open it read-only to be sure nothing is changed)."""
    return store.query(sql)


def _cohort_sql(cohort: CohortFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    groups = {
        ("tumours", "t"): [
            _code_condition("t.topography_code", cohort.primary),
            _code_condition("t.morphology_code", cohort.morphology),
            _number_condition("t.ki67", "ki67", cohort.ki67),
        ],
        ("metastases", "m"): [_code_condition("m.topography_code", cohort.metastasis)],
        ("treatments", "x"): [
            _drug_condition(cohort.drug),
            _upper_condition("x.best_response", cohort.response),
        ],
    }
    for (table, alias), conditions in groups.items():
        present = [condition for condition in conditions if condition]
        if present:
            where = " AND ".join(condition for condition, _ in present)
            clauses.append(
                f"EXISTS (SELECT 1 FROM {table} {alias} WHERE {alias}.doc_id = d.id AND {where})"
            )
            params.extend(value for _, values in present for value in values)
    patient = (_upper_condition("p.sex", cohort.sex), _number_condition("p.age", "age", cohort.age))
    for condition in filter(None, patient):
        clauses.append(condition[0])
        params.extend(condition[1])
    sql = _SELECT + "".join(f"\n  AND {clause}" for clause in clauses) + "\nORDER BY d.id"
    return sql, params


Condition = tuple[str, list[Any]] | None


def _code(value: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", value.upper())


def _code_condition(column: str, value: str | None) -> Condition:
    if value is None:
        return None
    return f"replace(replace(upper({column}), '.', ''), '/', '') LIKE ?", [_code(value) + "%"]


def _drug_condition(value: str | None) -> Condition:
    if value is None:
        return None
    if _ATC.match(value.strip()):
        return "(x.name_folded = ? OR upper(x.atc) LIKE ?)", [fold_name(value), _code(value) + "%"]
    return "x.name_folded = ?", [fold_name(value)]


def _upper_condition(column: str, value: str | None) -> Condition:
    return None if value is None else (f"upper({column}) = ?", [value.upper()])


def _number_condition(column: str, name: str, value: str | None) -> Condition:
    if value is None:
        return None
    operator, number = _comparison(name, value)
    return f"{column} {operator} ?", [number]


def _comparison(name: str, text: str) -> tuple[str, float]:
    """`>=3` -> (">=", 3.0); a bare number means equality."""
    match = _COMPARISON.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{name}: {text!r} is not a comparison such as '>=3', '<2' or '20'")
    return _OPERATORS[match.group(1) or "="], float(match.group(2).replace(",", "."))
