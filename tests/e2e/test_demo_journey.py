"""The README's demo command, end to end: `crosslive demo` serves the demo store, and a seller
logs in with the printed password, adds a product and a credential, and sees both listed."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.demo.seeding import copy_for_command
from tests.e2e.conftest import free_port
from tests.e2e.flows import certificate_pdf, create_two_size_product, fill_credential, log_in
from tests.e2e.test_insights import CHARTED, _drawn

EVIDENCE_LIMIT = 64 * 1024
FIRST_LINE = "Created the demo store 'Qinglan Studio'"
RERUN_LINE = "The demo store 'Qinglan Studio' already exists"
OWNER_LINE = re.compile(r"^\s*owner\s+(\S+)\s+password: (\S+)", re.M)


@dataclass
class DemoStore:
    url: str
    owner_email: str
    owner_password: str
    data_dir: Path


@pytest.fixture
def demo_store(tmp_path: Path) -> Iterator[DemoStore]:
    port = free_port()
    data_dir = tmp_path / "demo-data"
    # Under scripts/test.sh the run's seeded demo is copied there: the command serves it.
    copied = copy_for_command(data_dir)
    env = {
        **os.environ,
        "CROSSLIVE_DATA_DIR": str(data_dir),
        "CROSSLIVE_DATABASE_URL": "",
        "CROSSLIVE_EVIDENCE_MAX_BYTES": str(EVIDENCE_LIMIT),
    }
    log = (tmp_path / "demo.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "crosslive.cli", "demo", "--port", str(port), "--no-media"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, process, log)
        log.seek(0)
        output = log.read()
        assert (RERUN_LINE if copied else FIRST_LINE) in output, output
        match = OWNER_LINE.search(output)
        assert match, "crosslive demo did not print the owner login"
        yield DemoStore(url, match.group(1), match.group(2), data_dir)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def _wait_until_serving(url: str, process: subprocess.Popen[bytes], log: object) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"crosslive demo exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise RuntimeError("crosslive demo did not start serving within 180 s")


def test_demo_store_seller_adds_a_product_and_a_credential(
    demo_store: DemoStore, page: Page, tmp_path: Path
) -> None:
    page.goto(f"{demo_store.url}/admin/products")
    log_in(page, demo_store.owner_email, demo_store.owner_password)
    expect(page.get_by_role("heading", name="Products")).to_be_visible()
    demo_rows = page.locator("table tbody tr").count()
    assert demo_rows >= 16

    create_two_size_product(page, "Harbour Linen Overshirt", "HLO")
    expect(page.get_by_role("table", name="Size chart (cm)")).to_contain_text("101.6 cm")
    page.goto(f"{demo_store.url}/admin/products")
    row = page.get_by_role("row", name="Harbour Linen Overshirt")
    expect(row).to_contain_text("$49.00 \u2013 $52.00")
    expect(page.locator("table tbody tr")).to_have_count(demo_rows + 1)

    page.goto(f"{demo_store.url}/admin/credentials")
    credential_rows = page.locator("table tbody tr").count()
    evidence_files = sorted((demo_store.data_dir / "evidence").iterdir())
    page.get_by_role("link", name="Add a credential").click()
    fill_credential(
        page, "OEKO-TEX Standard 100 for the linen range", certificate_pdf(tmp_path / "c.pdf")
    )
    expect(page.get_by_role("status")).to_have_text("Credential added.")
    row = page.get_by_role("row").filter(has_text="OEKO-TEX Standard 100 for the linen range")
    expect(row.locator(".badge")).to_have_text("shown")
    expect(page.locator("table tbody tr")).to_have_count(credential_rows + 1)
    after_good = sorted((demo_store.data_dir / "evidence").iterdir())
    assert len(after_good) == len(evidence_files) + 1

    # A zip renamed to .pdf, then a real PDF over the limit: both refused, nothing stored.
    fake = tmp_path / "certificate.pdf"
    fake.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    page.get_by_role("link", name="Add a credential").click()
    fill_credential(page, "CE declaration of conformity", fake)
    expect(page.get_by_role("alert")).to_have_text(
        "evidence must be a PDF, PNG, JPEG or WebP file; this is application/zip"
    )
    big = tmp_path / "scan.pdf"
    big.write_bytes(certificate_pdf(tmp_path / "base.pdf").read_bytes() + b"%" * EVIDENCE_LIMIT)
    page.get_by_label("Evidence file").set_input_files(str(big))
    page.get_by_role("button", name="Save credential").click()
    expect(page.get_by_role("alert")).to_have_text(
        "the evidence file is larger than the 64 KB limit"
    )
    assert sorted((demo_store.data_dir / "evidence").iterdir()) == after_good
    page.goto(f"{demo_store.url}/admin/credentials")
    expect(page.locator("table tbody tr")).to_have_count(credential_rows + 1)

    # The owner reads every insights page of the demo's past: each chart has figures and its
    # table rows (the pages' figures themselves are checked on a fixed scenario).
    for report, table in CHARTED.items():
        page.goto(f"{demo_store.url}/admin/insights?report={report}")
        assert any(_drawn(page, table)), report
        assert page.locator(f'[data-table="{table}"] tbody tr').count() >= 1, report
