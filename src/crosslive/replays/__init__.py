"""Shoppable replays: each show's recording, post-processed into one video with chapters."""
