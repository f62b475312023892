"""Where each recorded segment lands in the replay, and which stretches of the show are missing."""

from __future__ import annotations

from crosslive.replays.timeline import Placed, missing, place, video_at


def test_segments_follow_each_other_in_the_video_with_no_filler() -> None:
    placed = place([(90.0, 60.0), (0.0, 60.0)])
    assert placed == [Placed(1, 0.0, 0.0, 60.0, 0.0), Placed(0, 90.0, 0.0, 60.0, 60.0)]
    assert video_at(placed, 10.0) == 10.0
    assert video_at(placed, 75.0) == 60.0  # in the hole: where recording resumed
    assert video_at(placed, 100.0) == 70.0
    assert video_at(placed, 151.0) is None


def test_a_replaced_publisher_plays_on_from_where_the_first_stopped() -> None:
    # The new session started 2 s before the old one's recording closed; a co-host's short
    # segment wholly inside the lead's adds nothing.
    placed = place([(0.0, 30.0), (28.0, 20.0), (5.0, 10.0)])
    assert placed == [Placed(0, 0.0, 0.0, 30.0, 0.0), Placed(1, 30.0, 2.0, 18.0, 30.0)]


def test_missing_stretches_are_in_show_time_and_ignore_short_reconnects() -> None:
    placed = place([(0.0, 60.0), (62.0, 28.0), (120.0, 30.0)])
    # Live from wall -5 to 160: 5 s before recording, 30 s while Janus restarted, 10 s at the end.
    assert missing(placed, -5.0, 160.0) == [[0.0, 5.0], [95.0, 125.0], [155.0, 165.0]]
    assert missing(place([(0.0, 100.0)]), 0.0, 101.0) == []
