"""Snakemake adapter: encode every dataset's distinct texts once with one model."""

import pandas as pd
import torch

from constructlens.embeddings import dataset_texts, encode_texts, load_encoder, write_embeddings
from constructlens.models import encoding_precision, pick_device
from constructlens.provenance import compute_record, model_record
from constructlens.step import step, write_json

with step(snakemake.log[0]) as log:
    params, device = snakemake.params, pick_device()
    torch.set_num_threads(snakemake.threads)
    precision = encoding_precision(params.base, device, params.precision)  # resolved once: used and recorded
    model = load_encoder(params.base, device, precision, params.prompt, params.trust_remote_code)
    for table, output in zip(snakemake.input.item_tables, snakemake.output.embeddings, strict=True):
        texts = dataset_texts(pd.read_parquet(table))
        vectors = encode_texts(model, texts, params.batch_size)
        write_embeddings(output, texts, vectors)
        log.info(
            "%s: %d texts → %d-dimensional embeddings (%s, %s)", output, *vectors.shape, device, precision
        )
    record = {
        "model": model_record(params.base),
        "compute": compute_record(device, precision, snakemake.threads),
    }
    write_json(snakemake.output.record, record)
