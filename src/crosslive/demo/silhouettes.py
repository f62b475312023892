"""Which silhouette draws each product shape named in the catalog data."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from crosslive.demo import goods_shapes as goods
from crosslive.demo import wear_shapes as wear
from crosslive.demo.shapes import Shape, zoomed

SHAPES: Mapping[str, Callable[[], Shape]] = MappingProxyType(
    {
        "tee": wear.tee,
        "sweater": wear.sweater,
        "jacket": wear.jacket,
        "trousers": wear.trousers,
        "dress": wear.dress,
        "sneaker": zoomed(wear.sneaker, 0.86),
        "boot": zoomed(wear.boot, 0.9),
        "slipon": zoomed(wear.slipon, 0.86),
        "dropper_bottle": goods.dropper_bottle,
        "lip_balm": goods.lip_balm,
        "tube": goods.tube,
        "earbuds": goods.earbuds,
        "power_bank": goods.power_bank,
        "charger": goods.charger,
        "desk_lamp": goods.desk_lamp,
        "mug": goods.mug,
        "towels": goods.towels,
        "cushion": goods.cushion,
    }
)
