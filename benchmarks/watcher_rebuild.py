"""Watcher groups' rebuild, SQL against the per-show Python pass, on the benchmark store:
python -m benchmarks.watcher_rebuild [--orders N] [--repeat R] [--database-url URL] -> JSON.

Builds `crosslive bench insights`' store (N orders, 20 sessions and 6 viewer actions each,
100 shows) in a new SQLite file (or the empty database URL), then times, R times each and
alternately on the same rows: the rebuild (crosslive.insights.watcher_rebuild, one
INSERT ... SELECT) and the Python pass the rebuild used to make (the hooks' reading of each
show's sessions, credential actions and orders, grouped in Python; its rows not inserted),
and checks that both give the same groups. Prints the seconds (wall clock, and CPU of this
process, which on SQLite includes the database's own work) and the load average."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive import migrate
from crosslive.db import make_engine, make_session_factory
from crosslive.insights import bench, watcher_groups, watcher_rebuild
from crosslive.insights.watcher_groups import KEY, WatcherGroup
from crosslive.shows.models import Show


def python_pass(db: Session, seller_id: int) -> watcher_groups.Groups:
    shows = select(Show.id).where(Show.seller_id == seller_id).order_by(Show.id)
    found: watcher_groups.Groups = Counter()
    for show_id in db.scalars(shows).all():
        found.update(watcher_groups._read(db, show_id, None))
    return found


def stored(db: Session, seller_id: int) -> watcher_groups.Groups:
    g = WatcherGroup
    rows = db.execute(
        select(*(g.__table__.c[n] for n in KEY), g.viewers).where(g.seller_id == seller_id)
    )
    return Counter({tuple(r[:-1]): r[-1] for r in rows})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="crosslive-bench-") as scratch:
        url = args.database_url or f"sqlite:///{Path(scratch) / 'watchers.db'}"
        migrate.upgrade(url)
        engine = make_engine(url)
        sql_s: list[tuple[float, float]] = []
        python_s: list[tuple[float, float]] = []
        with make_session_factory(engine)() as db:
            seller_id = bench.build(db, args.orders)
            db.commit()
            for _ in range(args.repeat):
                started, cpu = time.perf_counter(), time.process_time()
                counted = watcher_rebuild.rebuild(db, seller_id)
                db.commit()
                sql_s.append((time.perf_counter() - started, time.process_time() - cpu))
                started, cpu = time.perf_counter(), time.process_time()
                found = python_pass(db, seller_id)
                python_s.append((time.perf_counter() - started, time.process_time() - cpu))
            same = found == stored(db, seller_id)
        engine.dispose()
    result = {
        "orders": args.orders,
        "database": engine.dialect.name,
        "watchers_counted": counted,
        "groups": len(found),
        "same_groups": same,
        "sql_rebuild_s": [round(wall, 2) for wall, _ in sql_s],
        "sql_rebuild_cpu_s": [round(cpu, 2) for _, cpu in sql_s],
        "python_pass_s": [round(wall, 2) for wall, _ in python_s],
        "python_pass_cpu_s": [round(cpu, 2) for _, cpu in python_s],
        "speedup_median": round(
            statistics.median(w for w, _ in python_s) / statistics.median(w for w, _ in sql_s), 1
        ),
        "load_average": {"start": list(load_before), "end": list(os.getloadavg())},
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
