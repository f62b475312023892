"""One packing slip's making, Latin and Japanese: python -m benchmarks.packing_slip
[--repeat R] -> JSON.

Renders R slips of each kind (crosslive.returns.slip.render_slip) after one warm-up (fpdf2's
import), alternately, and prints each kind's median and spread in milliseconds (wall clock),
the CJK font the Japanese one falls back on, and the load average. A Latin slip's text is all
DejaVu Sans; a Japanese one's name and address need the CJK font."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

from crosslive.returns import slip
from crosslive.returns.slip_fonts import cjk_font_path


def _slip(name: str, address: str, city: str, country: str) -> slip.SlipData:
    return slip.SlipData(
        store="Maple & Co",
        order_ref="Order #1042",
        placed="1 Dec 2026",
        ship_to=[name, address, city, country],
        lines=[
            slip.SlipLine("tee-white-m", "Organic cotton tee", "White / M", 2),
            slip.SlipLine("lamp-oak", "Oak table lamp", "Natural", 1),
        ],
        advice={},
        card=slip.ReturnCard("en", 30, "LA returns, Los Angeles, US", True, "ORDER-1042"),
        charges=[("Subtotal", "$84.00"), ("Shipping", "$0.00"), ("Total", "$84.00")],
    )


KINDS = {
    "latin": _slip("Ana Buyer", "12 Park St", "90012 Los Angeles CA", "US"),
    "japanese": _slip("山田 花子", "東京都渋谷区神南1-2-3 サクラハイツ201", "150-0041 Tokyo", "JP"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    slip.render_slip(KINDS["latin"])  # fpdf2 and fontTools imported, not timed
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for _ in range(args.repeat):
        for kind, data in KINDS.items():
            start = time.perf_counter()
            slip.render_slip(data)
            times[kind].append((time.perf_counter() - start) * 1000)
    figures = {
        f"{kind}_ms": {
            "median": round(statistics.median(runs), 1),
            "min": round(min(runs), 1),
            "max": round(max(runs), 1),
        }
        for kind, runs in times.items()
    }
    cjk = cjk_font_path()
    print(
        json.dumps(
            {
                "repeat": args.repeat,
                **figures,
                "cjk_font": str(cjk) if cjk else None,
                "load_average": [round(x, 2) for x in os.getloadavg()],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
