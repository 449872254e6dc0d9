"""Cohort queries: `GET /v1/patients` (+ `.csv`, `/summary`) with the filters of `oncofr query`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from oncofr.web import cohort
from oncofr.web.errors import ApiError
from oncofr.web.schemas import ERRORS, CohortSummary, FilterParams, PatientPage
from oncofr.web.settings import StoreUrl

router = APIRouter(prefix="/v1", tags=["patients"], responses=ERRORS)


def cohort_filter(params: Annotated[FilterParams, Query()]) -> cohort.CohortFilter:
    """The filters, combined with AND (docs/store.md); an invalid value is a 400."""
    values = {key: value or None for key, value in params.model_dump().items()}
    try:
        return cohort.CohortFilter(**values)
    except ValueError as error:
        raise ApiError(400, "invalid filter", str(error)) from error


Filters = Annotated[cohort.CohortFilter, Depends(cohort_filter)]


@router.get("/patients", response_model=PatientPage)
def patients(
    conditions: Filters,
    db: StoreUrl,
    limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> PatientPage:
    """Patient records (one per stored document) that meet every filter, by document id."""
    result = cohort.patients(db, conditions)
    rows = cohort.as_dicts(result)
    return PatientPage(
        total=len(rows), limit=limit, offset=offset, columns=result.columns,
        patients=rows[offset : offset + limit],
    )


@router.get(
    "/patients.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "Every matching record."}},
)
def patients_csv(
    conditions: Filters, db: StoreUrl
) -> Response:
    """The same records as CSV (the columns of `oncofr query --csv`)."""
    return Response(
        cohort.to_csv(cohort.patients(db, conditions)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="patients.csv"'},
    )


@router.get("/patients/summary", response_model=CohortSummary)
def patients_summary(
    conditions: Filters, db: StoreUrl
) -> CohortSummary:
    """Counts of the matching records: sites, treatments, responses (the cohort page charts)."""
    return CohortSummary(**cohort.summary(db, conditions))
