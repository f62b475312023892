"""Fit engine: size systems and conversion, the size advisor, the learned fit model."""
