"""Items that say nearly the same thing: pairs of a target's items more alike than almost every
pair of items of one held-out personality construct, within a construct (one item in two
questionnaires, or a near-paraphrase that makes the construct look more coherent than its
content is broad) or across two (the same content under two names)."""

import numpy as np
import pandas as pd

from .analysis import ITEM_DETAIL_COLUMNS, share_below
from .metrics import ItemSet, pair_auc, similarity_and_labels

COLUMNS = [
    "similarity",
    "ipip_share_below",
    "same_construct",
    "constructs_a",
    "constructs_b",
    "text_a",
    "text_b",
]

SEPARATOR = "; "  # between the constructs of an item listed under several


def constructs_of(cell) -> set[str]:
    """The constructs a ``constructs_a`` or ``constructs_b`` cell names."""
    return set(str(cell).split(SEPARATOR))


def near_duplicates(
    item_set: ItemSet, reference_same: np.ndarray, share: float
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every pair of two texts whose cosine exceeds at least ``share`` of ``reference_same`` (the
    cosines of the same-construct pairs of the held-out IPIP items under the same model; ties
    count half), most alike first: its ``ipip_share_below``, whether the two share a construct
    (``same_construct``) and each text's constructs (``"; "``-joined for an item of several).
    Rank-based, as fine-tuning lifts every cosine of a model; no reference pairs, no rows.

    With it a one-row summary: ``share``, the number of reference pairs, the pairs within a
    construct and across two, and the item set's pair AUC with and without them (whether the
    near-duplicates drive how distinct the constructs look)."""
    similarity, same = similarity_and_labels(item_set)
    a, b = np.triu_indices(len(similarity), k=1)
    values, is_same = similarity[a, b], same[a, b]
    shares = share_below(reference_same, values)
    listed = np.nan_to_num(shares, nan=-1.0) >= share
    kept = np.flatnonzero(listed)
    kept = kept[np.lexsort((b[kept], a[kept], -values[kept]))]
    constructs = [
        SEPARATOR.join(item_set.constructs[c] for c in np.flatnonzero(row)) for row in item_set.membership
    ]
    pairs = pd.DataFrame(
        {
            "similarity": np.round(values[kept], 6),
            "ipip_share_below": np.round(shares[kept], 6),
            "same_construct": is_same[kept],
            "constructs_a": [constructs[i] for i in a[kept]],
            "constructs_b": [constructs[j] for j in b[kept]],
            "text_a": [item_set.texts[i] for i in a[kept]],
            "text_b": [item_set.texts[j] for j in b[kept]],
        },
        columns=COLUMNS,
    )
    summary = pd.DataFrame(
        [
            {
                "share": share,
                "reference_pairs": int(np.isfinite(reference_same).sum()),
                "n_within": int(is_same[listed].sum()),
                "n_across": int((~is_same[listed]).sum()),
                "pair_auc": round(pair_auc(values, is_same), 6),
                "pair_auc_without": round(pair_auc(values[~listed], is_same[~listed]), 6),
            }
        ]
    )
    return pairs, summary


def _details_by_text(items: pd.DataFrame) -> pd.DataFrame:
    """Per text the ``ITEM_DETAIL_COLUMNS`` ``items`` has; a text listed more than once with
    different values (an item of two measures) gets them ``"; "``-joined."""
    columns = [c for c in ITEM_DETAIL_COLUMNS if c in items]

    def one(values: pd.Series):
        distinct = values.dropna().unique()
        return distinct[0] if len(distinct) == 1 else "; ".join(map(str, distinct))

    return items.groupby("text", sort=False)[columns].agg(one) if columns else None


def with_details(pairs: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """``pairs`` with each item's source wording, measure, subscale, instrument and key
    (``text_original_a`` …) and, given scoring keys, ``opposite_keys``: one item keyed +1 and
    the other −1, an item beside its own negation."""
    details = _details_by_text(items)
    if details is None:
        return pairs
    for side in ("a", "b"):
        named = details.rename(columns=lambda c, s=side: f"{c}_{s}")
        pairs = pairs.merge(named, left_on=f"text_{side}", right_index=True, how="left")
    if "key" in details:
        keys = [pd.to_numeric(pairs[f"key_{side}"], errors="coerce") for side in ("a", "b")]
        pairs["opposite_keys"] = (keys[0] * keys[1] < 0).to_numpy()
    return pairs
