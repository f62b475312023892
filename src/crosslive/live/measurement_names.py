"""The usual names of size-chart measurements, marked for the viewer pages' catalogs: a
column the seller has not translated reads in the viewer's language when it is one of these
('chest' is 'Brustumfang' on a German page), else as the seller named it ('foot_length'
reads 'Foot length')."""

from __future__ import annotations

from crosslive.i18n import N_

NAMES: dict[str, str] = {
    "chest": N_("Chest"),
    "bust": N_("Bust"),
    "waist": N_("Waist"),
    "hip": N_("Hip"),
    "hips": N_("Hips"),
    "length": N_("Length"),
    "shoulder": N_("Shoulder"),
    "sleeve": N_("Sleeve"),
    "inseam": N_("Inseam"),
    "rise": N_("Rise"),
    "leg_opening": N_("Leg opening"),
    "foot_length": N_("Foot length"),
    "insole_length": N_("Insole length"),
    "ball_width": N_("Ball width"),
}


def english(column: str) -> tuple[str, bool]:
    """COLUMN's label in English, and whether the pages' catalogs translate it."""
    known = NAMES.get(column)
    if known is not None:
        return known, True
    return column.replace("_", " ").capitalize(), False
