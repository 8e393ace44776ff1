"""A target's answers beside the models' reading of its items: the tables the job
``compare_with_responses`` writes, in two steps — what the answers say, whatever the model
(``answer_evidence``), then each model beside it (``answer_tables``)."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import cfa, responses
from .metrics import ItemSet


@dataclass(frozen=True)
class AnswerEvidence:
    """What a target's answers say of its items and scales, whatever the model: the items'
    correlations ``r`` by ``correlation`` ("pearson" or "polychoric"; ``texts`` their order,
    an item set's) with the respondents behind each (``pair_counts``), the ``scales`` scored
    from the answers with their ``scores``, every pair of scales' HTMT, two-factor correlation
    and correlation in the model of all scales (``scale_pairs``), that model's fit
    (``measurement``) and the item pairs it misses (``residuals``), and the scales' α from Pearson's r where ``r`` is polychoric
    (``observed_alpha``, which disattenuates the scores' correlations; None for Pearson's)."""

    correlation: str
    texts: list[str]
    r: np.ndarray
    pair_counts: np.ndarray
    scales: pd.DataFrame
    scores: pd.DataFrame
    scale_pairs: pd.DataFrame
    measurement: pd.DataFrame
    residuals: pd.DataFrame
    observed_alpha: pd.Series | None


def answer_evidence(
    answered: pd.DataFrame,
    answers: pd.DataFrame,
    correlation: str,
    source: str | Path,
    htmt_resamples: int,
    seed: int,
    errors: str = "robust",
) -> AnswerEvidence:
    """``AnswerEvidence`` of the ``answered`` items (their keys as scored: ``as_scored``) from
    ``answers`` (one column per item text; ``source`` the file, for messages), the HTMT bounds
    from ``htmt_resamples`` resamples of respondents, the factor models' standard errors and
    χ² by ``errors`` (``cfa.ERRORS``: robust, or normal theory)."""
    correlate = responses.correlation(correlation, answers, source)
    texts = sorted(answered["text"].unique())  # an item set's order (``make_item_set``)
    r, pair_counts = correlate(answers[texts].to_numpy())
    scales, scores = responses.scales(answered, answers, correlate)
    htmts = responses.htmt_table(answered, answers, htmt_resamples, seed, correlate)
    named = [pd.DataFrame(matrix, index=texts, columns=texts) for matrix in (r, pair_counts)]
    two_factor, model = cfa.factor_models(answered, answers, *named, correlation, errors)
    observed = (
        None
        if correlation == "pearson"
        else responses.scales(answered, answers)[0].set_index("construct")["alpha"]
    )
    return AnswerEvidence(
        correlation,
        texts,
        r,
        pair_counts,
        scales,
        scores,
        htmts.merge(two_factor, on=["construct_a", "construct_b"], how="left").merge(
            model.pairs, on=["construct_a", "construct_b"], how="left"
        ),
        model.fit,
        model.residuals,
        observed,
    )


def answer_tables(
    evidence: AnswerEvidence,
    answered: pd.DataFrame,
    answers: pd.DataFrame,
    item_sets: dict[str, ItemSet],
    best: str,
    settings: dict,
    seed: int,
) -> dict[str, pd.DataFrame]:
    """The answers (``evidence``) beside the models (``item_sets`` of the ``answered`` items),
    ``best`` the one the construct tables follow: ``agreement`` (item pairs, every model),
    ``scales`` (each construct's distinctiveness in the answers and its scale), ``item_fit``,
    ``pairs`` and ``summary`` (construct pairs, every model's agreement), ``factors``
    (parallel analysis), ``measurement`` and ``residuals`` (the model of all scales: its fit and
    the item pairs it misses). ``settings``: bootstrap_resamples and permutations."""
    item_set = item_sets[best]
    if item_set.texts != evidence.texts:
        raise ValueError("the item sets do not hold the answered items in the evidence's order")
    r = evidence.r
    agreement = responses.item_agreement(item_sets, best, r, settings, seed)
    agreement.insert(1, "correlation", evidence.correlation)
    distinct = responses.construct_distinctiveness(item_set, r)
    scales = distinct.merge(evidence.scales, on="construct", how="left")  # a construct without a scale: no α
    scales = scales.astype({"n_items": "Int64", "n_respondents": "Int64"})
    pairs, summary = responses.construct_agreement(
        item_sets,
        best,
        r,
        scales,
        evidence.scores,
        evidence.scale_pairs,
        settings,
        seed,
        evidence.observed_alpha,
    )
    return {
        "agreement": agreement,
        "scales": scales,
        "item_fit": responses.item_fit(answered, answers, item_set, r),
        "pairs": pairs,
        "summary": summary,
        "factors": responses.parallel_analysis(r, evidence.pair_counts, seed),
        "measurement": evidence.measurement,
        "residuals": evidence.residuals,
    }
