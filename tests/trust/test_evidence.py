from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.errors import InvalidInput
from crosslive.settings import Settings
from crosslive.trust.evidence import evidence_path, store_evidence
from crosslive.trust.models import EvidenceFile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_pdf_is_stored_with_its_hash(
    db: Session, settings: Settings, owner: dict[str, str | int]
) -> None:
    record = store_evidence(
        db, settings, seller_id=int(owner["seller_id"]), original_name="../../cert.pdf", data=PDF
    )
    assert record.media_type == "application/pdf"
    assert record.sha256 == hashlib.sha256(PDF).hexdigest()
    assert record.original_name == "cert.pdf"
    assert evidence_path(settings, record).read_bytes() == PDF


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"just some text pretending to be a certificate", "unknown type"),
        (b"PK\x03\x04" + b"\x00" * 100, "application/zip"),
    ],
)
def test_non_pdf_or_image_is_refused_and_nothing_stored(
    db: Session, settings: Settings, owner: dict[str, str | int], data: bytes, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        store_evidence(
            db, settings, seller_id=int(owner["seller_id"]), original_name="x.pdf", data=data
        )
    assert list(settings.evidence_dir.iterdir()) == []
    assert db.scalar(select(func.count()).select_from(EvidenceFile)) == 0


def test_oversized_file_is_refused(
    db: Session, settings: Settings, owner: dict[str, str | int]
) -> None:
    big = PDF + b"0" * settings.evidence_max_bytes
    with pytest.raises(InvalidInput, match="larger than the 10 MB limit"):
        store_evidence(
            db, settings, seller_id=int(owner["seller_id"]), original_name="b.pdf", data=big
        )
    assert list(settings.evidence_dir.iterdir()) == []
