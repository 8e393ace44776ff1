"""A target's constructs as the model reads them, beside how their scores correlate.

With survey data (or a meta-analysis) a researcher knows how strongly the constructs' scale
scores correlate. Do the construct pairs the model reads as alike correlate more strongly? The
pairs share constructs, so they are not independent points: the correlation between the two
views is tested by a Mantel test, relabelling the constructs of the observed matrix.
"""

import itertools
import logging
import math
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from .analysis import construct_similarity
from .errors import InputError
from .items import as_construct_names, warn_of_unknown_names
from .metrics import ItemSet
from .tables import DECIMAL_COMMA, list_number, normalise_text, number_only, read_table, without_list_number

log = logging.getLogger(__name__)

MIN_PAIRS = 3


def _correlation(cell: str, path: Path, row: int, column: str) -> float:
    """One cell as a correlation, as published tables print them: a decimal comma, a
    typographic minus and significance marks (0.45**, .31†) accepted; an empty cell is missing."""
    text = cell.strip().rstrip("*†‡").strip().replace("\u2212", "-")
    if not text:
        return np.nan
    try:
        value = float(text.replace(",", ".") if DECIMAL_COMMA.match(text) else text)
    except ValueError:
        raise InputError(path, f"row {row}, column '{column}': {cell!r} is not a number") from None
    if not -1 <= value <= 1:
        raise InputError(path, f"row {row}, column '{column}': {value} is no correlation (outside -1 to 1)")
    return value


def _twice(names: list[str]) -> list[str]:
    """Names given more than once; empty ones (a blank column or row) are no names."""
    return sorted({name for name in names if name and names.count(name) > 1})


def _construct_names(frame: pd.DataFrame, path: Path) -> tuple[list[str], list[str]]:
    """The names of a correlation table's rows (its first column) and columns, as a paper's
    table writes them too: rows numbered ("1. Servant"), the number left out, and columns named
    only by those numbers ("1", "2", …), each read as the row of its number."""
    numbered = [normalise_text(name) for name in frame.iloc[:, 0]]
    rows = [without_list_number(name) for name in numbered]
    by_number = {list_number(raw): name for raw, name in zip(numbered, rows, strict=True) if raw != name}
    columns = [normalise_text(str(name)) for name in frame.columns[1:]]
    numbers = [number_only(name) for name in columns]
    if by_number and any(numbers) and all(n in by_number for n in numbers if n):
        log.info("%s: rows numbered and columns named by those numbers (1, 2, …), read as their rows", path)
        columns = [by_number.get(n, name) if n else name for n, name in zip(numbers, columns, strict=True)]
    return rows, columns


def read_correlations(path: str | Path, constructs: list[str], template: str = "{}") -> pd.DataFrame:
    """Observed correlations between a target's constructs, one row per pair (construct_a,
    construct_b, r), pairs in the order of ``constructs``.

    The file is a square table (any format ``read_table`` reads): the first column and the
    header row name the constructs. The full matrix or one triangle (the other left empty) will
    do; the diagonal is ignored. A name that differs from a construct's only in case, spacing or
    punctuation, or from its name as the target's ``template`` reads it, is read as it
    (``items.as_construct_names``); names that are not constructs of
    the target (other variables of a study's correlation table) are left out with a warning, as
    are constructs the table lacks.
    """
    path = Path(path)
    frame = read_table(path, [])
    rows, columns = _construct_names(frame, path)
    named = as_construct_names(rows + columns, constructs, str(path), template)  # one reading, logged once
    row_names, column_names = named[: len(rows)], named[len(rows) :]
    for kind, names in (("row", row_names), ("column", column_names)):
        if _twice(names):
            raise InputError(path, f"{kind} name(s) given twice: {', '.join(_twice(names))}")
    wanted = set(constructs)  # cells of other variables (an M or SD column, age) are not read
    values = {
        (row_name, column): _correlation(cell, path, row, column)
        for row, row_name, cells in zip(frame.index, row_names, frame.iloc[:, 1:].to_numpy(), strict=True)
        for column, cell in zip(column_names, cells, strict=True)
        if row_name in wanted and column in wanted and row_name != column  # a diagonal of 1 or "—"
    }
    named = set(row_names) | set(column_names)
    unknown = sorted(named - set(constructs) - {""})
    warn_of_unknown_names(named, constructs, path)
    rows = []
    for a, b in itertools.combinations(constructs, 2):
        given = [r for r in (values.get((a, b), np.nan), values.get((b, a), np.nan)) if not np.isnan(r)]
        if len(given) == 2 and not math.isclose(*given, abs_tol=1e-9):
            raise InputError(path, f"not symmetric: {a} with {b} is {given[0]}, {b} with {a} is {given[1]}")
        if given:
            rows.append({"construct_a": a, "construct_b": b, "r": given[0]})
    table = pd.DataFrame(rows, columns=["construct_a", "construct_b", "r"])
    absent = sorted(set(constructs) - set(table["construct_a"]) - set(table["construct_b"]))
    if absent:
        log.warning("%s: no correlation for construct(s) %s", path, ", ".join(absent))
    if len(table) < MIN_PAIRS:
        unmatched = f"; the table's other names: {', '.join(unknown)}" if unknown else ""
        raise InputError(
            path,
            f"correlations for {len(table)} pair(s) of the target's constructs; at least {MIN_PAIRS} "
            f"are needed (constructs: {', '.join(constructs)}{unmatched})",
        )
    return table


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's ρ (ties get mean ranks); undefined (nan) when either side does not vary, or
    there are fewer than two pairs."""
    if len(x) < 2:
        return np.nan
    rx, ry = rankdata(x), rankdata(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    scale = np.sqrt((rx**2).sum() * (ry**2).sum())
    return float(rx @ ry / scale) if scale > 0 else np.nan


def mantel_test(
    model_view: pd.Series, observed: pd.Series, n_permutations: int, seed: int
) -> tuple[float, float, int, bool]:
    """Spearman's ρ between two views of the same construct pairs (both indexed by
    (construct_a, construct_b)) and its two-sided Mantel p-value: the constructs of ``observed``
    are relabelled, every relabelling when there are at most ``n_permutations`` of them (exact),
    else ``n_permutations`` random ones. A pair without a value in either view (a construct
    pair without a separability) is left out, as if absent. Returns (rho, p, relabellings, exact)."""
    known = observed.notna().to_numpy() & model_view.reindex(observed.index).notna().to_numpy()
    observed = observed[known]
    names = sorted(set(observed.index.get_level_values(0)) | set(observed.index.get_level_values(1)))
    where = {name: i for i, name in enumerate(names)}
    matrix = np.full((len(names), len(names)), np.nan)
    for (a, b), value in observed.items():
        matrix[where[a], where[b]] = matrix[where[b], where[a]] = value
    first = np.array([where[a] for a, _ in observed.index])
    second = np.array([where[b] for _, b in observed.index])
    x = model_view.loc[observed.index].to_numpy(dtype=float)
    rho = spearman(x, observed.to_numpy(dtype=float))
    exact = math.factorial(len(names)) <= n_permutations
    if exact:
        orders = np.array(list(itertools.permutations(range(len(names)))))
    else:
        rng = np.random.default_rng(seed)
        orders = np.array([rng.permutation(len(names)) for _ in range(n_permutations)])
    if np.isnan(rho):  # no spread in one of the two views: nothing to test
        return rho, np.nan, len(orders), exact
    # relabelling permutes the observed values among the pairs, and so their ranks: rank once
    ranks = np.full_like(matrix, np.nan)
    ranks[first, second] = ranks[second, first] = rankdata(observed.to_numpy(dtype=float))
    x_ranks = rankdata(x) - (len(x) + 1) / 2
    scale = np.linalg.norm(x_ranks) * np.linalg.norm(ranks[first, second] - (len(x) + 1) / 2)
    null = np.empty(len(orders))
    for k, order in enumerate(orders):  # one at a time: a large item bank has ~30,000 pairs
        moved = ranks[order[first], order[second]]
        if np.isnan(moved).any():  # moved onto pairs without a correlation (an incomplete table):
            row = matrix[order[first], order[second]]  # ρ over the pairs it does cover
            null[k] = spearman(x[~np.isnan(row)], row[~np.isnan(row)])
        else:
            null[k] = x_ranks @ (moved - (len(x) + 1) / 2) / scale
    extreme = np.sum(np.abs(np.nan_to_num(null)) >= abs(rho) - 1e-12)
    p_value = extreme / len(orders) if exact else (extreme + 1) / (n_permutations + 1)
    return rho, float(p_value), len(orders), exact


def mantel_row(model_view: pd.Series, observed: pd.Series, n_permutations: int, seed: int) -> dict:
    """``mantel_test`` as a row of a summary table, with ``smallest_p``, the smallest p-value the
    test as run can give."""
    rho, p_value, relabellings, exact = mantel_test(model_view, observed, n_permutations, seed)
    return {
        "spearman_rho": round(rho, 6),
        "p_value": p_value,
        "relabellings": relabellings,
        "exact": exact,
        "smallest_p": 1 / relabellings if exact else 1 / (relabellings + 1),
    }


def _pair_similarity(item_set: ItemSet, index: pd.MultiIndex) -> pd.Series:
    """Mean cosine between the items of each (construct_a, construct_b) pair of ``index``."""
    similarity = construct_similarity(item_set)
    return pd.Series([similarity.loc[a, b] for a, b in index], index=index, dtype=float)


def correlation_tests(similarity: pd.Series, r: pd.Series, n_permutations: int, seed: int) -> list[dict]:
    """Spearman's ρ of a model's pair ``similarity`` with |r| and with r (both indexed by
    pair), each with its Mantel test."""
    n_constructs = len(set(r.index.get_level_values(0)) | set(r.index.get_level_values(1)))
    rows = []
    for measure, observed in (("abs_r", r.abs()), ("r", r)):
        rows.append(
            {
                "measure": measure,
                "n_constructs": n_constructs,
                "n_pairs": len(r),
                **mantel_row(similarity, observed, n_permutations, seed),
            }
        )
    return rows


def empirical_agreement(
    item_sets: dict[str, ItemSet],
    selected: str,
    separability: pd.Series,
    correlations: pd.DataFrame,
    n_permutations: int,
    seed: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every model's view of the construct pairs with an observed correlation, beside it.

    Returns (pairs, summary). ``pairs``, under the ``selected`` model: ``r`` and ``abs_r``, the
    mean cosine between the two constructs' items (``similarity``), their ``separability``
    (0.5 = indistinguishable; ``separability``, the selected model's ``pair_separabilities``,
    which the run has at hand), and the ranks of ``similarity`` and ``abs_r`` among the pairs
    (1 = highest); ``rank_gap`` = abs_r_rank − similarity_rank, positive where the model reads the
    pair as more alike than its correlation ranks it. ``summary``, per model (the selected one
    first): Spearman's ρ of similarity with ``abs_r`` (strength, whatever the direction:
    embeddings read what items are about more than which way they point) and with ``r``, each
    with its Mantel p-value and ``smallest_p``, the smallest p-value the test as run can give
    (1/6 for three constructs: too few for any test)."""
    index = pd.MultiIndex.from_frame(correlations[["construct_a", "construct_b"]])
    r = pd.Series(correlations["r"].to_numpy(), index=index)
    similarity = {model: _pair_similarity(item_set, index) for model, item_set in item_sets.items()}
    pairs = correlations.assign(
        abs_r=correlations["r"].abs(),
        similarity=similarity[selected].to_numpy(),
        separability=separability.loc[index].to_numpy(),
    )
    pairs["similarity_rank"] = rankdata(-pairs["similarity"], method="min")
    pairs["abs_r_rank"] = rankdata(-pairs["abs_r"], method="min")
    pairs["rank_gap"] = pairs["abs_r_rank"] - pairs["similarity_rank"]
    models = [selected, *sorted(set(item_sets) - {selected})]
    summary = pd.DataFrame(
        [
            {"model": model, "selected": model == selected, **row}
            for model in models
            for row in correlation_tests(similarity[model], r, n_permutations, seed)
        ]
    )
    pairs = pairs.round({"similarity": 6, "separability": 6})
    return pairs.sort_values("similarity", ascending=False, kind="stable"), summary
