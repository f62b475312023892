"""The fit model's evaluation protocol (docs/fit.md): train on one part, score the other.

    python benchmarks/fit_eval.py --data ../shared/data/renttherunway_fit_dev.jsonl.gz \
        --split random --split date [--validate]

Prints one JSON object per split: the held-out metrics, training seconds and peak memory.
Same code as `crosslive fit split / train / eval`, in one process.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from crosslive.fit.splits import read_lines, split_lines, write_lines
from crosslive.fit.training import TrainConfig, evaluate_file, train_file


def run_split(data: Path, by: str, config: TrainConfig, validate: bool) -> dict[str, object]:
    train_lines, test_lines = split_lines(read_lines(data), by, 0.2, seed=0)
    if validate:
        # Choosing changes never looks at the test part: split the training part again.
        train_lines, test_lines = split_lines(train_lines, by, 0.2, seed=1)
    with tempfile.TemporaryDirectory() as tmp:
        train_path, test_path = Path(tmp) / "train.jsonl.gz", Path(tmp) / "test.jsonl.gz"
        write_lines(train_path, train_lines)
        write_lines(test_path, test_lines)
        del train_lines, test_lines
        started = time.monotonic()
        train_file(train_path, Path(tmp) / "model", config)
        seconds = time.monotonic() - started
        report = evaluate_file(Path(tmp) / "model", test_path)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "split": by,
        "held_out": "validation (inside the training part)" if validate else "test",
        **report,
        "models": config.models,
        "ordinal_weight": config.ordinal_weight,
        "train_seconds": round(seconds, 1),
        "peak_rss_mb": round(peak_mb),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--split", action="append", choices=["random", "date"])
    parser.add_argument("--rounds", type=int, default=TrainConfig().rounds)
    parser.add_argument("--models", type=int, default=TrainConfig().models)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--validate",
        action="store_true",
        help="score on 20%% of the training part (to choose changes), not on the test part",
    )
    parser.add_argument("--ordinal-weight", type=float, default=TrainConfig().ordinal_weight)
    parser.add_argument("--calibration-share", type=float, default=0.0)
    args = parser.parse_args()
    for by in args.split or ["random", "date"]:
        config = TrainConfig(
            rounds=args.rounds,
            models=args.models,
            threads=args.threads,
            ordinal_weight=args.ordinal_weight,
            calibration_share=args.calibration_share,
        )
        print(json.dumps(run_split(args.data, by, config, args.validate)), flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
