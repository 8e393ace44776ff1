"""Encode texts once per model × dataset and cache the vectors as parquet."""

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


def encoding_dtype(device: str, precision: str = "auto"):
    """The torch dtype of an encoder's weights: bf16/fp16 where ``pick_precision`` says so
    (on AMX CPUs bf16 encodes twice as fast; pair AUC moved in the fifth decimal)."""
    import torch

    from .models import pick_precision

    return {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}[
        pick_precision(device, precision)
    ]


def load_encoder(
    spec: str,
    device: str,
    precision: str = "auto",
    prompt: str | None = None,
    trust_remote_code: bool = False,
):
    """The model for encoding, its weights in ``encoding_dtype`` (``load_model`` for the rest)."""
    from .models import load_model

    return load_model(
        spec,
        device,
        prompt=prompt,
        trust_remote_code=trust_remote_code,
        model_kwargs={"dtype": encoding_dtype(device, precision)},
    )


def encode_texts(model, texts: list[str], batch_size: int = 64) -> np.ndarray:
    """L2-normalised float32 embeddings, one row per text, in the given order."""
    vectors = model.encode(
        texts,
        batch_size=batch_size,
        convert_to_numpy=True,
        normalize_embeddings=True,
        show_progress_bar=False,
    )
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    empty = [text for text, norm in zip(texts, norms[:, 0], strict=True) if norm == 0]
    if empty:  # a word-overlap model that knows none of a text's words
        raise ValueError(f"the model reads {len(empty)} text(s) as nothing, e.g. {empty[0]!r}")
    return vectors / norms  # exact unit length after bf16


def write_embeddings(path: str | Path, texts: list[str], vectors: np.ndarray) -> None:
    """Parquet with columns text and embedding (fixed-size float32 list)."""
    flat = pa.array(vectors.astype(np.float32).ravel())
    column = pa.FixedSizeListArray.from_arrays(flat, vectors.shape[1])
    pq.write_table(pa.table({"text": texts, "embedding": column}), path)


def read_embeddings(path: str | Path) -> dict[str, np.ndarray]:
    """text → embedding vector."""
    table = pq.read_table(path)
    vectors = np.stack(table.column("embedding").to_numpy(zero_copy_only=False))
    return dict(zip(table.column("text").to_pylist(), vectors, strict=True))


def dataset_texts(items: pd.DataFrame) -> list[str]:
    """The distinct texts of an item table, sorted: the rows of its embedding cache."""
    return sorted(items["text"].unique())


def selected_model(choice_file: str | Path) -> str:
    """The model named in the selection rule's best_model.json."""
    import json

    return json.loads(Path(choice_file).read_text())["best_model"]


def selected_embeddings(choice_file: str | Path, paths: list[str]) -> tuple[str, dict[str, np.ndarray]]:
    """The selected model (from best_model.json) and its embeddings among
    ``results/embeddings/<model>/<dataset>.parquet`` files of one dataset."""
    best = selected_model(choice_file)
    path = next(p for p in paths if Path(p).parent.name == best)
    return best, read_embeddings(path)
