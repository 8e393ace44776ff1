"""TSDAE domain pre-training: learn questionnaire language from unlabelled item texts."""

import logging
from pathlib import Path

import numpy as np

from .models import load_model, pick_precision, resolve_model_source, saved_atomically

log = logging.getLogger(__name__)


def damage(text: str, rng: np.random.Generator, deletion: float = 0.6) -> str:
    """Delete each word with probability ``deletion`` (at least one word survives)."""
    words = text.split()
    kept = [word for word in words if rng.random() >= deletion]
    return " ".join(kept or [words[rng.integers(len(words))]])


def tsdae_pretrain(
    base: str, texts: list[str], settings: dict, output_dir: str | Path, device: str
) -> list[dict]:
    """Train ``base`` to reconstruct each text from a damaged copy (TSDAE, a decoder tied to
    the encoder) and save it to ``output_dir`` atomically. Returns the training log history."""
    from datasets import Dataset
    from sentence_transformers import SentenceTransformerTrainer, SentenceTransformerTrainingArguments
    from sentence_transformers.sentence_transformer.losses import DenoisingAutoEncoderLoss
    from transformers import set_seed

    output_dir = Path(output_dir)
    with saved_atomically(output_dir) as scratch:
        rng = np.random.default_rng(settings["seed"])
        rows = Dataset.from_dict(
            {"damaged": [damage(t, rng, settings["deletion"]) for t in texts], "original": texts}
        )
        set_seed(settings["seed"])  # the decoder's new cross-attention is drawn before the trainer seeds
        model = load_model(base, device)
        # the decoder shares the encoder's weights: only its architecture is read from here
        loss = DenoisingAutoEncoderLoss(
            model, decoder_name_or_path=resolve_model_source(base), tie_encoder_decoder=True
        )
        precision = pick_precision(device, settings["precision"])
        args = SentenceTransformerTrainingArguments(
            output_dir=str(scratch / "trainer"),
            num_train_epochs=settings["epochs"],
            max_steps=settings["max_steps"] or -1,
            per_device_train_batch_size=settings["batch_size"],
            learning_rate=settings["learning_rate"],
            lr_scheduler_type="constant",
            seed=settings["seed"],
            bf16=precision == "bf16",
            fp16=precision == "fp16",
            use_cpu=device == "cpu",
            logging_steps=10,
            save_strategy="no",
            report_to="none",
            disable_tqdm=True,
        )
        log.info("TSDAE on %d texts from %s, precision %s", len(texts), base, precision)
        trainer = SentenceTransformerTrainer(model=model, args=args, train_dataset=rows, loss=loss)
        trainer.train()
        model.save_pretrained(str(scratch / "model"))
    return trainer.state.log_history
