from __future__ import annotations

import pytest

from crosslive.errors import InvalidInput
from crosslive.trust.claims import check_claim, claim_problems, generic_environmental_terms
from crosslive.trust.models import CredentialType as T


@pytest.mark.parametrize(
    ("claim", "found"),
    [
        ("An eco choice for your home", ["eco"]),
        ("Eco-friendly packaging", ["Eco-friendly"]),
        ("Climate neutral shipping", ["Climate neutral"]),
        ("Our greener, environmentally friendly dye", ["greener", "environmentally friendly"]),
        ("Klimaneutral hergestellt", ["Klimaneutral"]),
        ("Emballage écologique", ["écologique"]),
        ("環境にやさしい素材", ["環境にやさしい"]),
        ("친환경 포장", ["친환경"]),
        ("carbon-neutral delivery", ["carbon-neutral"]),
    ],
)
def test_generic_environmental_wording_is_found(claim: str, found: list[str]) -> None:
    assert generic_environmental_terms(claim) == found


@pytest.mark.parametrize(
    "claim",
    [
        "OEKO-TEX Standard 100 certified, class I",
        "Economy shipping to Greenland",
        "Evergreen bestseller: 1.2 million units sold",
        "GOTS certified organic cotton, 95%",
    ],
)
def test_specific_claims_pass(claim: str) -> None:
    assert generic_environmental_terms(claim) == []
    assert claim_problems(T.SALES_PROOF, claim, "", "") == []


def test_generic_environmental_claim_needs_a_certification_with_an_issuer() -> None:
    claim = "Eco-friendly dyes"
    for type_, issuer in [(T.SUPPLY_CHAIN, "OEKO-TEX"), (T.CERTIFICATION, ""), (T.REVIEWS, "")]:
        with pytest.raises(InvalidInput) as refused:
            check_claim(type_, claim, issuer, "")
        assert refused.value.message == (
            'generic environmental claims ("Eco-friendly") are only allowed on a certification '
            "that names its issuer (EU Directive 2024/825); state the certified fact instead"
        )
    check_claim(T.CERTIFICATION, claim, "EU Ecolabel (competent body DE)", "DE/016/012")


@pytest.mark.parametrize(
    ("issuer", "identifier", "claim", "reason"),
    [
        ("US FDA", "FDA Registration 3012345678", "FDA approved", "the identifier says"),
        ("FDA establishment registration", "3012345678", "FDA-approved", "the issuer says"),
        ("US FDA", "FEI 3012345678", "Approved by the FDA", "the identifier says"),
        ("US FDA", "3012345678", "FDA approved, registered facility", "the claim mentions"),
    ],
)
def test_fda_approved_refused_when_it_is_a_registration(
    issuer: str, identifier: str, claim: str, reason: str
) -> None:
    problems = claim_problems(T.CERTIFICATION, claim, issuer, identifier)
    assert len(problems) == 1
    assert problems[0].startswith(f'"FDA approved" is not the same as "FDA registered": {reason}')
    assert problems[0].endswith('say "FDA registered" instead')


def test_fda_approved_needs_the_fda_as_issuer_of_a_certification() -> None:
    assert claim_problems(T.CERTIFICATION, "FDA approved", "SGS", "PMA P190001") == [
        '"FDA approved" needs a certification issued by the FDA itself with its '
        'approval number; if the FDA only registered the facility, say "FDA registered"'
    ]
    assert claim_problems(T.BRAND_ENDORSEMENT, "FDA approved", "FDA", "P190001") != []
    assert claim_problems(T.CERTIFICATION, "FDA approved", "U.S. FDA", "PMA P190001") == []
    assert claim_problems(T.CERTIFICATION, "FDA registered facility", "US FDA", "FEI 301") == []
