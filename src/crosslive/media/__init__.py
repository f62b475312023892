"""Live media: Janus supervision, WHIP publishing, viewer playback and per-viewer quality."""
