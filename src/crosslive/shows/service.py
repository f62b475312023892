"""Plan shows (schedule, hosts, markets, line-up) and move them scheduled -> live -> ended.

Every query is scoped to one seller. Input is checked in full before anything changes, so a
refused request leaves the show as it was. Products, markets and staff are looked up through
the catalog, markets and auth services.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import Select, case, select, update
from sqlalchemy.orm import Session, selectinload

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role, StaffUser
from crosslive.catalog import service as catalog_service
from crosslive.db import utcnow
from crosslive.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from crosslive.ids import id_from_text
from crosslive.markets import service as markets_service
from crosslive.shows.models import Show, ShowHost, ShowProduct, ShowPublishToken, ShowState
from crosslive.shows.schemas import HostsIn, ShowCreate, ShowFields, ShowUpdate
from crosslive.shows.slugs import slug_base, unique_slug

HOST_ROLES = (Role.HOST, Role.OWNER)
MAX_LIST = 500


# --- what a show may refer to -------------------------------------------------------------


def host_candidates(db: Session, seller_id: int) -> list[StaffUser]:
    """Staff of the seller who may host a show (hosts and owners), by name."""
    return auth_service.staff_with_roles(db, seller_id, HOST_ROLES)


def _checked_markets(db: Session, seller_id: int, codes: Sequence[str]) -> list[str]:
    wanted = list(dict.fromkeys(code.strip().upper() for code in codes if code.strip()))
    known = set(markets_service.market_codes(db, seller_id))
    unknown = [code for code in wanted if code not in known]
    if unknown:
        mine = ", ".join(sorted(known)) or "none yet"
        raise InvalidInput(
            f"unknown market code(s): {', '.join(unknown)}; your markets are: {mine}"
        )
    return wanted


def _checked_products(db: Session, seller_id: int, product_ids: Sequence[int]) -> list[int]:
    counts = Counter(product_ids)
    repeated = [pid for pid in product_ids if counts[pid] > 1]
    if repeated:
        raise InvalidInput(f"product {repeated[0]} is in the line-up twice")
    found = catalog_service.products_by_id(db, seller_id, product_ids)
    missing = [pid for pid in product_ids if pid not in found]
    if missing:
        listed = ", ".join(str(pid) for pid in missing)
        raise InvalidInput(f"product(s) {listed} are not in your catalog")
    return list(product_ids)


def _checked_hosts(db: Session, seller_id: int, hosts: HostsIn) -> list[tuple[int, bool]]:
    """[(user_id, is_lead)], the lead first; co-hosts listed twice or as lead count once."""
    co_hosts = [uid for uid in dict.fromkeys(hosts.co_host_ids) if uid != hosts.lead_host_id]
    if hosts.lead_host_id is None:
        if co_hosts:
            raise InvalidInput("choose a lead host before adding co-hosts")
        return []
    wanted = [hosts.lead_host_id, *co_hosts]
    staff = auth_service.staff_by_id(db, seller_id, wanted)
    for uid in wanted:
        user = staff.get(uid)
        if user is None:
            raise InvalidInput(f"staff member {uid} is not in your store")
        if user.role not in HOST_ROLES:
            raise InvalidInput(
                f"{user.name} is a {user.role.value}; only hosts and owners can host a show"
            )
    return [(uid, uid == hosts.lead_host_id) for uid in wanted]


# --- reading ------------------------------------------------------------------------------


def _with_details(query: Select[Show]) -> Select[Show]:
    return query.options(
        selectinload(Show.hosts).selectinload(ShowHost.user),
        selectinload(Show.lineup).selectinload(ShowProduct.product),
    )


def list_shows(
    db: Session, seller_id: int, *, state: ShowState | None = None, limit: int = 100
) -> list[Show]:
    """Live shows first, then upcoming ones soonest first, then ended ones latest first."""
    rank = case((Show.state == ShowState.LIVE, 0), (Show.state == ShowState.SCHEDULED, 1), else_=2)
    soonest = case((Show.state == ShowState.ENDED, None), else_=Show.scheduled_at)
    query = select(Show).where(Show.seller_id == seller_id)
    if state is not None:
        query = query.where(Show.state == state)
    query = query.order_by(rank, soonest.asc(), Show.scheduled_at.desc(), Show.id.desc())
    return list(db.scalars(_with_details(query).limit(max(1, min(limit, MAX_LIST)))))


def get_show(db: Session, seller_id: int, ref: int | str) -> Show:
    """A show of the seller by id or by slug (slugs are never all digits)."""
    text = str(ref).strip()
    show = None
    show_id = id_from_text(text)
    if not text.isdigit():  # a slug (slugs are never all digits)
        query = select(Show).where(Show.seller_id == seller_id, Show.slug == text)
        show = db.scalar(_with_details(query))
    elif show_id is not None:
        query = select(Show).where(Show.seller_id == seller_id, Show.id == show_id)
        show = db.scalar(_with_details(query))
    if show is None:
        raise NotFound(f"no show {text!r} in your store")
    return show


def staff_show(db: Session, user: StaffUser, ref: int | str) -> Show:
    """A show of USER's own store by id or slug; another store's shows do not exist for them."""
    return get_show(db, user.seller_id, ref)


def public_show(db: Session, slug: str, store: str | None = None) -> Show:
    """The show viewers open by SLUG (live room, chat, cart, video); STORE (the seller's slug)
    decides when two stores share a slug: without it that is a Conflict, not a guess."""
    query = select(Show).where(Show.slug == slug)
    if store:
        seller = auth_service.find_seller(db, store)
        query = query.where(Show.seller_id == (seller.id if seller else None))
    shows = db.scalars(query.limit(2)).all()
    if not shows:
        raise NotFound(f"no show {slug!r}")
    if len(shows) > 1:
        raise Conflict(f"several stores have a show {slug!r}; add ?store=STORE")
    return shows[0]


# --- planning -----------------------------------------------------------------------------


def _apply(db: Session, show: Show, data: ShowFields) -> None:
    """Check every reference in DATA, then write it to SHOW (nothing written if one fails)."""
    seller_id = show.seller_id
    codes = (
        None if data.market_codes is None else _checked_markets(db, seller_id, data.market_codes)
    )
    products = (
        None if data.product_ids is None else _checked_products(db, seller_id, data.product_ids)
    )
    hosts = None if data.hosts is None else _checked_hosts(db, seller_id, data.hosts)
    plain = data.model_dump(exclude_none=True, exclude={"market_codes", "product_ids", "hosts"})
    for name, value in plain.items():
        setattr(show, name, value)
    if codes is not None:
        show.market_codes = codes
    if products is not None:
        _replace_lineup(db, show, products)
    if hosts is not None:
        _replace_hosts(db, show, hosts)


def _replace_lineup(db: Session, show: Show, product_ids: list[int]) -> None:
    show.lineup.clear()
    db.flush()  # the unique (show, product) rows go before the new ones come in
    show.lineup.extend(
        ShowProduct(product_id=pid, position=index) for index, pid in enumerate(product_ids, 1)
    )


def _replace_hosts(db: Session, show: Show, hosts: list[tuple[int, bool]]) -> None:
    show.hosts.clear()
    db.flush()
    show.hosts.extend(ShowHost(user_id=uid, is_lead=lead) for uid, lead in hosts)


def _refresh(db: Session, show: Show) -> Show:
    db.flush()
    db.expire(show)
    return get_show(db, show.seller_id, show.id)


def create_show(db: Session, seller_id: int, data: ShowCreate) -> Show:
    base = slug_base(data.title)
    taken = set(
        db.scalars(select(Show.slug).where(Show.seller_id == seller_id, Show.slug.startswith(base)))
    )
    show = Show(
        seller_id=seller_id,
        slug=unique_slug(data.title, taken),
        title=data.title,
        description="",
        scheduled_at=data.scheduled_at,
        duration_minutes=60,
        language="en",
        market_codes=[],
        sponsored=False,
        state=ShowState.SCHEDULED,
        hosts=[],
        lineup=[],
    )
    _apply(db, show, data)  # refuses bad references before the show is added
    db.add(show)
    return _refresh(db, show)


def update_show(db: Session, show: Show, data: ShowUpdate) -> Show:
    """Change what DATA gives. The slug stays, so links already shared keep working."""
    if show.state == ShowState.ENDED and _changes_cast(show, data):
        raise Conflict("the show has ended; its hosts and line-up can no longer change")
    _apply(db, show, data)
    return _refresh(db, show)


def _changes_cast(show: Show, data: ShowUpdate) -> bool:
    """Whether DATA changes the show's line-up or hosts."""
    if data.product_ids is not None and data.product_ids != [i.product_id for i in show.lineup]:
        return True
    if data.hosts is None:
        return False
    lead = next((h.user_id for h in show.hosts if h.is_lead), None)
    co_hosts = {h.user_id for h in show.hosts if not h.is_lead}
    wanted_co = set(data.hosts.co_host_ids) - {data.hosts.lead_host_id}
    return data.hosts.lead_host_id != lead or wanted_co != co_hosts


def set_lineup(db: Session, show: Show, product_ids: Sequence[int]) -> Show:
    return update_show(db, show, ShowUpdate(product_ids=list(product_ids)))


def set_hosts(db: Session, show: Show, hosts: HostsIn) -> Show:
    return update_show(db, show, ShowUpdate(hosts=hosts))


def delete_show(db: Session, show: Show) -> None:
    if show.state != ShowState.SCHEDULED:
        raise Conflict(f"the show is {show.state.value}; only a scheduled show can be deleted")
    db.delete(show)
    db.flush()


# --- going live ---------------------------------------------------------------------------


def can_host(show: Show, user: StaffUser) -> bool:
    """The store's owners, and staff with the host role who are named on the show, run it:
    go live, end, pin, push credentials, answer questions, publish video."""
    if user.seller_id != show.seller_id:
        return False
    if user.role == Role.OWNER:
        return True
    return user.role == Role.HOST and any(h.user_id == user.id for h in show.hosts)


def can_moderate(show: Show, user: StaffUser) -> bool:
    """The store's moderators and whoever can host the show delete and mute in its chat."""
    if user.seller_id != show.seller_id:
        return False
    return user.role == Role.MODERATOR or can_host(show, user)


def require_host(show: Show, user: StaffUser) -> None:
    if not can_host(show, user):
        raise PermissionDenied("only the show's hosts or the store owner can do this")


def require_moderator(show: Show, user: StaffUser) -> None:
    if not can_moderate(show, user):
        raise PermissionDenied("only moderators, the show's hosts and the owner can moderate")


def remove_host(db: Session, show: Show, user_id: int) -> Show:
    """Take one staff member off the show's hosts. The lead goes only once no co-host would be
    left without one; a host already removed is a NotFound."""
    hosts = {h.user_id: h.is_lead for h in show.hosts}
    if user_id not in hosts:
        raise NotFound(f"staff member {user_id} does not host this show")
    co_hosts = [uid for uid, lead in hosts.items() if not lead and uid != user_id]
    if hosts[user_id] and co_hosts:
        raise Conflict("this is the lead host; choose another lead before removing them")
    lead = next((uid for uid, is_lead in hosts.items() if is_lead and uid != user_id), None)
    return set_hosts(db, show, HostsIn(lead_host_id=lead, co_host_ids=co_hosts))


def _move(db: Session, show: Show, source: ShowState, target: ShowState) -> bool:
    """Atomically move SHOW from SOURCE to TARGET; False when it was not in SOURCE."""
    stamp = {"started_at": utcnow()} if target == ShowState.LIVE else {"ended_at": utcnow()}
    result = db.execute(
        update(Show)
        .where(Show.id == show.id, Show.state == source)
        .values(state=target, **stamp)
        .execution_options(synchronize_session=False)
    )
    db.refresh(show)
    return bool(result.rowcount)  # type: ignore[attr-defined]


def go_live(db: Session, show: Show, by_user: StaffUser) -> Show:
    """scheduled -> live. Going live again while live is fine; after the end it is refused."""
    require_host(show, by_user)
    if not _move(db, show, ShowState.SCHEDULED, ShowState.LIVE) and show.state == ShowState.ENDED:
        raise Conflict("the show has ended; schedule a new show to go live again")
    return show


def end(db: Session, show: Show, by_user: StaffUser) -> Show:
    """live -> ended. Ending an ended show is fine; a show that never went live is refused."""
    require_host(show, by_user)
    moved = _move(db, show, ShowState.LIVE, ShowState.ENDED)
    if not moved and show.state == ShowState.SCHEDULED:
        raise Conflict("the show has not gone live; delete it instead of ending it")
    return show


# --- publish tokens (the media plane's WHIP bearer tokens) -------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_publish_token(db: Session, show: Show, user: StaffUser) -> str:
    """A new bearer token for USER to publish SHOW's video; their previous one is revoked.

    The token is returned once and stored only as its SHA-256.
    """
    require_host(show, user)
    if show.state == ShowState.ENDED:
        raise Conflict("the show has ended; nothing more can be published")
    now = utcnow()
    db.execute(
        update(ShowPublishToken)
        .where(
            ShowPublishToken.show_id == show.id,
            ShowPublishToken.user_id == user.id,
            ShowPublishToken.revoked_at.is_(None),
        )
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    token = secrets.token_urlsafe(32)
    db.add(ShowPublishToken(show_id=show.id, user_id=user.id, token_sha256=_digest(token)))
    db.flush()
    return token


def user_for_publish_token(db: Session, show_ref: int | str, token: str) -> StaffUser:
    """The host a publish TOKEN belongs to, if it is current and was issued for SHOW_REF.

    SHOW_REF is the show's id or slug (slugs are unique per store only, so the token decides
    the store). Refused when the token is unknown, revoked, for another show, when the holder
    no longer hosts the show, or when the show has ended.
    """
    refused = NotAuthenticated("this publish token is not valid for this show")
    row = db.scalar(select(ShowPublishToken).where(ShowPublishToken.token_sha256 == _digest(token)))
    if row is None or row.revoked_at is not None:
        raise refused
    show = get_show(db, row.user.seller_id, row.show_id)
    text = str(show_ref).strip()
    if text not in (str(show.id), show.slug) or not can_host(show, row.user):
        raise refused
    if show.state == ShowState.ENDED:
        raise Conflict("the show has ended; nothing more can be published")
    return row.user
