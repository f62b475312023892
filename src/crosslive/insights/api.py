"""Insights routes for owners and hosts: each report as JSON, each of its tables as CSV."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response

from crosslive.auth.deps import CurrentStaff
from crosslive.deps import SessionDep
from crosslive.ids import QueryId
from crosslive.insights import service
from crosslive.insights.scope import Filters

router = APIRouter(prefix="/insights", tags=["insights"])
ReportName = Literal["returns", "effects", "economics", "shows", "quality"]


def filters(
    since: Annotated[date | None, Query(description="First order day (UTC), inclusive")] = None,
    until: Annotated[date | None, Query(description="Last order day (UTC), inclusive")] = None,
    show_id: QueryId = None,
    market: Annotated[str | None, Query(min_length=1, max_length=8)] = None,
    category: Annotated[str | None, Query(min_length=1, max_length=32)] = None,
) -> Filters:
    return Filters(since, until, show_id, market, category)


FiltersDep = Annotated[Filters, Depends(filters)]


@router.get("/{name}")
def get_report(
    name: ReportName, db: SessionDep, staff: CurrentStaff, chosen: FiltersDep
) -> dict[str, Any]:
    """One report's tables (see docs/insights.md): owners see the store, hosts their shows."""
    return service.report(db, staff, name, chosen).as_json()


@router.get("/{name}/{key}.csv", response_class=Response)
def get_table_csv(
    name: ReportName,
    key: Annotated[str, Path(max_length=40, pattern="^[a-z_]+$")],
    db: SessionDep,
    staff: CurrentStaff,
    chosen: FiltersDep,
) -> Response:
    """One table of a report as CSV, with the same filters as the JSON."""
    body = service.table(db, staff, name, key, chosen).as_csv()
    headers = {"Content-Disposition": f'attachment; filename="insights-{name}-{key}.csv"'}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)
