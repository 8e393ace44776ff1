"""Snakemake adapter: fine-tune one configured model on the IPIP training constructs."""

import pandas as pd
import torch

from constructlens.models import training_device
from constructlens.splits import split_items
from constructlens.step import step
from constructlens.training import train_model

with step(snakemake.log[0]) as log:
    settings = snakemake.params.settings
    torch.set_num_threads(snakemake.threads)
    device = training_device(snakemake.wildcards.model, settings["gpu"], settings["require_gpu"])
    items, assignment = (
        pd.read_parquet(snakemake.input.item_table),
        pd.read_parquet(snakemake.input.assignment),
    )
    validation = split_items(items, assignment, "validation")
    if not snakemake.params.score_shared_texts:
        validation = validation[~validation["multi_construct"]]
    curve = train_model(
        settings["base"],
        pd.read_parquet(snakemake.input.pairs),
        split_items(items, assignment, "train"),
        settings,
        snakemake.output.model,
        device,
        validation_items=validation,
    )
    curve.to_csv(snakemake.output.curve, sep="\t", index=False)
    losses = curve[curve["kind"] == "train_loss"]
    log.info("final training loss %.4f after %d steps", losses["value"].iloc[-1], losses["step"].iloc[-1])
