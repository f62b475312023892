"""Staff and store lookups other domains use: always within one seller."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosslive.auth import service
from crosslive.auth.models import Role
from tests.conftest import PASSWORD


def test_staff_lookups_stay_inside_the_store(db: Session) -> None:
    acme = service.create_seller(db, slug="acme", name="Acme")
    globex = service.create_seller(db, slug="globex", name="Globex")
    made = {
        (seller.slug, name): service.create_staff(
            db, seller, email=f"{name}@{seller.slug}.test", name=name, password=PASSWORD, role=role
        ).id
        for seller, name, role in (
            (acme, "Zoe", Role.HOST),
            (acme, "Olive", Role.OWNER),
            (acme, "Max", Role.MODERATOR),
            (globex, "Gus", Role.HOST),
        )
    }

    hosts = service.staff_with_roles(db, acme.id, (Role.HOST, Role.OWNER))
    assert [user.name for user in hosts] == ["Olive", "Zoe"]
    found = service.staff_by_id(db, acme.id, [made["globex", "Gus"], made["acme", "Max"], 999])
    assert list(found) == [made["acme", "Max"]]
    assert service.staff_by_id(db, acme.id, []) == {}
    assert [s.slug for s in service.list_sellers(db, limit=1)] == ["acme"]
    assert [s.slug for s in service.list_sellers(db, limit=5)] == ["acme", "globex"]
