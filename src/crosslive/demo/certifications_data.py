"""The demo store's certifications: textiles, radio and electrical safety per market,
cosmetics testing and listing (its yearly renewal due in three weeks), one expired
certificate the UI must withhold, and one organic-cotton certificate staff withdrew after the
registry check found no such certificate for the store (verified.py)."""

from __future__ import annotations

from datetime import date

from crosslive.demo.credentials_data import (
    APPAREL,
    LAB,
    CredentialSpec,
    certificate,
    days_from,
    lab_report,
)
from crosslive.demo.evidence import Report
from crosslive.demo.store_data import COMPANY, COMPANY_ADDRESS
from crosslive.trust.models import CredentialType

FDA_LISTING_RENEWAL_DAYS = 21  # the yearly listing ends in three weeks: the seller renews it
ORGANIC_COTTON = "GTC-OCS-2026-40517"  # withdrawn by staff after the registry check


def certifications(today: date) -> list[CredentialSpec]:
    return [
        _oeko_tex(today),
        _ce_ukca(today),
        _fcc(today),
        _pse(today),
        _kc(today),
        _spf_tested(today),
        _fda_listing(today),
        _iso_9001_expired(today),
        _organic_cotton_withdrawn(today),
    ]


def _oeko_tex(today: date) -> CredentialSpec:
    start = days_from(today, -150)
    return CredentialSpec(
        type=CredentialType.CERTIFICATION,
        claim="OEKO-TEX STANDARD 100, product class II: tested for harmful substances",
        issuer="Nordtex Testing Institute",
        identifier="23.HCN.58214",
        registry_url="https://www.oeko-tex.com/en/label-check",
        valid_from=start,
        valid_until=days_from(start, 365),
        products=(*APPAREL[:3], "waffle-cotton-towel", "linen-cushion-cover"),
        evidence=certificate(
            "oeko-tex-standard-100-certificate.pdf",
            "Nordtex Testing Institute",
            "OEKO-TEX STANDARD 100, product class II (articles with skin contact)",
            "Cotton jersey T-shirts, merino-blend knitwear, linen-blend trousers, "
            "cotton towels and linen cushion covers, dyed and finished",
            "23.HCN.58214",
            start,
            days_from(start, 365),
        ),
    )


def _ce_ukca(today: date) -> CredentialSpec:
    start = days_from(today, -150)
    electronics = ("anc-wireless-earbuds", "magnetic-power-bank-10000", "gan-charger-65w")
    return CredentialSpec(
        type=CredentialType.CERTIFICATION,
        claim="CE and UKCA: radio, EMC and electrical safety tested",
        issuer=LAB,
        identifier="EBT-2026-RED-04471",
        valid_from=start,
        valid_until=days_from(start, 3 * 365),
        market_codes=("EU", "UK"),
        products=(*electronics, "led-desk-lamp"),
        evidence=lab_report(
            "ce-ukca-test-report.pdf",
            "EBT-2026-RED-04471",
            start,
            "ANC earbuds EB210, power bank PB10, GaN charger G65, desk lamp L1",
            (
                ("ETSI EN 300 328", "2.4 GHz radio", "Pass"),
                ("EN 301 489-1/-17", "Radio EMC", "Pass"),
                ("EN 55032 / EN 55035", "EMC emission / immunity", "Pass"),
                ("EN IEC 62368-1", "Electrical safety", "Pass"),
                ("EN 62479", "RF exposure", "Pass"),
            ),
        ),
    )


def _fcc(today: date) -> CredentialSpec:
    start = days_from(today, -150)
    return CredentialSpec(
        type=CredentialType.CERTIFICATION,
        claim="FCC ID 2BQLN-EB210: authorised under FCC Part 15 for sale in the US",
        issuer="FCC equipment authorization (grant by a recognised TCB)",
        identifier="2BQLN-EB210",
        registry_url="https://www.fcc.gov/oet/ea/fccid",
        valid_from=start,
        valid_until=days_from(start, 5 * 365),
        market_codes=("US",),
        products=("anc-wireless-earbuds",),
        evidence=lab_report(
            "fcc-part-15-test-report.pdf",
            "EBT-2026-FCC-01187",
            start,
            "ANC earbuds EB210 (FCC ID 2BQLN-EB210)",
            (
                ("47 CFR 15.247", "Bluetooth LE / BR/EDR radio", "Pass"),
                ("47 CFR 15.207", "AC conducted emission (case)", "Pass"),
                ("47 CFR 15.209", "Radiated spurious emission", "Pass"),
            ),
        ),
    )


def _pse(today: date) -> CredentialSpec:
    start = days_from(today, -150)
    return CredentialSpec(
        type=CredentialType.CERTIFICATION,
        claim="PSE marked under Japan's Electrical Appliances and Materials Safety Act",
        issuer="Kanto Electrical Safety Laboratory",
        identifier="KESL-PSE-26-0118",
        valid_from=start,
        valid_until=days_from(start, 3 * 365),
        market_codes=("JP",),
        products=("gan-charger-65w", "magnetic-power-bank-10000"),
        evidence=certificate(
            "pse-conformity-certificate.pdf",
            "Kanto Electrical Safety Laboratory",
            "Certificate of conformity, DENAN (PSE): specified and non-specified products",
            "65 W GaN charger G65 (specified, diamond PSE) and 10,000 mAh power bank PB10 "
            "(non-specified, round PSE)",
            "KESL-PSE-26-0118",
            start,
            days_from(start, 3 * 365),
        ),
    )


def _kc(today: date) -> CredentialSpec:
    start = days_from(today, -150)
    return CredentialSpec(
        type=CredentialType.CERTIFICATION,
        claim="KC certified for electrical safety and EMC in Korea",
        issuer="Hanbit Conformity Assessment Co.",
        identifier="HU07123-26001A",
        registry_url="https://safetykorea.kr",
        valid_from=start,
        valid_until=days_from(start, 5 * 365),
        market_codes=("KR",),
        products=("gan-charger-65w",),
        evidence=certificate(
            "kc-safety-certificate.pdf",
            "Hanbit Conformity Assessment Co.",
            "KC safety certification (electrical appliances) and EMC registration",
            "65 W GaN charger G65, input 100-240 V, Type C plug",
            "HU07123-26001A",
            start,
            days_from(start, 5 * 365),
        ),
    )


def _spf_tested(today: date) -> CredentialSpec:
    tested = days_from(today, -90)
    return CredentialSpec(
        type=CredentialType.CERTIFICATION,
        claim="SPF 50 and broad-spectrum UVA protection measured (ISO 24444, ISO 24443)",
        issuer=LAB,
        identifier="EBT-2026-COS-0932",
        valid_from=tested,
        valid_until=days_from(tested, 2 * 365),
        products=("mineral-sunscreen-spf50",),
        evidence=lab_report(
            "spf-uva-test-report.pdf",
            "EBT-2026-COS-0932",
            tested,
            "Mineral Sunscreen SPF 50, batch 26-0815",
            (
                ("ISO 24444:2019", "In-vivo SPF, 10 subjects", "SPF 52.4"),
                ("ISO 24443:2021", "In-vitro UVA-PF", "UVA-PF 19.1"),
                ("ISO 24443:2021", "Critical wavelength", "376 nm"),
            ),
        ),
    )


def _fda_listing(today: date) -> CredentialSpec:
    return CredentialSpec(
        type=CredentialType.CERTIFICATION,
        claim=("Cosmetic products listed with the US FDA under MoCRA (a listing, not an approval)"),
        issuer="US Food and Drug Administration, Cosmetics Direct",
        identifier="CPL-2026-0073214",
        registry_url="https://www.fda.gov/cosmetics/registration-listing-cosmetic-product-facilities-and-products",
        valid_from=days_from(today, -344),
        valid_until=days_from(today, FDA_LISTING_RENEWAL_DAYS),
        market_codes=("US",),
        products=("niacinamide-serum", "tinted-lip-balm", "mineral-sunscreen-spf50"),
        evidence=Report(
            filename="mocra-product-listing-confirmation.pdf",
            issuer=COMPANY,
            issuer_address=COMPANY_ADDRESS,
            title="Cosmetic product listing confirmation (MoCRA)",
            reference="CPL-2026-0073214",
            issued=days_from(today, -344),
            fields=(
                (
                    "Listed products",
                    "Niacinamide 10% Serum; Tinted Lip Balm; Mineral Sunscreen SPF 50",
                ),
                ("Responsible person", "Qinglan US LLC, Ontario, CA"),
            ),
            paragraphs=(
                "Listing is a registration duty under the Modernization of Cosmetics "
                "Regulation Act. It is not an FDA approval and does not imply one. "
                "Listings are updated every year.",
            ),
            signatory="Regulatory affairs, Qinglan US LLC",
        ),
    )


def _iso_9001_expired(today: date) -> CredentialSpec:
    iso_start = days_from(today, -3 * 365 - 30)
    return CredentialSpec(
        type=CredentialType.CERTIFICATION,
        claim="ISO 9001:2015 quality management system, Tonglu workshop",
        issuer="Asia Quality Certification Ltd.",
        identifier="AQC-QMS-2023-1187",
        registry_url="https://www.iafcertsearch.org",
        valid_from=iso_start,
        valid_until=days_from(today, -30),
        products=APPAREL,
        evidence=certificate(
            "iso-9001-certificate-expired.pdf",
            "Asia Quality Certification Ltd.",
            "ISO 9001:2015 quality management system",
            "Knitting, cutting, sewing and finishing of knitted and woven garments",
            "AQC-QMS-2023-1187",
            iso_start,
            days_from(today, -30),
        ),
    )


def _organic_cotton_withdrawn(today: date) -> CredentialSpec:
    start = days_from(today, -60)
    return CredentialSpec(
        type=CredentialType.CERTIFICATION,
        claim="Organic Content Standard: towels of certified organic cotton",
        issuer="Greenfield Textile Certification B.V.",
        identifier=ORGANIC_COTTON,
        registry_url="https://textileexchange.org/find-certified-company/",
        valid_from=start,
        valid_until=days_from(start, 365),
        products=("waffle-cotton-towel",),
        evidence=certificate(
            "organic-content-standard-certificate.pdf",
            "Greenfield Textile Certification B.V.",
            "Organic Content Standard (OCS 100)",
            "Waffle-weave cotton towels, woven and finished",
            ORGANIC_COTTON,
            start,
            days_from(start, 365),
        ),
    )
