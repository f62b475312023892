from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.auth.models import StaffUser
from crosslive.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from crosslive.shows import service
from crosslive.shows.models import Show, ShowHost, ShowProduct, ShowPublishToken, ShowState
from crosslive.shows.schemas import HostsIn, ShowCreate, ShowUpdate
from crosslive.shows.slugs import slug_base, unique_slug
from tests.factories import WHEN, Store


def new_show(db: Session, store: Store, title: str = "Summer Drop", **fields: object) -> Show:
    data = ShowCreate.model_validate({"title": title, "scheduled_at": WHEN, **fields})
    show = service.create_show(db, store.seller_id, data)
    db.commit()
    return show


def user(db: Session, user_id: int) -> StaffUser:
    found = db.get(StaffUser, user_id)
    assert found is not None
    return found


def test_create_stores_every_field_with_ordered_lineup_and_lead_host_first(
    db: Session, acme: Store
) -> None:
    p1, _, p3 = acme.product_ids
    show = new_show(
        db,
        acme,
        "  Linen   week ",
        description="Shirts in natural light",
        duration_minutes=90,
        language="ja",
        market_codes=["jp", "US", "JP"],
        sponsored=True,
        hosts={"lead_host_id": acme.host_id, "co_host_ids": [acme.cohost_id, acme.host_id]},
        product_ids=[p3, p1],
    )
    again = service.get_show(db, acme.seller_id, show.id)
    assert (again.title, again.slug, again.description) == (
        "Linen week",
        "linen-week",
        "Shirts in natural light",
    )
    assert (again.scheduled_at, again.duration_minutes, again.language) == (WHEN, 90, "ja")
    assert again.market_codes == ["JP", "US"]
    assert again.sponsored is True
    assert again.state == ShowState.SCHEDULED
    assert [(i.product_id, i.position) for i in again.lineup] == [(p3, 1), (p1, 2)]
    assert sorted((h.user_id, h.is_lead) for h in again.hosts) == sorted(
        [(acme.host_id, True), (acme.cohost_id, False)]
    )


def test_defaults_for_a_bare_show(db: Session, acme: Store) -> None:
    show = new_show(db, acme)
    assert (show.duration_minutes, show.language, show.market_codes, show.sponsored) == (
        60,
        "en",
        [],
        False,
    )
    assert (show.hosts, show.lineup) == ([], [])


def test_slugs_are_readable_and_unique_per_store(db: Session, acme: Store, globex: Store) -> None:
    assert slug_base("Été: Linen Shirts -50%!") == "ete-linen-shirts-50"
    assert slug_base("夏季新品") == "show"
    assert slug_base("2030") == "show-2030"
    assert unique_slug("Drop", {"drop", "drop-2"}) == "drop-3"
    first = new_show(db, acme, "Summer Drop")
    second = new_show(db, acme, "Summer drop!")
    other = new_show(db, globex, "Summer Drop")
    assert (first.slug, second.slug, other.slug) == ("summer-drop", "summer-drop-2", "summer-drop")


def test_get_by_id_or_slug_only_within_the_store(db: Session, acme: Store, globex: Store) -> None:
    show = new_show(db, acme)
    assert service.get_show(db, acme.seller_id, str(show.id)).id == show.id
    assert service.get_show(db, acme.seller_id, "summer-drop").id == show.id
    with pytest.raises(NotFound, match="no show 'summer-drop' in your store"):
        service.get_show(db, globex.seller_id, "summer-drop")
    with pytest.raises(NotFound):
        service.get_show(db, globex.seller_id, show.id)


def test_lineup_refuses_other_stores_products_and_changes_nothing(
    db: Session, acme: Store, globex: Store
) -> None:
    show = new_show(db, acme, product_ids=[acme.product_ids[0]])
    foreign = globex.product_ids[1]
    with pytest.raises(InvalidInput, match=rf"^product\(s\) {foreign}, 999999 are not in your"):
        service.set_lineup(db, show, [acme.product_ids[1], foreign, 999999])
    db.rollback()
    again = service.get_show(db, acme.seller_id, show.id)
    assert [i.product_id for i in again.lineup] == [acme.product_ids[0]]


def test_lineup_refuses_a_product_twice(db: Session, acme: Store) -> None:
    p1, p2, _ = acme.product_ids
    show = new_show(db, acme, product_ids=[p1])
    with pytest.raises(InvalidInput, match=f"product {p2} is in the line-up twice"):
        service.set_lineup(db, show, [p2, p1, p2])


def test_lineup_can_be_reordered_and_shrunk(db: Session, acme: Store) -> None:
    p1, p2, p3 = acme.product_ids
    show = new_show(db, acme, product_ids=[p1, p2, p3])
    show = service.set_lineup(db, show, [p3, p1])
    db.commit()
    again = service.get_show(db, acme.seller_id, show.id)
    assert [(i.product_id, i.position) for i in again.lineup] == [(p3, 1), (p1, 2)]


def test_hosts_must_be_hosts_or_owners_of_the_store(
    db: Session, acme: Store, globex: Store
) -> None:
    show = new_show(db, acme, hosts={"lead_host_id": acme.host_id})
    refused = [
        (HostsIn(lead_host_id=acme.moderator_id), "Mia Moderator is a moderator; only hosts"),
        (HostsIn(lead_host_id=globex.host_id), f"staff member {globex.host_id} is not in your"),
        (HostsIn(co_host_ids=[acme.cohost_id]), "choose a lead host before adding co-hosts"),
    ]
    for hosts, message in refused:
        with pytest.raises(InvalidInput, match=message):
            service.set_hosts(db, show, hosts)
        db.rollback()
    again = service.get_show(db, acme.seller_id, show.id)
    assert [(h.user_id, h.is_lead) for h in again.hosts] == [(acme.host_id, True)]
    service.set_hosts(db, again, HostsIn(lead_host_id=acme.owner_id, co_host_ids=[acme.host_id]))
    db.commit()
    again = service.get_show(db, acme.seller_id, show.id)
    assert sorted((h.user_id, h.is_lead) for h in again.hosts) == sorted(
        [(acme.owner_id, True), (acme.host_id, False)]
    )


def test_markets_must_be_the_stores_own(db: Session, acme: Store) -> None:
    with pytest.raises(
        InvalidInput, match=r"unknown market code\(s\): KR, BR; your markets are: EU, JP, US"
    ):
        new_show(db, acme, market_codes=["US", "kr", "BR"])
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Show)) == 0


def test_list_puts_live_first_then_soonest_upcoming_then_latest_ended(
    db: Session, acme: Store, globex: Store
) -> None:
    owner = user(db, acme.owner_id)
    later = new_show(db, acme, "Later", scheduled_at=WHEN + timedelta(days=2))
    sooner = new_show(db, acme, "Sooner", scheduled_at=WHEN + timedelta(days=1))
    live = new_show(db, acme, "On air", scheduled_at=WHEN + timedelta(days=3))
    old = new_show(db, acme, "Old", scheduled_at=WHEN - timedelta(days=9))
    recent = new_show(db, acme, "Recent", scheduled_at=WHEN - timedelta(days=1))
    new_show(db, globex, "Not ours")
    for show in (live, old, recent):
        service.go_live(db, show, owner)
    for show in (old, recent):
        service.end(db, show, owner)
    db.commit()
    titles = [s.title for s in service.list_shows(db, acme.seller_id)]
    assert titles == ["On air", "Sooner", "Later", "Recent", "Old"]
    scheduled = service.list_shows(db, acme.seller_id, state=ShowState.SCHEDULED)
    assert [s.id for s in scheduled] == [sooner.id, later.id]
    assert [s.title for s in service.list_shows(db, acme.seller_id, limit=2)] == [
        "On air",
        "Sooner",
    ]


def test_only_a_scheduled_show_can_be_deleted(db: Session, acme: Store) -> None:
    owner = user(db, acme.owner_id)
    gone = new_show(db, acme, "Gone", product_ids=list(acme.product_ids))
    service.delete_show(db, gone)
    db.commit()
    kept = new_show(db, acme, "Kept")
    service.go_live(db, kept, owner)
    with pytest.raises(Conflict, match="the show is live; only a scheduled show can be deleted"):
        service.delete_show(db, kept)
    db.commit()
    assert [s.title for s in service.list_shows(db, acme.seller_id)] == ["Kept"]


def test_state_moves_scheduled_live_ended_and_repeats_are_harmless(
    db: Session, acme: Store
) -> None:
    host = user(db, acme.host_id)
    show = new_show(db, acme, hosts={"lead_host_id": acme.host_id})
    with pytest.raises(Conflict, match="has not gone live; delete it instead"):
        service.end(db, show, host)
    assert service.go_live(db, show, host).state == ShowState.LIVE
    started = show.started_at
    assert started is not None
    assert service.go_live(db, show, host).started_at == started
    assert service.end(db, show, host).state == ShowState.ENDED
    ended = show.ended_at
    assert ended is not None and ended >= started
    assert service.end(db, show, host).ended_at == ended
    with pytest.raises(Conflict, match="the show has ended; schedule a new show"):
        service.go_live(db, show, host)
    db.commit()
    again = service.get_show(db, acme.seller_id, show.id)
    assert (again.state, again.started_at, again.ended_at) == (ShowState.ENDED, started, ended)


def test_only_the_shows_hosts_or_an_owner_take_it_live(
    db: Session, acme: Store, globex: Store
) -> None:
    show = new_show(db, acme, hosts={"lead_host_id": acme.cohost_id, "co_host_ids": []})
    for outsider in (acme.host_id, acme.moderator_id, globex.owner_id):
        with pytest.raises(PermissionDenied, match="only the show's hosts or the store owner"):
            service.go_live(db, show, user(db, outsider))
        assert show.state == ShowState.SCHEDULED
    assert service.go_live(db, show, user(db, acme.cohost_id)).state == ShowState.LIVE
    assert service.end(db, show, user(db, acme.owner_id)).state == ShowState.ENDED


def test_an_ended_show_keeps_its_cast_but_its_text_can_change(db: Session, acme: Store) -> None:
    owner = user(db, acme.owner_id)
    p1, p2, _ = acme.product_ids
    show = new_show(db, acme, product_ids=[p1, p2], hosts={"lead_host_id": acme.host_id})
    service.go_live(db, show, owner)
    service.end(db, show, owner)
    with pytest.raises(Conflict, match="its hosts and line-up can no longer change"):
        service.set_lineup(db, show, [p2])
    unchanged_cast = ShowUpdate(
        title="Replay: summer",
        product_ids=[p1, p2],
        hosts=HostsIn(lead_host_id=acme.host_id),
    )
    show = service.update_show(db, show, unchanged_cast)
    db.commit()
    assert (show.title, show.slug) == ("Replay: summer", "summer-drop")


def test_publish_token_is_per_host_hashed_and_reissue_revokes(db: Session, acme: Store) -> None:
    show = new_show(
        db,
        acme,
        hosts={"lead_host_id": acme.host_id, "co_host_ids": [acme.cohost_id]},
    )
    host, cohost = user(db, acme.host_id), user(db, acme.cohost_id)
    first = service.issue_publish_token(db, show, host)
    cohost_token = service.issue_publish_token(db, show, cohost)
    db.commit()
    assert service.user_for_publish_token(db, show.id, first).id == acme.host_id
    assert service.user_for_publish_token(db, "summer-drop", cohost_token).id == acme.cohost_id
    stored = set(db.scalars(select(ShowPublishToken.token_sha256)))
    assert stored == {hashlib.sha256(t.encode()).hexdigest() for t in (first, cohost_token)}

    second = service.issue_publish_token(db, show, host)
    db.commit()
    assert service.user_for_publish_token(db, str(show.id), second).id == acme.host_id
    with pytest.raises(NotAuthenticated, match="not valid for this show"):
        service.user_for_publish_token(db, show.id, first)
    assert service.user_for_publish_token(db, show.id, cohost_token).id == acme.cohost_id


def test_publish_token_refused_for_other_shows_removed_hosts_and_ended_shows(
    db: Session, acme: Store
) -> None:
    show = new_show(db, acme, hosts={"lead_host_id": acme.host_id, "co_host_ids": [acme.cohost_id]})
    other = new_show(db, acme, "Other")
    host, cohost = user(db, acme.host_id), user(db, acme.cohost_id)
    token = service.issue_publish_token(db, show, host)
    cohost_token = service.issue_publish_token(db, show, cohost)
    with pytest.raises(PermissionDenied):
        service.issue_publish_token(db, other, host)
    for ref in (other.id, "other", "nope"):
        with pytest.raises(NotAuthenticated):
            service.user_for_publish_token(db, ref, token)
    with pytest.raises(NotAuthenticated):
        service.user_for_publish_token(db, show.id, "made-up")
    service.set_hosts(db, show, HostsIn(lead_host_id=acme.host_id))
    with pytest.raises(NotAuthenticated):
        service.user_for_publish_token(db, show.id, cohost_token)
    service.go_live(db, show, host)
    service.end(db, show, host)
    with pytest.raises(Conflict, match="the show has ended"):
        service.user_for_publish_token(db, show.id, token)
    with pytest.raises(Conflict, match="the show has ended"):
        service.issue_publish_token(db, show, host)


def test_odd_references_are_simply_not_found(db: Session, acme: Store) -> None:
    new_show(db, acme)
    for ref in ("9" * 30, "", "summer-drop/../x", -1):
        with pytest.raises(NotFound):
            service.get_show(db, acme.seller_id, ref)


def test_deleting_a_show_takes_its_lineup_hosts_and_tokens(db: Session, acme: Store) -> None:
    show = new_show(
        db, acme, hosts={"lead_host_id": acme.host_id}, product_ids=list(acme.product_ids)
    )
    token = service.issue_publish_token(db, show, user(db, acme.host_id))
    db.commit()
    service.delete_show(db, show)
    db.commit()
    for table in (Show, ShowHost, ShowProduct, ShowPublishToken):
        assert db.scalar(select(func.count()).select_from(table)) == 0
    with pytest.raises(NotAuthenticated):
        service.user_for_publish_token(db, "summer-drop", token)


def test_viewers_find_a_show_by_slug_and_the_store_decides_a_shared_slug(
    db: Session, acme: Store, globex: Store
) -> None:
    only_acme = new_show(db, acme, "Linen week")
    ours, theirs = new_show(db, acme), new_show(db, globex)
    assert ours.slug == theirs.slug == "summer-drop"

    assert service.public_show(db, "linen-week").id == only_acme.id
    assert service.public_show(db, "summer-drop", "globex").id == theirs.id
    assert service.public_show(db, "summer-drop", "acme").id == ours.id
    with pytest.raises(Conflict, match="several stores have a show 'summer-drop'"):
        service.public_show(db, "summer-drop")
    with pytest.raises(NotFound, match="no show 'linen-week'"):
        service.public_show(db, "linen-week", "globex")
    with pytest.raises(NotFound, match="no show 'summer-drop'"):
        service.public_show(db, "summer-drop", "nobody")
