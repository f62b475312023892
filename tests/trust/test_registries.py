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
        (T.CERTIFICATION, "Blauer Engel", "CU 1234"),  # no public registry linked
        (T.CERTIFICATION, "FCC", ""),
    ],
)
def test_otherwise_the_evidence_file(type_: T, issuer: str, identifier: str) -> None:
    check = registry_check(type_, issuer, identifier)
    assert check.method == CheckMethod.EVIDENCE and check.url == ""


@pytest.mark.parametrize(
    ("issuer", "identifier", "number"),
    [
        ("TÜV SÜD Product Service (notified body)", "NB 0123", "0123"),
        ("EU NANDO", "CE 2797", "2797"),
        ("Notified body", "0044", "0044"),
    ],
)
def test_nando_gives_the_search_form_and_the_notified_body_number(
    issuer: str, identifier: str, number: str
) -> None:
    check = registry_check(T.CERTIFICATION, issuer, identifier)
    assert (check.method, check.registry) == (CheckMethod.SEARCH, "EU NANDO")
    assert check.url.startswith("https://ec.europa.eu/growth/tools-databases/nando/")
    assert check.search_terms == (("Notified body number", number),)


@pytest.mark.parametrize(
    ("issuer", "identifier"),
    [
        ("Control Union (GOTS)", "CU 1234567"),
        ("Global Organic Textile Standard", "CB-CUC-123456"),
        ("GOTS", "ecocert-gots-4521"),
    ],
)
def test_gots_gives_the_database_and_the_licence_number(issuer: str, identifier: str) -> None:
    check = registry_check(T.SUPPLY_CHAIN, issuer, identifier)
    assert (check.method, check.registry) == (CheckMethod.SEARCH, "GOTS Public Database")
    assert check.url.startswith("https://global-standard.org/")
    assert check.search_terms == (("Licence number", identifier.upper()),)


def test_hkex_gives_the_filings_search_and_the_padded_stock_code() -> None:
    check = registry_check(T.SALES_PROOF, "Hong Kong Stock Exchange", "700.HK")
    assert (check.method, check.registry) == (CheckMethod.SEARCH, "HKEXnews")
    assert check.search_terms == (("Stock code", "00700"),)


@pytest.mark.parametrize("issuer", ["CNIPA", "Japan Patent Office (JPO)", "KIPO", "WIPO", "DPMA"])
def test_every_patent_office_links_its_publication_number(issuer: str) -> None:
    check = registry_check(T.CERTIFICATION, issuer, "CN 112345678 A")
    assert check.url == "https://patents.google.com/patent/CN112345678A"


@pytest.mark.parametrize(
    ("type_", "issuer", "identifier"),
    [
        (T.CERTIFICATION, "Notified body", "12345"),  # five digits: not an NB number
        (T.CERTIFICATION, "Notified body", "NB 12"),
        (T.SUPPLY_CHAIN, "GOTS", "licence"),  # no number at all
        (T.SUPPLY_CHAIN, "GOTS", "<script>1234</script>"),
        (T.SALES_PROOF, "HKEX", "0"),
        (T.SALES_PROOF, "HKEX", "123456"),
        (T.REVIEWS, "GOTS", "CU 1234567"),  # GOTS certifies suppliers, not reviews
    ],
)
def test_malformed_identifiers_fall_back_to_the_evidence(
    type_: T, issuer: str, identifier: str
) -> None:
    assert registry_check(type_, issuer, identifier).method == CheckMethod.EVIDENCE
