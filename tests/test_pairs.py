import hashlib
from math import comb

import pandas as pd
import pytest

from constructlens.pairs import all_pairs, balance_target, build_pairs, pair_stats


def file_digest(frame: pd.DataFrame, path) -> str:
    frame.to_parquet(path, index=False)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_uncapped_count_is_sum_of_n_choose_2(ipip_items):
    pairs = build_pairs(ipip_items, method="none", seed=1)
    expected = sum(comb(n, 2) for n in ipip_items.groupby("construct")["text"].nunique())
    assert len(pairs) == expected == len(all_pairs(ipip_items))
    assert (pairs["anchor"] != pairs["positive"]).all()


def test_pairs_are_within_one_construct(ipip_items):
    pairs = build_pairs(ipip_items, method="none", seed=1).sample(500, random_state=0)
    members = set(zip(ipip_items["construct"], ipip_items["text"], strict=True))
    assert all((c, a) in members and (c, p) in members for a, p, c in pairs.itertuples(index=False))


def test_order_inside_pairs_is_random(ipip_items):
    pairs = build_pairs(ipip_items, method="none", seed=1)
    anchor_first = (pairs["anchor"] < pairs["positive"]).mean()
    assert 0.45 < anchor_first < 0.55


def test_sampling_balances_constructs(ipip_items):
    counts = all_pairs(ipip_items).groupby("construct").size()
    target = balance_target(counts, 20, 200)
    assert target == round(counts.sum() / len(counts))
    pairs = build_pairs(ipip_items, method="sampling", min_pairs=20, max_pairs=200, seed=3)
    kept = pairs.groupby("construct").size()
    assert (kept == counts.clip(upper=target)).all()
    oversampled = build_pairs(
        ipip_items, method="sampling", min_pairs=20, max_pairs=200, oversample=True, seed=3
    )
    assert (oversampled.groupby("construct").size() == target).all()


def test_target_is_clamped():
    counts = pd.Series([1, 1, 1000])
    assert balance_target(counts, 400, 10_000) == 400
    assert balance_target(counts, 1, 100) == 100


def test_cap_and_both(ipip_items):
    capped = build_pairs(ipip_items, method="cap", cap=7, seed=3)
    assert capped.groupby("construct").size().max() == 7
    both = build_pairs(ipip_items, method="both", min_pairs=5, max_pairs=50, cap=10, oversample=True, seed=3)
    assert (both.groupby("construct").size() == 10).all()
    with pytest.raises(ValueError, match="needs a positive 'cap'"):
        build_pairs(ipip_items, method="cap", seed=3)
    with pytest.raises(ValueError, match="min_pairs 60 is above max_pairs 50"):
        build_pairs(ipip_items, method="sampling", min_pairs=60, max_pairs=50, seed=3)


def test_same_seed_gives_byte_identical_file(ipip_items, tmp_path):
    first = build_pairs(ipip_items, method="sampling", min_pairs=20, max_pairs=200, seed=5)
    second = build_pairs(ipip_items, method="sampling", min_pairs=20, max_pairs=200, seed=5)
    other = build_pairs(ipip_items, method="sampling", min_pairs=20, max_pairs=200, seed=6)
    assert file_digest(first, tmp_path / "a.parquet") == file_digest(second, tmp_path / "b.parquet")
    assert file_digest(first, tmp_path / "a.parquet") != file_digest(other, tmp_path / "c.parquet")


def test_stats(ipip_items):
    pairs = build_pairs(ipip_items, method="cap", cap=7, seed=3)
    stats = pair_stats(ipip_items, pairs).set_index("construct")
    assert stats["n_pairs"].sum() == len(pairs)
    assert (stats["n_possible_pairs"] == stats["n_items"] * (stats["n_items"] - 1) // 2).all()
    assert (stats["n_distinct_pairs"] == stats["n_pairs"]).all()


def test_name_pairs_pair_every_item_with_its_construct_name(ipip_items):
    pairs = build_pairs(ipip_items, method="sampling", min_pairs=20, max_pairs=200, seed=4, positives="names")
    distinct = ipip_items[["construct", "text"]].drop_duplicates()
    assert len(pairs) == len(distinct)
    assert (pairs["positive"] == pairs["construct"]).all()
    assert set(zip(pairs["construct"], pairs["anchor"], strict=True)) == set(
        zip(distinct["construct"], distinct["text"], strict=True)
    )


def test_both_adds_name_pairs_to_the_unchanged_item_pairs(ipip_items, tmp_path):
    settings = {"method": "sampling", "min_pairs": 20, "max_pairs": 200, "seed": 4}
    items_only = build_pairs(ipip_items, **settings)
    both = build_pairs(ipip_items, **settings, positives="both")
    named = both["positive"] == both["construct"]
    assert named.sum() == len(ipip_items[["construct", "text"]].drop_duplicates())
    key = ["anchor", "positive", "construct"]
    pd.testing.assert_frame_equal(
        both[~named].sort_values(key).reset_index(drop=True),
        items_only.sort_values(key).reset_index(drop=True),
    )
    again = build_pairs(ipip_items, **settings, positives="both")
    assert file_digest(both, tmp_path / "a.parquet") == file_digest(again, tmp_path / "b.parquet")
    stats = pair_stats(ipip_items, both).set_index("construct")
    assert stats["n_pairs"].sum() == (~named).sum()
    assert (stats["n_name_pairs"] == stats["n_items"]).all()


def test_unknown_positives_are_refused(ipip_items):
    with pytest.raises(ValueError, match="unknown positives 'labels'; choose one of items, names, both"):
        build_pairs(ipip_items, method="none", positives="labels")
