"""Chat fan-out benchmark (same as `crosslive bench chat --json`).

    python benchmarks/chat_fanout.py --viewers 2000 --rate 20 --seconds 10

Prints {viewers, rate, p50_ms, p99_ms, lost, ...}: the time from a message's POST to its
arrival at every connected viewer, with the app in its own process on this machine.
"""

from __future__ import annotations

import argparse
import json

from crosslive.chat.bench import run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=20)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    print(json.dumps(run(args.viewers, args.rate, args.seconds)))


if __name__ == "__main__":
    main()
