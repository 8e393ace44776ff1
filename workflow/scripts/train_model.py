"""Snakemake adapter: fine-tune one configured model on its pair set."""

import pandas as pd
import torch

from constructlens.models import training_device
from constructlens.step import step
from constructlens.training import train_model

with step(snakemake.log[0]) as log:
    settings = snakemake.params.settings
    torch.set_num_threads(snakemake.threads)
    device = training_device(snakemake.wildcards.model, settings["gpu"], settings["require_gpu"])
    curve = train_model(
        settings["base"], pd.read_parquet(snakemake.input.pairs), settings, snakemake.output.model, device
    )
    curve.to_csv(snakemake.output.curve, sep="\t", index=False)
    log.info("final training loss %.4f after %d steps", curve["loss"].iloc[-1], curve["step"].iloc[-1])
