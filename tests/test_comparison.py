import numpy as np
import pytest

from constructlens.comparison import COMPARED, compare, permutation_p_value
from constructlens.metrics import compute_metrics, make_item_set

from .test_metrics import SETTINGS, synthetic_items


def test_permutation_p_value():
    rng = np.random.default_rng(0)
    same_a, same_b = rng.normal(size=30), rng.normal(size=12)
    assert permutation_p_value(same_a, same_b, 999, seed=1) > 0.05
    assert permutation_p_value(same_a + 3, same_b, 999, seed=1) == pytest.approx(1 / 1000)
    # hand-worked: {0, 1} vs {2} has |mean difference| 1.5; of the three equally likely
    # relabellings, {0, 1}|{2} and {1, 2}|{0} reach 1.5 and {0, 2}|{1} gives 0: p = 2/3
    exact = permutation_p_value(np.array([0.0, 1.0]), np.array([2.0]), 20000, seed=2)
    assert exact == pytest.approx(2 / 3, abs=0.02)


def test_clearly_separated_set_beats_a_blurred_one():
    clear = compute_metrics(make_item_set(*synthetic_items(20, 6, 0.8, 1)), SETTINGS, seed=1)[0]
    blurred = compute_metrics(make_item_set(*synthetic_items(12, 6, 4.0, 2)), SETTINGS, seed=1)[0]
    table = compare(clear, blurred, 999, seed=1).set_index("metric")
    assert list(table.index) == list(COMPARED)
    auc = table.loc["pair_auc"]
    assert auc["difference"] == pytest.approx(auc["first"] - auc["second"])
    assert 0 < auc["ci_low"] < auc["difference"] < auc["ci_high"]
    assert auc["p_value"] < 0.01
    assert table.loc["ari", "method"].startswith("jackknife") and table.loc["ari", "p_value"] < 0.05


def test_equal_sets_do_not_differ():
    first = compute_metrics(make_item_set(*synthetic_items(15, 5, 2.0, 3)), SETTINGS, seed=1)[0]
    second = compute_metrics(make_item_set(*synthetic_items(15, 5, 2.0, 4)), SETTINGS, seed=1)[0]
    auc = compare(first, second, 999, seed=1).set_index("metric").loc["pair_auc"]
    assert auc["ci_low"] < 0 < auc["ci_high"] and auc["p_value"] > 0.05
