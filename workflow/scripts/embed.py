"""Snakemake adapter: encode every dataset's distinct texts once with one model."""

import pandas as pd
import torch

from constructlens.embeddings import dataset_texts, encode_texts, load_encoder, write_embeddings
from constructlens.models import pick_device
from constructlens.step import step

with step(snakemake.log[0]) as log:
    torch.set_num_threads(snakemake.threads)
    model = load_encoder(snakemake.params.base, pick_device(), snakemake.params.precision)
    for table, output in zip(snakemake.input.item_tables, snakemake.output.embeddings, strict=True):
        texts = dataset_texts(pd.read_parquet(table))
        vectors = encode_texts(model, texts, snakemake.params.batch_size)
        write_embeddings(output, texts, vectors)
        log.info("%s: %d texts → %d-dimensional embeddings", output, *vectors.shape)
