from __future__ import annotations

import pytest

from crosslive.chat.moderation import ProfanityFilter


@pytest.fixture(scope="module")
def profanity() -> ProfanityFilter:
    return ProfanityFilter()


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("this is shit", "this is ***"),
        ("a55hole", "***"),
        ("so eine Scheiße", "so eine ***"),
        ("merde alors", "*** alors"),
        ("씨발", "***"),
        ("傻逼", "***"),
        ("eres un coño", "eres un ***"),
        ("fück you", "*** you"),
    ],
)
def test_profanity_is_masked(profanity: ProfanityFilter, text: str, cleaned: str) -> None:
    assert profanity.clean(text) == cleaned


@pytest.mark.parametrize(
    "text",
    [
        "Is size 31 true to size?",
        "chest 34 cm?",
        "乳液はありますか",
        "Does it come in XXL?",
        "bench 17",
        "is it $85 or 455 yen?",
        "order 717, 855 and 947",
        # Cut at the accented letter, "Cu" of "Cuánto" reads as a Portuguese insult.
        "¿Cuánto cuesta el envío a España?",
        "¿Cuándo llega?",
        "¿Cuál es la talla?",
    ],
)
def test_shopping_talk_is_left_alone(profanity: ProfanityFilter, text: str) -> None:
    assert profanity.clean(text) == text
