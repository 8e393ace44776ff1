import logging

import pandas as pd
import pytest

from constructlens.errors import InputError
from constructlens.ipip import clean_ipip
from constructlens.items import construct_stats
from constructlens.tables import parse_csv


def raw(rows: list[str]) -> pd.DataFrame:
    return parse_csv("instrument,alpha,key,text,label\n" + "\n".join(rows) + "\n", "raw.csv")


def test_real_ipip_counts(ipip_items):
    assert len(ipip_items) == 3804  # 3805 rows minus one item listed twice for Warmth
    twice = ipip_items[ipip_items["instrument"].str.contains(" | ", regex=False)]
    assert twice[["construct", "instrument"]].values.tolist() == [["Warmth", "AB5C | IPIP-IPC"]]
    assert ipip_items["construct"].nunique() == 246
    assert ipip_items["text"].nunique() == 1954
    # 702 without folding curly apostrophes; folding reveals BFAS copies of shared items
    assert ipip_items.loc[ipip_items["multi_construct"], "text"].nunique() == 701


def test_mac_roman_text_is_decoded_not_mangled(ipip_items):
    texts = set(ipip_items["text"])
    assert "Am not interested in other people's problems." in texts
    assert not any("Õ" in t or "Ê" in t or "\u00a0" in t for t in texts)


def test_item_shared_across_instruments_is_one_text(ipip_items):
    constructs = set(ipip_items.loc[ipip_items["text"] == "Feel others' emotions.", "construct"])
    assert {"Compassion", "Warmth", "Empathy"} <= constructs
    assert (
        ipip_items.loc[ipip_items["text"] == "Feel others' emotions.", "n_constructs"]
        .eq(len(constructs))
        .all()
    )


def test_columns_and_types(ipip_items):
    assert {"construct", "text", "instrument", "alpha", "key", "n_constructs", "multi_construct"} <= set(
        ipip_items.columns
    )
    assert set(ipip_items["key"]) == {-1, 0, 1}
    assert ipip_items["alpha"].dropna().between(0, 1).all()
    reported = ipip_items.set_index("alpha_reported")["alpha"]
    assert reported["0.83,0.85"].iloc[0] == pytest.approx(0.84)
    assert reported[["1994", "12", "."]].isna().all()


def test_blank_rows_and_whitespace():
    items = clean_ipip(
        raw(["A,0.8,1,  Act   wild. ,X", ",,,,", "A,.,-1,Am calm.,X", "A,0.7,1,Hi.,Y", "A,0.7,1,Yo.,Y"]),
        "raw.csv",
    )
    assert items["text"].tolist() == ["Act wild.", "Am calm.", "Hi.", "Yo."]
    assert items["alpha"].isna().tolist() == [False, True, False, False]


def test_construct_with_one_item_is_skipped_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING):
        items = clean_ipip(
            raw(["A,1,1,a.,X", "A,1,1,b.,X", "A,1,1,c.,Y", "A,1,1,d.,Y", "A,1,1,e.,Lonely"]), "raw.csv"
        )
    assert "Lonely" not in set(items["construct"])
    assert "Lonely" in caplog.text and "raw.csv" in caplog.text


def test_nothing_left_is_an_error():
    with pytest.raises(InputError, match="raw.csv: fewer than 2 constructs"):
        clean_ipip(raw(["A,1,1,a.,X", "A,1,1,b.,Y"]), "raw.csv")


def test_empty_text_is_an_error():
    with pytest.raises(InputError, match=r"raw.csv: 1 item\(s\) with empty text"):
        clean_ipip(raw(["A,1,1,a.,X", "A,1,1, ,X"]), "raw.csv")


def test_bad_key_is_an_error():
    with pytest.raises(InputError, match="column 'key' must be 1, -1 or 0; found 2"):
        clean_ipip(raw(["A,1,2,a.,X"]), "raw.csv")


def test_construct_stats(ipip_items):
    stats = construct_stats(ipip_items)
    assert len(stats) == 246
    assert stats["n_items"].sum() == len(ipip_items)
    row = stats.set_index("construct").loc["Compassion"]
    assert row["n_multi_construct_items"] > 0 and "BFAS" in row["instruments"]
    warmth = stats.set_index("construct").loc["Warmth", "instruments"].split(";")
    assert {"AB5C", "IPIP-IPC"} <= set(warmth) and not any("|" in name for name in warmth)
