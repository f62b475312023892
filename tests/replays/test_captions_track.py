"""A replay's subtitle track comes from the live captions' transcript of its show, placed on
the replay's own timeline: a line spoken while nothing was recorded is left out."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.captions.models import CaptionLine
from crosslive.db import transaction
from tests.replays.factories import Replayed, ended_show_with_replay


def _track(client: TestClient, replayed: Replayed) -> tuple[int, str]:
    slug, store = replayed.shop.show_slug, "acme"  # make_shop's store
    response = client.get(f"/replay/{slug}/captions.vtt", params={"store": store, "lang": "de"})
    return response.status_code, response.text


def test_the_track_is_the_shows_transcript_on_the_replays_timeline(
    app_client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    replayed = ended_show_with_replay(session_factory)
    assert _track(app_client, replayed)[0] == 404  # no transcript yet

    # The show went live at 0 s; recording ran 5-65 s and 95-155 s of the show.
    with transaction(session_factory) as db:
        for start_ms, end_ms, text in [
            (20_000, 23_000, "Hello from the studio"),
            (70_000, 72_000, "Said while nothing recorded"),
            (100_000, 102_000, "Now the desk lamp"),
        ]:
            line = CaptionLine(
                show_id=replayed.shop.show_id,
                start_ms=start_ms,
                end_ms=end_ms,
                lang="en",
                text=text,
            )
            db.add(line)

    status, track = _track(app_client, replayed)
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
