"""The words a page hands its ES modules (web/js_strings.py), as the tests read them."""

from __future__ import annotations

import json
import re
from html import unescape


def page_strings(html: str) -> dict[str, str]:
    """The JSON in the page's <body data-strings>, keyed by the English text."""
    found = re.search(r'data-strings="([^"]*)"', html)
    assert found is not None
    strings: dict[str, str] = json.loads(unescape(found.group(1)))
    return strings
