"""Live captions: the host's audio, forwarded by Janus as Opus RTP, decoded, cut into phrases
where the host pauses, transcribed by Whisper in a worker thread (a bounded queue: when it
falls behind, audio is dropped and the console told), and sent to the show's viewers over
the event log, in the host's language or (through the translation provider) the viewer's.
Each line is kept with the show; `service.webvtt` gives the transcript to replays."""
