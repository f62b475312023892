"""How a paid promotion is labelled, in the viewer's language: Japan's stealth-marketing
designation, the FTC Endorsement Guides and the EU's rules want it said in words the viewer
reads. The label is one message of the gettext catalogs (crosslive.i18n): every language the
pages speak translates it, and a few more languages have a catalog holding only it."""

from __future__ import annotations

from collections.abc import Iterable

from crosslive import i18n

AD_LABEL = i18n.N_("Paid promotion · #ad")


def ad_label(languages: Iterable[str]) -> str:
    """The label in the first of LANGUAGES whose catalog has it (the viewer's own first, then
    the market's, e.g. ['xx', 'ja'] -> Japanese); English when none has, or when English
    comes first."""
    return i18n.first_translated(AD_LABEL, languages)
