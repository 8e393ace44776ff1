"""Snakemake adapter: fine-tune one configured model on the IPIP training constructs."""

import pandas as pd
import torch

from constructlens.models import pick_precision, training_device
from constructlens.provenance import compute_record, model_record
from constructlens.splits import split_items
from constructlens.step import step, write_json
from constructlens.training import HARD_NEGATIVES, train_model

with step(snakemake.log[0]) as log:
    settings = snakemake.params.settings
    torch.set_num_threads(snakemake.threads)
    device = training_device(snakemake.wildcards.model, settings["gpu"], settings["require_gpu"])
    # resolved once, so the run record names the precision and negatives training used
    settings = {**settings, "precision": pick_precision(device, settings["precision"])}
    if settings["hard_negatives"] is not None:
        settings["hard_negatives"] = {**HARD_NEGATIVES, **settings["hard_negatives"]}
    items, assignment = (
        pd.read_parquet(snakemake.input.item_table),
        pd.read_parquet(snakemake.input.assignment),
    )
    validation = split_items(items, assignment, "validation")
    if not snakemake.params.score_shared_texts:
        validation = validation[~validation["multi_construct"]]
    pairs = pd.read_parquet(snakemake.input.pairs)
    curve = train_model(
        settings["base"],
        pairs,
        split_items(items, assignment, "train"),
        settings,
        snakemake.output.model,
        device,
        validation_items=validation,
    )
    curve.to_csv(snakemake.output.curve, sep="\t", index=False)
    losses = curve[curve["kind"] == "train_loss"]
    run = {
        "base": model_record(settings["base"]),
        "settings": dict(settings),  # training_defaults merged with the model's own keys
        "pair_set_pairs": len(pairs),
        "steps": curve.attrs["steps"],
        "batches": curve.attrs.get("batches"),  # pair losses: how full the batches were
        "final_loss": float(losses["value"].iloc[-1]),
        "compute": compute_record(device, settings["precision"], snakemake.threads),
    }
    write_json(snakemake.output.run, run)
    log.info("final training loss %.4f after %d steps", run["final_loss"], run["steps"])
