"""What a credential's claim text may say (built to the stricter reading of the rules).

- EU Directive 2024/825: generic environmental claims ("eco", "green", "climate neutral",
  "environmentally friendly" ...) are banned unless they rest on a certification scheme, so
  such words are only accepted on a certification credential that names its issuer.
- "FDA approved" is not "FDA registered": registering a facility or listing a product is not
  an approval. The claim is refused when the credential is a registration, and whenever the
  FDA is not the named issuer of a certification (only the FDA approves).
"""

from __future__ import annotations

import re

from crosslive.errors import InvalidInput
from crosslive.trust.models import CredentialType

# Latin-script terms, matched as whole words (case-insensitive).
_GENERIC_ENVIRONMENTAL_WORDS = (
    r"eco[\s-]?friendly",
    r"ecological(?:ly)?",
    r"green(?:er)?",
    r"climate[\s-](?:neutral|positive|friendly|compensated)",
    r"carbon[\s-](?:neutral|positive|friendly|free)",
    r"co2[\s-](?:neutral|free)",
    r"net[\s-]zero",
    r"environment(?:al(?:ly)?)?[\s-](?:friendly|safe|correct|conscious)",
    r"(?:earth|planet|nature)[\s-]friendly",
    r"gentle\s+on\s+the\s+(?:environment|planet)",
    r"sustainabl[ey]",
    r"energy[\s-]efficient",
    r"biodegradable",
    r"bio[\s-]based",
    r"umweltfreundlich",
    r"klimaneutral",
    r"nachhaltig",
    r"[ée]cologique",
    r"[ée]co[\s-]?responsable",
    r"respectueux\s+de\s+l'environnement",
    r"neutre\s+en\s+carbone",
    r"sostenibile",
    r"sostenible",
    r"ecol[óo]gico",
    r"eco",  # last: the longer wordings above win
)
_GENERIC_ENVIRONMENTAL = re.compile(
    r"(?<![\w])(?:" + "|".join(_GENERIC_ENVIRONMENTAL_WORDS) + r")(?![\w])", re.IGNORECASE
)
# Scripts without spaces between words: matched as substrings.
_GENERIC_ENVIRONMENTAL_CJK = (
    "エコ",
    "環境にやさしい",
    "環境に優しい",
    "カーボンニュートラル",
    "친환경",
    "탄소중립",
    "环保",
    "绿色",
)

_FDA_APPROVED = re.compile(
    r"\bFDA[\s-]*approv(?:ed|al)\b|\bapproved\s+by\s+(?:the\s+)?(?:U\.?S\.?\s+)?FDA\b"
    r"|\bFood\s+and\s+Drug\s+Administration[\s-]*approv(?:ed|al)\b",
    re.IGNORECASE,
)
_REGISTRATION = re.compile(
    r"regist|listing|listed|\bFEI\b|establishment|facility|\bDUNS\b", re.IGNORECASE
)
_FDA_ISSUER = re.compile(r"\bFDA\b|Food\s+and\s+Drug\s+Administration", re.IGNORECASE)


def generic_environmental_terms(claim: str) -> list[str]:
    """The generic environmental wording found in a claim, as written."""
    found = [m.group(0) for m in _GENERIC_ENVIRONMENTAL.finditer(claim)]
    found += [term for term in _GENERIC_ENVIRONMENTAL_CJK if term in claim]
    return list(dict.fromkeys(found))


def names_fda_approval(claim: str, issuer: str, identifier: str) -> bool:
    """Whether a certification records an FDA approval: the FDA is the issuer, the claim
    says "approved", and nothing says it is only a registration or listing."""
    return (
        bool(_FDA_APPROVED.search(claim))
        and bool(_FDA_ISSUER.search(issuer))
        and not any(_REGISTRATION.search(t) for t in (claim, issuer, identifier))
    )


def claim_problems(type_: CredentialType, claim: str, issuer: str, identifier: str) -> list[str]:
    """Why this claim may not be made (empty: it may)."""
    problems: list[str] = []
    terms = generic_environmental_terms(claim)
    if terms and not (type_ == CredentialType.CERTIFICATION and issuer.strip()):
        quoted = ", ".join(f'"{t}"' for t in terms)
        problems.append(
            f"generic environmental claims ({quoted}) are only allowed on a certification "
            "that names its issuer (EU Directive 2024/825); state the certified fact instead"
        )
    if _FDA_APPROVED.search(claim):
        registration = next(
            (
                f"the {name} says {text!r}"
                for name, text in (("identifier", identifier), ("issuer", issuer))
                if _REGISTRATION.search(text)
            ),
            None,
        ) or ("the claim mentions a registration" if _REGISTRATION.search(claim) else None)
        if registration:
            problems.append(
                f'"FDA approved" is not the same as "FDA registered": {registration}. '
                "Registering a facility or listing a product is not an FDA approval; "
                'say "FDA registered" instead'
            )
        elif type_ != CredentialType.CERTIFICATION or not _FDA_ISSUER.search(issuer):
            problems.append(
                '"FDA approved" needs a certification issued by the FDA itself with its '
                'approval number; if the FDA only registered the facility, say "FDA registered"'
            )
    return problems


def check_claim(type_: CredentialType, claim: str, issuer: str, identifier: str) -> None:
    problems = claim_problems(type_, claim, issuer, identifier)
    if problems:
        raise InvalidInput("; ".join(problems))
