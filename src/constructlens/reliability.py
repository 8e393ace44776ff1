"""Do the scales whose items a model reads as alike hold together in people's answers?

IPIP reports every scale's Cronbach's α. By the standardised-α formula α = k r̄ / (1 + (k − 1) r̄),
α and the scale's length k give the mean correlation between its items, r̄ = α / (k − (k − 1) α),
which unlike α does not grow with the number of items. If a model reads what items measure, the
scales whose items it finds more alike should be those whose items correlate more strongly: a
check of the embeddings against survey data that uses no construct label. The statistic is
Spearman's ρ across scales between a scale's mean cosine among its items and its implied r̄; its
interval resamples constructs, as every interval of the tool does, since one construct's scales
in different inventories share wording.
"""

import logging

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from .comparison import bootstrap_p_value
from .items import SOURCE_COLUMNS, sources
from .metrics import ItemSet, bootstrap_weights, make_item_set, percentile_interval
from .tables import alpha_value

log = logging.getLogger(__name__)

MIN_SCORED_ITEMS = 3
SCALE_COLUMNS = ["source", "construct", "alpha_reported", "alpha", "n_items", "implied_r"]


def implied_item_correlation(alpha: np.ndarray, n_items: np.ndarray) -> np.ndarray:
    """Mean inter-item correlation r̄ that gives standardised α with ``n_items`` items."""
    alpha, n_items = np.asarray(alpha, dtype=float), np.asarray(n_items, dtype=float)
    return alpha / (n_items - (n_items - 1) * alpha)


def _listings(row: pd.Series, columns: list[str]) -> list[tuple[str, str]]:
    """Every (source, reported α) that lists an item with an α: the source as "measure /
    subscale", "" where none is named."""
    return sorted(
        (" / ".join(part for part in named if part), reported)
        for reported, *named in sources(row, ["alpha_reported", *columns])
    )


def scales(items: pd.DataFrame) -> pd.DataFrame:
    """One row per (scale, text) of an item table with ``alpha``: ``SCALE_COLUMNS``, ``text`` and
    ``key`` (0 where the table has no keys).

    A scale is the items one source lists under one construct with one reported α: the source
    is the IPIP inventory, or a target's measure and subscale where it names them ("MLQ /
    Idealised influence"), else empty. IPIP lists two ten-item BFAS scales under Intellectual
    Openness, with α 0.84 and 0.78; an item listed by two sources counts in both. ``n_items`` is
    the scale's length as the table lists it, whatever part of it is scored later. Each
    listing brings its own α (an item of two inventories, "0.84 | 0.87"); listings without a
    numeric α are left out.
    """
    columns = [column for column in SOURCE_COLUMNS if column in items]
    rows = items.assign(listing=[_listings(row, columns) for _, row in items.iterrows()])
    rows = rows.explode("listing").dropna(subset=["listing"])
    rows["source"] = [source for source, _ in rows["listing"]]
    rows["alpha_reported"] = [reported for _, reported in rows["listing"]]
    rows["alpha"] = rows["alpha_reported"].map(alpha_value)
    rows = rows[rows["alpha"].notna()].copy()
    if "key" not in rows:
        rows["key"] = 0
    keys = ["source", "construct", "alpha"]  # "0,81" and "0.81" are one α
    rows["n_items"] = rows.groupby(keys)["text"].transform("size").astype("int64")
    rows["implied_r"] = implied_item_correlation(rows["alpha"], rows["n_items"])
    rows = rows.sort_values([*keys, "text"], kind="stable")
    return rows[[*SCALE_COLUMNS, "text", "key"]].reset_index(drop=True)


def _opposite_share(first: np.ndarray, second: np.ndarray) -> float:
    """Share of pairs keyed in opposite directions among pairs of two scored (+1, −1) items."""
    keyed = (first != 0) & (second != 0)
    return float(np.mean(first[keyed] != second[keyed])) if keyed.any() else float("nan")


def scale_similarities(scale_items: pd.DataFrame, item_set: ItemSet) -> pd.DataFrame:
    """Per scale with at least ``MIN_SCORED_ITEMS`` of its texts in ``item_set``: ``SCALE_COLUMNS``,
    ``n_scored`` and ``mean_similarity``, the mean cosine over every pair of its scored texts, and
    ``opposite_key_share``, the share of those pairs keyed in opposite directions (answers to them
    correlate after reverse scoring; their wording may read as opposite)."""
    index = {text: i for i, text in enumerate(item_set.texts)}
    scored = scale_items[scale_items["text"].isin(index)]
    rows = []
    for _, scale in scored.groupby(["source", "construct", "alpha"], sort=True):
        if len(scale) < MIN_SCORED_ITEMS:
            continue
        vectors = item_set.embeddings[scale["text"].map(index).to_numpy()]
        a, b = np.triu_indices(len(scale), k=1)
        first = scale.iloc[0]
        rows.append(
            {
                **{column: first[column] for column in SCALE_COLUMNS},
                "n_scored": len(scale),
                "mean_similarity": float(np.mean(np.sum(vectors[a] * vectors[b], axis=1))),
                "opposite_key_share": _opposite_share(scale["key"].to_numpy()[a], scale["key"].to_numpy()[b]),
            }
        )
    columns = [*SCALE_COLUMNS, "n_scored", "mean_similarity", "opposite_key_share"]
    return pd.DataFrame(rows, columns=columns)


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    return float(np.corrcoef(rankdata(x), rankdata(y))[0, 1])


def _replicates(table: pd.DataFrame, weights: np.ndarray, group: np.ndarray) -> np.ndarray:
    """ρ in each construct resample: every scale drawn as often as its construct."""
    x, y = table["implied_r"].to_numpy(), table["mean_similarity"].to_numpy()
    picks = [np.repeat(np.arange(len(table)), counts[group].astype(int)) for counts in weights]
    return np.array([_spearman(x[p], y[p]) for p in picks])


def _leading(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``table`` with ``columns`` first."""
    return table[columns + [c for c in table.columns if c not in columns]]


def _interval(replicates: np.ndarray) -> dict[str, float]:
    low, high = percentile_interval(replicates)
    return {"ci_low": low, "ci_high": high, "p_value": bootstrap_p_value(replicates)}


def reliability_tables(
    scale_items: pd.DataFrame,
    item_sets: dict[str, ItemSet],
    roles: dict[str, str],
    n_resamples: int,
    seed: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(summary, per scale) of every model in ``roles`` on one item set, under each model's
    embeddings (``item_sets``).

    Summary: per model the scales and constructs scored, Spearman's ρ between implied r̄ and
    mean cosine with its 95 % construct-bootstrap interval and bootstrap p-value; for every
    model but the selected one, the selected model's ρ minus this model's with the interval and
    p-value of the differences on the same resamples (paired). Per scale: ``scale_similarities``
    of every model, keyed by model and role.
    """
    per_scale = {model: scale_similarities(scale_items, item_sets[model]) for model in roles}
    selected = next(model for model, role in roles.items() if role == "selected")
    constructs = sorted(per_scale[selected]["construct"].unique())
    weights = bootstrap_weights(len(constructs), n_resamples, seed)
    rho, replicates = {}, {}
    for model, table in per_scale.items():
        rho[model] = _spearman(table["implied_r"].to_numpy(), table["mean_similarity"].to_numpy())
        group = table["construct"].map({c: i for i, c in enumerate(constructs)}).to_numpy(dtype=int)
        replicates[model] = _replicates(table, weights, group)
    rows = []
    for model, role in roles.items():
        difference = {
            "selected_minus_this": np.nan,
            "difference_ci_low": np.nan,
            "difference_ci_high": np.nan,
            "difference_p_value": np.nan,
        }
        if model != selected:
            paired = _interval(replicates[selected] - replicates[model])
            difference = {
                "selected_minus_this": rho[selected] - rho[model],
                **{f"difference_{k}": v for k, v in paired.items()},
            }
        rows.append(
            {
                "model": model,
                "role": role,
                "n_scales": len(per_scale[model]),
                "n_constructs": len(constructs),
                "spearman_rho": rho[model],
                **_interval(replicates[model]),
                **difference,
            }
        )
    scale_table = pd.concat(
        [table.assign(model=model, role=roles[model]) for model, table in per_scale.items()],
        ignore_index=True,
    )
    return pd.DataFrame(rows), _leading(scale_table, ["model", "role"])


def reliability_checks(
    items: dict[str, pd.DataFrame],
    sets,
    embeddings: dict[str, dict],
    roles: dict[str, str],
    settings: dict,
    seed: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``reliability_tables`` of every (dataset, split, scored items) in ``sets``
    (``evaluation_sets``), stacked with their dataset and split after model and role.

    ``items``: every dataset's whole item table, which gives its scales' lengths;
    ``embeddings``: {model: {dataset: {text: vector}}}; ``settings``: the config's
    ``evaluation`` section (``center``, ``bootstrap_resamples``).
    """
    summaries, per_scale = [], []
    for dataset, split, scored in sets:
        item_sets = {
            model: make_item_set(scored, embeddings[model][dataset], center=settings["center"])
            for model in roles
        }
        summary, table = reliability_tables(
            scales(items[dataset]), item_sets, roles, settings["bootstrap_resamples"], seed
        )
        if summary["n_scales"].iloc[0] < 3:
            log.warning(
                "%s/%s: %d scale(s) with a reported alpha and %d or more scored items, too few for a "
                "rank correlation",
                dataset,
                split,
                summary["n_scales"].iloc[0],
                MIN_SCORED_ITEMS,
            )
        summaries.append(summary.assign(dataset=dataset, split=split))
        per_scale.append(table.assign(dataset=dataset, split=split))
    first = ["model", "role", "dataset", "split"]
    return _leading(pd.concat(summaries, ignore_index=True), first), _leading(
        pd.concat(per_scale, ignore_index=True), first
    )
