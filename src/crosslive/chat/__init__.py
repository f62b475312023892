"""Live-room chat and the per-show event log that carries everything viewers see change."""
