"""Fine-tune a sentence-transformers model on anchor–positive pairs."""

import logging
import shutil
from pathlib import Path

import pandas as pd

from .models import load_model, pick_precision

log = logging.getLogger(__name__)

SCHEDULERS = ("linear", "cosine", "cosine_with_restarts", "constant_with_warmup")


def build_loss(name: str, model):
    """The training objective named in config."""
    from sentence_transformers.sentence_transformer import losses

    factories = {
        "mnrl": lambda: losses.MultipleNegativesRankingLoss(model),
        "cached_mnrl": lambda: losses.CachedMultipleNegativesRankingLoss(model, mini_batch_size=32),
    }
    if name not in factories:
        raise ValueError(f"unknown loss {name!r}; choose one of {', '.join(factories)}")
    return factories[name]()


def with_pooling(model, pooling: str | None):
    """Replace the model's pooling layer when config asks for another mode."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling

    if not pooling:
        return model
    transformer = model[0]
    pool = Pooling(transformer.get_embedding_dimension(), pooling_mode=pooling)
    modules = [transformer, pool, *[m for m in list(model)[2:] if isinstance(m, Normalize)]]
    return SentenceTransformer(modules=modules, device=str(model.device))


def loss_curve(log_history: list[dict]) -> pd.DataFrame:
    """Training-loss rows of the Trainer's log history."""
    rows = [
        {k: entry.get(k) for k in ("step", "epoch", "loss", "learning_rate", "grad_norm")}
        for entry in log_history
        if "loss" in entry
    ]
    return pd.DataFrame(rows, columns=["step", "epoch", "loss", "learning_rate", "grad_norm"])


def train_model(
    base: str,
    pairs: pd.DataFrame,
    settings: dict,
    output_dir: str | Path,
    device: str,
) -> pd.DataFrame:
    """Train ``base`` on ``pairs`` (anchor, positive) and save the checkpoint to ``output_dir``.

    The model is written to a sibling scratch folder and moved into place only when complete,
    so an interrupted job never leaves a checkpoint that looks finished. Returns the loss curve.
    """
    from datasets import Dataset
    from sentence_transformers import SentenceTransformerTrainer, SentenceTransformerTrainingArguments

    output_dir = Path(output_dir)
    scratch = output_dir.with_name(output_dir.name + ".partial")
    shutil.rmtree(scratch, ignore_errors=True)
    model = with_pooling(load_model(base, device), settings.get("pooling"))
    if settings.get("max_seq_length"):
        model.max_seq_length = settings["max_seq_length"]
    precision = pick_precision(device, settings.get("precision", "auto"))
    log.info("training %s on %s with %d pairs, precision %s", base, device, len(pairs), precision)
    args = SentenceTransformerTrainingArguments(
        output_dir=str(scratch / "trainer"),
        num_train_epochs=settings.get("epochs", 1),
        max_steps=settings.get("max_steps") or -1,
        per_device_train_batch_size=settings["batch_size"],
        learning_rate=settings["learning_rate"],
        warmup_steps=float(settings.get("warmup_ratio", 0.1)),  # a float below 1 is a ratio
        lr_scheduler_type=settings.get("scheduler", "linear"),
        seed=settings["seed"],
        data_seed=settings["seed"],
        bf16=precision == "bf16",
        fp16=precision == "fp16",
        use_cpu=device == "cpu",
        logging_steps=settings.get("logging_steps", 10),
        save_strategy="no",
        report_to="none",
        disable_tqdm=True,
    )
    trainer = SentenceTransformerTrainer(
        model=model,
        args=args,
        train_dataset=Dataset.from_pandas(pairs[["anchor", "positive"]], preserve_index=False),
        loss=build_loss(settings.get("loss", "mnrl"), model),
    )
    trainer.train()
    model.save_pretrained(str(scratch / "model"))
    shutil.rmtree(output_dir, ignore_errors=True)
    (scratch / "model").rename(output_dir)
    shutil.rmtree(scratch, ignore_errors=True)
    return loss_curve(trainer.state.log_history)
