"""Snakemake adapter: TSDAE domain pre-training on the IPIP training texts."""

import pandas as pd
import torch

from constructlens.models import pick_device
from constructlens.pretraining import tsdae_pretrain
from constructlens.splits import split_items
from constructlens.step import step

with step(snakemake.log[0]) as log:
    settings = snakemake.params.settings
    torch.set_num_threads(snakemake.threads)
    items = pd.read_parquet(snakemake.input.item_table)
    texts = sorted(split_items(items, pd.read_parquet(snakemake.input.assignment), "train")["text"].unique())
    history = tsdae_pretrain(settings["base"], texts, settings, snakemake.output.model, pick_device())
    log.info("TSDAE finished: %s", history[-1])
