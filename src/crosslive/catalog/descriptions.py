"""Product descriptions are HTML (a Shopify export's Body (HTML), the description field of
the product form and API). Each is cleaned with nh3 (the Ammonia sanitiser) before it is
stored, so whatever shows it as HTML shows text and formatting only: no script, no event
handler, no style, no javascript: link, no frame."""

from __future__ import annotations

from html import unescape

import nh3

# Links in a description lead away from the store and vouch for nothing.
LINK_REL = "noopener noreferrer nofollow"


def clean_description(html: str) -> str:
    """HTML keeps its text and the formatting Ammonia allows (paragraphs, lists, emphasis,
    tables, headings, http(s) links and images); everything else is removed."""
    return nh3.clean(html, link_rel=LINK_REL)


def plain_text(html: str) -> str:
    """A description's words without any markup (for a summary or structured data): tags
    removed, character references read, runs of white space made one space."""
    text = unescape(nh3.clean(html, tags=set()))
    return " ".join(text.split())
