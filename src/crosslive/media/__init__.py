"""Live media: Janus supervision, WHIP publishing, viewer playback and per-viewer quality.

The media server is this package's own modules. `publishers/` holds the other ways video gets
into a show (the demo broadcaster, the RTMP ingest and its RTP publishing, synthetic media);
`lab/` holds the benchmark and test lab (network namespaces, impairment, simulated viewers
and browsers, the media bench).
"""
