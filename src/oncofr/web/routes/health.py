"""`GET /health`: is the server up (never needs the token)."""

from __future__ import annotations

from fastapi import APIRouter

from oncofr.web.schemas import Health
from oncofr.web.settings import CurrentSettings

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health(settings: CurrentSettings) -> Health:
    """Liveness: always 200 while the server runs."""
    from oncofr import __version__

    return Health(status="ok", version=__version__, store=settings.db is not None)
