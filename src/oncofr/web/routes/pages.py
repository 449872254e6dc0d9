"""The HTML pages: paste-and-extract (`/`), a stored document, the cohort. Each page is a shell
that its script fills from the API."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from oncofr.web.render import render
from oncofr.web.settings import StoreUrl

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def extract_page(request: Request) -> HTMLResponse:
    return render(request, "extract.html")


@router.get("/cohort", response_class=HTMLResponse)
def cohort_page(request: Request, _: StoreUrl) -> HTMLResponse:
    return render(request, "cohort.html")


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, _: StoreUrl) -> HTMLResponse:
    return render(request, "document.html", {"doc_id": doc_id})
