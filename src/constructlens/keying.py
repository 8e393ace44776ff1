"""Do embeddings see through item keying? Same-construct pairs of equally and of oppositely keyed
items ("I am the life of the party" / "I keep in the background"), each against the
different-construct pairs.

Questionnaires phrase some items in reverse so that agreeing means less of the construct. An
embedding that captures topic but not direction finds such items alike, one that reads
"background" as the opposite of "life of the party" may not. This matters for comparing
instruments: IPIP scales mix both keys, other instruments may hold few reverse-keyed items.
"""

import numpy as np
import pandas as pd

from .comparison import bootstrap_p_value
from .metrics import (
    ItemSet,
    bootstrap_weights,
    percentile_interval,
    similarity_and_labels,
    subset_pair_auc,
)

KINDS = ("same_key", "opposite_key")
COLUMNS = ["pairs", "n_constructs", "n_pairs", "mean_similarity", "pair_auc", "ci_low", "ci_high", "p_value"]


def text_keys(items: pd.DataFrame, item_set: ItemSet) -> np.ndarray:
    """Scoring key (+1, −1) of every text of ``item_set`` that belongs to one construct; 0 for
    unscored texts, texts of several constructs (their key may differ between them) and texts
    whose rows disagree."""
    keys = items.groupby("text")["key"].agg(lambda k: k.iloc[0] if k.nunique() == 1 else 0)
    keys = keys.reindex(item_set.texts).fillna(0).to_numpy(dtype=int)
    return np.where(item_set.single, keys, 0)


def keying_table(item_set: ItemSet, keys: np.ndarray, n_resamples: int, seed: int) -> pd.DataFrame:
    """Pair AUC of same-construct pairs of equally keyed items, and of oppositely keyed items,
    each against every different-construct pair, with construct-bootstrap 95 % intervals (the
    same resamples as the other metrics); their difference with its paired interval and
    bootstrap p-value; and the different-construct pairs' count and mean cosine.

    Only texts with a key of +1 or −1 (``text_keys``) take part, and same-construct pairs only
    of constructs that have pairs of both kinds, so that the two kinds compare within the
    same constructs rather than easy constructs against hard ones (with fewer than three of
    them, no intervals and no p-value: ``subset_pair_auc``)."""
    keyed = np.isin(keys, (-1, 1))
    similarity, same = similarity_and_labels(item_set)
    a, b = np.triu_indices(len(similarity), k=1)
    use = keyed[a] & keyed[b]
    a, b = a[use], b[use]
    scores, positive, agree = similarity[a, b], same[a, b], keys[a] == keys[b]
    home = item_set.home
    n_constructs = len(item_set.constructs)
    both = (np.bincount(home[a][positive & agree], minlength=n_constructs) > 0) & (
        np.bincount(home[a][positive & ~agree], minlength=n_constructs) > 0
    )
    positive &= both[home[a]]  # same-construct pairs of mixed-key constructs only
    different = ~same[a, b]
    weights = bootstrap_weights(n_constructs, n_resamples, seed)
    rows, replicates = [], {}
    for kind, chosen in zip(KINDS, (positive & agree, positive & ~agree), strict=True):
        value, replicates[kind] = subset_pair_auc(scores, chosen, different, home[a], home[b], weights)
        rows.append(
            {
                "pairs": kind,
                "n_constructs": int(both.sum()),
                "n_pairs": int(chosen.sum()),
                "mean_similarity": float(scores[chosen].mean()) if chosen.any() else np.nan,
                "pair_auc": value,
                **dict(zip(("ci_low", "ci_high"), percentile_interval(replicates[kind]), strict=True)),
                "p_value": np.nan,
            }
        )
    gap = replicates["same_key"] - replicates["opposite_key"]
    rows.append(
        {
            "pairs": "same_minus_opposite",
            "n_constructs": int(both.sum()),
            "n_pairs": np.nan,
            "mean_similarity": rows[0]["mean_similarity"] - rows[1]["mean_similarity"],
            "pair_auc": rows[0]["pair_auc"] - rows[1]["pair_auc"],
            **dict(zip(("ci_low", "ci_high"), percentile_interval(gap), strict=True)),
            "p_value": bootstrap_p_value(gap),
        }
    )
    rows.append(
        {
            "pairs": "different_construct",
            "n_constructs": n_constructs,
            "n_pairs": int(different.sum()),
            "mean_similarity": float(scores[different].mean()) if different.any() else np.nan,
            **{column: np.nan for column in ("pair_auc", "ci_low", "ci_high", "p_value")},
        }
    )
    return pd.DataFrame(rows, columns=COLUMNS).astype({"n_pairs": "Int64"})


def keying_tables(scored, n_resamples: int, seed: int) -> pd.DataFrame:
    """``keying_table`` of every (dataset, split, items, item set) of ``scored``
    (``evaluation.scored_sets``) whose items carry scoring keys."""
    tables = []
    for dataset, split, items, item_set in scored:
        if "key" not in items:
            continue
        table = keying_table(item_set, text_keys(items, item_set), n_resamples, seed)
        tables.append(table.assign(dataset=dataset, split=split))
    if not tables:
        return pd.DataFrame(columns=["dataset", "split", *COLUMNS])
    table = pd.concat(tables, ignore_index=True)
    return table[["dataset", "split", *COLUMNS]]
