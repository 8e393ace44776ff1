import logging

import pandas as pd
import pytest

from constructlens.errors import InputError
from constructlens.ipip import clean_ipip
from constructlens.items import construct_stats, item_key, one_wording_per_item
from constructlens.tables import parse_csv


def raw(rows: list[str]) -> pd.DataFrame:
    return parse_csv("instrument,alpha,key,text,label\n" + "\n".join(rows) + "\n", "raw.csv")


def test_real_ipip_counts(ipip_items):
    # 3805 rows, minus ten items an instrument lists under a construct another one already lists
    # it under, nine of them in another wording ("Often feel blue" beside "Often feel blue.")
    assert len(ipip_items) == 3795
    twice = ipip_items[ipip_items["instrument"].str.contains(" | ", regex=False)]
    assert len(twice) == 10
    assert twice.loc[twice["text"] == "Often feel blue.", ["construct", "instrument"]].values.tolist() == [
        ["Happiness", "AB5C | HPI"]
    ]
    assert ipip_items["construct"].nunique() == 246
    assert ipip_items["text"].nunique() == 1930
    # 702 without folding curly apostrophes; folding reveals BFAS copies of shared items
    assert ipip_items.loc[ipip_items["multi_construct"], "text"].nunique() == 700


def test_one_item_in_two_wordings_is_one_text(ipip_items):
    """Otherwise "Talk to a lot of different people at parties." (a training text) would have its
    copy without the full stop held out for validation."""
    texts = set(ipip_items["text"])
    assert "Talk to a lot of different people at parties." in texts
    assert "Talk to a lot of different people at parties" not in texts
    assert "Would never go hang gliding or bungee jumping." in texts
    assert "Would never go hang-gliding or bungee-jumping." not in texts
    assert ipip_items.groupby(ipip_items["text"].map(item_key))["text"].nunique().eq(1).all()


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
    with pytest.raises(InputError, match="column 'key' must be 1, -1 or 0 \\(or \\+, -, R\\); found '2'"):
        clean_ipip(raw(["A,1,2,a.,X"]), "raw.csv")


def test_construct_stats(ipip_items):
    stats = construct_stats(ipip_items)
    assert len(stats) == 246
    assert stats["n_items"].sum() == len(ipip_items)
    row = stats.set_index("construct").loc["Compassion"]
    assert row["n_multi_construct_items"] > 0 and "BFAS" in row["instruments"]
    warmth = stats.set_index("construct").loc["Warmth", "instruments"].split(";")
    assert {"AB5C", "IPIP-IPC"} <= set(warmth) and not any("|" in name for name in warmth)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Often feel blue.", "often feel blue"),
        ("Would never go hang-gliding.", "Would never go hang gliding."),
        ("Can't be bothered with others' needs.", "Can't be bothered with other's needs."),
        ("I am the life of the party.", "Am the life of the party."),
        ("I'm the life of the party.", "Am the life of the party."),
        ("I've a vivid imagination.", "Have a vivid imagination."),
    ],
)
def test_wordings_of_one_item_share_a_key(a, b):
    assert item_key(a) == item_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Often feel blue.", "Seldom feel blue."), ("Am calm.", "Am not calm."), ("I", "A")],
)
def test_different_items_have_different_keys(a, b):
    assert item_key(a) != item_key(b)


def test_of_equally_frequent_wordings_one_whose_quotes_pair_up_wins_then_a_sentence():
    # the leadership file has 'be "team players.' (a quote left open) and 'be "team players"'
    texts = ['Be "team players.', 'Be "team players"', "Am calm (mostly", "Am calm (mostly)"]
    texts += ['Say "ok"', 'Say "ok."']  # a full stop inside the closing quote ends a sentence too
    items = one_wording_per_item(pd.DataFrame({"text": texts}), "raw.csv")
    assert items["text"].tolist() == [
        'Be "team players"',
        'Be "team players"',
        "Am calm (mostly)",
        "Am calm (mostly)",
        'Say "ok."',
        'Say "ok."',
    ]


def test_wordings_of_one_item_become_its_most_frequent_wording(caplog):
    rows = ["A,0.8,1,Start conversations.,X", "B,.,1,Start conversations,X", "C,.,1,start conversations.,Y"]
    rows += ["A,0.8,1,Am calm.,X", "A,0.8,1,Hi.,Y"]
    with caplog.at_level(logging.WARNING):
        items = clean_ipip(raw(rows), "raw.csv")
    assert items[["construct", "text", "instrument"]].values.tolist() == [
        ["X", "Am calm.", "A"],
        ["X", "Start conversations.", "A | B"],
        ["Y", "Hi.", "A"],
        ["Y", "Start conversations.", "C"],
    ]
    assert items.set_index(["construct", "text"])["multi_construct"].loc[("Y", "Start conversations.")]
    assert "2 row(s) reworded as another wording of the same item" in caplog.text
    assert "'Start conversations' → 'Start conversations.'" in caplog.text
