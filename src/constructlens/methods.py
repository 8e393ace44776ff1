"""A methods section drafted from one run's own record: every setting and number in it is
read from the run's provenance and result tables, so it cannot drift from what was done."""

import json
from statistics import NormalDist

import pandas as pd

from .answer_files import ANALYSED, NO_ANSWER, SCREENS, left_out_by_status
from .config import name_template
from .items import LISTED_AGAIN, NO_CONSTRUCT, TOO_SMALL
from .lengths import band_words, length_bands
from .metrics import MIN_RESAMPLED_CONSTRUCTS
from .prose import (
    FEW,
    counted,
    interval_text,
    listed,
    margin_text,
    matched_rows,
    matched_score,
    matched_sets,
    minus_signs,
    p_text,
    pair_auc_row,
    possessive,
    reliability_sentence,
    share_percent,
)
from .references import references_paragraph
from .reliability import MIN_SCORED_ITEMS
from .responses import PARALLEL_DRAWS

LOSS_NAMES = {
    "mnrl": "MultipleNegativesRankingLoss",
    "cached_mnrl": "CachedMultipleNegativesRankingLoss",
    "gist": "GISTEmbedLoss",
    "cached_gist": "CachedGISTEmbedLoss",
    "contrastive": "ContrastiveLoss",
    "online_contrastive": "OnlineContrastiveLoss",
    "cosine": "CosineSimilarityLoss",
    "triplet": "TripletLoss",
    "batch_all": "BatchAllTripletLoss",
    "batch_hard": "BatchHardTripletLoss",
    "batch_semi_hard": "BatchSemiHardTripletLoss",
    "batch_hard_soft_margin": "BatchHardSoftMarginTripletLoss",
}
_LOSS_SOURCES = {  # where a loss was introduced, as the draft cites it
    "mnrl": "Henderson et al., 2017",
    "cached_mnrl": "GradCache; Gao, Zhang, Han & Callan, 2021",
    "gist": "Solatorio, 2024",
    "cached_gist": "Solatorio, 2024, with GradCache; Gao, Zhang, Han & Callan, 2021",
    "contrastive": "Hadsell, Chopra & LeCun, 2006",
    "online_contrastive": "Hadsell, Chopra & LeCun, 2006, on the hard pairs of a batch",
    "triplet": "Schroff, Kalenichenko & Philbin, 2015",
    "batch_all": "Hermans, Beyer & Leibe, 2017",
    "batch_hard": "Hermans, Beyer & Leibe, 2017",
    "batch_semi_hard": "Schroff, Kalenichenko & Philbin, 2015",
    "batch_hard_soft_margin": "Hermans, Beyer & Leibe, 2017",
}
_TRAINING_DATA = {
    "mnrl": "{pairs:,} anchor–positive pairs of items from one training construct{named}, the other pairs of a batch serving as negatives",
    "gist": "{pairs:,} anchor–positive pairs of items from one training construct{named}, in-batch negatives filtered by the guide model {guide}",
    "contrastive": "{pairs:,} same-construct pairs{named} and as many pairs with a random item of another construct",
    "triplet": "{pairs:,} anchor–positive pairs of one training construct{named}, each with a random item of another construct as negative",
    "label": "the training items labelled by construct (items of one construct only), batches grouped by construct",
}
_NAMED_POSITIVES = {  # a pair set's ``positives``
    "items": "",
    "names": " (each an item with its construct's name as the positive)",
    "both": " (among them every training item with its construct's name as the positive)",
}
_DATA_KIND = {
    "cached_mnrl": "mnrl",
    "cached_gist": "gist",
    "online_contrastive": "contrastive",
    "cosine": "contrastive",
    "batch_all": "label",
    "batch_hard": "label",
    "batch_semi_hard": "label",
    "batch_hard_soft_margin": "label",
}
_SAMPLERS = {
    "default": "drawn at random",
    "no_duplicates": "without a repeated text",
    "distinct_constructs": "that never hold two pairs of one construct",
}
_DATASET_NAMES = {"ipip": "IPIP"}
_DATASET_SOURCES = {  # a dataset's source, by its name or its target's kind, as the draft cites it
    "ipip": "the International Personality Item Pool; Goldberg et al., 2006",
    "leadership": "the leadership styles reviewed by Fischer & Sitkin, 2023",
}
_DIRECTIONS = {
    "query_to_doc": "each anchor against every positive of its batch",
    "query_to_query": "each anchor against the batch's other anchors",
    "doc_to_query": "each positive against every anchor",
    "doc_to_doc": "each positive against the batch's other positives",
}


_SIDE_BY_SIDE = "`draws: {seeds: [...]}` in the configuration runs them and sets them side by side"


def _other_draws(config: dict, what: str) -> str:
    """How far a comparison rests on the run's draw of ``what``: the other draws the run made,
    or how to make them."""
    seeds = (config.get("draws") or {}).get("seeds") or []
    if not seeds:
        return (
            f"re-running with other seeds shows how much a comparison rests on that draw ({_SIDE_BY_SIDE})."
        )
    return (
        f"the whole analysis was run again with {len(seeds)} other draw{'s' * (len(seeds) > 1)} of {what} "
        f"(seed{'s' * (len(seeds) > 1)} {listed([str(seed) for seed in seeds])}), set side by side in "
        "`results/draws/summary.md`."
    )


def _matched_text(n_draws: int) -> str:
    """The comparison of sets of equal size (``comparison.matched_comparison``), if drawn."""
    if not n_draws:
        return ""
    return (
        " Because clustering, retrieval and centroid-fit scores depend on the number of constructs "
        f"sorted, each target was also set against {n_draws:,} random sets of as many held-out IPIP test "
        "constructs of at least two texts, scored the same way (a target of more constructs than "
        "that: random sets of as many of its own constructs, against the IPIP test constructs)."
    )


def _model_source(record: dict, config: dict) -> str:
    """A base model as a reader can find it again: its name, commit and weights checksum."""
    spec = record["spec"]
    if spec.startswith("package:"):
        name = f"the offline model package {spec.removeprefix('package:')}"
    elif spec.startswith("pretrained:"):
        stage = spec.removeprefix("pretrained:")
        name = (
            f"{config['pretraining'][stage]['base']} after TSDAE pre-training (Wang, Reimers & Gurevych, "
            f"2021) on the training texts ('{stage}')"
        )
    elif spec.startswith("model:"):
        name = f"this run's model *{spec.removeprefix('model:')}*"
    else:
        name = spec
    details = [f"commit {record['revision']}"] if record.get("revision") else []
    details += [f"{file} sha256 {digest[:12]}…" for file, digest in record.get("weights_sha256", {}).items()]
    return f"{name} ({'; '.join(details)})" if details else name


def _about_targets(config: dict, applies, sentence: str) -> str:
    """' In NAME, NAME, sentence' for the targets of ``config`` that ``applies`` to; '' for none."""
    names = [name for name, target in sorted(config["targets"].items()) if applies(target)]
    return f" In {', '.join(names)}, {sentence}" if names else ""


def _has_plural_stems(config: dict, target: dict) -> bool:
    """Whether a target's items are cleaned with stems whose subject is plural."""
    if target["kind"] == "leadership":
        return bool(config.get("leadership", {}).get("plural_stems"))
    return bool(target.get("plural_stems"))


# how a target's wording was changed, and when: (applies to (config, target), what was done)
_WORDING_NOTES = (
    (
        lambda config, target: target["kind"] == "leadership" or bool(target.get("neutral_wording")),
        "gendered pronouns were made neutral (he/she → they, his/her → their), the verb kept in agreement",
    ),
    (_has_plural_stems, "after a stem with a plural subject the verb was made singular"),
)


def _wording_notes(config: dict, target: dict) -> tuple[str, ...]:
    """What was done to a target's wording: the ``_WORDING_NOTES`` that apply to it."""
    return tuple(note for applies, note in _WORDING_NOTES if applies(config, target))


def _wording_sentences(config: dict) -> str:
    """' In NAME, what was done to its wording; what else.' once for targets treated alike."""
    targets = sorted(config["targets"].items())
    alike = dict.fromkeys(_wording_notes(config, target) for _, target in targets)  # first seen first
    return "".join(
        _about_targets(
            config,
            lambda target, notes=notes: _wording_notes(config, target) == notes,
            f"{'; '.join(notes)}.",
        )
        for notes in alike
        if notes
    )


_ROW_OUTCOMES = (
    (LISTED_AGAIN, "listing an item already listed in its construct (kept once)"),
    (NO_CONSTRUCT, "left out as belonging to no construct studied"),
    (TOO_SMALL, "left out with a construct of fewer than two items"),
)


def rows_read(rows: pd.DataFrame) -> str:
    """'N non-blank rows read' and how many of them were not kept as an item of their own
    (``items.row_record``)."""
    counts = rows["outcome"].value_counts()
    notes = [f"{counts[outcome]:,} {phrase}" for outcome, phrase in _ROW_OUTCOMES if counts.get(outcome)]
    return f"{len(rows):,} non-blank rows read" + (f": {', '.join(notes)}" if notes else "")


def items_paragraph(
    record: dict, items: dict[str, pd.DataFrame], source_rows: dict[str, pd.DataFrame] | None = None
) -> str:
    """Where the items came from and how many there are after cleaning; given each file's
    ``source_rows`` (``items.row_record``), how many rows were read and what was not kept."""
    parts = []
    for dataset, table in items.items():
        source = record["inputs"][dataset]
        shared = table.loc[table["multi_construct"], "text"].nunique()
        in_several = f", {shared:,} of them in more than one construct" if shared else ""
        read = f"; {rows_read(source_rows[dataset])}" if source_rows else ""
        kind = (record["config"].get("targets") or {}).get(dataset, {}).get("kind", dataset)
        cited = f" ({_DATASET_SOURCES[kind]})" if kind in _DATASET_SOURCES else ""
        parts.append(
            f"{_DATASET_NAMES.get(dataset, dataset)}{cited}: {table['text'].nunique():,} distinct item texts in "
            f"{table['construct'].nunique()} constructs{in_several}, from "
            f"{source['path'].rsplit('/', 1)[-1]} (sha256 {source['sha256'][:12]}…{read})"
        )
    return (
        "**Items.** Item texts were cleaned (encoding detected, whitespace and typographic quotes "
        "normalised, configured item stems removed; wordings differing only in case, punctuation or "
        'a leading "I" taken as one item) and kept once per construct: '
        + "; ".join(parts)
        + "."
        + _wording_sentences(record["config"])
    )


def _paired_constructs(sides: pd.DataFrame, side: str) -> str:
    """'; 38 of them with two scored texts or more' where fewer than all of a held-out side's
    constructs have a pair to score (``n_constructs_with_pairs``)."""
    if side == "train" or "n_constructs_with_pairs" not in sides:
        return ""
    paired = sides.loc[side, "n_constructs_with_pairs"]
    return (
        f"; {paired} of them with two scored texts or more"
        if paired < sides.loc[side, "n_constructs"]
        else ""
    )


def split_paragraph(
    config: dict, summary: pd.DataFrame, fine_tuned: bool = True, n_constructs: int | None = None
) -> str:
    """How the IPIP items were split, with the sizes of every side; ``fine_tuned``: whether any
    model of the run trained on the training side (else it is only what is not scored);
    ``n_constructs``, the IPIP constructs split, to count those left with no text of their own."""
    sides = summary.set_index("split")
    counts = {
        side: f"{sides.loc[side, 'n_constructs']} constructs ({sides.loc[side, 'n_texts']:,} texts"
        f"{_paired_constructs(sides, side)})"
        for side in ("train", "validation", "test")
    }
    splits = config["splits"]
    if splits["scheme"] == "construct":
        how = "Whole IPIP constructs were held out"
    else:
        how = "IPIP items were held out within every construct"
    if splits["shared_texts"] != "train":
        shared = "A text belonging to several constructs was held out with its most held-out construct and scored there"
    elif fine_tuned:
        shared = "Texts belonging to several constructs were used for training only and never scored"
    else:
        shared = "Texts belonging to several constructs were kept on the training side and never scored"
    training = (
        "training pairs come from the training side only"
        if fine_tuned
        else "no model was fine-tuned on the training side"
    )
    emptied = n_constructs - sum(sides.loc[side, "n_constructs"] for side in counts) if n_constructs else 0
    left_empty = (
        f" {emptied} of the {n_constructs} constructs kept no text on their own side, every text of "
        "theirs belonging to a construct of another side too."
        if emptied > 0 and splits["scheme"] == "construct"
        else ""
    )
    return (
        f"**Held-out split.** {how}, drawn at random (seed {config['seed']}): training "
        f"{counts['train']}, validation {counts['validation']}, test {counts['test']}. {shared}, "
        f"so no text is on both sides of the split; {training}.{left_empty}"
    )


def _training_sentence(name: str, run: dict, config: dict) -> str:
    settings = run["settings"]
    loss = settings["loss"]
    positives = config.get("pairsets", {}).get(settings.get("pairset"), {}).get("positives", "items")
    data = _TRAINING_DATA[_DATA_KIND.get(loss, loss)].format(
        pairs=run["pair_set_pairs"], guide=settings.get("guide"), named=_NAMED_POSITIVES[positives]
    )
    epochs = settings["epochs"]
    length = (
        f"{settings['max_steps']} steps" if settings["max_steps"] else f"{epochs} epoch{'s' * (epochs != 1)}"
    )
    sampler = "" if _DATA_KIND.get(loss) == "label" else f" {_SAMPLERS[settings['batch_sampler']]}"
    batch = f"batches of {settings['batch_size']}{sampler}"
    shape = run.get("batches")
    if shape and shape["full"] < shape["batches"] - 1:  # distinct constructs: fewer pairs left
        batch = (
            f"batches of up to {settings['batch_size']}{sampler} ({shape['batches']} batches, median "
            f"{shape['median']:g} pairs, {shape['full']} full)"
        )
    if settings["gradient_accumulation_steps"] > 1:
        batch += f", gradients accumulated over {settings['gradient_accumulation_steps']} batches"
    extras = (
        [_prompt_words(settings.get("prompt"), "in training and encoding")] if settings.get("prompt") else []
    )
    if settings.get("lora"):
        extras.append(
            f"LoRA adapters (Hu et al., 2022; r = {settings['lora'].get('r')}) instead of all weights"
        )
    if settings.get("hard_negatives"):
        mined = settings["hard_negatives"]
        extras.append(
            "each pair with a mined hard negative: a training text of another construct drawn among "
            f"the anchor's {mined['first_rank']}th to {mined['last_rank']}th most similar under "
            f"the model before training, none as similar as {mined['margin']:g} times the positive"
        )
    if settings.get("directions"):
        extras.append("ranking " + ", ".join(_DIRECTIONS[d] for d in settings["directions"]))
    if settings.get("scale") is not None:
        extras.append(f"ranking softmax scale {settings['scale']:g}")
    if settings.get("matryoshka_dims"):
        extras.append(
            f"wrapped in MatryoshkaLoss (Kusupati et al., 2022; "
            f"{', '.join(map(str, settings['matryoshka_dims']))} dimensions)"
        )
    if settings.get("wise_ft", 1) < 1:
        share = settings["wise_ft"]
        extras.append(
            f"weights then mixed back towards the starting model's (WiSE-FT, Wortsman et al., 2022; α = {share:g}: "
            f"{share:g} × fine-tuned + {1 - share:g} × starting weights)"
        )
    if settings.get("eval_steps"):
        extras.append(
            f"validation pair AUC checked every {settings['eval_steps']} steps, best checkpoint kept, "
            f"stopped after {settings['early_stopping_patience']} checks without improvement"
        )
    compute = run["compute"]
    source = f" ({_LOSS_SOURCES[loss]})" if loss in _LOSS_SOURCES else ""
    return (
        f"*{name}*: {_model_source(run['base'], config)} fine-tuned with {LOSS_NAMES[loss]}{source} on {data}; "
        f"{batch}; {length} ({run['steps']} optimiser steps); learning rate "
        f"{settings['learning_rate']:g}, {_schedule(settings)} schedule with "
        f"{settings['warmup_ratio'] * 100:g} % warm-up; {compute['precision']} on {device_description(compute)}; "
        f"seed {settings['seed']}" + "".join(f"; {extra}" for extra in extras) + "."
    )


def _schedule(settings: dict) -> str:
    """The learning-rate schedule in words, with its cycles where it restarts."""
    words = settings["scheduler"].replace("_", " ")
    if settings["scheduler"] == "cosine_with_restarts":
        cycles = settings.get("scheduler_cycles", 1)
        words += f" ({cycles} cycle{'s' if cycles != 1 else ''})"
    return words


LEXICAL_SENTENCE = (
    "a word-overlap baseline with nothing learned: every item a vector of its word counts "
    "(lower-cased, punctuation stripped, every word kept), each word weighted by its inverse "
    "document frequency over the IPIP training texts, ln((1 + n) / (1 + df)) + 1 (TF-IDF), so "
    "that the cosine of two items measures the words they share."
)


def models_paragraph(record: dict) -> str:
    """Every model: how it was fine-tuned, or that it was used as it is."""
    config = record["config"]
    sentences = [_training_sentence(name, run, config) for name, run in sorted(record["training"].items())]
    for name, encoding in sorted(record["encoding"].items()):
        if name not in record["training"] and encoding["model"]["spec"].startswith("lexical:"):
            sentences.append(f"*{name}*: {LEXICAL_SENTENCE}")
        elif name not in record["training"]:
            prompt = config.get("baselines", {}).get(name, {}).get("prompt")
            prompted = f", {_prompt_words(prompt, 'when encoding')}" if prompt else ""
            sentences.append(
                f"*{name}*: {_model_source(encoding['model'], config)}, used as it is (zero-shot){prompted}."
            )
    return "**Models.** " + " ".join(sentences)


def _prompt_words(prompt: str, when: str) -> str:
    return f"every item prefixed with the prompt {json.dumps(prompt)} {when}"


def measures_paragraph(config: dict) -> str:
    """What the metrics are and how their intervals and tests were computed."""
    evaluation = config["evaluation"]
    with_alpha = [
        name for name, t in config["targets"].items() if t["kind"] == "table" and t.get("alpha_column")
    ]
    likewise = f", and likewise for the scales of {', '.join(with_alpha)} (all items)" if with_alpha else ""
    centred = (
        " after subtracting the mean embedding of the item set being scored" if evaluation["center"] else ""
    )
    return (
        "**Measures.** Items were compared by the cosine similarity of their embeddings "
        f"(sentence-transformers; Reimers & Gurevych, 2019){centred}. "
        "Pair AUC is the probability that a pair of items of one construct is more similar than a "
        "pair of items of two constructs, computed exactly over every pair. KMeans with as many "
        f"clusters as constructs ({evaluation['kmeans_seeds']} seeds × {evaluation['kmeans_n_init']} "
        "starts) gave the adjusted Rand index (ARI; Hubert & Arabie, 1985) and adjusted mutual "
        "information (AMI; Vinh, Epps & Bailey, 2010), both "
        "corrected for chance agreement. Each item was also assigned to the construct whose "
        "centroid (normalised mean embedding, its own construct's computed without it) lies "
        "nearest, an item-sort task with the model as judge (Anderson & Gerbing, 1991); the share "
        "assigned to their own construct is reported as centroid fit. 95 % intervals come from "
        f"{evaluation['bootstrap_resamples']:,} bootstrap resamples of constructs for pair, "
        "retrieval and centroid-fit metrics and from a leave-one-construct-out jackknife for "
        "clustering metrics (value ± 1.96 standard errors, cut at the metric's range); "
        "differences between item sets were tested by relabelling constructs between the two sets "
        f"at random, as many to each as before, and scoring both sets anew "
        f"({evaluation['relabellings']:,} relabellings; two-sided, twice the smaller tail)."
        f"{_matched_text(evaluation['matched_draws'])} As a check against survey "
        "data, for every IPIP test scale (the items one "
        "inventory lists under one construct with one reported Cronbach's (1951) α, at least "
        f"{MIN_SCORED_ITEMS} of them scored) the mean cosine among its items was set beside the mean "
        "inter-item correlation its α and length imply (standardised α solved for r̄), and the two "
        "rank-correlated across scales (Spearman's ρ, interval from the same resampling of constructs)"
        f"{likewise}. Whether reverse-keyed items sit with their construct was measured, in the IPIP "
        "test constructs and any target's with scoring keys that hold items of both keys, by the pair "
        "AUC of same-construct pairs keyed alike and of those keyed oppositely, each against every "
        "pair of two constructs (their difference with a paired interval from the same resamples; "
        f"none where fewer than {MIN_RESAMPLED_CONSTRUCTS} constructs hold both keys). "
        "Whether item length explains a difference between item sets was checked by scoring only "
        f"pairs of two items of one length band ({_band_words(evaluation['length_bands'])}), with "
        "intervals from the same resamples."
    )


def _threshold_effect(threshold: float) -> str:
    """The overlap threshold as the standardised difference whose AUC it is (AUC = Φ(d/√2) for
    two normal distributions of equal spread), named by Cohen's bounds as Rice and Harris
    (2005) convert them: 0.2, 0.5 and 0.8, AUCs of 0.56, 0.64 and 0.71."""
    if not 0.5 < threshold < 1:
        return ""
    d = 2**0.5 * NormalDist().inv_cdf(threshold)
    size = (
        "less than a small effect"
        if d < 0.2
        else "between a small and a medium effect"
        if d < 0.5
        else "between a medium and a large effect"
        if d < 0.8
        else "a large effect or more"
    )
    return (
        f" The bar of {threshold:g} is the AUC of a standardised difference of d = {d:.2f} between "
        f"within- and between-construct cosines of equal spread, {size} (Rice & Harris, 2005)."
    )


def _band_words(bounds: list[int]) -> str:
    """The length bands the upper ``bounds`` cut, in words: 1–5, 6–8 and 9 or more words."""
    return f"{listed([band_words(low, high) for _, low, high in length_bands(bounds)])} words"


def _htmt_reading(config: dict) -> str:
    """What of a pair's HTMT the verdict reads: its bound, or its value without resamples."""
    resamples = config["target_analysis"]["htmt_resamples"]
    if resamples:
        return f"its one-sided 95 % upper bound taken from {resamples:,} resamples of respondents"
    return "its value (no respondents were resampled)"


def _plain_sentence(items: dict[str, pd.DataFrame]) -> str:
    """How many items of each target had a list number or HTML markup removed (the items
    tables' ``list_number_removed`` and ``markup_removed``); empty where none had."""
    removed = {
        'A list number before the item ("1. ")': "list_number_removed",
        "HTML markup": "markup_removed",
    }
    sentences = ""
    for what, flag in removed.items():
        parts = [
            f"{counted(n, 'item')} of {name}"
            for name, table in sorted(items.items())
            if flag in table and (n := int(table[flag].sum()))
        ]
        if parts:
            sentences += f" {what} was removed before encoding from {listed(parts)}."
    return sentences


def _marks_sentence(items: dict[str, pd.DataFrame]) -> str:
    """How many items of each target carried a reverse-keying mark in their text (the items
    tables' ``reverse_marked``); empty where none did."""
    marked = {
        name: int(table["reverse_marked"].sum())
        for name, table in sorted(items.items())
        if "reverse_marked" in table
    }
    parts = [f"{counted(n, 'item')} of {name}" for name, n in marked.items() if n]
    if not parts:
        return ""
    return (
        ' A reverse-keying mark at the start or end of an item (as "(R)") was removed before '
        f"encoding, and the item scored as reverse keyed: {listed(parts)}."
    )


def _coding_sentence(config: dict) -> str:
    """How each target's answers written as words were coded (``answer_labels``) and which
    answers counted as missing (``missing_answers``); empty where neither was given."""
    sentences = ""
    for name, target in sorted(config["targets"].items()):
        if not target.get("responses"):
            continue
        labels = target.get("answer_labels") or {}
        missing = target.get("missing_answers") or []
        if labels:
            codes = "; ".join(f'"{label}" {number:g}' for label, number in labels.items())
            sentences += f" In {name}, answers written as words were coded as numbers: {codes}."
        if missing:
            shown = [f'"{code}"' if isinstance(code, str) else f"{code:g}" for code in missing]
            sentences += f" In {name}, the answers {listed(shown)} were taken as no answer (missing)."
    return sentences


def respondents_sentence(target: str, rows: pd.DataFrame) -> str:
    """Who of a responses file's rows (``answer_files.row_record``) were analysed, who were left
    out and why, and how many of those analysed were unfinished or gave one answer to every
    item: the sample as a paper reports it."""
    outcome = rows["outcome"]
    by_status = left_out_by_status(outcome)
    kinds = by_status.value_counts().sort_index()
    left_out = []
    if len(by_status):
        marked = ", ".join(f"{kind} {n:,}" for kind, n in kinds.items())
        left_out.append(
            f"{len(by_status):,} that their Qualtrics Status marks as given by no respondent ({marked})"
        )
    unanswered = int(outcome.eq(NO_ANSWER).sum())
    if unanswered:
        left_out.append(f"{unanswered:,} that answered no item")
    screens = {
        "unfinished": "unfinished responses",
        "one_answer": "that gave one answer to every item they answered",
    }
    left_out += [
        f"{n:,} {phrase} (as the target's leave_out asks)"
        for screen, phrase in screens.items()
        if (n := int(outcome.eq(SCREENS[screen][1]).sum()))
    ]
    analysed = outcome.eq(ANALYSED)
    flagged = {"unfinished": "unfinished", "one_answer": "giving one answer to every item they answered"}
    kept = [
        f"{n:,} of them {phrase}"
        for column, phrase in flagged.items()
        if column in rows and (n := int(rows.loc[analysed, column].eq(True).sum()))
    ]
    text = f"Of the {len(rows):,} non-blank rows of {possessive(target)} responses, "
    text += f"{listed(left_out)} were left out, leaving " if left_out else "all were analysed: "
    text += counted(int(analysed.sum()), "respondent")
    return text + (f" ({listed(kept)}; kept)." if kept else ".")


def _correlations_sentence(config: dict) -> str:
    """How the targets with observed construct correlations were set beside them; "" for none."""
    evaluation = config["evaluation"]
    correlated = [name for name, target in config["targets"].items() if target.get("correlations")]
    return (
        f" For {', '.join(correlated)}, the mean cosine between the items of every construct pair "
        "was set beside the pair's observed correlation, under every model of the run: Spearman's "
        "ρ with the correlation's "
        "absolute value and with its signed value, each tested by a Mantel (1967) test relabelling the "
        f"constructs of the observed matrix ({evaluation['permutations']:,} relabellings, or "
        "every one where there are fewer; two-sided)."
        if correlated
        else ""
    )


def _definitions_sentence(config: dict) -> str:
    """How items were set beside the targets' construct definitions; "" for no definitions."""
    return _about_targets(
        config,
        lambda target: target.get("definitions"),
        "every item listed under one construct was set beside every construct's definition, under "
        "every model of the run, and counted as corresponding when its own construct's definition "
        "was the nearest (cosine), as judges sort items to definitions in a content-validity study "
        "(Anderson & Gerbing, 1991; Colquitt, Sabey, Rodell & Hill, 2019); the share of such items was tested against chance by reassigning "
        f"the definitions to the constructs ({config['evaluation']['permutations']:,} reassignments, "
        "or every one where there are fewer; one-sided).",
    )


def _responses_sentences(config: dict, response_rows: dict[str, pd.DataFrame] | None) -> str:
    """How the targets' answers were analysed, and what became of each responses file's rows
    (``response_rows``, by target); "" for no answers."""
    evaluation = config["evaluation"]
    answered = _about_targets(
        config,
        lambda target: target.get("responses"),
        "the items' answers were correlated (Pearson's r, pairwise complete, at least 10 "
        "respondents per pair); how distinct the constructs are in the answers is the pair AUC of "
        "|r| (same- against different-construct item pairs), set beside every model's pair AUC on "
        f"the same pairs with a paired 95 % interval from {evaluation['bootstrap_resamples']:,} "
        "resamples of constructs, and each model's cosines were set beside |r| by Spearman's ρ, "
        f"tested by a Mantel test relabelling the items ({evaluation['permutations']:,} "
        "relabellings; two-sided); each construct's distinctiveness and each construct pair's "
        "separability were computed from the items' |r| in place of cosines as well. Each "
        "construct was scored as a scale, its items standardised, "
        "signed by their keys and averaged over the items a respondent answered, with standardised "
        "α from the mean inter-item correlation and, for scales of three items or more, McDonald's "
        "(1999) ω total from one factor fitted to the items' correlations by iterated principal axes, "
        "and the scales' correlations were set beside every model's construct similarity by "
        "Spearman's ρ and a Mantel test relabelling the constructs. Whether "
        "the answers tell two scales apart was judged by the heterotrait–monotrait ratio of the "
        f"items' |r| (HTMT; Henseler, Ringle & Sarstedt, 2015), {_htmt_reading(config)}, set "
        "against 0.85 and 0.90, and by Fornell and Larcker's (1981) criterion, each scale's average "
        "variance extracted (the mean squared loading on that one factor) above the pair's squared "
        "correlation disattenuated by α. Each pair of scales of three items or more was also "
        "modelled as two factors (a confirmatory factor analysis of their items' correlations by "
        "maximum likelihood, both factors' variances fixed at 1, items of both scales left out), and "
        "the factors' correlation, with its 95 % Wald interval, "
        "classed by the interval's end farthest from 0 as Rönkkö and Cho (2022) recommend: at least 1 "
        "in size a severe problem of discriminant validity, at least 0.9 a moderate one, at least 0.8 "
        "a marginal one; each model's fit was read from its standardised root mean square residual "
        "(SRMR; above 0.08 a poor fit, Hu & Bentler, 1999), beside its χ², RMSEA (Steiger, 1990; "
        "above 0.06 a poor fit by the same bars) and CFI (Bentler, 1990; below 0.95), and a one-factor model of both scales' items (the factors' correlation "
        "fixed at 1) was tested against it by the χ² difference (1 degree of freedom; Anderson & "
        "Gerbing, 1988). All scales of three items or more of their own (items of two scales "
        "left out) were also modelled at once, one factor per scale, the factors correlating freely, "
        "fitted the same way; its fit is reported by χ², RMSEA with its 90 % interval, CFI, TLI "
        "(Tucker & Lewis, 1973; below 0.95 a poor fit) and SRMR, its factor correlations were "
        "classed as above and set against both factors' AVE in it (Fornell and Larcker's criterion as "
        "they defined it), and the item pairs whose correlation it misses by more than 0.1 in size "
        "were listed (Kline, 2016). The models' standard errors and χ² were taken from each "
        "respondent's influence on the item correlations, as answers on a rating scale, skewed or "
        "not all given, do not vary as normal theory of one sample size says: the standard errors "
        "by the sandwich estimator (Browne, 1984), each χ² scaled by its mean (Satorra & Bentler, "
        "1994), RMSEA, CFI and TLI made robust likewise (Brosseau-Liard, Savalei & Li, 2012; "
        "Brosseau-Liard & Savalei, 2014), and the test of one factor against two by Satorra and "
        "Bentler's (2010) scaled difference. How many dimensions the answers hold was counted by parallel "
        "analysis (Horn, 1965): the leading principal components of the items' correlations whose "
        f"eigenvalues exceed the 95th percentile of those of {PARALLEL_DRAWS} random data sets of as "
        "many items and respondents (Glorfeld, 1995).",
    )
    answered += _about_targets(
        config,
        lambda target: target.get("responses") and target.get("answer_correlation") == "polychoric",
        "the items' answers were correlated by polychoric correlations in place of Pearson's r "
        "(each item's thresholds from its own answers, each pair's correlation by maximum "
        "likelihood; Olsson, 1979), for every correlation among items above; the scales' "
        "correlations stayed Pearson's. The factor models were fitted to them by maximum "
        "likelihood, their standard errors and χ² taken, as above, from each respondent's "
        "influence on the polychoric correlations (Jöreskog, 1994), which normal theory would take "
        "for Pearson's r of as many respondents.",
    )
    answered += _about_targets(
        config,
        lambda target: target.get("responses") and target.get("answer_errors") == "normal",
        "the factor models' standard errors and χ² were taken from normal theory instead (the "
        "expected information, and the median item pair's respondents for n), as SEM packages' "
        "maximum likelihood gives them by default.",
    )
    answered += _about_targets(
        config,
        lambda target: target.get("responses") and target.get("reverse_scored"),
        "the answers to reverse-keyed items came reverse-scored already and were scored as they were.",
    )
    answered += _coding_sentence(config)
    return answered + "".join(
        f" {respondents_sentence(t, rows)}" for t, rows in sorted((response_rows or {}).items())
    )


def _names_sentence(config: dict) -> str:
    """How the constructs' names were set beside their items."""
    templates = "; ".join(
        f'{name} "{name_template(target)}"' for name, target in sorted(config["targets"].items())
    )
    return (
        f" Each construct's name, read as its target's template gives it ({templates}; {{}} stands "
        "for the name), was encoded by every model of the run, and the cosine between two "
        "constructs' names set beside their separability: Spearman's ρ over every pair, with a "
        "Mantel (1967) test relabelling the constructs, and the pairs ranked by how differently the "
        "two views rank them (items far more alike than names: jangle candidates; names far more "
        "alike than items: jingle candidates)."
    )


def targets_paragraph(
    config: dict, items: dict[str, pd.DataFrame], response_rows: dict[str, pd.DataFrame] | None = None
) -> str:
    """How each target's constructs were compared, under the selected model; ``items``, each
    dataset's cleaned items; ``response_rows``, what became of each responses file's rows, by
    target."""
    analysis, evaluation = config["target_analysis"], config["evaluation"]
    return (
        "**Target analyses.** Under the selected model, each construct's distinctiveness is the "
        "AUC of its within-construct pairs against the pairs linking its items to all other "
        "constructs, with a 95 % bias-corrected percentile interval (BC; Efron & Tibshirani, 1993) from "
        f"{evaluation['bootstrap_resamples']:,} resamples of items within constructs (and one "
        "holding for all constructs at once; none for a construct of fewer than three items, nor "
        "for its pairs below, as no resampling varies its own pairs), and ranked among "
        "the held-out IPIP test constructs by the same "
        "AUC (each against the other constructs of its own item set). Two constructs count as "
        "overlapping when their separability, the AUC of each construct's own item pairs against "
        "the pairs across the two averaged over both (0.5 = indistinguishable), is at most "
        f"{analysis['overlap_threshold']:g} (with a 95 % interval of the same kind from the same item "
        "resampling, one that holds for all pairs at once, every pair's widened to the common level "
        "at which all pairs lay inside theirs in 95 % of the resamples, and the share of resamples "
        "in which the pair stayed at most that value), "
        "set against the separabilities of the pairs of held-out IPIP test constructs of at least "
        f"{analysis['reference_min_items']} items each under the same model, and as redundant when a permutation test relabelling their items "
        f"({analysis['redundancy_permutations']:,} permutations, or every relabelling where there "
        "are fewer) finds no difference between within- and between-construct similarity at "
        f"α = {analysis['redundancy_alpha']:g}; pairs with too few items for any relabelling to "
        f"reach that level were not classified.{_threshold_effect(analysis['overlap_threshold'])} "
        "Which pairs differ with the family-wise error held "
        "at that α was read from the p-values adjusted over all of a target's pairs by Holm's "
        "(1979) method. Groups of constructs every two of which overlap were formed by complete linkage on "
        f"separability cut at {analysis['overlap_threshold']:g}, and their number counted at "
        f"{listed([f'{t:g}' for t in sorted({*analysis['group_thresholds'], analysis['overlap_threshold']})])} "
        "for each target and for those held-out IPIP test constructs, with 95 % intervals from the "
        "same item resampling. Each "
        f"construct's nearest IPIP constructs are the {analysis['nearest_k']} whose centroids its "
        "items resemble most (mean cosine), and the "
        f"{analysis['closest_items']} most similar item pairs of every pair of constructs, within "
        "the target and with each nearest construct, were listed to show the wording behind an "
        "overlap. Item pairs more alike than "
        f"{analysis['near_duplicate_share']:.0%} of the same-construct pairs of the held-out IPIP "
        "items were listed as near-duplicates. Where a construct's items come from several "
        "questionnaires, every pair of "
        f"those contributing at least {analysis['measure_min_items']} items was compared by the "
        "same separability (with the same interval), "
        "against the construct's separability from its nearest other construct. Item fit is "
        "leave-one-out nearest-centroid assignment; "
        "every model of the run scored the same construct pairs, so that conclusions resting on "
        "one model alone show."
        + _plain_sentence(items)
        + _marks_sentence(items)
        + _correlations_sentence(config)
        + _responses_sentences(config, response_rows)
        + _definitions_sentence(config)
        + _names_sentence(config)
    )


def selection_paragraph(record: dict) -> str:
    """Which model was chosen, by what rule, and by how much."""
    rule, margin = record["selection_rule"], record.get("selection_margin")
    text = (
        f"**Selection.** {record['selected_model']} was chosen by the highest `{rule['metric']}` "
        f"on the {rule['split']} split of {_DATASET_NAMES.get(rule['dataset'], rule['dataset'])}; "
        "the test split was "
        "scored once, for the selected model and the baselines."
    )
    if rule["dataset"] != "ipip":
        text += (
            f" As the model was chosen on {possessive(rule['dataset'])} own items, its results on them are "
            "optimistic (the best of the candidates on the items reported); those on the IPIP test "
            "constructs are not."
        )
    if margin and margin.get("difference") is not None:
        text += " " + margin_text(margin)
    return text


_HEADLINE = {
    "pair_auc": "pair AUC",
    "ari": "ARI",
    "ami": "AMI",
    "seed_probability_correct": "sampled accuracy",
    "item_auc": "item-level AUC",
}


def _headline(metrics: pd.DataFrame, model: str, dataset: str, split: str) -> str:
    """The ``_HEADLINE`` metrics of one model on one item set, as far as scored."""
    rows = metrics[
        (metrics["model"] == model) & (metrics["dataset"] == dataset) & (metrics["split"] == split)
    ]
    rows = rows.set_index("metric")
    return ", ".join(
        f"{label} {interval_text(*rows.loc[metric, ['value', 'ci_low', 'ci_high']])}"
        for metric, label in _HEADLINE.items()
        if metric in rows.index
    )


def matched_results(target: str, model: str, matched: pd.DataFrame) -> str:
    """The target's pair AUC, ARI and centroid fit under ``model`` beside random sets of as many
    constructs (``ipip_vs_<target>_matched.tsv``); empty without draws."""
    rows = matched_rows(matched, model)
    if rows.empty:
        return ""
    first = rows.iloc[0]
    whole = f"all {int(first['n_constructs']):,} IPIP test constructs"
    ranges = "" if first["drawn"] == "reference" else " (95 % ranges of the draws)"
    pair_auc = matched_score(
        rows.loc["pair_auc"], target, "pair AUC", "{:.3f}".format, whole, possessive(target)
    )
    ari = matched_score(rows.loc["ari"], target, "ARI", "{:.2f}".format, whole)
    fit = matched_score(rows.loc["centroid_fit"], target, "centroid fit", share_percent, whole)
    return f" {matched_sets(target, first)}{ranges}, {pair_auc}, {ari}, and {fit}."


def results_paragraph(
    record: dict,
    metrics: pd.DataFrame,
    comparisons: dict[str, pd.DataFrame],
    reliability: pd.DataFrame,
    between: dict[tuple[str, str], pd.DataFrame] | None = None,
    matched: dict[str, pd.DataFrame] | None = None,
) -> str:
    """The headline numbers of the selected model: held-out IPIP constructs against each target
    (and, ``between``, each pair of targets; ``matched``, each target beside random sets of as
    many IPIP test constructs), and how its similarities follow the test scales' reliabilities."""
    best = record["selected_model"]
    sentences = [f"**Results.** Under {best}: the test constructs {_headline(metrics, best, 'ipip', 'test')}"]
    for target, table in comparisons.items():
        row = pair_auc_row(table, best)
        sentences.append(
            f"{target} {_headline(metrics, best, target, 'all')} (pair AUC of the test constructs minus "
            f"{target}: {interval_text(row['difference'], row['ci_low'], row['ci_high'])}, {p_text(row['p_value'])})"
        )
    for (first, second), table in (between or {}).items():
        row = pair_auc_row(table, best)
        sentences.append(
            f"pair AUC of {first} minus {second}: "
            f"{interval_text(row['difference'], row['ci_low'], row['ci_high'])}, {p_text(row['p_value'])}"
        )
    return (
        "; ".join(sentences)
        + ". Sampled accuracy is the prior art's protocol: for every item, one random item of its own "
        "and one of another construct, scored correct when the first is the more similar; item-level "
        "AUC is its exact expectation over all such draws, every item weighing the same, where pair "
        "AUC weighs a construct by its number of pairs."
        + "".join(matched_results(target, best, table) for target, table in (matched or {}).items())
        + " "
        + " ".join(reliability_sentence(rows) for _, rows in reliability.groupby("dataset", sort=False))
    )


def device_description(compute: dict) -> str:
    """A job's device as a methods section names it: its name, and what tells it from other
    devices of that name (a CPU's family and model, a GPU's compute capability) where recorded."""
    kind = compute.get("device_kind") or {}
    if "compute_capability" in kind:
        return f"{compute['device_name']} (compute capability {kind['compute_capability']})"
    if "family" in kind and "model" in kind:
        return f"{compute['device_name']} (family {kind['family']}, model {kind['model']})"
    return compute["device_name"]


def _computes(record: dict) -> list[dict]:
    """Where each model was trained and each neural model encoded (word overlap needs no device)."""
    encoded = [
        job for job in record.get("encoding", {}).values() if not job["model"]["spec"].startswith("lexical:")
    ]
    return [job["compute"] for job in [*record["training"].values(), *encoded] if job.get("compute")]


def _rounding_sentence(record: dict) -> str:
    """Where the numbers would move on other hardware: bf16 and GPU arithmetic round by device."""
    computes = _computes(record)
    if all(c["precision"] == "fp32" and c["device"] == "cpu" for c in computes):
        return ""
    devices = sorted({f"{c['precision']} on {device_description(c)}" for c in computes})
    return (
        f" The models ran in {listed(devices)}: the same seed gives the same numbers on the same kind "
        "of device in the same precision, while another device, or fp32, rounds differently and "
        "trains a slightly different model; the clustering scores, which hinge on discrete "
        "assignments, move the most."
    )


def _small_targets_sentence(items: dict[str, pd.DataFrame]) -> str:
    """Targets whose constructs (or whose number of constructs) are too few for their intervals."""
    notes = []
    for name, table in items.items():
        if name == "ipip":
            continue
        sizes = table.groupby("construct")["text"].nunique()
        few = int((sizes < FEW).sum())
        if len(sizes) < FEW:
            notes.append(
                f"{name} has only {counted(len(sizes), 'construct')}, too few for intervals that resample constructs"
            )
        if few:
            notes.append(
                f"{few} of {possessive(name)} {len(sizes):,} constructs have fewer than {FEW} items, for which "
                "intervals that resample items are too narrow"
            )
    text = "; ".join(notes)
    return f" {text[:1].upper()}{text[1:]}." if notes else ""


def limitations_paragraph(record: dict, items: dict[str, pd.DataFrame]) -> str:
    """What the run's numbers cannot say, in general and for this run's settings and data."""
    config = record["config"]
    targets = config.get("targets") or {}
    observed = sorted(t for t, s in targets.items() if s and (s.get("correlations") or s.get("responses")))
    answered = sorted(
        t
        for t, s in targets.items()
        if s and s.get("responses") and s.get("answer_correlation", "pearson") == "pearson"
    )
    ordinal = (
        f" The answers of {listed(answered)} were correlated by Pearson's r as numbers: for answers on a "
        "few ordered categories this understates how strongly the items go together, most for skewed "
        "answers, so α, ω and the AVE read lower than from polychoric correlations, while ratios of "
        "correlations, such as HTMT, change less."
        if answered
        else ""
    )
    beside = (
        f" For {listed(observed)}, observed correlations or answers are set beside the model's reading "
        "(`empirical.tsv`, `responses*.tsv`)."
        if observed
        else ""
    )
    if config["splits"]["scheme"] == "construct":
        reference = (
            f"The reference is one random draw of held-out IPIP constructs (seed {config['seed']}), "
            "under the construct labels IPIP gives; " + _other_draws(config, "held-out constructs")
        )
    elif record["training"]:
        reference = (
            "The held-out IPIP items belong to constructs the fine-tuned models were trained on, "
            "which flatters them against a target's constructs, which none was trained on."
        )
    else:
        reference = (
            f"The held-out IPIP items are one random draw within every construct (seed {config['seed']}); "
            + _other_draws(config, "held-out items")
        )
    margin = record.get("selection_margin") or {}
    close = (
        f" Validation did not tell {record['selected_model']} from {margin['runner_up']} apart (the "
        "interval of the margin includes 0): report both."
        if margin.get("interval_excludes_zero") is False
        else ""
    )
    centred = (
        " Embeddings were centred on the mean of each item set before cosines were taken, so an "
        "item's scores depend on the set it was scored with."
        if config["evaluation"].get("center")
        else ""
    )
    return (
        "**Limitations.** These analyses measure how alike items are worded, as the models read "
        "them, not how respondents answer them: constructs worded alike can still be told apart in "
        "response data, and the reverse, so an overlap found here calls for a test of discriminant "
        "validity in data (such as HTMT), not a verdict on it."
        + beside
        + ordinal
        + " Embeddings read what an "
        "item is about more than which way it points, so the two poles of one theme look alike to "
        f"them. {reference}" + close + centred + _small_targets_sentence(items) + _rounding_sentence(record)
    )


def software_paragraph(record: dict) -> str:
    versions = ", ".join(f"{name} {version}" for name, version in record["software"].items())
    source = record["workflow"]
    if source["git_commit"] is None:
        return f"**Software.** {versions}."
    changed = source["uncommitted_changes"]
    caveat = (
        f", with uncommitted changes to {', '.join(changed)}: the commit alone does not reproduce this run"
        if changed
        else ""
    )
    return f"**Software.** {versions}; the workflow at git commit {source['git_commit'][:12]}{caveat}."


def methods_text(
    record: dict,
    items: dict[str, pd.DataFrame],
    split_summary: pd.DataFrame,
    metrics: pd.DataFrame,
    comparisons: dict[str, pd.DataFrame],
    reliability: pd.DataFrame,
    between: dict[tuple[str, str], pd.DataFrame] | None = None,
    source_rows: dict[str, pd.DataFrame] | None = None,
    response_rows: dict[str, pd.DataFrame] | None = None,
    matched: dict[str, pd.DataFrame] | None = None,
) -> str:
    """The methods section of one run, in Markdown; ``reliability``: ``reliability_checks``'
    summary; ``between``: the comparisons of two targets, by pair; ``source_rows``: what
    became of each file's rows, by dataset; ``response_rows``, of each responses file's rows,
    by target; ``matched``, each target's size-matched comparison."""
    config = record["config"]
    paragraphs = [
        "# Methods, drafted from this run",
        "Every setting and number below is read from `results/provenance.json` and the result "
        "tables of this run; reword freely, but keep the numbers and cite the tool at the version "
        "under Software (its `CITATION.cff`).",
        items_paragraph(record, items, source_rows),
        split_paragraph(
            config, split_summary, bool(record["training"]), items["ipip"]["construct"].nunique()
        ),
        models_paragraph(record),
        measures_paragraph(config),
        selection_paragraph(record),
        targets_paragraph(config, items, response_rows),
        results_paragraph(record, metrics, comparisons, reliability, between, matched),
        limitations_paragraph(record, items),
        software_paragraph(record),
    ]
    references = references_paragraph("\n\n".join(paragraphs))
    return minus_signs("\n\n".join(paragraphs + ([references] if references else [])) + "\n")
