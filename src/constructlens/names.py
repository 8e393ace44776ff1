"""Constructs' names beside their items: a screen for jingle and jangle.

Psychologists call two measures of one thing under different names a *jangle* fallacy, and two
different things under one name a *jingle* fallacy (Kelley, 1927; Block, 1995). With a model
that reads both, the two views can be set side by side for every pair of a target's constructs:
how alike their names are (cosine of the names' embeddings) and how alike their items are (the
pair's separability, 0.5 = indistinguishable). A pair whose items are among the least separable
while its names are among the least alike is a jangle candidate; the reverse, a jingle
candidate. Pairs share constructs, so the two views are related by a Mantel test.
"""

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from .empirical import mantel_row


def name_phrases(constructs: list[str], template: str) -> list[str]:
    """Each construct's name as the model reads it: ``template`` with ``{}`` replaced by it."""
    return [template.replace("{}", construct) for construct in constructs]


def name_similarity(name_vectors: dict[str, np.ndarray], index: pd.MultiIndex) -> pd.Series:
    """Cosine of the two constructs' name embeddings, for every (construct_a, construct_b)."""
    unit = {c: v / np.linalg.norm(v) for c, v in name_vectors.items()}
    return pd.Series([float(unit[a] @ unit[b]) for a, b in index], index=index, dtype=float)


def names_against_items(
    name_vectors: dict[str, dict[str, np.ndarray]],
    separability: pd.DataFrame,
    selected: str,
    n_permutations: int,
    seed: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every construct pair's name similarity beside its separability, and how the two relate.

    ``name_vectors``: per model, construct → embedding of its name; ``separability``: one
    column per model, indexed by (construct_a, construct_b) (``model_agreement``'s pairs).
    Returns (pairs, summary). ``pairs``, under the ``selected`` model: ``name_similarity``,
    ``separability``, ``name_rank`` (1 = most alike names), ``item_rank`` (1 = least separable
    items) and ``rank_gap`` = name_rank − item_rank: large and positive where the items are far
    more alike than the names (a jangle candidate), large and negative where the names are far
    more alike than the items (a jingle candidate); sorted by ``rank_gap``, jangle candidates
    first, pairs without a separability (nested constructs) last and unranked. ``summary``, per
    model (the selected one first): Spearman's ρ between name similarity and separability
    (negative: more alike names, harder to tell the items apart) with its Mantel p-value and the
    smallest p-value the test as run can give."""
    index = separability.index
    similarity = {model: name_similarity(vectors, index) for model, vectors in name_vectors.items()}
    pairs = pd.DataFrame(
        {"name_similarity": similarity[selected], "separability": separability[selected]}, index=index
    )
    ranked = pairs[pairs["separability"].notna()]  # a nested pair has no separability to rank
    for column, values in (("name_rank", -ranked["name_similarity"]), ("item_rank", ranked["separability"])):
        pairs[column] = pd.Series(rankdata(values, method="min"), index=ranked.index, dtype="Int64")
    pairs["rank_gap"] = pairs["name_rank"] - pairs["item_rank"]
    pairs = pairs.round({"name_similarity": 6, "separability": 6}).reset_index()
    models = [selected, *sorted(set(name_vectors) - {selected})]
    rows = [
        {
            "model": model,
            "selected": model == selected,
            "n_pairs": len(index),
            **mantel_row(similarity[model], separability[model], n_permutations, seed),
        }
        for model in models
    ]
    order = pairs.sort_values(["rank_gap", "item_rank"], ascending=[False, True], kind="stable")
    return order.reset_index(drop=True), pd.DataFrame(rows)
