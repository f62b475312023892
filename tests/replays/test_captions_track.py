"""A replay's subtitle tracks come from the live captions' transcript of its show, placed on
the replay's own timeline (a line spoken while nothing was recorded is left out): one track
per language the transcript was kept in (the host's, and each translation the show's viewers
read), labelled in that language, the viewer's on by default."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.captions.models import CaptionLine, CaptionTranslation
from crosslive.db import transaction
from tests.replays.factories import Replayed, ended_show_with_replay

STORE = "acme"  # make_shop's store


def _track(client: TestClient, replayed: Replayed, lang: str = "") -> tuple[int, str]:
    slug = replayed.shop.show_slug
    response = client.get(f"/replay/{slug}/captions.vtt", params={"store": STORE, "lang": lang})
    return response.status_code, response.text


def _keep(factory: sessionmaker[Session], replayed: Replayed) -> None:
    # The show went live at 0 s; recording ran 5-65 s and 95-155 s of the show.
    with transaction(factory) as db:
        for start_ms, end_ms, text, german in [
            (20_000, 23_000, "Hello from the studio", "Hallo aus dem Studio"),
            (70_000, 72_000, "Said while nothing recorded", "Ungefilmt"),
            (100_000, 102_000, "Now the desk lamp", None),  # no German reader by then
        ]:
            line = CaptionLine(
                show_id=replayed.shop.show_id,
                start_ms=start_ms,
                end_ms=end_ms,
                lang="en",
                text=text,
            )
            db.add(line)
            db.flush()
            if german:
                db.add(CaptionTranslation(line_id=line.id, lang="de", text=german))


def test_the_track_is_the_shows_transcript_on_the_replays_timeline(
    app_client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    replayed = ended_show_with_replay(session_factory)
    assert _track(app_client, replayed)[0] == 404  # no transcript yet
    _keep(session_factory, replayed)

    status, track = _track(app_client, replayed, "en")
    assert status == 200
    assert track.splitlines() == [
        "WEBVTT",
        "",
        "00:00:15.000 --> 00:00:18.000",
        "Hello from the studio",
        "",
        "00:01:05.000 --> 00:01:07.000",
        "Now the desk lamp",
    ]
    assert _track(app_client, replayed)[1] == track  # '' is the host's language
    status, german = _track(app_client, replayed, "de")
    assert status == 200
    assert german.splitlines() == [
        "WEBVTT",
        "",
        "00:00:15.000 --> 00:00:18.000",
        "Hallo aus dem Studio",
    ]
    assert _track(app_client, replayed, "fr")[0] == 404  # nobody read French


def test_the_page_offers_each_kept_language_the_viewers_first(
    app_client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    replayed = ended_show_with_replay(session_factory)
    _keep(session_factory, replayed)
    url = f"/replay/{replayed.shop.show_slug}"

    def tracks(lang: str) -> list[tuple[str, str, bool]]:
        page = app_client.get(url, params={"store": STORE, "lang": lang}).text
        found = re.findall(r'<track kind="subtitles" [^>]*>', page)
        return [
            (
                re.search(r'srclang="([^"]+)"', t).group(1),  # type: ignore[union-attr]
                re.search(r'label="([^"]+)"', t).group(1),  # type: ignore[union-attr]
                " default" in t,
            )
            for t in found
        ]

    assert tracks("de") == [("en", "English", False), ("de", "Deutsch", True)]
    # A viewer whose language was not kept gets the host's on by default.
    assert tracks("ja") == [("en", "English", True), ("de", "Deutsch", False)]
