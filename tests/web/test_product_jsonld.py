"""A product page's JSON-LD, read as a machine reads it: expanded by pyld with a local
document loader and a pinned schema.org context (tests/data; nothing fetched), every term
checked against the pinned schema.org vocabulary, and never a credential that is unverified,
withdrawn, expired or not for the viewer's market stated as a certification."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from pyld import jsonld
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import Seller
from crosslive.catalog.models import Product, Variant
from crosslive.db import transaction
from crosslive.landed.models import ShippingFee
from crosslive.markets.models import Market, Warehouse
from crosslive.trust.models import (
    Credential,
    CredentialType,
    CredentialVerification,
    VerificationMethod,
    VerificationOutcome,
)
from crosslive.web.product_jsonld import (
    OfferFacts,
    ProductFacts,
    RatingFacts,
    ReturnFacts,
    product_jsonld,
)
from tests.chat.factories import Room
from tests.web.jsonld_vocabulary import SCHEMA, check_schema_org, expand, page_jsonld, values

PAGE = "/s/acme/products/linen-shirt"
CHECKED = "https://www.oeko-tex.com/en/detail?number=ID-oeko"
TODAY = date.today()


def _record(factory: sessionmaker[Session], credential_id: int, outcome: str) -> None:
    with transaction(factory) as db:
        credential = db.get(Credential, credential_id)
        assert credential is not None
        credential.verifications.append(
            CredentialVerification(
                staff_name="Olive",
                outcome=VerificationOutcome(outcome),
                method=VerificationMethod.REGISTRY,
                observed="listed as valid",
                registry_reference=CHECKED,
            )
        )


def _certificate(factory: sessionmaker[Session], room: Room, key: str, **fields: object) -> int:
    with transaction(factory) as db:
        evidence_id = db.get(Credential, room.credentials["oeko"]).evidence_id  # type: ignore[union-attr]
        given: dict[str, object] = {
            "valid_from": TODAY - timedelta(days=30),
            "valid_until": TODAY + timedelta(days=300),
            **fields,
        }
        credential = Credential(
            seller_id=room.seller_id,
            type=CredentialType.CERTIFICATION,
            claim=f"GOTS certified organic ({key})",
            issuer="Control Union",
            identifier=f"ID-{key}",
            evidence_id=evidence_id,
            all_products=True,
            **given,
        )
        db.add(credential)
        db.flush()
        return credential.id


@pytest.fixture
def store(room: Room, session_factory: sessionmaker[Session]) -> Room:
    """Every kind of credential a page must tell apart, and a shipping fee to the EU."""
    made = dict(room.credentials)
    made["unverified"] = _certificate(session_factory, room, "unverified")
    made["withdrawn"] = _certificate(session_factory, room, "withdrawn")
    made["future"] = _certificate(
        session_factory, room, "future", valid_from=TODAY + timedelta(days=5)
    )
    for key in ("oeko", "expired", "jp_only", "sales", "withdrawn", "future"):
        _record(session_factory, made[key], "verified")
    _record(session_factory, made["withdrawn"], "withdrawn")
    with transaction(session_factory) as db:
        eu = db.scalar(select(Market).where(Market.code == "EU"))
        rtm = db.scalar(select(Warehouse).where(Warehouse.code == "RTM"))
        assert eu is not None and rtm is not None
        db.add(
            ShippingFee(
                seller_id=room.seller_id,
                market_id=eu.id,
                warehouse_id=rtm.id,
                flat_minor=495,
                free_above_minor=10000,
            )
        )
    room.credentials.update(made)
    return room


def _certified(expanded: list[dict[str, object]]) -> set[str]:
    product = expanded[0]
    return {
        values(c, "certificationIdentification")[0]
        for c in values(product, "hasCertification")  # type: ignore[arg-type]
    }


def test_every_term_is_schema_org_and_each_market_has_its_offer(
    app_client: TestClient, store: Room
) -> None:
    document = page_jsonld(app_client.get(f"{PAGE}?country=DE&lang=de").text)
    expanded, met = check_schema_org(document)
    for term in (
        "Product",
        "Offer",
        "OfferShippingDetails",
        "ShippingDeliveryTime",
        "MerchantReturnPolicy",
        "Certification",
        "hasCertification",
        "certificationIdentification",
        "issuedBy",
        "shippingRate",
        "hasMerchantReturnPolicy",
        "InStock",
        "FreeReturn",
        "ReturnFeesCustomerResponsibility",
    ):
        assert term in met, term
    (product,) = expanded
    offers = {values(o, "priceCurrency")[0]: o for o in values(product, "offers")}
    assert sorted(offers) == ["EUR", "JPY", "USD"]
    assert [values(offers[c], "price")[0] for c in ("USD", "EUR", "JPY")] == [
        "49.00",
        "45.00",
        "7200",
    ]
    eu = offers["EUR"]
    (shipping,) = values(eu, "shippingDetails")
    assert values(values(shipping, "shippingRate")[0], "value") == ["4.95"]
    transit = values(values(shipping, "deliveryTime")[0], "transitTime")[0]
    assert (values(transit, "minValue"), values(transit, "maxValue")) == ([2], [4])
    assert [values(r, "addressCountry")[0] for r in values(shipping, "shippingDestination")] == [
        "DE",
        "FR",
        "NL",
    ]
    (policy,) = values(eu, "hasMerchantReturnPolicy")
    assert values(policy, "merchantReturnDays") == [14]
    assert values(policy, "applicableCountry") == ["DE", "FR", "NL"]
    assert values(policy, "returnFees") == [{"@id": SCHEMA + "ReturnFeesCustomerResponsibility"}]
    assert values(policy, "returnPolicyCountry") == ["NL"]
    us_policy = values(offers["USD"], "hasMerchantReturnPolicy")[0]
    assert values(us_policy, "returnFees") == [{"@id": SCHEMA + "FreeReturn"}]


def test_states_only_verified_unexpired_credentials_for_the_market(
    app_client: TestClient, store: Room
) -> None:
    eu_html = app_client.get(f"{PAGE}?country=DE&lang=en").text
    eu, _ = check_schema_org(page_jsonld(eu_html))
    assert _certified(eu) == {"ID-oeko"}
    (oeko,) = values(eu[0], "hasCertification")
    assert values(oeko, "url") == [{"@id": CHECKED}]
    assert values(oeko, "certificationStatus") == [{"@id": SCHEMA + "CertificationActive"}]
    assert values(values(oeko, "issuedBy")[0], "name") == ["Issuer Ltd"]
    # The page itself still shows the unverified one, marked as the seller's (store setting).
    assert "GOTS certified organic (unverified)" in eu_html
    assert "Provided by the seller, not verified" in eu_html
    for key in ("expired", "withdrawn", "future"):
        assert f"ID-{key}<" not in eu_html, key
    japan, _ = check_schema_org(page_jsonld(app_client.get(f"{PAGE}?country=JP").text))
    assert _certified(japan) == {"ID-oeko", "ID-jp_only"}


def test_a_credential_expired_or_withdrawn_since_is_no_longer_stated(
    app_client: TestClient, store: Room, session_factory: sessionmaker[Session]
) -> None:
    url = f"{PAGE}?country=US"
    assert _certified(expand(page_jsonld(app_client.get(url).text))) == {"ID-oeko"}
    with transaction(session_factory) as db:
        credential = db.get(Credential, store.credentials["oeko"])
        assert credential is not None
        credential.valid_until = TODAY - timedelta(days=1)
    assert "hasCertification" not in page_jsonld(app_client.get(url).text)
    with transaction(session_factory) as db:
        credential = db.get(Credential, store.credentials["oeko"])
        assert credential is not None
        credential.valid_until = TODAY + timedelta(days=10)
        seller = db.get(Seller, store.seller_id)
        assert seller is not None
        seller.unverified_credentials = "hidden"
    assert _certified(expand(page_jsonld(app_client.get(url).text))) == {"ID-oeko"}
    _record(session_factory, store.credentials["oeko"], "withdrawn")
    html = app_client.get(url).text
    assert "hasCertification" not in page_jsonld(html)
    assert f'data-credential="{store.credentials["oeko"]}"' not in html


def test_a_title_cannot_end_the_script(
    app_client: TestClient, store: Room, session_factory: sessionmaker[Session]
) -> None:
    title = 'Shirt </script><script>alert("x")</script><!-- & "quoted"'
    with transaction(session_factory) as db:
        product = db.get(Product, store.product_id)
        assert product is not None
        product.title = title
    html = app_client.get(f"{PAGE}?country=US").text
    # Only the page's own script elements end: the JSON-LD block and the page's modules.
    assert html.count("</script>") == html.count("<script")
    assert "<script>alert" not in html
    assert page_jsonld(html)["name"] == title


def test_sold_out_no_returns_and_a_rating_are_stated_in_schema_org_terms(
    app_client: TestClient, store: Room, session_factory: sessionmaker[Session]
) -> None:
    with transaction(session_factory) as db:
        for variant in db.scalars(select(Variant).where(Variant.product_id == store.product_id)):
            variant.stock = 0
        jp = db.scalar(select(Market).where(Market.code == "JP"))
        assert jp is not None
        jp.return_window_days = 0
    document = page_jsonld(app_client.get(f"{PAGE}?country=JP").text)
    assert "aggregateRating" not in document  # no verified reviews yet: no rating stated
    _, met = check_schema_org(document)
    assert "OutOfStock" in met and "InStock" not in met
    assert "MerchantReturnNotPermitted" in met
    # What the page states once the reviews domain gives a rating.
    facts = ProductFacts(
        url="https://shop.example/s/acme/products/x",
        name="X",
        description="",
        images=(),
        sku="X-1",
        brand="Acme",
        seller="Acme",
        offers=(
            OfferFacts(
                "US",
                "https://shop.example/x",
                100,
                "USD",
                True,
                ("US",),
                None,
                ReturnFacts(("US",), 30, True, "US"),
            ),
        ),
        certifications=(),
        rating=RatingFacts(average=4.25, count=12),
    )
    _, rated = check_schema_org(product_jsonld(facts))
    assert {"AggregateRating", "ratingValue", "reviewCount", "sku", "brand", "Brand"} <= set(rated)


def test_the_checks_catch_what_is_not_schema_org() -> None:
    """The vocabulary check is not a formality: a misspelt property, a made-up type, a
    property on the wrong type and a value outside its enumeration all fail."""
    base = {"@context": "https://schema.org", "@type": "Product", "name": "X"}
    check_schema_org(base)
    for wrong in (
        {**base, "pricee": "1"},
        {**base, "@type": "Produkt"},
        {**base, "price": "1"},
        {**base, "offers": {"@type": "Offer", "availability": "https://schema.org/FreeReturn"}},
    ):
        with pytest.raises(AssertionError):
            check_schema_org(wrong)


def test_nothing_is_fetched() -> None:
    with pytest.raises(jsonld.JsonLdError):
        expand({"@context": "https://example.org/context.jsonld", "name": "X"})
