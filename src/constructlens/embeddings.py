"""Encode texts once per model × dataset and cache the vectors as parquet."""

import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

log = logging.getLogger(__name__)


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


def texts_cut(model, texts: list[str]) -> list[tuple[str, int]]:
    """(text, tokens) of the texts longer, with the model's default prompt before them, than
    the model reads (``max_seq_length``): it encodes only their beginning. Empty for a model
    without such a limit (the word-overlap model)."""
    limit, tokenizer = getattr(model, "max_seq_length", None), getattr(model, "tokenizer", None)
    if not limit or not callable(tokenizer):
        return []
    prompt = model.prompts.get(model.default_prompt_name, "") if model.default_prompt_name else ""
    lengths = [len(ids) for ids in tokenizer([prompt + text for text in texts], verbose=False)["input_ids"]]
    return [(text, n) for text, n in zip(texts, lengths, strict=True) if n > limit]


def warn_if_cut(model, texts: list[str], use: str) -> None:
    """Warn when the model cuts texts short (``texts_cut``); ``use``: what it does with them."""
    cut = texts_cut(model, texts)
    if not cut:
        return
    text, tokens = max(cut, key=lambda pair: pair[1])
    log.warning(
        "%d of %d texts are longer than the %d tokens the model reads, and only their beginning "
        "is %s (longest: %d tokens, %r); two such texts that differ only after that point "
        "look the same to it. A fine-tuned model reads more with a larger `max_seq_length` (up to "
        "what its base model allows); another model may read them whole",
        len(cut),
        len(texts),
        model.max_seq_length,
        use,
        tokens,
        text[:80] + ("…" if len(text) > 80 else ""),
    )


def encode_texts(model, texts: list[str], batch_size: int = 64) -> np.ndarray:
    """L2-normalised float32 embeddings, one row per text, in the given order; warns about texts
    the model cuts short (``warn_if_cut``)."""
    warn_if_cut(model, texts, "encoded")
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
