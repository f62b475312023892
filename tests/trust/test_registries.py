from __future__ import annotations

import pytest

from crosslive.trust.models import CredentialType as T
from crosslive.trust.registries import CheckMethod, registry_check, split_fcc_id


@pytest.mark.parametrize(
    ("fcc_id", "parts"),
    [
        ("BCG-E2816A", ("BCG", "E2816A")),
        ("FCC ID: 2AC7Z-ESP32", ("2AC7Z", "ESP32")),
        ("2ABCDXYZ1", ("2ABCD", "XYZ1")),
        ("A3L SMG998U", ("A3L", "SMG998U")),
        ("2ABCD-A-1", ("2ABCD", "A-1")),  # dashes inside the product code are kept
    ],
)
def test_fcc_id_splits_per_47_cfr_2_926(fcc_id: str, parts: tuple[str, str]) -> None:
    assert split_fcc_id(fcc_id) == parts


@pytest.mark.parametrize("bad", ["", "AB", "2ABC", "BCG", "BCG-ÄÖ1", "BCG-" + "X" * 15, "B.G-1"])
def test_malformed_fcc_ids_are_refused(bad: str) -> None:
    assert split_fcc_id(bad) is None


def test_fcc_gives_the_search_form_and_what_to_type() -> None:
    check = registry_check(T.CERTIFICATION, "FCC", "2AC7Z-ESP32WROOM")
    assert check.method == CheckMethod.SEARCH
    assert check.url == "https://apps.fcc.gov/oetcf/eas/reports/GenericSearch.cfm"
    assert check.search_terms == (("Grantee Code", "2AC7Z"), ("Product Code", "ESP32WROOM"))


def test_edgar_links_the_company_by_padded_cik() -> None:
    check = registry_check(T.SALES_PROOF, "U.S. SEC", "CIK 320193")
    assert check.method == CheckMethod.REGISTRY
    assert check.url == (
        "https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK=0000320193"
    )


def test_eprel_links_the_registration_number() -> None:
    check = registry_check(T.CERTIFICATION, "EPREL (EU energy label)", "1234567")
    assert check.url == "https://eprel.ec.europa.eu/qr/1234567"
    assert registry_check(T.CERTIFICATION, "EPREL", "12AB").method == CheckMethod.EVIDENCE


def test_oeko_tex_label_number_is_url_encoded() -> None:
    check = registry_check(T.CERTIFICATION, "OEKO-TEX", "HX 1234 & <x>")
    assert check.url == "https://www.oeko-tex.com/en/detail?number=HX+1234+%26+%3Cx%3E"


def test_patent_publication_number_links_google_patents() -> None:
    check = registry_check(T.BRAND_ENDORSEMENT, "USPTO patent", "US 10,194,689 B2".replace(",", ""))
    assert check.url == "https://patents.google.com/patent/US10194689B2"
    # No kind code: not a publication number we can link to, so the evidence file.
    assert registry_check(T.CERTIFICATION, "USPTO", "10194689").method == CheckMethod.EVIDENCE


def test_iso_certificates_go_to_iaf_certsearch() -> None:
    check = registry_check(T.CERTIFICATION, "ISO 9001 / TÜV", "Q-123 456")
    assert check.method == CheckMethod.SEARCH
    assert check.url == "https://www.iafcertsearch.org/"
    assert check.search_terms == (("Certificate number", "Q-123 456"),)


@pytest.mark.parametrize(
    ("type_", "issuer", "identifier"),
    [
        (T.REVIEWS, "Trustpilot", "abc"),
        (T.AFTER_SALES, "FCC", "BCG-E2816A"),  # FCC grants only back certifications
        (T.CERTIFICATION, "GOTS", "CU 1234"),  # form-only registry not linked yet
        (T.CERTIFICATION, "FCC", ""),
    ],
)
def test_otherwise_the_evidence_file(type_: T, issuer: str, identifier: str) -> None:
    check = registry_check(type_, issuer, identifier)
    assert check.method == CheckMethod.EVIDENCE and check.url == ""
