"""Snakemake adapter: encode a dataset's distinct texts once with one model."""

import pandas as pd
import torch

from constructlens.embeddings import dataset_texts, encode_texts, write_embeddings
from constructlens.models import load_model, pick_device
from constructlens.step import step

with step(snakemake.log[0]) as log:
    torch.set_num_threads(snakemake.threads)
    texts = dataset_texts(pd.read_parquet(snakemake.input.item_table))
    model = load_model(snakemake.params.base, pick_device())
    vectors = encode_texts(model, texts, snakemake.params.batch_size)
    write_embeddings(snakemake.output.embeddings, texts, vectors)
    log.info("%d texts → %d-dimensional embeddings", *vectors.shape)
