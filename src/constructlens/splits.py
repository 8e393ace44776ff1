"""Leak-free train / validation / test splits of an item table.

Two schemes:

- ``construct``: whole constructs are held out (the situation of the leadership items: the
  model never saw these constructs);
- ``item``: items are held out within every construct.

A text that belongs to several constructs (701 IPIP texts do) never sits on two sides. Where it
goes is set by ``shared_texts``:

- ``train`` (default): it is a training text wherever one of its constructs is a training
  construct, and it is never evaluated (it has no single right construct); rows of it that
  cannot be training rows are ``excluded``;
- ``holdout``: it goes to the most held-out part among its constructs (test, then validation,
  then train) and is evaluated there; its rows in constructs of other parts are ``excluded``.
"""

import numpy as np
import pandas as pd

_PRIORITY = {"test": 0, "validation": 1, "train": 2}


def _part_sizes(n: int, validation: float, test: float) -> tuple[int, int, int]:
    n_test = int(round(n * test))
    n_validation = int(round(n * validation))
    if n_test + n_validation >= n:
        raise ValueError(f"split fractions leave no training data for {n} units")
    return n - n_validation - n_test, n_validation, n_test


SHARED_TEXT_POLICIES = ("train", "holdout")


def _place_shared_texts(out: pd.DataFrame, row_part: pd.Series, shared_texts: str) -> pd.Series:
    """Final part of each row given each row's tentative part (see module docstring)."""
    if shared_texts not in SHARED_TEXT_POLICIES:
        raise ValueError(f"unknown shared_texts {shared_texts!r}; choose 'train' or 'holdout'")
    shared = out.groupby("text")["construct"].transform("nunique") > 1
    if shared_texts == "train":
        return row_part.where(~shared | (row_part == "train"), "excluded")
    text_part = row_part.groupby(out["text"]).agg(lambda s: min(s, key=_PRIORITY.get))
    return row_part.where(out["text"].map(text_part) == row_part, "excluded")


def construct_split(
    items: pd.DataFrame, validation: float, test: float, seed: int, shared_texts: str = "train"
) -> pd.DataFrame:
    """Assign each (construct, text) row a ``split``: a part name or ``excluded``."""
    constructs = np.array(sorted(items["construct"].unique()))
    order = np.random.default_rng(seed).permutation(len(constructs))
    n_train, n_validation, _ = _part_sizes(len(constructs), validation, test)
    part_of = {}
    for rank, index in enumerate(order):
        part = "train" if rank < n_train else "validation" if rank < n_train + n_validation else "test"
        part_of[constructs[index]] = part
    out = items[["construct", "text"]].copy()
    out["split"] = _place_shared_texts(out, out["construct"].map(part_of), shared_texts)
    return out


def _item_quota(n_texts: int, validation: float, test: float) -> dict[str, int]:
    """Held-out texts a construct of ``n_texts`` gives up (none below three texts)."""
    if n_texts < 3:
        return {"test": 0, "validation": 0}
    _, n_validation, n_test = _part_sizes(n_texts, validation, test)
    return {"test": n_test, "validation": n_validation}


def item_split(
    items: pd.DataFrame, validation: float, test: float, seed: int, shared_texts: str = "train"
) -> pd.DataFrame:
    """Split texts within each construct.

    Constructs are visited in sorted order; each fills its test and validation quotas from its
    texts not yet placed (in a seeded random order), counting texts an earlier construct
    already placed. With ``shared_texts="train"``, texts of several constructs are training
    texts and neither count for nor fill a quota.
    """
    shared = items.groupby("text")["construct"].transform("nunique") > 1
    reserved = set(items.loc[shared, "text"]) if shared_texts == "train" else set()
    text_part = dict.fromkeys(reserved, "train")
    rng = np.random.default_rng(seed)
    for _, group in items.groupby("construct", sort=True):
        texts = group["text"].to_numpy()
        eligible = [text for text in texts if text not in reserved]
        quota = _item_quota(len(eligible), validation, test)
        for text in eligible:
            if text_part.get(text) in quota:
                quota[text_part[text]] -= 1
        for text in texts[rng.permutation(len(texts))]:
            if text not in text_part:
                part = next((p for p in ("test", "validation") if quota[p] > 0), "train")
                text_part[text] = part
                if part in quota:
                    quota[part] -= 1
    out = items[["construct", "text"]].copy()
    out["split"] = _place_shared_texts(out, out["text"].map(text_part), shared_texts)
    return out


def make_split(
    items: pd.DataFrame, scheme: str, validation: float, test: float, seed: int, shared_texts: str = "train"
) -> pd.DataFrame:
    """Dispatch on ``scheme`` (construct | item)."""
    if scheme == "construct":
        return construct_split(items, validation, test, seed, shared_texts)
    if scheme == "item":
        return item_split(items, validation, test, seed, shared_texts)
    raise ValueError(f"unknown split scheme {scheme!r}; choose 'construct' or 'item'")


def constructs_sharing_texts(items: pd.DataFrame) -> set[tuple[str, str]]:
    """Every (construct_a, construct_b), a < b, that scores one text in common: overlapping
    measures by the item pool's own record, whatever their names."""
    constructs_of = items.groupby("text")["construct"].agg(lambda names: sorted(set(names)))
    return {
        (a, b)
        for names in constructs_of[constructs_of.str.len() > 1]
        for i, a in enumerate(names)
        for b in names[i + 1 :]
    }


def split_items(items: pd.DataFrame, assignment: pd.DataFrame, part: str) -> pd.DataFrame:
    """Rows of ``items`` in ``part``; ``all`` is every row not ``excluded``."""
    if part == "all":
        chosen = assignment.loc[assignment["split"] != "excluded", ["construct", "text"]]
        return items.merge(chosen, on=["construct", "text"], how="inner")
    chosen = assignment.loc[assignment["split"] == part, ["construct", "text"]]
    return items.merge(chosen, on=["construct", "text"], how="inner")


def training_share(assignment: pd.DataFrame) -> pd.Series:
    """Per construct, the share of its distinct texts that are training texts (under any of
    their constructs): how much of its wording a model fine-tuned on this split learned from."""
    trained = set(assignment.loc[assignment["split"] == "train", "text"])
    texts = assignment.drop_duplicates(["construct", "text"])
    return texts["text"].isin(trained).groupby(texts["construct"]).mean().rename("training_share")


MIN_CONSTRUCTS_WITH_PAIRS = 10


def split_summary(assignment: pd.DataFrame, score_shared_texts: bool = False) -> pd.DataFrame:
    """Constructs, rows and distinct texts per part, and what held-out scoring gets from it:
    ``n_scored_texts`` (texts of one construct, or every text when ``score_shared_texts``) and
    ``n_constructs_with_pairs``, the constructs with at least two scored texts, on which every
    same-construct pair, and so pair AUC, rests."""
    shared = assignment.groupby("text")["construct"].transform("nunique") > 1
    scored = assignment[(~shared | score_shared_texts) & (assignment["split"] != "excluded")]
    per_construct = scored.groupby(["split", "construct"])["text"].nunique()
    grouped = assignment.groupby("split")
    return (
        pd.DataFrame(
            {
                "n_constructs": grouped["construct"].nunique(),
                "n_rows": grouped.size(),
                "n_texts": grouped["text"].nunique(),
                "n_scored_texts": scored.groupby("split")["text"].nunique(),
                "n_constructs_with_pairs": (per_construct >= 2).groupby("split").sum(),
            }
        )
        .fillna(0)
        .astype("int64")
        .reset_index()
    )


def thin_parts(summary: pd.DataFrame) -> list[str]:
    """A warning for each held-out part whose pair metrics rest on fewer than
    ``MIN_CONSTRUCTS_WITH_PAIRS`` constructs."""
    held_out = summary[summary["split"].isin(["validation", "test"])]
    return [
        f"{row.split}: only {row.n_constructs_with_pairs} construct(s) have two or more scored texts, "
        "so pair metrics and their intervals rest on them; raise splits.validation_fraction / "
        "test_fraction"
        for row in held_out.itertuples()
        if row.n_constructs_with_pairs < MIN_CONSTRUCTS_WITH_PAIRS
    ]
