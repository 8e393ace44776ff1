"""Snakemake adapter: encode one target's construct names with one model, as the target's
name_template reads them; keyed by construct. Its own job, so that a new template re-encodes
the names only."""

import pandas as pd
import torch

from constructlens.embeddings import encode_texts, load_encoder, write_embeddings
from constructlens.models import encoding_precision, pick_device
from constructlens.names import name_phrases
from constructlens.step import step

with step(snakemake.log[0]) as log:
    params, device = snakemake.params, pick_device()
    torch.set_num_threads(snakemake.threads)
    precision = encoding_precision(params.base, device, params.precision)
    model = load_encoder(params.base, device, precision, params.prompt, params.trust_remote_code)
    constructs = sorted(pd.read_parquet(snakemake.input.item_table)["construct"].unique())
    write_embeddings(
        snakemake.output[0], constructs, encode_texts(model, name_phrases(constructs, params.template))
    )
    log.info("%d construct names, read as %r (%s, %s)", len(constructs), params.template, device, precision)
