"""How a paid promotion is labelled, in the viewer's language: Japan's stealth-marketing
designation, the FTC Endorsement Guides and the EU's rules want it said in words the viewer
reads. One table for the live room, the embed and the market rules."""

from __future__ import annotations

from collections.abc import Iterable

AD_LABELS: dict[str, str] = {
    "en": "Paid promotion · #ad",
    "ja": "広告 · プロモーションを含みます",
    "ko": "광고 · 유료 광고 포함",
    "de": "Werbung · bezahlte Partnerschaft",
    "fr": "Publicité · partenariat rémunéré",
    "es": "Publicidad · promoción pagada",
    "it": "Pubblicità · promozione a pagamento",
    "nl": "Advertentie · betaalde promotie",
    "pt": "Publicidade · promoção paga",
    "zh": "广告 · 付费推广",
    "ar": "إعلان · ترويج مدفوع",
    "pl": "Reklama · płatna promocja",
    "sv": "Annons · betalt samarbete",
}


def ad_label(languages: Iterable[str]) -> str:
    """The label in the first of LANGUAGES that has one (the viewer's own first, then the
    market's, e.g. ['xx', 'ja'] -> Japanese); English when none has."""
    for language in languages:
        label = AD_LABELS.get(language.split("-")[0].lower())
        if label:
            return label
    return AD_LABELS["en"]
