"""`crosslive demo`: printed logins work, the logins file is private, a rerun changes nothing."""

from __future__ import annotations

import stat
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.app import create_app
from crosslive.auth.models import Seller, StaffUser
from crosslive.catalog.models import Product, ProductImage, SizeChartRow, Variant, VariantPrice
from crosslive.db import transaction, utcnow
from crosslive.demo import store_data
from crosslive.markets.models import Market, Warehouse, WarehouseRoute
from crosslive.shows.models import Show, ShowHost, ShowProduct
from crosslive.state import state_of
from crosslive.tables import metadata
from crosslive.trust.models import Credential, EvidenceFile
from tests.web.jsonld_vocabulary import check_schema_org, page_jsonld, values

from .conftest import Seeded
from .seeding import printed_passwords, run_demo

HOST = "host@qinglan.example"
OWNER = "owner@qinglan.example"

SCHEDULED = store_data.SHOW.slug


def test_first_run_prints_what_it_created_and_where_to_log_in(seeded: Seeded) -> None:
    lines = seeded.output.splitlines()
    assert lines[0].startswith("Created the demo store 'Qinglan Studio' in ")
    assert lines[0].endswith(": 18 products, 5 markets, 15 credentials.")
    assert lines[1] == "  Admin:  http://127.0.0.1:8000/admin/login"
    assert lines[2] == "  Insights on the past orders: http://127.0.0.1:8000/admin/insights"
    assert set(seeded.passwords) == {OWNER, HOST}
    assert all(len(p) >= 16 for p in seeded.passwords.values())
    assert seeded.passwords[OWNER] != seeded.passwords[HOST]
    show_line = next(line for line in lines if line.startswith("  Show:"))
    assert "'Autumn layers & desk upgrades, live from Hangzhou' starts at" in show_line


def test_host_logs_in_with_the_printed_password(seeded: Seeded) -> None:
    app = create_app(seeded.settings)
    with TestClient(app) as client:
        ok = client.post(
            "/api/v1/auth/login", json={"email": HOST, "password": seeded.passwords[HOST]}
        )
        wrong = client.post("/api/v1/auth/login", json={"email": HOST, "password": "x" * 16})
    state_of(app).engine.dispose()
    assert ok.status_code == 200, ok.text
    assert ok.json()["staff"]["role"] == "host"
    assert wrong.status_code == 401


def test_logins_file_is_private_and_holds_the_printed_passwords(seeded: Seeded) -> None:
    path = seeded.settings.data_dir / "demo-credentials.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    for email, password in seeded.passwords.items():
        assert f"{email} {password}" in text


def _counts(db: Session) -> dict[str, int]:
    models = (
        Seller, StaffUser, Product, Variant, VariantPrice, ProductImage, SizeChartRow, Market,
        Warehouse, WarehouseRoute, Credential, EvidenceFile, Show, ShowHost, ShowProduct,
    )  # fmt: skip
    counts = {m.__tablename__: db.scalar(select(func.count()).select_from(m)) or 0 for m in models}
    counts["tables"] = len(metadata.sorted_tables)
    return counts


def test_second_run_changes_nothing_and_prints_the_same_logins(demo_copy: Seeded) -> None:
    factory = demo_copy.factory
    with transaction(factory) as db:
        # As a rerun finds a demo seeded minutes ago: the scheduled show still ahead (the
        # seeded demo may be older than its lead, kept for a whole test run).
        show = db.scalars(select(Show).where(Show.slug == SCHEDULED)).one()
        show.scheduled_at = utcnow() + timedelta(minutes=store_data.SHOW.starts_in_minutes)
    with factory() as db:
        before = _counts(db)
        show_time = db.scalars(select(Show).where(Show.slug == SCHEDULED)).one().scheduled_at
    settings = demo_copy.settings
    files_before = sorted(p.name for p in settings.media_dir.iterdir())
    evidence_before = sorted(p.name for p in settings.evidence_dir.iterdir())

    output = run_demo(demo_copy.env, "--port", "8123")

    assert output.splitlines()[0] == "The demo store 'Qinglan Studio' already exists; serving it."
    assert "  Admin:  http://127.0.0.1:8123/admin/login" in output.splitlines()
    assert printed_passwords(output) == demo_copy.passwords
    with factory() as db:
        assert _counts(db) == before
        show = db.scalars(select(Show).where(Show.slug == SCHEDULED)).one()
        assert show.scheduled_at == show_time
    assert sorted(p.name for p in settings.media_dir.iterdir()) == files_before
    assert sorted(p.name for p in settings.evidence_dir.iterdir()) == evidence_before


def test_every_demo_product_has_a_page_whose_schema_org_data_checks_out(seeded: Seeded) -> None:
    """The printed product page opens; every product's page states only schema.org terms,
    and only the certificate staff verified (OEKO-TEX, on the showcase tee)."""
    line = next(x for x in seeded.output.splitlines() if x.startswith("  Pages:"))
    showcase = f"/s/{store_data.STORE_SLUG}/products/{store_data.SHOWCASE_PRODUCT}"
    assert f"http://127.0.0.1:8000{showcase} " in line
    session = seeded.factory()
    handles = list(session.scalars(select(Product.handle).order_by(Product.id)))
    session.close()
    app = create_app(seeded.settings)
    stated: dict[str, set[str]] = {}
    with TestClient(app) as client:
        for handle in handles:
            page = client.get(f"/s/{store_data.STORE_SLUG}/products/{handle}?country=DE")
            assert page.status_code == 200, handle
            expanded, _ = check_schema_org(page_jsonld(page.text))
            certified = values(expanded[0], "hasCertification")
            stated[handle] = {values(c, "certificationIdentification")[0] for c in certified}
            assert len(values(expanded[0], "offers")) == 5, handle
    state_of(app).engine.dispose()
    assert stated[store_data.SHOWCASE_PRODUCT] == {"23.HCN.58214"}
    assert set().union(*stated.values()) == {"23.HCN.58214"}
