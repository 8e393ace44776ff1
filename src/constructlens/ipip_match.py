"""Target items that are IPIP items. IPIP is public domain, so questionnaires reuse its items;
a model fine-tuned on IPIP has then been trained on some of the items it scores."""

import pandas as pd

from .items import item_key

PARTS = ("train", "validation", "test", "excluded")
COLUMNS = ["construct", "text", "ipip_text", "ipip_constructs", "ipip_parts", "on_training_side"]


def items_from_ipip(items: pd.DataFrame, ipip_items: pd.DataFrame, assignment: pd.DataFrame) -> pd.DataFrame:
    """One row per target item (``construct``, ``text``) that is an IPIP item (``item_key``):
    its IPIP wording, the IPIP constructs that list it, the parts of the held-out split
    (``assignment``) its rows lie in, and ``on_training_side``: whether it is a training text,
    which fine-tuned models learn from (their pairs, TSDAE pre-training)."""
    ipip = ipip_items[["construct", "text"]].merge(assignment, on=["construct", "text"], how="left")
    by_key = {
        key: (
            rows["text"].iloc[0],
            "; ".join(sorted(rows["construct"].unique())),
            ", ".join(part for part in PARTS if (rows["split"] == part).any()),
            bool((rows["split"] == "train").any()),
        )
        for key, rows in ipip.groupby(ipip["text"].map(item_key), sort=True)
    }
    matched = [
        (row.construct, row.text, *by_key[key])
        for row in items.drop_duplicates(["construct", "text"]).itertuples()
        if (key := item_key(row.text)) in by_key
    ]
    return pd.DataFrame(matched, columns=COLUMNS).sort_values(["construct", "text"], ignore_index=True)
