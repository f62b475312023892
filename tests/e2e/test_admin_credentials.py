from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.settings import Settings
from crosslive.trust.models import Credential, EvidenceFile
from tests.conftest import PASSWORD
from tests.e2e.conftest import LiveServer
from tests.e2e.flows import certificate_pdf, fill_credential, log_in

EVIDENCE_LIMIT = 4096


@pytest.fixture
def small_limit(settings: Settings) -> Iterator[Settings]:
    """Evidence files over 4 KB are refused (set before the server starts)."""
    settings.evidence_max_bytes = EVIDENCE_LIMIT
    yield settings


def counts(session_factory: sessionmaker[Session]) -> tuple[int, int]:
    with session_factory() as db:
        credentials = db.scalar(select(func.count()).select_from(Credential)) or 0
        files = db.scalar(select(func.count()).select_from(EvidenceFile)) or 0
        return int(credentials), int(files)


def test_owner_adds_credentials_and_bad_evidence_is_refused(
    small_limit: Settings,
    live_server: LiveServer,
    page: Page,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    page.goto(f"{live_server.url}/admin/credentials")
    log_in(page, str(owner["email"]), PASSWORD)
    expect(page.get_by_role("heading", name="Credentials")).to_be_visible()

    pdf = certificate_pdf(tmp_path / "oeko-tex.pdf")
    assert pdf.stat().st_size < EVIDENCE_LIMIT
    page.get_by_role("link", name="Add a credential").click()
    fill_credential(page, "OEKO-TEX Standard 100, class I", pdf)
    expect(page.get_by_role("status")).to_have_text("Credential added.")
    row = page.get_by_role("row").filter(has_text="OEKO-TEX Standard 100, class I")
    expect(row.locator(".badge")).to_have_text("shown")
    expect(row.get_by_role("link", name="oeko-tex.pdf")).to_be_visible()
    assert counts(session_factory) == (1, 1)
    stored = list(small_limit.evidence_dir.iterdir())
    assert [p.read_bytes() for p in stored] == [pdf.read_bytes()]

    # A text file dressed up as a PDF: refused, the typed claim stays in the form.
    fake = tmp_path / "certificate.pdf"
    fake.write_text("This is definitely a real certificate.")
    page.get_by_role("link", name="Add a credential").click()
    fill_credential(page, "RoHS test report", fake)
    expect(page.get_by_role("alert")).to_have_text(
        "evidence must be a PDF, PNG, JPEG or WebP file; this is an unknown type"
    )
    expect(page.get_by_label("Claim viewers read")).to_have_value("RoHS test report")
    expect(page.get_by_label("Issuer")).to_have_value("Hohenstein")

    # A real PDF over the limit: refused with the limit in the message.
    big = tmp_path / "scan.pdf"
    big.write_bytes(pdf.read_bytes() + b"%" * EVIDENCE_LIMIT)
    page.get_by_label("Evidence file").set_input_files(str(big))
    page.get_by_role("button", name="Save credential").click()
    expect(page.get_by_role("alert")).to_have_text(
        "the evidence file is larger than the 4 KB limit"
    )
    expect(page.get_by_label("Claim viewers read")).to_have_value("RoHS test report")

    assert counts(session_factory) == (1, 1)
    assert list(small_limit.evidence_dir.iterdir()) == stored
    page.goto(f"{live_server.url}/admin/credentials")
    expect(page.get_by_role("row")).to_have_count(2)  # the header and the one credential
