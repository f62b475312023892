"""Returns: cutting them before they happen (packaging, what to show on camera, lane economics)."""
