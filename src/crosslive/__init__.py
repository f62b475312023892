"""crosslive: self-hostable cross-border live selling."""

__version__ = "0.1.0"
