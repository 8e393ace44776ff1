"""Apply one model to a target item set: clusters, construct overlap, similarity matrices."""

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans

from .metrics import ItemSet


def cluster_items(item_set: ItemSet, seed: int, n_init: int) -> pd.DataFrame:
    """KMeans with k = number of constructs; one row per (text, construct) with its cluster."""
    k = len(item_set.constructs)
    clusters = KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit_predict(item_set.embeddings)
    rows = [
        {"text": text, "construct": item_set.constructs[c], "cluster": int(clusters[i])}
        for i, text in enumerate(item_set.texts)
        for c in np.flatnonzero(item_set.membership[i])
    ]
    return pd.DataFrame(rows)


def confusion_matrix(assignments: pd.DataFrame) -> pd.DataFrame:
    """Construct × cluster item counts."""
    return pd.crosstab(assignments["construct"], assignments["cluster"]).rename_axis(
        index="construct", columns="cluster"
    )


def cluster_composition(assignments: pd.DataFrame) -> pd.DataFrame:
    """Per cluster: size, dominant construct and its share, and every construct's count."""
    rows = []
    for cluster, group in assignments.groupby("cluster", sort=True):
        counts = group["construct"].value_counts()
        counts = counts.sort_index().sort_values(ascending=False, kind="stable")
        rows.append(
            {
                "cluster": cluster,
                "n_items": len(group),
                "dominant_construct": counts.index[0],
                "dominant_share": round(counts.iloc[0] / len(group), 4),
                "composition": "; ".join(f"{c} ({n})" for c, n in counts.items()),
            }
        )
    return pd.DataFrame(rows)


def construct_similarity(item_set: ItemSet) -> pd.DataFrame:
    """Mean cosine between the items of construct a and those of construct b, never pairing a
    text with itself (so the diagonal is the mean within-construct similarity)."""
    similarity = item_set.embeddings @ item_set.embeddings.T
    member = item_set.membership.astype(np.float64)
    sizes = member.sum(axis=0)
    sums = member.T @ similarity @ member - member.T @ (np.diag(similarity)[:, None] * member)
    counts = np.outer(sizes, sizes) - member.T @ member
    means = sums / np.where(counts > 0, counts, np.nan)
    return pd.DataFrame(means, index=item_set.constructs, columns=item_set.constructs).rename_axis(
        "construct"
    )


def overlapping_pairs(similarity: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Construct pairs whose mean between-construct similarity reaches ``threshold``, with the
    ratio to the mean of the two within-construct similarities (near 1: indistinguishable)."""
    names = list(similarity.index)
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            between = similarity.loc[a, b]
            within = (similarity.loc[a, a] + similarity.loc[b, b]) / 2
            if between >= threshold:
                rows.append(
                    {
                        "construct_a": a,
                        "construct_b": b,
                        "mean_similarity_between": round(between, 6),
                        "mean_similarity_within": round(within, 6),
                        "between_to_within": round(between / within, 6),
                    }
                )
    columns = [
        "construct_a",
        "construct_b",
        "mean_similarity_between",
        "mean_similarity_within",
        "between_to_within",
    ]
    return pd.DataFrame(rows, columns=columns).sort_values("mean_similarity_between", ascending=False)
