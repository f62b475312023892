"""Body measurements estimated from height and weight (plus age and body shape when given).

- bust (women): the regression fitted on the fit data (`bust_model.py`), held-out error in
  docs/fit.md;
- waist and hips (women): the bust-to-waist and bust-to-hips relation of the ASTM D5585 misses'
  body table (`sizes.WOMENS_BODY_CM`), read at the estimated bust: published, not validated here;
- foot length: about 15% of stature (the ratio reported across populations by Fessler, Haley &
  Lal 2005): published, not validated here.
- chest (men): the fit data has no men, so the chest is scaled from a reference man (about
  the male means of the 2012 US Army anthropometric survey, ANSUR II: stature 175.6 cm,
  weight 85.5 kg, chest 105.9 cm; confirmed against the survey's public male database, see
  docs/fit.md) by sqrt((weight / height) / (reference weight / height)),
  the circumference of a body of that height holding that mass: published reference, scaling
  assumed, not validated here. Men's waist and hips are not estimated (the advisor asks).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import lru_cache

from crosslive.fit.bust_model import BustModel, load_bust_model
from crosslive.fit.sizes import WOMENS_BODY_CM, Garment

FOOT_PER_STATURE = 0.15
# Assumed typical error of the published relations, only to rank which measurement would
# sharpen the advice; not measured here.
ASSUMED_ERROR_CM = {"waist": 6.0, "hips": 5.0, "foot_length": 0.8, "mens_chest": 6.0}
# The reference man of the men's chest estimate (height cm, weight kg, chest cm): about the
# ANSUR II male means, confirmed against the public male database (docs/fit.md).
MENS_REFERENCE = (175.6, 85.5, 105.9)


class Basis(enum.StrEnum):
    MEASURED = "measured"  # the viewer gave it
    USUAL_SIZE = "usual_size"  # the typical body of the viewer's usual size
    FITTED = "fitted"  # estimated by the regression fitted on fit data
    PUBLISHED = "published"  # estimated from a published relation, not validated here


# How much an advice's confidence is kept when it rests on a measurement of this basis.
CONFIDENCE_FACTOR = {
    Basis.MEASURED: 1.0,
    Basis.USUAL_SIZE: 0.9,
    Basis.FITTED: 0.85,
    Basis.PUBLISHED: 0.7,
}


@dataclass(frozen=True)
class Measure:
    cm: float
    basis: Basis
    error_cm: float = 0.0  # typical absolute error of an estimate


@lru_cache(maxsize=1)
def shipped_bust_model() -> BustModel:
    return load_bust_model()


def _interpolate(bust: float, key: str) -> float:
    """KEY of the ASTM D5585 body whose bust is BUST (linear between rows, ends extended)."""
    rows = WOMENS_BODY_CM
    index = 0
    while index < len(rows) - 2 and bust > rows[index + 1]["bust"]:
        index += 1
    low, high = rows[index], rows[index + 1]
    share = (bust - low["bust"]) / (high["bust"] - low["bust"])
    return round(low[key] + (high[key] - low[key]) * share, 1)


def mens_chest_cm(height_cm: float, weight_kg: float) -> float:
    """The reference man's chest scaled to this height and weight (module note)."""
    ref_height, ref_weight, ref_chest = MENS_REFERENCE
    return float(ref_chest * ((weight_kg / height_cm) / (ref_weight / ref_height)) ** 0.5)


def estimate_body(
    garment: Garment,
    height_cm: float,
    weight_kg: float,
    age: float | None = None,
    body_type: str = "",
    model: BustModel | None = None,
) -> dict[str, Measure]:
    """Estimated measurements for GARMENT (see the module note for each dimension)."""
    if garment in (Garment.WOMENS_SHOES, Garment.MENS_SHOES):
        foot = round(FOOT_PER_STATURE * height_cm, 1)
        return {"foot_length": Measure(foot, Basis.PUBLISHED, ASSUMED_ERROR_CM["foot_length"])}
    if garment is Garment.MENS_APPAREL:
        chest = round(mens_chest_cm(height_cm, weight_kg), 1)
        return {"chest": Measure(chest, Basis.PUBLISHED, ASSUMED_ERROR_CM["mens_chest"])}
    bust_model = model or shipped_bust_model()
    bust = bust_model.predict(height_cm, weight_kg, age, body_type)
    return {
        "chest": Measure(bust, Basis.FITTED, bust_model.mae_cm),
        "waist": Measure(_interpolate(bust, "waist"), Basis.PUBLISHED, ASSUMED_ERROR_CM["waist"]),
        "hips": Measure(_interpolate(bust, "hips"), Basis.PUBLISHED, ASSUMED_ERROR_CM["hips"]),
    }
