"""The demo's video evidence and local support: the sales-proof credential has a clip with
subtitles, the live show's first pushed card is it, and every market states local support."""

from __future__ import annotations

import subprocess

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.demo import live_show
from crosslive.events.models import ShowEvent
from crosslive.markets.models import Market
from crosslive.trust.models import Credential, CredentialType
from tests.demo.conftest import Seeded


def test_sales_proof_has_a_clip_and_the_live_show_pushes_it(
    demo_db: Session, seeded: Seeded
) -> None:
    proof = demo_db.scalar(select(Credential).where(Credential.type == CredentialType.SALES_PROOF))
    assert proof is not None and proof.clip is not None
    clip = proof.clip
    assert (clip.width, clip.height, clip.subtitles_lang) == (480, 270, "en")
    video = seeded.settings.clips_dir / clip.video_name
    probe = ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries"]
    codec = subprocess.run(
        [*probe, "stream=codec_name", "-of", "csv=p=0", str(video)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert codec == "h264"
    live = live_show.live_show(demo_db, proof.seller_id)
    assert live is not None
    first_push = demo_db.scalar(
        select(ShowEvent)
        .where(ShowEvent.show_id == live.id, ShowEvent.kind == "credential_pushed")
        .order_by(ShowEvent.id)
    )
    assert first_push is not None and first_push.payload["credential_id"] == proof.id


def test_every_demo_market_states_local_support(demo_db: Session) -> None:
    zones = {m.code: m.support_timezone for m in demo_db.scalars(select(Market))}
    assert zones == {
        "US": "America/Los_Angeles",
        "EU": "Asia/Shanghai",
        "UK": "Asia/Shanghai",
        "JP": "Asia/Shanghai",
        "KR": "Asia/Shanghai",
    }
