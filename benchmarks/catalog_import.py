"""Shopify CSV import throughput: python -m benchmarks.catalog_import [PRODUCTS] -> JSON.

Imports a generated export (PRODUCTS products x 5 sizes, one image per variant) into a
fresh SQLite store twice (create, then re-import as update) and prints the timings.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import tempfile
import time
from pathlib import Path

from crosslive.auth import service as auth_service
from crosslive.catalog.shopify_import import import_shopify_csv
from crosslive.db import make_engine, make_session_factory, transaction
from crosslive.tables import metadata

SIZES = ("XS", "S", "M", "L", "XL")


def export_csv(products: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["Handle", "Title", "Body (HTML)", "Option1 Name", "Option1 Value", "Variant SKU",
         "Variant Inventory Qty", "Variant Price", "Image Src"]
    )  # fmt: skip
    for p in range(products):
        for i, size in enumerate(SIZES):
            first = i == 0
            writer.writerow(
                [f"p{p}", f"Product {p}" if first else "", "<p>Cotton</p>" if first else "",
                 "Size" if first else "", size, f"P{p}-{size}", 5, "19.99",
                 f"https://cdn.example/p{p}-{i}.jpg"]
            )  # fmt: skip
    return out.getvalue().encode()


def main() -> None:
    products = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    data = export_csv(products)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        metadata.create_all(engine)
        factory = make_session_factory(engine)
        with transaction(factory) as db:
            auth_service.create_seller(db, slug="bench", name="Bench")
        timings = {}
        for run in ("create", "update"):
            start = time.perf_counter()
            with transaction(factory) as db:
                seller = auth_service.find_seller(db, "bench")
                assert seller is not None
                import_shopify_csv(db, seller, data)
            timings[run] = time.perf_counter() - start
        engine.dispose()
    rows = products * len(SIZES)
    print(
        json.dumps(
            {
                "products": products,
                "csv_rows": rows,
                "create_s": round(timings["create"], 2),
                "update_s": round(timings["update"], 2),
                "create_rows_per_s": round(rows / timings["create"]),
                "update_rows_per_s": round(rows / timings["update"]),
            }
        )
    )


if __name__ == "__main__":
    main()
