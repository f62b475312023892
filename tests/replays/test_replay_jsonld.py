"""A replay page tells machines what it is: a schema.org VideoObject (expanded with pyld
against the pinned context, every term checked against the pinned vocabulary) whose video
and player addresses answer, one Clip per chapter in order on the trimmed timeline, and the
products pinned in it with their public pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.web.replay_jsonld import iso_duration
from tests.replays.factories import ended_show_with_replay
from tests.web.jsonld_vocabulary import SCHEMA, check_schema_org, page_jsonld, values

STORE = "acme"  # make_shop's store


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_the_replay_page_describes_its_video_chapters_and_products(
    app_client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    replayed = ended_show_with_replay(session_factory)
    slug = replayed.shop.show_slug
    page = app_client.get(f"/replay/{slug}", params={"store": STORE})
    assert page.status_code == 200
    document = page_jsonld(page.text)
    expanded, met = check_schema_org(document)
    (video,) = expanded
    assert video["@type"] == [SCHEMA + "VideoObject"]
    assert {"VideoObject", "contentUrl", "embedUrl", "duration", "hasPart", "Clip"} <= set(met)
    moments = app_client.get(f"/api/v1/replays/{slug}/moments", params={"store": STORE})
    if moments.status_code == 200:  # the page's own moments, when the API serves them
        span = moments.json()["end"] - moments.json()["start"]
        assert document["duration"] == iso_duration(span)
    # The video file is the replay's own route (this factory's replay has no file on disk).
    assert _path(document["contentUrl"]).startswith(f"/replay/{slug}/video?")
    for key in ("embedUrl", "url"):
        assert app_client.get(_path(document[key])).status_code == 200, key
    clips = values(video, "hasPart")
    starts = [c[SCHEMA + "startOffset"][0]["@value"] for c in clips]
    assert starts == sorted(starts) and len(clips) >= 2  # the pins and the credential push
    for clip in clips:
        assert clip[SCHEMA + "endOffset"][0]["@value"] >= clip[SCHEMA + "startOffset"][0]["@value"]
    named = {p["name"]: _path(p["url"]) for p in document["mentions"]}
    assert named, "the pinned products are named"
    for path in named.values():
        assert app_client.get(path).status_code == 200


def test_iso_durations() -> None:
    assert iso_duration(0) == "PT0S"
    assert iso_duration(59.6) == "PT1M"
    assert iso_duration(3725.4) == "PT1H2M5S"
