"""What a pair AUC looks like: the cosines of same-construct and of different-construct item
pairs, as two distributions side by side for each item set compared, and as the matrix of every
item pair with the items in construct blocks."""

import numpy as np
import pandas as pd

from .metrics import ItemSet, pair_auc, similarity_and_labels

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
SAME, DIFFERENT = "same construct", "different constructs"


def pair_similarities(item_set: ItemSet) -> dict[str, np.ndarray]:
    """Cosine of every pair of distinct texts, split into the same-construct pairs (the two
    texts share a construct) and the different-construct pairs: exactly the pairs that
    ``pair_auc`` ranks."""
    similarity, same = similarity_and_labels(item_set)
    a, b = np.triu_indices(len(similarity), k=1)
    values, is_same = similarity[a, b], same[a, b]
    return {SAME: values[is_same], DIFFERENT: values[~is_same]}


def distribution_table(sets: dict[str, dict[str, np.ndarray]]) -> pd.DataFrame:
    """One row per item set and kind of pair (``pair_similarities`` of each named set): the
    number of pairs, mean, sd and quantiles of their cosines, and the set's pair AUC (the
    probability that a same-construct pair is the more similar of a same- and a
    different-construct pair, as in ``results/metrics/all.tsv``)."""
    rows = []
    for name, pairs in sets.items():
        same, different = pairs[SAME], pairs[DIFFERENT]
        auc = pair_auc(
            np.concatenate([same, different]), np.r_[np.ones(len(same), bool), np.zeros(len(different), bool)]
        )
        for kind, values in pairs.items():
            quantiles = np.quantile(values, QUANTILES) if len(values) else np.full(len(QUANTILES), np.nan)
            rows.append(
                {
                    "item_set": name,
                    "pairs": kind,
                    "n_pairs": len(values),
                    "mean": values.mean() if len(values) else np.nan,
                    "sd": values.std(ddof=1) if len(values) > 1 else np.nan,
                    **{
                        f"q{round(100 * q):02d}": value for q, value in zip(QUANTILES, quantiles, strict=True)
                    },
                    "pair_auc": auc,
                }
            )
    return pd.DataFrame(rows)


def construct_blocks(item_set: ItemSet) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The cosine matrix of every pair of texts, the texts in construct blocks: each text in its
    home construct's block, the most typical first (highest mean cosine to the other texts of
    that construct, wherever their blocks; ties by text). Returns the matrix with the texts in
    that order, where each block starts, and each block's construct."""
    similarity, _ = similarity_and_labels(item_set)
    home, member = item_set.home, item_set.membership.astype(np.float64)
    own_total = (similarity @ member)[np.arange(len(home)), home] - np.diag(similarity)
    others = member.sum(axis=0)[home] - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        typical = np.where(others > 0, own_total / np.maximum(others, 1), -np.inf)
    typical = typical.round(12)  # equal means tie whatever the order of summing, then text decides
    order = np.lexsort((-typical, home))  # stable: ties keep the texts' sorted order
    starts = np.flatnonzero(np.r_[True, np.diff(home[order]) != 0])
    names = [item_set.constructs[home[order[start]]] for start in starts]
    return similarity[np.ix_(order, order)], starts, names
