"""A product's size labels in the viewer's size system, from the conversion tables.

The seller labels a product in one system (EU 38, INT M, US 8 ...); a viewer reads it in the
size system of their market, shown next to the seller's label: "38 (JP 11)". A coarse
system repeats a label over several rows, so one seller size may read as a range ("JP 9-11").
"""

from __future__ import annotations

from collections.abc import Sequence

from crosslive.fit.chart import product_system
from crosslive.fit.sizes import Garment, SizeSystem, convert


def local_labels(
    garment: Garment, labels: Sequence[str], viewer: SizeSystem | None
) -> dict[str, str]:
    """{seller label: "JP 11"} for every label the tables know; empty when the labels match no
    system of GARMENT, or are already in the viewer's system."""
    if viewer is None or not labels:
        return {}
    system = product_system(garment, list(labels))
    if system is None or system is viewer:
        return {}
    out: dict[str, str] = {}
    for label in labels:
        options = convert(garment, system, label, viewer)
        if options:
            shown = options[0] if len(options) == 1 else f"{options[0]}-{options[-1]}"
            out[label] = f"{viewer.value} {shown}"
    return out
