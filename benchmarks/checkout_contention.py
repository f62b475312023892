"""Many viewers check out the same scarce variant at once against a real server.

    python -m benchmarks.checkout_contention [--viewers 40] [--stock 10] [--database-url URL]

Prints JSON: orders placed, sold-out answers, other answers, stock left, oversold units
(must be 0) and checkout latency percentiles. SQLite in a temporary directory by default.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from sqlalchemy import func, select

from crosslive import migrate
from crosslive.app import create_app
from crosslive.auth import service as auth_service
from crosslive.catalog.models import Product, Variant, VariantPrice
from crosslive.db import make_engine, make_session_factory, transaction
from crosslive.markets.models import Market, SizeSystem
from crosslive.orders import proof
from crosslive.orders.models import Order
from crosslive.settings import Settings
from crosslive.shows.models import Show, ShowProduct
from crosslive.state import state_of
from crosslive.viewers import VIEWER_HEADER


def seed(settings: Settings, stock: int) -> int:
    factory = make_session_factory(make_engine(settings.resolved_database_url))
    with transaction(factory) as db:
        seller = auth_service.create_seller(db, slug="bench", name="Bench")
        db.add(
            Market(
                seller_id=seller.id,
                code="US",
                name="United States",
                currency="USD",
                countries=["US"],
                size_system=SizeSystem.US,
            )
        )
        product = Product(seller_id=seller.id, handle="tee", title="Tee")
        variant = Variant(seller_id=seller.id, sku="tee-m", option1="M", stock=stock)
        variant.prices = [VariantPrice(currency="USD", amount_minor=1500)]
        product.variants.append(variant)
        show = Show(
            seller_id=seller.id, slug="bench", title="Bench", scheduled_at=datetime.now(UTC)
        )
        show.lineup = [ShowProduct(product=product)]
        db.add_all([product, show])
        db.flush()
        return variant.id


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def checkout(url: str, variant_id: int, barrier: threading.Barrier) -> tuple[int, float]:
    with httpx.Client(base_url=url, timeout=60) as client:
        added = client.post(
            "/api/v1/shows/bench/cart/items",
            json={"market": "US", "variant_id": variant_id, "quantity": 1},
        )
        added.raise_for_status()
        client.headers[VIEWER_HEADER] = added.headers[VIEWER_HEADER]
        challenge = client.post("/api/v1/shows/bench/checkout/challenge", json={"market": "US"})
        challenge.raise_for_status()
        token, bits = challenge.json()["challenge"], challenge.json()["bits"]
        body = {
            "market": "US",
            "email": "bench@example.com",
            "name": "Bench",
            "address": {
                "line1": "1 Main St",
                "city": "Springfield",
                "region": "IL",
                "postal_code": "62701",
                "country": "US",
            },
            "confirmed_total_minor": added.json()["subtotal_minor"],
            "currency": "USD",
            "proof": {"challenge": token, "nonce": proof.solve(token, bits)},
        }
        barrier.wait()
        started = time.perf_counter()
        response = client.post(
            "/api/v1/shows/bench/checkout",
            json=body,
            headers={"Idempotency-Key": f"bench-{threading.get_ident()}"},
        )
        return response.status_code, time.perf_counter() - started


def run(viewers: int, stock: int, database_url: str, data_dir: Path) -> dict[str, Any]:
    # Every viewer checks out from this one address: the caps per buyer and per address
    # and the limit per address would refuse them before the stock does.
    settings = Settings(
        data_dir=data_dir,
        database_url=database_url,
        port=free_port(),
        log_level="WARNING",
        checkout_max_units_per_buyer=100_000,
        checkout_address_share=1.0,
        checkout_address_orders=100_000,
        checkout_proof_max_bits=14,  # no extra bit per order from this address
    )
    settings.prepare_dirs()
    migrate.upgrade(settings.resolved_database_url)
    variant_id = seed(settings, stock)
    app = create_app(settings)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=settings.port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    url = f"http://127.0.0.1:{settings.port}"
    barrier = threading.Barrier(viewers)
    try:
        with ThreadPoolExecutor(viewers) as pool:
            results = list(pool.map(lambda _: checkout(url, variant_id, barrier), range(viewers)))
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    factory = state_of(app).session_factory
    with transaction(factory) as db:
        left = db.scalar(select(Variant.stock).where(Variant.id == variant_id)) or 0
        orders = db.scalar(select(func.count(Order.id))) or 0
    state_of(app).engine.dispose()
    latencies = sorted(seconds * 1000 for _, seconds in results)
    statuses = [status for status, _ in results]
    return {
        "backend": settings.resolved_database_url.split(":", 1)[0],
        "viewers": viewers,
        "stock": stock,
        "orders": orders,
        "created_201": statuses.count(201),
        "sold_out_409": statuses.count(409),
        "other": len(statuses) - statuses.count(201) - statuses.count(409),
        "stock_left": left,
        "oversold": max(0, orders - stock),
        "latency_ms_p50": round(statistics.median(latencies), 1),
        "latency_ms_p95": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        "latency_ms_max": round(latencies[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--viewers", type=int, default=40)
    parser.add_argument("--stock", type=int, default=10)
    parser.add_argument("--database-url", default="", help="empty: SQLite in a temp dir")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(run(args.viewers, args.stock, args.database_url, Path(tmp)), indent=2))


if __name__ == "__main__":
    main()
