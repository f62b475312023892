"""Bench and test lab: namespaces, impairment, simulated viewers and browsers, the media bench."""
