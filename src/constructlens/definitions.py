"""Items beside their constructs' definitions: does each item read most like the definition of
its own construct?

Content-validation studies ask judges to sort items to construct definitions: the share of
judges who place an item under its intended construct (Anderson & Gerbing, 1991), or how much
better an item matches its own definition than the others (definitional correspondence and
distinctiveness; Colquitt, Sabey, Rodell & Hill, 2019). Here the model is the judge: an item's
cosine with every definition. Items listed under several constructs are left out, since
either of their definitions is right. Whether items find their own definitions more often than
chance is tested by shuffling which definition belongs to which construct.
"""

import itertools
import logging
import math
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError
from .items import as_construct_names, warn_of_unknown_names
from .tables import normalise_text, read_table, row_numbers, without_list_number

log = logging.getLogger(__name__)

DEFINITION_COLUMNS = ["construct", "definition"]
MIN_DEFINED = 2


def read_definitions(path: str | Path, constructs: list[str]) -> pd.Series:
    """Construct → definition, for the target's ``constructs`` that the table at ``path``
    (columns construct and definition, any format ``read_table`` reads; a list number before a
    name, "1. Servant", left out; a name differing from a construct's only in case, spacing or
    punctuation read as it, but not one read through the target's name template, so that a new
    template re-encodes no definition) defines, in their order.
    A construct given twice or a missing definition is an error; definitions of other names, and
    constructs without one, are left out with a warning."""
    frame = read_table(path, DEFINITION_COLUMNS)
    names = frame["construct"].fillna("").astype(str).map(normalise_text)
    names = names.map(without_list_number)  # "1. Servant" → "Servant"
    names = pd.Series(as_construct_names(names.tolist(), constructs, str(path)), index=names.index)
    texts = frame["definition"].fillna("").astype(str).map(normalise_text)
    empty = names.eq("") | texts.eq("")
    if empty.any():
        raise InputError(path, f"a construct or its definition is empty in {row_numbers(frame.index[empty])}")
    twice = sorted(set(names[names.duplicated()]))
    if twice:
        raise InputError(path, f"construct(s) defined more than once: {', '.join(twice)}")
    given = dict(zip(names, texts, strict=True))
    warn_of_unknown_names(given, constructs, path)
    undefined = [c for c in constructs if c not in given]
    if undefined:
        log.warning("%s: no definition for construct(s) %s, left out", path, ", ".join(undefined))
    defined = [c for c in constructs if c in given]
    if len(defined) < MIN_DEFINED:
        raise InputError(
            path,
            f"defines {len(defined)} of the target's constructs; at least {MIN_DEFINED} are needed "
            f"(constructs: {', '.join(constructs)})",
        )
    return pd.Series([given[c] for c in defined], index=defined, name="definition")


def single_construct_items(items: pd.DataFrame, defined: list[str]) -> pd.DataFrame:
    """(construct, text) rows of texts listed under one construct only, that construct defined."""
    single = items[~items["multi_construct"]]
    return single[single["construct"].isin(defined)].drop_duplicates(["construct", "text"])


def cosines(
    items: pd.DataFrame, item_vectors: dict, definition_vectors: dict, defined: list[str]
) -> np.ndarray:
    """Items × definitions cosine matrix, rows in the order of ``items``, columns of ``defined``."""
    rows = np.stack([item_vectors[text] for text in items["text"]]).astype(np.float64)
    columns = np.stack([definition_vectors[c] for c in defined]).astype(np.float64)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    columns /= np.linalg.norm(columns, axis=1, keepdims=True)
    return rows @ columns.T


def item_correspondence(items: pd.DataFrame, similarity: np.ndarray, defined: list[str]) -> pd.DataFrame:
    """Per item (``single_construct_items``, ``similarity`` from ``cosines``): the cosine with
    its own construct's definition (``own_cosine``), the mean with the others' (its
    distinctiveness is ``own_cosine - mean_other_cosine``), the nearest other definition and its
    cosine, the ``margin`` between own and nearest other, the ``rank`` of its own definition (1 =
    the nearest) and whether it ``fits`` (rank 1); worst margin first."""
    own = items["construct"].map({c: k for k, c in enumerate(defined)}).to_numpy()
    rows = np.arange(len(items))
    own_cosine = similarity[rows, own]
    others = similarity.copy()
    others[rows, own] = -np.inf
    nearest = others.argmax(axis=1)
    rank = 1 + (similarity > own_cosine[:, None]).sum(axis=1)
    table = pd.DataFrame(
        {
            "construct": items["construct"].to_numpy(),
            "text": items["text"].to_numpy(),
            "own_cosine": own_cosine,
            "mean_other_cosine": (similarity.sum(axis=1) - own_cosine) / (len(defined) - 1),
            "nearest_other": np.asarray(defined)[nearest],
            "nearest_other_cosine": similarity[rows, nearest],
            "margin": own_cosine - similarity[rows, nearest],
            "rank": rank,
            "fits": rank == 1,
        }
    )
    return table.sort_values(["margin", "construct", "text"], kind="stable").reset_index(drop=True)


def correspondence_summary(correspondence: pd.DataFrame, defined: list[str]) -> pd.DataFrame:
    """Per defined construct: its items, how many read most like its own definition, their mean
    rank of it and mean margin, and the definition its other items lean towards most."""
    rows = []
    for construct in defined:
        own = correspondence[correspondence["construct"] == construct]
        astray = own.loc[~own["fits"], "nearest_other"].value_counts()
        rows.append(
            {
                "construct": construct,
                "n_items": len(own),
                "n_fit": int(own["fits"].sum()),
                "share_fit": own["fits"].mean() if len(own) else np.nan,
                "mean_rank": own["rank"].mean() if len(own) else np.nan,
                "mean_margin": own["margin"].mean() if len(own) else np.nan,
                "leans_to": astray.index[0] if len(astray) else "",
                "n_leaning": int(astray.iloc[0]) if len(astray) else 0,
            }
        )
    return pd.DataFrame(rows)


def nearest_definitions(correspondence: pd.DataFrame) -> pd.Series:
    """Each item's nearest definition: its own where it fits, else the nearest other."""
    return correspondence["construct"].where(correspondence["fits"], correspondence["nearest_other"])


def nearest_definition_shares(correspondence: pd.DataFrame, defined: list[str]) -> pd.DataFrame:
    """Construct (rows) × definition (columns): the share of the construct's items whose nearest
    definition is that one; the diagonal is the share that fits."""
    counts = pd.crosstab(correspondence["construct"], nearest_definitions(correspondence))
    table = counts.reindex(index=defined, columns=defined, fill_value=0)
    return table.div(table.sum(axis=1).replace(0, np.nan), axis=0)


def correspondence_test(correspondence: pd.DataFrame, defined: list[str], n_permutations: int, seed: int):
    """Share of items whose nearest definition is their own, chance (1 / definitions) and a
    one-sided p-value from reassigning the definitions to the constructs: every assignment when
    there are at most ``n_permutations`` (exact), else that many at random, p = (as many or more
    fitting + 1) / (permutations + 1). Returns (share, chance, p, exact)."""
    index = {c: k for k, c in enumerate(defined)}
    own = correspondence["construct"].map(index).to_numpy()
    nearest = nearest_definitions(correspondence).map(index).to_numpy()
    n_definitions = len(defined)
    observed = float(np.mean(own == nearest))
    exact = math.factorial(n_definitions) <= n_permutations
    if exact:
        assignments = np.array(list(itertools.permutations(range(n_definitions))))
        shares = (assignments[:, own] == nearest).mean(axis=1)
        p_value = float(np.mean(shares >= observed - 1e-12))
    else:
        rng = np.random.default_rng(seed)
        assignments = np.argsort(rng.random((n_permutations, n_definitions)), axis=1)
        shares = (assignments[:, own] == nearest).mean(axis=1)
        p_value = float((np.sum(shares >= observed - 1e-12) + 1) / (n_permutations + 1))
    return observed, 1 / n_definitions, p_value, exact


def models_against_definitions(
    correspondences: dict[str, pd.DataFrame],
    defined: list[str],
    selected: str,
    n_permutations: int,
    seed: int,
) -> pd.DataFrame:
    """Per model (the ``selected`` one first), from its ``item_correspondence``: how many items
    read most like their own definition, the share, chance and the test's p-value
    (``correspondence_test``), and the mean margin over the nearest other definition."""
    rows = []
    for model in [selected, *sorted(set(correspondences) - {selected})]:
        correspondence = correspondences[model]
        share, chance, p_value, exact = correspondence_test(correspondence, defined, n_permutations, seed)
        rows.append(
            {
                "model": model,
                "selected": model == selected,
                "n_items": len(correspondence),
                "n_definitions": len(defined),
                "n_fit": int(correspondence["fits"].sum()),
                "share_fit": share,
                "chance": chance,
                "p_value": p_value,
                "exact": exact,
                "mean_margin": correspondence["margin"].mean(),
            }
        )
    return pd.DataFrame(rows)
