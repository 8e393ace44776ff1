"""The one look at held-out IPIP test data: the selected model and the baselines scored on IPIP
test, each target compared with it (and with every other target), the selected model against
the baselines on the same items, how each model treats reverse-keyed items, how alike it
finds a construct's items within one questionnaire and across questionnaires, and among items
of like length."""

import logging
from dataclasses import dataclass
from itertools import combinations

import pandas as pd

from .comparison import compare, matched_comparison, selected_vs_baselines
from .evaluation import evaluate_item_sets, result_tables, scored_sets
from .keying import keying_tables
from .lengths import length_tables, like_length
from .measures import like_for_like, measure_tables
from .prose import possessive
from .relabelling import RELABELLED, relabelled_differences

log = logging.getLogger(__name__)

REFERENCE = ("ipip", "test")


@dataclass(frozen=True)
class FinalTables:
    metrics: pd.DataFrame  # IPIP test metrics of every model, long format
    per_construct: pd.DataFrame  # IPIP test AUC of every construct under every model
    comparisons: dict[str, pd.DataFrame]  # target → IPIP test against the target, every model
    between_targets: dict[tuple[str, str], pd.DataFrame]  # (a, b) → target a against target b
    matched: dict[str, pd.DataFrame]  # target → against IPIP test constructs drawn to match it
    keying: pd.DataFrame
    measures: pd.DataFrame
    lengths: pd.DataFrame
    selected_vs_baselines: pd.DataFrame


def models_first(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """The tables of every model stacked, model and role as their first columns."""
    table = pd.concat(tables, ignore_index=True)
    return table[["model", "role"] + [c for c in table.columns if c not in ("model", "role")]]


def _relabelled_comparison(evaluated, item_sets, first, second, settings: dict, seed: int, workers: int):
    """Item set ``first`` against ``second`` on every metric, with the relabelling test of
    ``settings['relabellings']`` relabellings of constructs between the two."""
    differences = relabelled_differences(
        item_sets[first], item_sets[second], settings["relabellings"], seed, workers
    )
    relabelled = {name: differences[:, i] for i, name in enumerate(RELABELLED)}
    return compare(evaluated[first][0], evaluated[second][0], relabelled)


def _target_comparison(
    evaluated, item_sets, subsets, lengths, target: str, settings: dict, seed: int, workers: int
):
    """IPIP test against one target on every metric, like for like where both name measures,
    and within each length band."""
    table = _relabelled_comparison(evaluated, item_sets, REFERENCE, (target, "all"), settings, seed, workers)
    parts = [table, like_length(lengths["ipip"], lengths[target])]
    if "ipip" in subsets and target in subsets:
        parts.insert(1, like_for_like(subsets["ipip"], subsets[target]))
    return pd.concat(parts, ignore_index=True).rename(columns={"first": "ipip_test", "second": target})


def _note_matching(target: str, matched: pd.DataFrame, n_draws: int) -> None:
    """Say how a target's matched comparison was drawn when it is not the usual way (as many
    held-out IPIP test constructs as the target has): the target's constructs were drawn
    instead, or there was nothing to draw (``n_draws``: the draws asked for)."""
    row = matched.iloc[0]
    if not n_draws:
        return
    held_out = f"the {row['n_reference_constructs']} held-out IPIP test constructs of two or more texts"
    if row["n_draws"] == 0:
        ipip_short = row["drawn"] == "reference"
        log.warning(
            "%s: too few of %s to draw sets of equal size from: the reference columns of "
            "ipip_vs_%s_matched.tsv stay empty; ARI, NMI, AMI, purity and retrieval depend on "
            "the number of constructs, so compare those of %s with IPIP's with care%s",
            target,
            held_out if ipip_short else f"{possessive(target)} constructs of two or more texts",
            target,
            target,
            " (a larger splits.test_fraction holds out more IPIP constructs, and trains on fewer)"
            if ipip_short
            else "",
        )
    elif row["drawn"] == "target":
        log.info(
            "%s: %d constructs, more than %s, so ipip_vs_%s_matched.tsv draws %d of the "
            "target's constructs at a time and sets each draw beside all of IPIP's",
            target,
            row["n_target_constructs"],
            held_out,
            target,
            row["n_constructs"],
        )


def final_evaluation(
    sets, embeddings: dict[str, dict], roles: dict[str, str], settings: dict, seed: int, workers: int = 1
) -> FinalTables:
    """Every table of the final evaluation.

    ``sets``: ``evaluation_sets`` of IPIP test and of each target (part ``all``);
    ``embeddings``: {model: {dataset: {text: vector}}} of every model in ``roles``;
    ``settings``: the config's ``evaluation`` section; ``workers``: processes that share the
    size-matched draws and the relabellings (the tables are the same for any number).
    """
    targets = [dataset for dataset, _, _ in sets if dataset != "ipip"]
    best = next(model for model, role in roles.items() if role == "selected")
    permutations = settings["permutations"]
    metric_tables, construct_tables, keying, measures, lengths, evaluated_by_model = [], [], [], [], [], {}
    comparisons, matched = {t: [] for t in targets}, {t: [] for t in targets}
    between = {pair: [] for pair in combinations(targets, 2)}
    for model, role in roles.items():
        scored = scored_sets(sets, embeddings[model], settings["center"])
        item_sets = {(dataset, part): item_set for dataset, part, _, item_set in scored}
        evaluated = evaluated_by_model[model] = evaluate_item_sets(scored, settings, seed)
        metrics, per_construct = result_tables(model, {REFERENCE: evaluated[REFERENCE]})
        metric_tables.append(metrics)
        construct_tables.append(per_construct)
        keying.append(
            keying_tables(scored, settings["bootstrap_resamples"], seed).assign(model=model, role=role)
        )
        measure_table, subsets = measure_tables(scored, settings["bootstrap_resamples"], seed)
        measures.append(measure_table.assign(model=model, role=role))
        length_table, length_sets = length_tables(
            scored, settings["length_bands"], settings["bootstrap_resamples"], seed
        )
        lengths.append(length_table.assign(model=model, role=role))
        for target in targets:
            comparison = _target_comparison(
                evaluated, item_sets, subsets, length_sets, target, settings, seed, workers
            )
            comparisons[target].append(comparison.assign(model=model, role=role))
            table = matched_comparison(
                item_sets[REFERENCE],
                item_sets[(target, "all")],
                evaluated[(target, "all")][0],
                settings["matched_draws"],
                settings["kmeans_n_init"],
                seed,
                workers,
            )
            named = {
                column: column.replace("target", target, 1)
                for column in ("target", "target_low", "target_high")
            }
            matched[target].append(table.rename(columns=named).assign(model=model, role=role))
        for first, second in combinations(targets, 2):
            table = _relabelled_comparison(
                evaluated, item_sets, (first, "all"), (second, "all"), settings, seed, workers
            )
            table = table.rename(columns={"first": first, "second": second})
            between[first, second].append(table.assign(model=model, role=role))
    for target, tables in matched.items():
        _note_matching(target, tables[0], settings["matched_draws"])
    return FinalTables(
        metrics=pd.concat(metric_tables, ignore_index=True),
        per_construct=pd.concat(construct_tables, ignore_index=True),
        comparisons={target: models_first(tables) for target, tables in comparisons.items()},
        between_targets={pair: models_first(tables) for pair, tables in between.items()},
        matched={target: models_first(tables) for target, tables in matched.items()},
        keying=models_first(keying),
        measures=models_first(measures),
        lengths=models_first(lengths),
        selected_vs_baselines=selected_vs_baselines(evaluated_by_model, best, permutations, seed),
    )
