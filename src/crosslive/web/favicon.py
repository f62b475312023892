"""The site's icon: browsers ask for one on every first page, and a 404 there is an error
in every viewer's console. One small SVG, served at /favicon.svg (the pages link it) and
/favicon.ico (browsers that ask by the old name are sent there)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

router = APIRouter(include_in_schema=False)

ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    '<rect width="32" height="32" rx="8" fill="#d2386c"/>'
    '<circle cx="16" cy="16" r="8" fill="none" stroke="#fff" stroke-width="4"/>'
    '<circle cx="16" cy="16" r="2.5" fill="#fff"/>'
    "</svg>"
)
# A day in browsers' caches: the icon changes with a release at most.
CACHE = "public, max-age=86400"


@router.get("/favicon.svg")
def icon() -> Response:
    return Response(ICON, media_type="image/svg+xml", headers={"Cache-Control": CACHE})


@router.get("/favicon.ico")
def old_name() -> RedirectResponse:
    return RedirectResponse("/favicon.svg", status_code=301)
