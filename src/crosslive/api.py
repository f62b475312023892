"""The JSON API under /api/v1: one router per domain, plus health."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from crosslive import __version__
from crosslive.auth.api import router as auth_router
from crosslive.deps import SessionDep
from crosslive.fit.api import router as fit_router

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(auth_router)
api_router.include_router(fit_router)


@api_router.get("/health", tags=["health"])
def health(db: SessionDep) -> dict[str, str]:
    """Liveness and database reachability."""
    db.execute(text("SELECT 1"))
    return {"status": "ok", "version": __version__}
