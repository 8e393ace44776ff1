"""How far to mix a fine-tuned model back towards its start (WiSE-FT), for docs/experiments.md.

The workflow's ``wise_ft`` key saves ``wise_ft`` × the fine-tuned weights + (1 − ``wise_ft``) ×
the starting weights. Training does not depend on it, so one finished run per draw of held-out
constructs is enough to try every value: this script takes each run's saved model, mixes it
with the model it started from to each ALPHA, encodes the IPIP validation and test texts and
the leadership items as the workflow's ``embed`` rule does, and prints their pair AUC, then the
mean over the runs. Choose ALPHA by the validation columns. Mixing is linear, so a model saved
at ``wise_ft`` a (the default config's 0.7) mixed at ALPHA / a is the model mixed at ALPHA, up
to float rounding; at ALPHA = a the script scores the saved model itself.

    python benchmarks/wise_ft_sweep.py RUN_DIR [RUN_DIR ...] [--model NAME] [--alpha A ...]

RUN_DIR is the working directory of a finished run (it holds ``results/``); NAME its fine-tuned
model (default ``minilm_mnrl``, the default config's).
"""

import argparse
import json
import os
from pathlib import Path

import pandas as pd
import torch

from constructlens.embeddings import dataset_texts, encode_texts, encoding_dtype
from constructlens.evaluation import evaluation_sets
from constructlens.metrics import item_set_pair_auc, make_item_set
from constructlens.models import load_model, pick_device
from constructlens.prose import markdown_table
from constructlens.training import mixed_with_start

PARTS = {"ipip": ["validation", "test"], "leadership": ["all"]}


def markdown(table: pd.DataFrame, digits: int) -> str:
    """A pipe table of ``table``, floats to ``digits`` decimals."""
    cells = table.map(lambda v: f"{v:.{digits}f}" if isinstance(v, float) else str(v))
    return markdown_table(list(table.columns), cells.to_numpy().tolist())


def sweep_run(run: Path, model_name: str, alphas: list[float], device: str) -> pd.DataFrame:
    """Pair AUC of the run's scored sets (IPIP validation and test, the leadership items) for
    its model mixed at each alpha (whatever ``wise_ft`` it was saved at), each dataset encoded
    whole as the ``embed`` rule does."""
    results = run / "results"
    config = json.loads((results / "provenance.json").read_text())["config"]
    record = json.loads((results / "training" / model_name / "run.json").read_text())
    saved_alpha = record["settings"].get("wise_ft", 1)
    items = {d: pd.read_parquet(results / "data" / f"{d}_items.parquet") for d in PARTS}
    assignment = pd.read_parquet(results / "splits" / "ipip_construct.parquet")
    sets = evaluation_sets(items, assignment, PARTS, config["splits"]["shared_texts"] == "holdout")
    evaluation = config["evaluation"]
    dtype = encoding_dtype(device, evaluation["encode_precision"])

    cwd = Path.cwd()
    os.chdir(run)  # a base of model:NAME or pretrained:NAME lies under the run's results/
    try:
        start = load_model(record["base"]["spec"], device).state_dict()
        start = {name: tensor.to("cpu", copy=True) for name, tensor in start.items()}
        tuned = load_model(str(Path("results") / "models" / model_name), device)
    finally:
        os.chdir(cwd)
    saved = {name: tensor.clone() for name, tensor in tuned.state_dict().items()}
    rows = []
    for alpha in alphas:
        tuned.to(torch.float32).load_state_dict(saved)
        encoder = mixed_with_start(tuned, alpha / saved_alpha, start).to(dtype)
        embedding_of = {}
        for dataset, table in items.items():
            texts = dataset_texts(table)
            vectors = encode_texts(encoder, texts, evaluation["encode_batch_size"])
            embedding_of[dataset] = dict(zip(texts, vectors, strict=True))
        row = {"run": run.name, "alpha": f"{alpha:g}"}
        for dataset, split, table in sets:
            row[f"{dataset} {split}"] = item_set_pair_auc(make_item_set(table, embedding_of[dataset]))
        rows.append(row)
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", type=Path, metavar="RUN_DIR")
    parser.add_argument("--model", default="minilm_mnrl")
    parser.add_argument("--alpha", nargs="+", type=float, default=[0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
    args = parser.parse_args()
    device = pick_device()
    table = pd.concat([sweep_run(run.resolve(), args.model, args.alpha, device) for run in args.runs])
    print(markdown(table, 4))
    means = table.drop(columns="run").groupby("alpha").mean().reset_index()
    print(f"\nMean over {len(args.runs)} run(s):\n")
    print(markdown(means, 4))
    best = means.loc[means["ipip validation"].idxmax(), "alpha"]
    print(f"\nhighest mean validation pair AUC at alpha {best}")


if __name__ == "__main__":
    main()
