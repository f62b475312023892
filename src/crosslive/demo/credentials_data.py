"""The demo store's credentials, one or more of every type, each with its evidence document.

Dates are relative to the day of seeding so the demo stays valid whenever it is created;
one credential is deliberately expired so the UI can show that it is withheld from viewers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from crosslive.demo.evidence import (
    Certificate,
    Evidence,
    FactoryCard,
    RankingCard,
    Report,
    ReviewsCard,
)
from crosslive.demo.store_data import (
    COMPANY,
    COMPANY_ADDRESS,
    MARKETS,
    STORE_NAME,
    WAREHOUSES,
)
from crosslive.markets.models import LabelPaidBy
from crosslive.markets.presets import PRESETS
from crosslive.trust.models import CredentialType

APPAREL = (
    "heavyweight-cotton-tee",
    "merino-blend-crew-sweater",
    "linen-wide-leg-trousers",
    "packable-down-jacket",
    "silk-blend-slip-dress",
)
LAB = "Eastbridge Testing Laboratories (Shenzhen) Co., Ltd."
LAB_ADDRESS = "Block B, 9 Keji South Road, Nanshan District, Shenzhen 518057, China"


@dataclass(frozen=True)
class CredentialSpec:
    type: CredentialType
    claim: str
    issuer: str
    identifier: str
    valid_from: date
    valid_until: date
    evidence: Evidence
    registry_url: str = ""
    market_codes: tuple[str, ...] = ()
    products: tuple[str, ...] = ()  # handles; empty with all_products
    all_products: bool = False


def days_from(today: date, days: int) -> date:
    return today + timedelta(days=days)


def lab_report(
    filename: str, reference: str, issued: date, sample: str, rows: tuple[tuple[str, ...], ...]
) -> Report:
    return Report(
        filename=filename,
        issuer=LAB,
        issuer_address=LAB_ADDRESS,
        title=f"Test report: {sample}",
        reference=reference,
        issued=issued,
        fields=(
            ("Applicant", COMPANY),
            ("Sample", sample),
            ("Samples received", (issued - timedelta(days=18)).isoformat()),
        ),
        table=(("Standard", "Test", "Result"), *rows),
        paragraphs=("The results relate only to the samples tested.",),
        signatory="Dr. Wen Hao, Technical Manager (EMC and Safety)",
    )


def certificate(
    filename: str, issuer: str, scheme: str, scope: str, number: str, start: date, end: date
) -> Certificate:
    return Certificate(
        filename=filename,
        issuer=issuer,
        scheme=scheme,
        holder=COMPANY,
        holder_address=COMPANY_ADDRESS,
        scope=scope,
        number=number,
        valid_from=start,
        valid_until=end,
        signatory="Head of Certification",
    )


def brand_and_sales(today: date) -> list[CredentialSpec]:
    return [
        _design_award(today),
        _knitwear_ranking(today),
        _units_shipped(today),
        _verified_reviews(today),
    ]


def _design_award(today: date) -> CredentialSpec:
    award_day = days_from(today, -320)
    return CredentialSpec(
        type=CredentialType.BRAND_ENDORSEMENT,
        claim="Gold Award, Everyday Apparel, Hangzhou Design Week 2025",
        issuer="Hangzhou Design Week Organising Committee",
        identifier="HZDW-2025-EA-017",
        valid_from=award_day,
        valid_until=days_from(award_day, 3 * 365),
        products=("heavyweight-cotton-tee", "merino-blend-crew-sweater"),
        evidence=Report(
            filename="hzdw-2025-gold-award-letter.pdf",
            issuer="Hangzhou Design Week Organising Committee",
            issuer_address="Design Week Office, 1 Binsheng Road, Binjiang, Hangzhou",
            title="Award letter: Gold Award, Everyday Apparel",
            reference="HZDW-2025-EA-017",
            issued=award_day,
            paragraphs=(
                f"Dear {STORE_NAME} team,",
                "On behalf of the jury we are pleased to confirm that your Heavyweight "
                "Cotton Tee and Merino-Blend Crew Sweater received the Gold Award in the "
                "Everyday Apparel category, chosen from 212 entries for construction, "
                "material honesty and fit across sizes.",
                "You may use the award name and year with the products named above.",
            ),
            signatory="Chair of the Jury, Hangzhou Design Week",
            accent=(150, 40, 50),
        ),
    )


def _knitwear_ranking(today: date) -> CredentialSpec:
    return CredentialSpec(
        type=CredentialType.BRAND_ENDORSEMENT,
        claim="Ranked #3 of 50 cross-border knitwear brands, Cross-Border Apparel Index 2026",
        issuer="Global Sourcing Weekly",
        identifier="CBAI-2026-KNIT-03",
        valid_from=days_from(today, -60),
        valid_until=days_from(today, 305),
        market_codes=("US", "EU", "UK"),
        products=("merino-blend-crew-sweater",),
        evidence=RankingCard(
            filename="cross-border-apparel-index-2026.png",
            publication="GLOBAL SOURCING WEEKLY",
            title="Cross-Border Apparel Index 2026: knitwear",
            rows=(
                (1, "Northfold Knit", "91.4"),
                (2, "Casa Lana", "89.9"),
                (3, STORE_NAME, "88.2"),
                (4, "Brightloom", "86.7"),
                (5, "Kettle & Pine", "85.1"),
            ),
            highlight=STORE_NAME,
        ),
    )


def _units_shipped(today: date) -> CredentialSpec:
    return CredentialSpec(
        type=CredentialType.SALES_PROOF,
        claim="1.2 million garments shipped to 38 countries since 2019",
        issuer="Zhou & Partners Certified Public Accountants",
        identifier="ZP-2026-AUP-0412",
        valid_from=days_from(today, -45),
        valid_until=days_from(today, 320),
        all_products=True,
        evidence=Report(
            filename="shipped-units-statement-2019-2026.pdf",
            issuer="Zhou & Partners Certified Public Accountants",
            issuer_address="21F, 8 Qianjiang Road, Shangcheng District, Hangzhou",
            title="Statement of shipped units, 2019 to date",
            reference="ZP-2026-AUP-0412",
            issued=days_from(today, -45),
            fields=(("Company", COMPANY), ("Engagement", "Agreed-upon procedures")),
            paragraphs=(
                "We traced shipped units from the order system to carrier manifests "
                "for a sample of 400 orders. Units below are garments and goods shipped "
                "net of returns.",
            ),
            table=(
                ("Year", "Units shipped", "Countries", "Repeat buyers"),
                ("2019-2021", "212,400", "17", "24%"),
                ("2022", "188,900", "24", "29%"),
                ("2023", "231,700", "31", "33%"),
                ("2024", "268,300", "35", "36%"),
                ("2025 to date", "301,200", "38", "38%"),
                ("Total", "1,202,500", "38", ""),
            ),
            signatory="Zhou Yiming, CPA, Engagement Partner",
        ),
    )


def _verified_reviews(today: date) -> CredentialSpec:
    return CredentialSpec(
        type=CredentialType.REVIEWS,
        claim=(
            "4.7 out of 5 from 12,480 verified-purchase reviews; only delivered orders "
            "can review, and no review is removed for being negative"
        ),
        issuer="Trustloop Reviews",
        identifier="TL-QINGLAN-2026-11",
        valid_from=days_from(today, -30),
        valid_until=days_from(today, 150),
        all_products=True,
        evidence=ReviewsCard(
            filename="verified-reviews-summary.png",
            average=4.7,
            counts=(9734, 1872, 499, 200, 175),
            note="Verified: every review is linked to a delivered order. Nothing filtered.",
        ),
    )


def transparency_and_guarantees(today: date) -> list[CredentialSpec]:
    return [_own_workshop(today), _local_returns(today)]


def _own_workshop(today: date) -> CredentialSpec:
    audited = days_from(today, -180)
    return CredentialSpec(
        type=CredentialType.SUPPLY_CHAIN,
        claim=(
            "Knitted and sewn in our own workshop in Tonglu, Hangzhou; social audit passed in 2026"
        ),
        issuer="Asia Social Compliance Services",
        identifier="ASCS-2026-TL-0088",
        valid_from=audited,
        valid_until=days_from(audited, 2 * 365),
        products=APPAREL[:3],
        evidence=FactoryCard(
            filename="tonglu-workshop-photo-card.png",
            caption="Tonglu knitting workshop, Hangzhou",
            details=(
                "42 circular knitting machines, 120 staff, audited 2026 (ASCS-2026-TL-0088)",
                "Yarn lots traced from spinner to finished garment",
            ),
        ),
    )


def _local_returns(today: date) -> CredentialSpec:
    return CredentialSpec(
        type=CredentialType.AFTER_SALES,
        claim=(
            "Ships from and returns to a warehouse in your market: Los Angeles, Venlo, "
            "Birmingham, Chiba or Incheon; we pay the return label in the US, EU, UK "
            "and Japan"
        ),
        issuer=COMPANY,
        identifier="QL-RG-2026",
        valid_from=days_from(today, -60),
        valid_until=days_from(today, 305),
        all_products=True,
        evidence=Report(
            filename="local-warehouses-returns-guarantee.pdf",
            issuer=COMPANY,
            issuer_address=COMPANY_ADDRESS,
            title="Local warehouses and returns guarantee",
            reference="QL-RG-2026",
            issued=days_from(today, -60),
            paragraphs=(
                "We keep stock in each market and take returns back locally. Below a "
                "keep-it threshold we refund without asking for the item back.",
            ),
            table=guarantee_table(),
            signatory="Lin Qiao, Founder",
        ),
    )


def guarantee_table() -> tuple[tuple[str, ...], ...]:
    """The returns guarantee's table, written from the same data as the markets."""
    cities = {warehouse.code: warehouse.city for warehouse in WAREHOUSES}
    rows: list[tuple[str, ...]] = [
        ("Market", "Ships from", "Delivery", "Returns to", "Label", "Keep it below")
    ]
    for market in MARKETS:
        preset = PRESETS[market.code]
        local = next(code for code in market.routes if code != "SZX")
        low, high = market.routes[local]
        rows.append(
            (
                preset.name,
                cities[local],
                f"{low}-{high} days",
                f"{cities[market.return_warehouse]}, {preset.return_window_days} days",
                "We pay" if market.label_paid_by == LabelPaidBy.SELLER else "Buyer pays",
                f"{preset.currency} {market.keep_it_below}",
            )
        )
    return tuple(rows)
