"""Shows API shapes: what a seller sends to plan a show, and what comes back."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from crosslive.auth.models import Role
from crosslive.ids import Id
from crosslive.shows.models import Show, ShowState

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
MAX_LINEUP = 200
MAX_CO_HOSTS = 10


def _title(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValueError("give the show a title")
    return value


def _language(value: str) -> str:
    value = value.strip()
    if not _LANGUAGE.match(value):
        raise ValueError(f"{value!r} is not a language code like en, ja or zh-Hans")
    return value


class HostsIn(BaseModel):
    """The lead host and the co-hosts (staff of the store with the host or owner role)."""

    lead_host_id: Id | None = None
    co_host_ids: list[Id] = Field(default_factory=list, max_length=MAX_CO_HOSTS)


class LineupIn(BaseModel):
    """Products of the store, in the order the show presents them."""

    product_ids: list[Id] = Field(max_length=MAX_LINEUP)


class ShowFields(BaseModel):
    """Fields shared by create and update; None means "not given" on update."""

    model_config = ConfigDict(extra="forbid")

    description: str | None = Field(default=None, max_length=10_000)
    duration_minutes: int | None = Field(default=None, ge=5, le=24 * 60)
    language: str | None = Field(default=None, max_length=16)
    market_codes: list[str] | None = Field(default=None, max_length=50)
    sponsored: bool | None = None
    hosts: HostsIn | None = None
    product_ids: list[Id] | None = Field(default=None, max_length=MAX_LINEUP)

    @field_validator("language")
    @classmethod
    def _check_language(cls, value: str | None) -> str | None:
        return None if value is None else _language(value)


class ShowCreate(ShowFields):
    title: str = Field(max_length=200)
    scheduled_at: AwareDatetime

    @field_validator("title")
    @classmethod
    def _check_title(cls, value: str) -> str:
        return _title(value)


class ShowUpdate(ShowFields):
    title: str | None = Field(default=None, max_length=200)
    scheduled_at: AwareDatetime | None = None

    @field_validator("title")
    @classmethod
    def _check_title(cls, value: str | None) -> str | None:
        return None if value is None else _title(value)


class HostOut(BaseModel):
    user_id: int
    name: str
    role: Role
    is_lead: bool


class LineupItemOut(BaseModel):
    product_id: int
    position: int
    title: str
    handle: str


class ShowOut(BaseModel):
    id: int
    slug: str
    title: str
    description: str
    scheduled_at: datetime
    duration_minutes: int
    ends_at: datetime
    language: str
    market_codes: list[str]
    sponsored: bool
    state: ShowState
    started_at: datetime | None
    ended_at: datetime | None
    created_at: datetime
    hosts: list[HostOut]
    lineup: list[LineupItemOut]

    @classmethod
    def from_show(cls, show: Show) -> ShowOut:
        hosts = sorted(show.hosts, key=lambda h: (not h.is_lead, h.id))
        return cls(
            id=show.id,
            slug=show.slug,
            title=show.title,
            description=show.description,
            scheduled_at=show.scheduled_at,
            duration_minutes=show.duration_minutes,
            ends_at=show.scheduled_at + timedelta(minutes=show.duration_minutes),
            language=show.language,
            market_codes=list(show.market_codes),
            sponsored=show.sponsored,
            state=show.state,
            started_at=show.started_at,
            ended_at=show.ended_at,
            created_at=show.created_at,
            hosts=[
                HostOut(user_id=h.user_id, name=h.user.name, role=h.user.role, is_lead=h.is_lead)
                for h in hosts
            ],
            lineup=[
                LineupItemOut(
                    product_id=item.product_id,
                    position=item.position,
                    title=item.product.title,
                    handle=item.product.handle,
                )
                for item in show.lineup
            ],
        )


class PublishTokenOut(BaseModel):
    """A WHIP bearer token for one host of one show; shown once, stored hashed."""

    token: str
    show_id: int
    show_slug: str
    user_id: int
