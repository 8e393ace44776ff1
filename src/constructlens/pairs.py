"""Anchor–positive pairs of items from the same construct, for contrastive training."""

import itertools

import numpy as np
import pandas as pd

METHODS = ("none", "sampling", "cap", "both")
POSITIVES = ("items", "names", "both")


def all_pairs(items: pd.DataFrame) -> pd.DataFrame:
    """Every within-construct pair of distinct texts: Σ n·(n−1)/2 rows, in sorted order."""
    rows = []
    for construct, group in items.groupby("construct", sort=True):
        texts = sorted(set(group["text"]))
        rows.extend((a, b, construct) for a, b in itertools.combinations(texts, 2))
    return pd.DataFrame(rows, columns=["anchor", "positive", "construct"])


def name_pairs(items: pd.DataFrame) -> pd.DataFrame:
    """Every item with its construct's name as the positive (item → name), in sorted order."""
    rows = items[["construct", "text"]].drop_duplicates().sort_values(["construct", "text"])
    return pd.DataFrame(
        {"anchor": rows["text"], "positive": rows["construct"], "construct": rows["construct"]}
    ).reset_index(drop=True)


def balance_target(pair_counts: pd.Series, minimum: int, maximum: int) -> int:
    """Per-construct target: clamp(total pairs / number of constructs, minimum, maximum)."""
    return int(np.clip(round(pair_counts.sum() / len(pair_counts)), minimum, maximum))


def _take(group: pd.DataFrame, n: int, rng: np.random.Generator, oversample: bool) -> pd.DataFrame:
    if len(group) >= n:
        return group.iloc[np.sort(rng.choice(len(group), size=n, replace=False))]
    if not oversample:
        return group
    extra = rng.choice(len(group), size=n - len(group), replace=True)
    return pd.concat([group, group.iloc[np.sort(extra)]])


def check_pair_settings(
    method: str, min_pairs: int, max_pairs: int, cap: int | None, positives: str = "items"
) -> None:
    """A ValueError when the settings of a pair set contradict each other."""
    if method not in METHODS:
        raise ValueError(f"unknown pair method {method!r}; choose one of {', '.join(METHODS)}")
    if positives not in POSITIVES:
        raise ValueError(f"unknown positives {positives!r}; choose one of {', '.join(POSITIVES)}")
    if method in ("cap", "both") and not cap:
        raise ValueError(f"pair method {method!r} needs a positive 'cap'")
    if min_pairs > max_pairs:
        raise ValueError(f"min_pairs {min_pairs} is above max_pairs {max_pairs}")


def build_pairs(
    items: pd.DataFrame,
    method: str = "none",
    min_pairs: int = 1,
    max_pairs: int = 10**9,
    cap: int | None = None,
    oversample: bool = False,
    seed: int = 0,
    positives: str = "items",
) -> pd.DataFrame:
    """Pairs rebalanced by ``method``, each pair in random order, rows shuffled.

    - ``none``: all pairs;
    - ``sampling``: each construct keeps ``balance_target`` pairs (drawn without replacement);
      smaller constructs keep all theirs, topped up by drawing with replacement if ``oversample``;
    - ``cap``: each construct keeps at most ``cap`` pairs;
    - ``both``: ``sampling``, then ``cap``.
    ``positives`` = ``names`` pairs every item with its construct's name instead (``name_pairs``:
    one row per item, not rebalanced; the item is always the anchor), ``both`` adds those rows to
    the rebalanced item pairs. The same seed gives the same rows in the same order.
    """
    check_pair_settings(method, min_pairs, max_pairs, cap, positives)
    rng = np.random.default_rng(seed)
    named = name_pairs(items) if positives in ("names", "both") else None
    if positives == "names":
        return named.iloc[rng.permutation(len(named))].reset_index(drop=True)
    pairs = all_pairs(items)
    groups = dict(tuple(pairs.groupby("construct", sort=True)))
    if method in ("sampling", "both"):
        target = balance_target(pairs.groupby("construct").size(), min_pairs, max_pairs)
        groups = {c: _take(g, target, rng, oversample) for c, g in groups.items()}
    if method in ("cap", "both"):
        groups = {c: _take(g, min(cap, len(g)), rng, False) for c, g in groups.items()}
    pairs = pd.concat(groups.values(), ignore_index=True)
    swap = rng.random(len(pairs)) < 0.5
    pairs.loc[swap, ["anchor", "positive"]] = pairs.loc[swap, ["positive", "anchor"]].to_numpy()
    if named is not None:
        pairs = pd.concat([pairs, named], ignore_index=True)
    return pairs.iloc[rng.permutation(len(pairs))].reset_index(drop=True)


def pair_stats(items: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Per construct: items, possible item pairs, item pairs kept, distinct item pairs kept,
    and pairs of an item with the construct's name (``name_pairs``)."""
    n_items = items.groupby("construct")["text"].nunique()
    named = pairs["positive"] == pairs["construct"]
    item_pairs = pairs[~named]
    unordered = pd.Series(
        [tuple(sorted(pair)) for pair in zip(item_pairs["anchor"], item_pairs["positive"], strict=True)],
        index=item_pairs.index,
        dtype=object,
    )
    stats = pd.DataFrame(
        {
            "n_items": n_items,
            "n_possible_pairs": n_items * (n_items - 1) // 2,
            "n_pairs": item_pairs.groupby("construct").size(),
            "n_distinct_pairs": unordered.groupby(item_pairs["construct"]).nunique(),
            "n_name_pairs": pairs[named].groupby("construct").size(),
        }
    ).fillna(0)
    return stats.astype("int64").rename_axis("construct").reset_index()
