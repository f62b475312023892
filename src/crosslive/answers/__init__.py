"""Instant answers to viewers' questions, in their language, from the store's own facts."""
