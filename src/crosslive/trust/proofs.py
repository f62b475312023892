"""Which claim-rule proofs (claim_lint.PROOFS) a store's credentials give it.

A claim that needs proof ("No. 1", "clinically proven", "patented", a generic environmental
claim) is lifted only by a credential a staff member verified against its issuer that is
complete, valid today, not withdrawn, makes no refused claim itself, and applies to the
market (and to the product, when one is named). The mapping, per proof:

- "sales_proof": a sales-proof credential.
- "test_report": a certification or supply-chain credential whose claim or issuer names a
  test report, a laboratory test or a clinical/dermatological study.
- "patent": any credential issued by a patent office whose identifier is a patent
  publication number (the same test that builds its registry link).
- "fda_approval": a certification the FDA itself issued for an approval (not a registration).
- "certification_scheme": a certification or supply-chain credential naming a recognised
  certification scheme (EU Ecolabel, OEKO-TEX, GOTS, FSC ...), in its claim or issuer.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date

from sqlalchemy.orm import Session

from crosslive.trust import service
from crosslive.trust.claim_rules import SCHEMES
from crosslive.trust.claims import names_fda_approval
from crosslive.trust.models import Credential, CredentialType
from crosslive.trust.registries import PATENT_REGISTRY, registry_check

SALES_PROOF = "sales_proof"
TEST_REPORT = "test_report"
PATENT = "patent"
FDA_APPROVAL = "fda_approval"
CERTIFICATION_SCHEME = "certification_scheme"

_ATTESTING = frozenset({CredentialType.CERTIFICATION, CredentialType.SUPPLY_CHAIN})
_TEST_REPORT = re.compile(
    r"test(?:ing)?\s+report|lab(?:oratory)?\s+(?:test|report)|clinical|dermatolog|"
    r"Pr[üu]fbericht|Testbericht|klinisch|rapport\s+d.essai|cliniqu|informe\s+de\s+ensayo|"
    r"cl[íi]nic|rapporto\s+di\s+prova|試験報告|検査報告|臨床|检测报告|测试报告|检验报告|临床|"
    r"시험\s?성적서|임상",
    re.IGNORECASE,
)


def credential_proofs(credential: Credential) -> frozenset[str]:
    """The proofs this credential would give, judged from its type, claim and issuer only
    (whether it is verified and valid is held_proofs' question)."""
    text = f"{credential.claim} {credential.issuer}"
    found: set[str] = set()
    if credential.type == CredentialType.SALES_PROOF:
        found.add(SALES_PROOF)
    if credential.type in _ATTESTING and _TEST_REPORT.search(text):
        found.add(TEST_REPORT)
    if credential.type in _ATTESTING and SCHEMES.search(text):
        found.add(CERTIFICATION_SCHEME)
    check = registry_check(credential.type, credential.issuer, credential.identifier)
    if check.registry == PATENT_REGISTRY:
        found.add(PATENT)
    if credential.type == CredentialType.CERTIFICATION and names_fda_approval(
        credential.claim, credential.issuer, credential.identifier
    ):
        found.add(FDA_APPROVAL)
    return frozenset(found)


def _applies(credential: Credential, market_code: str, product_ids: Collection[int]) -> bool:
    if credential.market_codes and market_code not in credential.market_codes:
        return False
    return credential.all_products or any(p.id in product_ids for p in credential.products)


def held_proofs(
    db: Session,
    seller_id: int,
    market_code: str,
    today: date,
    product_ids: Collection[int] = (),
) -> frozenset[str]:
    """The proofs the store holds in MARKET_CODE: from its staff-verified, displayable
    credentials that apply store-wide or to one of PRODUCT_IDS."""
    code = market_code.strip().upper()
    held: set[str] = set()
    for credential in service.list_credentials(db, seller_id):
        if (
            credential.verified_at is not None
            and _applies(credential, code, product_ids)
            and not service.display_problems(credential, today)
        ):
            held |= credential_proofs(credential)
    return frozenset(held)
