"""Media benchmarks: every scenario (or those named) in turn, one JSON object per line.

    sudo .venv/bin/python benchmarks/media_bench.py same-host rtt200 viewer-500k [--both-legs]

The same runner as `crosslive bench media --scenario NAME --json`
(src/crosslive/media/lab/bench.py).
"""

from __future__ import annotations

import json
import sys

from crosslive.media.lab.bench import SCENARIOS, run_bench


def main(argv: list[str]) -> None:
    both_legs = "--both-legs" in argv
    names = [arg for arg in argv if not arg.startswith("--")] or list(SCENARIOS)
    for name in names:
        print(json.dumps(run_bench(name, both_legs=both_legs)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
