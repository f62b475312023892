"""Where a credential can be checked against its issuer: a registry page built from the
identifier where a public registry gives each record an address, the registry's search page
plus what to type where it is searchable only through a form, else the evidence file.

Only address forms the registries publish are built here; anything else falls back to the
search page or the evidence, never to a guessed link. Pure functions: no network."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from crosslive.i18n import A_
from crosslive.trust.models import CredentialType


class CheckMethod:
    REGISTRY = "registry"  # a page for this very record
    SEARCH = "search"  # a search form: open it and type `search_terms`
    EVIDENCE = "evidence"  # no public registry: the evidence file is what there is


@dataclass(frozen=True)
class RegistryCheck:
    method: str
    registry: str  # the registry's name ("" for the evidence file)
    url: str  # the record or the search page ("" for the evidence file)
    search_terms: tuple[tuple[str, str], ...] = ()  # (field label, value) to type in the form


EVIDENCE = RegistryCheck(CheckMethod.EVIDENCE, "", "")

FCC_SEARCH = "https://apps.fcc.gov/oetcf/eas/reports/GenericSearch.cfm"
IAF_CERTSEARCH = "https://www.iafcertsearch.org/"
EDGAR = "https://www.sec.gov/cgi-bin/browse-edgar"
EPREL_QR = "https://eprel.ec.europa.eu/qr/"
OEKO_TEX_DETAIL = "https://www.oeko-tex.com/en/detail"
GOOGLE_PATENTS = "https://patents.google.com/patent/"
PATENT_REGISTRY = "Google Patents"
# NANDO (New Approach Notified and Designated Organisations): searchable by the notified
# body's four-digit number, the one printed after the CE mark.
NANDO_SEARCH = "https://ec.europa.eu/growth/tools-databases/nando/index.cfm?fuseaction=search.main"
# The GOTS public database of certified entities: searchable by licence number.
GOTS_SEARCH = "https://global-standard.org/find-suppliers-shops-and-inputs/certified-suppliers"
# HKEXnews, the Hong Kong exchange's filings: searchable by stock code.
HKEX_SEARCH = "https://www1.hkexnews.hk/search/titlesearch.xhtml"


def _compact(value: str) -> str:
    return re.sub(r"[\s\-./]", "", value).upper()


_FCC_PREFIX = re.compile(r"^\s*FCC\s*ID\s*:?\s*", re.IGNORECASE)
_FCC_PRODUCT = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,13}$")


def split_fcc_id(fcc_id: str) -> tuple[str, str] | None:
    """An FCC ID as (grantee code, product code), per 47 CFR 2.926: the grantee code is 3
    characters, or 5 when it starts with '2'; the product code is up to 14 letters, digits
    or dashes. A space or dash written between the two is not part of either. None when the
    ID is not that shape."""
    text = _FCC_PREFIX.sub("", fcc_id).strip().upper()
    size = 5 if text.startswith("2") else 3
    grantee = text[:size]
    product = text[size:].lstrip(" -")
    if len(grantee) != size or not grantee.isascii() or not grantee.isalnum():
        return None
    if not _FCC_PRODUCT.match(product):
        return None
    return grantee, product


def _fcc(identifier: str) -> RegistryCheck | None:
    parts = split_fcc_id(identifier)
    if parts is None:
        return None
    return RegistryCheck(
        CheckMethod.SEARCH,
        "FCC Equipment Authorization",
        FCC_SEARCH,
        ((A_("Grantee Code"), parts[0]), (A_("Product Code"), parts[1])),
    )


def _edgar(identifier: str) -> RegistryCheck | None:
    digits = re.sub(r"\D", "", identifier)
    if not digits or len(digits) > 10:
        return None
    query = urlencode({"action": "getcompany", "CIK": digits.zfill(10)})
    return RegistryCheck(CheckMethod.REGISTRY, "SEC EDGAR", f"{EDGAR}?{query}")


def _eprel(identifier: str) -> RegistryCheck | None:
    digits = identifier.strip()
    if not digits.isdigit() or not digits.isascii():
        return None
    return RegistryCheck(CheckMethod.REGISTRY, "EPREL", EPREL_QR + digits)


def _oeko_tex(identifier: str) -> RegistryCheck | None:
    number = identifier.strip()
    if not number:
        return None
    return RegistryCheck(
        CheckMethod.REGISTRY,
        "OEKO-TEX Label Check",
        f"{OEKO_TEX_DETAIL}?{urlencode({'number': number})}",
    )


_NANDO = re.compile(r"^(?:(?:NB|CE)\s*)?(\d{4})$", re.IGNORECASE)


def _nando(identifier: str) -> RegistryCheck | None:
    """A notified body number: four digits, optionally written "NB 0123" or "CE 0123"."""
    found = _NANDO.match(identifier.strip())
    if found is None:
        return None
    return RegistryCheck(
        CheckMethod.SEARCH,
        "EU NANDO",
        NANDO_SEARCH,
        ((A_("Notified body number"), found.group(1)),),
    )


# GOTS licence numbers as certifiers issue them: "CU 123456", "CB-CUC-123456", "ECO-GOTS-1234".
_GOTS = re.compile(r"^[A-Z]{2,10}(?:[\s-][A-Z0-9]{1,10}){0,3}[\s-]?\d{3,10}$")


def _gots(identifier: str) -> RegistryCheck | None:
    number = identifier.strip().upper()
    if not _GOTS.match(number):
        return None
    return RegistryCheck(
        CheckMethod.SEARCH, "GOTS Public Database", GOTS_SEARCH, ((A_("Licence number"), number),)
    )


_HKEX = re.compile(r"^(?:HKEX\s*:?\s*)?(\d{1,5})(?:\.HK)?$", re.IGNORECASE)


def _hkex(identifier: str) -> RegistryCheck | None:
    """A Hong Kong stock code (1-5 digits, written zero-padded to 5: 00700)."""
    found = _HKEX.match(identifier.strip())
    if found is None or int(found.group(1)) == 0:
        return None
    return RegistryCheck(
        CheckMethod.SEARCH,
        "HKEXnews",
        HKEX_SEARCH,
        ((A_("Stock code"), found.group(1).zfill(5)),),
    )


_PATENT = re.compile(r"^[A-Z]{2}\d{4,12}[A-Z]\d?$")


def _patent(identifier: str) -> RegistryCheck | None:
    """A publication number with its country and kind code (US10194689B2, EP3477328A1)."""
    number = _compact(identifier)
    if not _PATENT.match(number):
        return None
    return RegistryCheck(CheckMethod.REGISTRY, PATENT_REGISTRY, GOOGLE_PATENTS + quote(number))


def _iaf(identifier: str) -> RegistryCheck | None:
    number = identifier.strip()
    if not number:
        return None
    return RegistryCheck(
        CheckMethod.SEARCH, "IAF CertSearch", IAF_CERTSEARCH, ((A_("Certificate number"), number),)
    )


# (issuer pattern, credential types it applies to, builder); the first that builds wins.
_Builder = Callable[[str], "RegistryCheck | None"]
_RULES: tuple[tuple[re.Pattern[str], frozenset[CredentialType], _Builder], ...] = (
    (
        re.compile(r"\bFCC\b|federal communications commission", re.I),
        frozenset({CredentialType.CERTIFICATION}),
        _fcc,
    ),
    (
        re.compile(r"\bSEC\b|EDGAR|securities and exchange commission", re.I),
        frozenset({CredentialType.SALES_PROOF, CredentialType.BRAND_ENDORSEMENT}),
        _edgar,
    ),
    (
        re.compile(r"\bHKEX|Hong\s+Kong\s+(?:Stock\s+)?Exchange|香港交易所|港交所", re.I),
        frozenset({CredentialType.SALES_PROOF, CredentialType.BRAND_ENDORSEMENT}),
        _hkex,
    ),
    (re.compile(r"EPREL|energy label", re.I), frozenset({CredentialType.CERTIFICATION}), _eprel),
    (
        re.compile(r"NANDO|notified\s+body|\bNB\s*\d{4}\b", re.I),
        frozenset({CredentialType.CERTIFICATION}),
        _nando,
    ),
    (
        re.compile(r"\bGOTS\b|Global\s+Organic\s+Textile", re.I),
        frozenset({CredentialType.CERTIFICATION, CredentialType.SUPPLY_CHAIN}),
        _gots,
    ),
    (
        re.compile(r"OEKO[-\s]?TEX", re.I),
        frozenset({CredentialType.CERTIFICATION, CredentialType.SUPPLY_CHAIN}),
        _oeko_tex,
    ),
    (
        re.compile(
            r"patent|USPTO|\bEPO\b|espacenet|\bWIPO\b|\bCNIPA\b|\bSIPO\b|\bJPO\b|\bKIPO\b|"
            r"\bDPMA\b|\bUKIPO\b|\bINPI\b|知识产权局|特許庁|특허청",
            re.I,
        ),
        frozenset(set(CredentialType)),
        _patent,
    ),
    (
        re.compile(r"\bISO\b|\bIAF\b", re.I),
        frozenset({CredentialType.CERTIFICATION, CredentialType.SUPPLY_CHAIN}),
        _iaf,
    ),
)


def registry_check(type_: CredentialType, issuer: str, identifier: str) -> RegistryCheck:
    """How a viewer or staff member checks this credential against its issuer."""
    for pattern, types, build in _RULES:
        if type_ in types and pattern.search(issuer):
            found = build(identifier)
            if found is not None:
                return found
    return EVIDENCE
