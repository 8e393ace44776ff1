"""Fine-tune a sentence-transformers model on IPIP training constructs.

The loss decides the shape of the training rows:

- pair losses (mnrl, cached_mnrl, gist, cached_gist): (anchor, positive); every other pair in
  a batch is a negative, so ``batch_sampler: distinct_constructs`` keeps two pairs of one
  construct out of the same batch;
- contrastive losses (contrastive, online_contrastive, cosine): each pair plus a negative
  (anchor, an item of a construct the anchor does not belong to) labelled 1 / 0;
- triplet: (anchor, positive, negative);
- label losses (batch_all, batch_hard, batch_semi_hard, batch_hard_soft_margin): (item,
  construct) rows of single-construct training items, batched by label (GROUP_BY_LABEL).
"""

import functools
import logging
from pathlib import Path

import numpy as np
import pandas as pd
from sentence_transformers.base.evaluation.evaluator import BaseEvaluator
from sentence_transformers.base.sampler import DefaultBatchSampler

from .config import RANKING_KEYS, RANKING_LOSSES
from .embeddings import encode_texts, warn_if_cut
from .metrics import item_set_pair_auc, make_item_set
from .models import load_model, pick_precision, saved_atomically

log = logging.getLogger(__name__)

PAIR_LOSSES = ("mnrl", "cached_mnrl", "gist", "cached_gist")
CONTRASTIVE_LOSSES = ("contrastive", "online_contrastive", "cosine")
LABEL_LOSSES = ("batch_all", "batch_hard", "batch_semi_hard", "batch_hard_soft_margin")
LOSSES = (*PAIR_LOSSES, *CONTRASTIVE_LOSSES, "triplet", *LABEL_LOSSES)
TEXT_COLUMNS = ("anchor", "positive", "negative", "other", "sentence")  # of ``training_rows``


def _negatives(anchors: pd.Series, items: pd.DataFrame, rng: np.random.Generator) -> list[str]:
    """For each anchor, a random training text that shares no construct with it."""
    constructs_of = items.groupby("text")["construct"].agg(frozenset)
    texts = constructs_of.index.to_numpy()
    chosen = []
    for anchor in anchors:
        mine = constructs_of.get(anchor, frozenset())
        while True:
            candidate = texts[rng.integers(len(texts))]
            if not constructs_of[candidate] & mine:
                chosen.append(candidate)
                break
    return chosen


HARD_NEGATIVES = {"first_rank": 6, "last_rank": 30, "margin": 0.95}  # config's hard_negatives: {}


def mine_negatives(
    pairs: pd.DataFrame,
    items: pd.DataFrame,
    embedding_of: dict[str, np.ndarray],
    first_rank: int,
    last_rank: int,
    margin: float,
    seed: int,
) -> list[str]:
    """For each pair, a hard negative: a training text that shares no construct with the
    anchor, drawn at random among the anchor's most similar such texts, from the
    ``first_rank``-th to the ``last_rank``-th (1 = the most similar), leaving out any as similar
    to the anchor as ``margin`` times its positive (a likely paraphrase under another label).
    Skipping the top ranks keeps IPIP's near-synonymous constructs of other inventories from
    becoming negatives; where the window holds no candidate, the next text after it is used.
    ``embedding_of`` maps every training text of ``items`` and every positive (a construct's
    name, with ``name_pairs``) to a unit vector."""
    constructs_of = items.groupby("text")["construct"].agg(frozenset)
    texts = constructs_of.index.to_list()
    row = {text: i for i, text in enumerate(texts)}
    vectors = np.stack([embedding_of[text] for text in texts])
    names = sorted(items["construct"].unique())
    member = np.array([[name in found for name in names] for found in constructs_of], dtype=np.int8)
    rng = np.random.default_rng(seed)
    ranked: dict[str, np.ndarray] = {}
    chosen = []
    for anchor, positive in pairs[["anchor", "positive"]].itertuples(index=False):
        a = row[anchor]
        if anchor not in ranked:
            foreign = np.flatnonzero(member @ member[a] == 0)
            ranked[anchor] = foreign[np.argsort(-(vectors[foreign] @ vectors[a]), kind="stable")]
        order = ranked[anchor]
        ceiling = margin * float(vectors[a] @ embedding_of[positive])
        window = [j for j in order[first_rank - 1 : last_rank] if vectors[j] @ vectors[a] < ceiling]
        pick = window[rng.integers(len(window))] if window else order[min(last_rank, len(order) - 1)]
        chosen.append(texts[pick])
    return chosen


def training_rows(loss: str, pairs: pd.DataFrame, items: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The rows ``loss`` trains on, from within-construct ``pairs`` and the training ``items``."""
    rng = np.random.default_rng(seed)
    if loss in PAIR_LOSSES:  # with mined hard negatives (``mine_negatives``) a third column
        return pairs[[c for c in ("anchor", "positive", "negative") if c in pairs]].reset_index(drop=True)
    if loss == "triplet":
        return pairs[["anchor", "positive"]].assign(negative=_negatives(pairs["anchor"], items, rng))
    if loss in CONTRASTIVE_LOSSES:
        positive = pairs[["anchor", "positive"]].rename(columns={"positive": "other"}).assign(label=1.0)
        negative = positive.assign(other=_negatives(pairs["anchor"], items, rng), label=0.0)
        rows = pd.concat([positive, negative], ignore_index=True)
        rows = rows.iloc[rng.permutation(len(rows))].reset_index(drop=True)
        return rows if loss == "cosine" else rows.assign(label=rows["label"].astype(int))
    if loss in LABEL_LOSSES:
        single = items[items.groupby("text")["construct"].transform("nunique") == 1]
        codes = {name: code for code, name in enumerate(sorted(single["construct"].unique()))}
        rows = pd.DataFrame({"sentence": single["text"], "label": single["construct"].map(codes)})
        return rows.iloc[rng.permutation(len(rows))].reset_index(drop=True)
    raise ValueError(f"unknown loss {loss!r}; choose one of {', '.join(LOSSES)}")


def pair_batch_keys(pairs: pd.DataFrame, items: pd.DataFrame | None = None) -> list[frozenset]:
    """What a pair may not share with another pair of its batch: its construct and its texts
    (a text twice in a batch is a false negative too); with a ``negative`` column also the
    negative's text, and its constructs (from ``items``) as ``negative_construct`` keys: every
    anchor of the batch is scored against every negative, so no other pair of the batch may be
    of one of them (two negatives of one construct may share a batch)."""
    keys = [
        frozenset({("construct", construct), ("text", anchor), ("text", positive)})
        for anchor, positive, construct in pairs[["anchor", "positive", "construct"]].itertuples(index=False)
    ]
    if "negative" not in pairs:
        return keys
    constructs_of = items.groupby("text")["construct"].agg(frozenset)
    return [
        key | {("text", negative)} | {("negative_construct", c) for c in constructs_of[negative]}
        for key, negative in zip(keys, pairs["negative"], strict=True)
    ]


NEGATIVE_LOOKAHEAD = 32  # rows of a construct tried per batch when rows carry negatives
# the share of pairs the construct-free batches skip from which training warns of it (below,
# its log notes it): a warning is repeated when the run ends, and one pair in ten thousand
# changes nothing
SKIPPED_SHARE_TO_WARN = 0.01


def _claims_and_avoids(key: frozenset) -> tuple[frozenset, frozenset]:
    """A row's own keys, and the construct keys no other row of its batch may claim."""
    avoids = frozenset(("construct", value) for kind, value in key if kind == "negative_construct")
    return frozenset(k for k in key if k[0] != "negative_construct"), avoids


def distinct_construct_batches(keys: list[frozenset], batch_size: int, seed: int) -> list[list[int]]:
    """Batches of row indices in which no two rows share a key, and no row claims a construct
    another row's negative belongs to (see ``pair_batch_keys``).

    Rows are drawn construct by construct, always from the constructs with the most rows left
    (ties in a seeded random order), so large constructs are spread over many batches instead
    of piling up at the end; a row that clashes with the batch waits for a later one (with
    negatives, the next of up to ``NEGATIVE_LOOKAHEAD`` rows of its construct is tried). Rows left
    over when only one construct remains would form batches of a single pair, which has no
    in-batch negative and teaches nothing: they are skipped (``skipped_rows`` counts them).
    """
    rng = np.random.default_rng(seed)
    by_construct: dict[str, list[int]] = {}
    for index in rng.permutation(len(keys)):
        construct = next(value for kind, value in keys[index] if kind == "construct")
        by_construct.setdefault(construct, []).append(int(index))
    tie_break = {name: rng.random() for name in by_construct}
    split = [_claims_and_avoids(key) for key in keys]
    # with negatives a row often clashes only through its negative: try a few more of its construct
    look = NEGATIVE_LOOKAHEAD if any(avoids for _, avoids in split) else 1
    batches = []
    while by_construct:
        batch, taken, avoided = [], set(), set()
        for name in sorted(by_construct, key=lambda n: (-len(by_construct[n]), tie_break[n])):
            rows = by_construct[name]
            for position in range(len(rows) - 1, max(len(rows) - 1 - look, -1), -1):
                claims, avoids = split[rows[position]]
                if not (claims & taken or claims & avoided or avoids & taken):
                    break
            else:
                continue
            batch.append(rows.pop(position))
            taken |= claims
            avoided |= avoids
            if not by_construct[name]:
                del by_construct[name]
            if len(batch) == batch_size:
                break
        batches.append(batch)
    return [batch for batch in batches if len(batch) > 1]


def skipped_rows(keys: list[frozenset], batches: list[list[int]]) -> int:
    """How many rows ``distinct_construct_batches`` left out of ``batches``."""
    return len(keys) - sum(len(batch) for batch in batches)


def note_skipped_pairs(skipped: int, total: int) -> None:
    """Log how many of ``total`` pairs ``distinct_construct_batches`` skipped: a warning (which a
    run's closing message repeats) from ``SKIPPED_SHARE_TO_WARN`` of them, a note in the
    training log below that (the default run skips 1 of 13,577)."""
    if skipped:
        log.log(
            logging.WARNING if skipped / total >= SKIPPED_SHARE_TO_WARN else logging.INFO,
            "distinct_constructs: %d of %d pairs (%.2g%%) are skipped: they were left when no "
            "other construct had pairs, and a batch of one construct has no negative. Many "
            "skipped pairs mean a few constructs hold most pairs; a balanced pair set "
            "(method: sampling, max_pairs) spreads them",
            skipped,
            total,
            100 * skipped / total,
        )


def batch_sizes_summary(sizes: list[int], batch_size: int) -> dict:
    """How full the batches of one epoch are: their number, how many hold ``batch_size`` rows,
    and the median, smallest and largest size."""
    return {
        "batches": len(sizes),
        "full": sum(size == batch_size for size in sizes),
        "median": float(np.median(sizes)),
        "min": min(sizes),
        "max": max(sizes),
    }


def epoch_batch_sizes(n_rows: int, batch_size: int, sampler: str, keys: list[frozenset] | None, seed: int):
    """Sizes of the first epoch's batches of pair rows: ``distinct_construct_batches`` can hold
    at most one pair of each construct that has pairs left, so its batches shrink once the
    smaller constructs run out; the other samplers fill every batch but the last."""
    if sampler == "distinct_constructs":
        return [len(batch) for batch in distinct_construct_batches(keys, batch_size, seed)]
    return [batch_size] * (n_rows // batch_size) + ([n_rows % batch_size] if n_rows % batch_size else [])


class DistinctConstructsBatchSampler(DefaultBatchSampler):
    """Never places two pairs that share a construct in one batch: with in-batch negatives they
    would push items of one construct apart. Pass ``keys`` (``pair_batch_keys``) and the
    model's ``order_seed`` through ``functools.partial``; the trainer supplies the rest (its own
    ``seed`` is always 0 for a single dataset, so it cannot vary the batches)."""

    def __init__(self, *args, keys: list[frozenset], order_seed: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.keys, self.order_seed, self._batches = keys, order_seed, {}
        note_skipped_pairs(skipped_rows(keys, self._epoch_batches(0)), len(keys))

    def _epoch_batches(self, epoch: int) -> list[list[int]]:
        """The batches of ``epoch``, drawn once (the trainer asks for the length and the batches)."""
        if epoch not in self._batches:
            seed = self.order_seed + epoch
            self._batches[epoch] = distinct_construct_batches(self.keys, self.batch_size, seed)
        return self._batches[epoch]

    def __iter__(self):
        yield from self._epoch_batches(self.epoch)

    def __len__(self):
        return len(self._epoch_batches(self.epoch))


def ranking_options(settings: dict) -> dict:
    """MultipleNegativesRankingLoss's ``scale`` (inverse temperature of its softmax) and
    ``directions`` (which texts of the batch each anchor is ranked against: ``query_to_doc``,
    the other pairs' positives, is the usual one; ``query_to_query`` adds their anchors, the
    ``doc_to_*`` ones rank from the positive's side too), where the config sets them."""
    options = {key: settings[key] for key in RANKING_KEYS if settings.get(key) is not None}
    if options and settings["loss"] not in RANKING_LOSSES:
        raise ValueError(
            f"{' and '.join(options)}: for {' and '.join(RANKING_LOSSES)} only, not {settings['loss']!r}"
        )
    if "directions" in options:
        options["directions"] = tuple(options["directions"])
    return options


def build_loss(settings: dict, model, device: str):
    """The training objective named in ``settings['loss']``, optionally inside MatryoshkaLoss."""
    from sentence_transformers.sentence_transformer import losses

    name = settings["loss"]
    ranking = ranking_options(settings)

    def guide():
        return load_model(settings["guide"], device)

    factories = {
        "mnrl": lambda: losses.MultipleNegativesRankingLoss(model, **ranking),
        "cached_mnrl": lambda: losses.CachedMultipleNegativesRankingLoss(
            model, mini_batch_size=32, **ranking
        ),
        "gist": lambda: losses.GISTEmbedLoss(model, guide()),
        "cached_gist": lambda: losses.CachedGISTEmbedLoss(model, guide(), mini_batch_size=32),
        "contrastive": lambda: losses.ContrastiveLoss(model),
        "online_contrastive": lambda: losses.OnlineContrastiveLoss(model),
        "cosine": lambda: losses.CosineSimilarityLoss(model),
        "triplet": lambda: losses.TripletLoss(model),
        "batch_all": lambda: losses.BatchAllTripletLoss(model),
        "batch_hard": lambda: losses.BatchHardTripletLoss(model),
        "batch_semi_hard": lambda: losses.BatchSemiHardTripletLoss(model),
        "batch_hard_soft_margin": lambda: losses.BatchHardSoftMarginTripletLoss(model),
    }
    if name not in factories:
        raise ValueError(f"unknown loss {name!r}; choose one of {', '.join(factories)}")
    loss = factories[name]()
    if settings.get("matryoshka_dims"):
        loss = losses.MatryoshkaLoss(model, loss, matryoshka_dims=settings["matryoshka_dims"])
    return loss


class PairAUCEvaluator(BaseEvaluator):
    """Validation pair AUC during training (same- against different-construct pairs)."""

    def __init__(self, items: pd.DataFrame, batch_size: int = 64, name: str = "validation"):
        super().__init__()
        self.items, self.batch_size, self.name = items, batch_size, name
        self.texts = sorted(items["text"].unique())
        self.primary_metric = "pair_auc"

    def __call__(self, model, output_path=None, epoch=-1, steps=-1) -> dict[str, float]:
        vectors = encode_texts(model, self.texts, self.batch_size)
        item_set = make_item_set(self.items, dict(zip(self.texts, vectors, strict=True)))
        return self.prefix_name_to_metrics({"pair_auc": item_set_pair_auc(item_set)}, self.name)


def with_pooling(model, pooling: str | None):
    """Replace the model's pooling layer when config asks for another mode (its prompts kept)."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling

    if not pooling:
        return model
    transformer = model[0]
    pool = Pooling(transformer.get_embedding_dimension(), pooling_mode=pooling)
    modules = [transformer, pool, *[m for m in list(model)[2:] if isinstance(m, Normalize)]]
    return SentenceTransformer(
        modules=modules,
        device=str(model.device),
        prompts=model.prompts,
        default_prompt_name=model.default_prompt_name,
    )


def with_lora(model, lora: dict | None):
    """Wrap the transformer in LoRA adapters (peft): only the adapters train. ``merge_lora``
    folds them back in before saving, so the checkpoint loads like any other model."""
    if not lora:
        return model
    from peft import LoraConfig, TaskType, get_peft_model

    config = LoraConfig(
        task_type=TaskType.FEATURE_EXTRACTION,
        r=lora.get("r", 16),
        lora_alpha=lora.get("alpha", 32),
        lora_dropout=lora.get("dropout", 0.05),
        target_modules=lora.get("target_modules"),
    )
    # ``auto_model`` is a read-only alias of ``model``: assigning to it would register the
    # wrapper as a second submodule, and merge_lora would never find it
    model[0].model = get_peft_model(model[0].model, config)
    return model


def load_lora_checkpoint(model, checkpoint: str) -> None:
    """Load the adapters of a Trainer checkpoint into ``model``: a LoRA checkpoint holds only
    adapters, which the Trainer's own best-checkpoint loader cannot put back."""
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    adapters = load_file(Path(checkpoint) / "adapter_model.safetensors")
    result = set_peft_model_state_dict(model[0].model, adapters)
    missing = [key for key in result.missing_keys if "lora_" in key]
    if result.unexpected_keys or missing:
        raise ValueError(
            f"{checkpoint}: adapters do not match the model's "
            f"(unexpected {result.unexpected_keys[:3]}, missing {missing[:3]})"
        )


def note_best_checkpoint_loads(trainer, model, lora: bool) -> list[str]:
    """Have the Trainer load its best checkpoint (LoRA: the adapters only) and note each one
    loaded, since a failed load is only logged and training goes on with the last step."""
    loaded = []
    load = functools.partial(load_lora_checkpoint, model) if lora else trainer._load_from_checkpoint

    def load_and_note(checkpoint: str) -> None:
        load(checkpoint)
        loaded.append(checkpoint)

    trainer._load_from_checkpoint = load_and_note
    return loaded


def with_activation_checkpointing(model, enabled: bool):
    """Recompute activations in the backward pass instead of storing them (less memory, slower).

    Enabled on the transformer itself: the Trainer's own switch calls a signature that
    SentenceTransformer does not accept. Inputs are made to require gradients, so gradients
    reach LoRA adapters behind frozen embeddings too.
    """
    if enabled:
        transformer = model[0].model
        # the name since transformers 5.24 (pinned); before it, the now deprecated one
        enable = getattr(transformer, "activation_checkpointing_enable", None)
        (enable or transformer.gradient_checkpointing_enable)()
    return model


def merge_lora(model):
    """Fold trained LoRA adapters into the transformer's weights (no-op without adapters)."""
    if hasattr(model[0].model, "merge_and_unload"):
        model[0].model = model[0].model.merge_and_unload()
    return model


def starting_weights(model, wise_ft: float, lora: bool) -> dict | None:
    """A CPU copy of ``model``'s weights before training, where ``mixed_with_start`` needs one
    (``wise_ft`` < 1 without LoRA: LoRA leaves the starting weights untouched anyway)."""
    if wise_ft == 1 or lora:
        return None
    return {name: tensor.detach().to("cpu", copy=True) for name, tensor in model.state_dict().items()}


def mixed_with_start(model, wise_ft: float, start: dict | None):
    """WiSE-FT (Wortsman et al., 2022): every weight becomes ``wise_ft`` × its fine-tuned value
    + (1 − ``wise_ft``) × its value before training, moving the model back towards the one it
    started from. With LoRA adapters (``start`` None) scaling them by ``wise_ft`` before
    ``merge_lora`` does the same. ``wise_ft`` 1 changes nothing."""
    import torch

    if wise_ft == 1:
        return model
    log.info("WiSE-FT: weights = %g x fine-tuned + %g x starting weights", wise_ft, 1 - wise_ft)
    if start is None:
        for module in model.modules():
            if hasattr(module, "scale_layer") and hasattr(module, "lora_A"):
                module.scale_layer(wise_ft)
        return model
    mixed = set()  # storage already mixed: a tied weight appears under several names
    with torch.no_grad():
        for name, tensor in model.state_dict().items():  # tensors share the parameters' storage
            if tensor.is_floating_point() and tensor.data_ptr() not in mixed:
                mixed.add(tensor.data_ptr())
                before = start[name].to(tensor.device, torch.float32)
                tensor.copy_(wise_ft * tensor.float() + (1 - wise_ft) * before)
    return model


def last_step_logged():
    """A Trainer callback that logs the loss at the last step too, not only every
    ``logging_steps``-th: the curve ends where training ended, and a run shorter than
    ``logging_steps`` still has a loss."""
    from transformers import TrainerCallback

    class LogLastStep(TrainerCallback):
        def on_step_end(self, args, state, control, **kwargs):
            if state.global_step >= state.max_steps:
                control.should_log = True
            return control

    return LogLastStep()


def training_curve(log_history: list[dict]) -> pd.DataFrame:
    """Training loss, learning rate and validation AUC rows of the Trainer's log history."""
    kinds = {"loss": "train_loss", "learning_rate": "learning_rate"}
    rows = []
    for entry in log_history:
        for key, value in entry.items():
            if "loss" in entry and key in kinds:
                kind = kinds[key]
            elif key.startswith("eval_") and key.endswith("pair_auc"):
                kind = "validation_pair_auc"
            else:
                continue
            rows.append({"step": entry["step"], "epoch": entry.get("epoch"), "kind": kind, "value": value})
    return pd.DataFrame(rows, columns=["step", "epoch", "kind", "value"])


def training_arguments(settings: dict, scratch: Path, device: str, keys: list[frozenset] | None):
    """SentenceTransformerTrainingArguments for ``settings`` (the model's merged config)."""
    from sentence_transformers import SentenceTransformerTrainingArguments
    from sentence_transformers.base.sampler import BatchSamplers

    precision = pick_precision(device, settings.get("precision", "auto"))
    sampler = settings.get("batch_sampler", "default")
    if settings["loss"] in LABEL_LOSSES:
        batch_sampler = BatchSamplers.GROUP_BY_LABEL
    elif sampler == "distinct_constructs":
        if keys is None:
            raise ValueError(
                f"batch_sampler distinct_constructs needs pair rows, not loss {settings['loss']!r}"
            )
        batch_sampler = functools.partial(
            DistinctConstructsBatchSampler, keys=keys, order_seed=settings["seed"]
        )
    elif sampler == "no_duplicates":
        batch_sampler = BatchSamplers.NO_DUPLICATES
    else:
        batch_sampler = BatchSamplers.BATCH_SAMPLER
    evaluate = bool(settings.get("eval_steps"))
    scheduler = settings.get("scheduler", "linear")
    restarts = scheduler == "cosine_with_restarts"
    return precision, SentenceTransformerTrainingArguments(
        output_dir=str(scratch / "trainer"),
        num_train_epochs=settings.get("epochs", 1),
        max_steps=settings.get("max_steps") or -1,
        per_device_train_batch_size=settings["batch_size"],
        gradient_accumulation_steps=settings.get("gradient_accumulation_steps", 1),
        learning_rate=settings["learning_rate"],
        warmup_steps=float(settings.get("warmup_ratio", 0.1)),  # a float below 1 is a ratio
        lr_scheduler_type=scheduler,
        lr_scheduler_kwargs={"num_cycles": settings.get("scheduler_cycles", 1)} if restarts else None,
        seed=settings["seed"],
        data_seed=settings["seed"],
        bf16=precision == "bf16",
        fp16=precision == "fp16",
        use_cpu=device == "cpu",
        batch_sampler=batch_sampler,
        prompts=settings.get("prompt"),  # before every text of every column, as when encoding
        logging_steps=settings.get("logging_steps", 10),
        eval_strategy="steps" if evaluate else "no",
        eval_steps=settings.get("eval_steps"),
        save_strategy="steps" if evaluate else "no",
        save_steps=settings.get("eval_steps"),
        save_total_limit=2 if evaluate else None,
        load_best_model_at_end=evaluate,
        metric_for_best_model="eval_validation_pair_auc" if evaluate else None,
        greater_is_better=True,
        report_to="none",
        disable_tqdm=True,
    )


def starting_model(base: str, device: str, settings: dict):
    """``base`` loaded on ``device`` with the model's ``prompt``, ``pooling`` and
    ``max_seq_length`` settings, as training starts from it."""
    model = load_model(
        base,
        device,
        prompt=settings.get("prompt"),
        trust_remote_code=settings.get("trust_remote_code", False),
    )
    model = with_pooling(model, settings.get("pooling"))
    if settings.get("max_seq_length"):
        model.max_seq_length = settings["max_seq_length"]
    return model


def with_mined_negatives(
    pairs: pd.DataFrame, train_items: pd.DataFrame, model, settings: dict
) -> pd.DataFrame:
    """``pairs`` with a ``negative`` column mined by the starting ``model`` (``mine_negatives``,
    in the window of ``settings["hard_negatives"]``); only pair losses take one."""
    if settings["loss"] not in PAIR_LOSSES:
        raise ValueError(
            f"hard_negatives needs a pair loss ({', '.join(PAIR_LOSSES)}), not {settings['loss']!r}"
        )
    texts = sorted(set(train_items["text"]) | set(pairs["positive"]))
    embedding_of = dict(zip(texts, encode_texts(model, texts), strict=True))
    window = {**HARD_NEGATIVES, **settings["hard_negatives"]}
    return pairs.assign(
        negative=mine_negatives(pairs, train_items, embedding_of, **window, seed=settings["seed"])
    )


def train_model(
    base: str,
    pairs: pd.DataFrame,
    train_items: pd.DataFrame,
    settings: dict,
    output_dir: str | Path,
    device: str,
    validation_items: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Train ``base`` and save the checkpoint to ``output_dir``; return the training curve.

    ``settings`` is the model's merged config. With ``eval_steps``, validation pair AUC is
    measured every so many steps, the best checkpoint is kept, and training stops after
    ``early_stopping_patience`` evaluations without improvement; ``wise_ft`` < 1 then mixes the
    weights back towards the starting ones (``mixed_with_start``). The model is written to a
    sibling ``.partial`` folder and moved into place only when complete (``saved_atomically``),
    so an interrupted job never leaves a checkpoint that looks finished. The curve's ``attrs``
    hold the number of optimiser ``steps`` and, for pair losses, how full the first epoch's
    ``batches`` were (``batch_sizes_summary``).
    """
    from datasets import Dataset
    from sentence_transformers import SentenceTransformerTrainer
    from transformers import EarlyStoppingCallback, set_seed

    evaluate = bool(settings.get("eval_steps"))
    if evaluate and (validation_items is None or validation_items.empty):
        raise ValueError("eval_steps is set but there are no validation items")
    output_dir = Path(output_dir)
    with saved_atomically(output_dir) as scratch:
        set_seed(settings["seed"])  # LoRA adapters are drawn before the trainer seeds anything
        model = starting_model(base, device, settings)
        if settings.get("hard_negatives") is not None:
            pairs = with_mined_negatives(pairs, train_items, model, settings)
        wise_ft = settings.get("wise_ft", 1)
        start = starting_weights(model, wise_ft, bool(settings.get("lora")))
        model = with_activation_checkpointing(model, settings.get("gradient_checkpointing", False))
        model = with_lora(model, settings.get("lora"))
        rows = training_rows(settings["loss"], pairs, train_items, settings["seed"])
        warn_if_cut(model, sorted(set().union(*(rows[c] for c in TEXT_COLUMNS if c in rows))), "trained on")
        keys = pair_batch_keys(pairs, train_items) if settings["loss"] in PAIR_LOSSES else None
        precision, args = training_arguments(settings, scratch, device, keys)
        log.info(
            "training %s on %s: %d %s rows, precision %s",
            base,
            device,
            len(rows),
            settings["loss"],
            precision,
        )
        patience = settings.get("early_stopping_patience", 3)
        trainer = SentenceTransformerTrainer(
            model=model,
            args=args,
            train_dataset=Dataset.from_pandas(rows, preserve_index=False),
            loss=build_loss(settings, model, device),
            evaluator=PairAUCEvaluator(validation_items) if evaluate else None,
            callbacks=[last_step_logged(), *([EarlyStoppingCallback(patience)] if evaluate else [])],
        )
        loaded = note_best_checkpoint_loads(trainer, model, bool(settings.get("lora")))
        trainer.train()
        best = trainer.state.best_model_checkpoint
        if evaluate and best and best not in loaded:
            raise RuntimeError(
                f"the best checkpoint ({Path(best).name}) could not be loaded: see the error above"
            )
        merge_lora(mixed_with_start(model, wise_ft, start)).save_pretrained(str(scratch / "model"))
    curve = training_curve(trainer.state.log_history)
    curve.attrs["steps"] = trainer.state.global_step  # the curve holds every logging_steps-th and the last
    if keys is not None:
        sampler = settings.get("batch_sampler", "default")
        sizes = epoch_batch_sizes(len(rows), settings["batch_size"], sampler, keys, settings["seed"])
        curve.attrs["batches"] = batch_sizes_summary(sizes, settings["batch_size"])
    return curve
