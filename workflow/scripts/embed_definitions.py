"""Snakemake adapter: encode one target's construct definitions with one model; keyed by
construct. Its own job, so that a new definitions table re-encodes the definitions only."""

import pandas as pd
import torch

from constructlens.definitions import read_definitions
from constructlens.embeddings import encode_texts, load_encoder, write_embeddings
from constructlens.models import encoding_precision, pick_device
from constructlens.step import step

with step(snakemake.log[0]) as log:
    params, device = snakemake.params, pick_device()
    constructs = sorted(pd.read_parquet(snakemake.input.item_table)["construct"].unique())
    definitions = read_definitions(snakemake.input.definitions, constructs)
    torch.set_num_threads(snakemake.threads)
    precision = encoding_precision(params.base, device, params.precision)
    model = load_encoder(params.base, device, precision, params.prompt, params.trust_remote_code)
    write_embeddings(snakemake.output[0], list(definitions.index), encode_texts(model, list(definitions)))
    log.info("%d construct definitions (%s, %s)", len(definitions), device, precision)
