"""French and Italian join some words to a vowel that follows ("de Écharpe" is written
"d'Écharpe", "la Anorak" "l'Anorak"), which a name put in by a placeholder cannot do: the
messages that place a product's or an item's name in a sentence are worded so that no such
word comes right before it ("Quantité : Écharpe"). Italian "di" before a vowel stays whole."""

from __future__ import annotations

import re

import pytest

from crosslive import i18n
from tests.i18n.test_catalogs import catalog

# Names the seller or a buyer writes, in any language: any first letter.
NAMED = r"%\((?:product|products|item|title|brand|store|host|name|city|variant)\)s"
# The words that join a following vowel, language by language.
ELIDING = {
    "fr": r"\b(?:de|le|la|que|ce|je|ne|se|me|te|du|au)",
    "it": r"\b(?:lo|la|una|dello|della|allo|alla|dallo|dalla|nello|nella|sullo|sulla)",
}


@pytest.mark.parametrize("tag", sorted(ELIDING))
def test_no_eliding_word_stands_before_a_name(tag: str) -> None:
    before_a_name = re.compile(rf"{ELIDING[tag]} {NAMED}", re.IGNORECASE)
    wrong = [
        (m.id, m.string)
        for m in catalog(tag)
        if m.id and isinstance(m.string, str) and before_a_name.search(m.string)
    ]
    assert wrong == []


def test_french_names_a_scarf_without_eliding() -> None:
    french = i18n.translations("fr").gettext
    quantity = french("Quantity of %(product)s") % {"product": "Écharpe"}
    assert quantity == "Quantité : Écharpe"
    about = french("%(name)s, about your return of %(item)s (%(reason)s):")
    line = about % {"name": "Inès", "item": "Écharpe", "reason": "trop petite"}
    assert line == "Inès, à propos de votre retour (article : Écharpe, motif : trop petite) :"
