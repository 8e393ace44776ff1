"""benchmarks/runs_table.py reads a run's paired reliability difference whichever model it selected."""

import pytest

from constructlens.metrics import make_item_set
from constructlens.reliability import reliability_tables, scales

from .conftest import benchmark_module
from .test_reliability import synthetic_scales

runs_table = benchmark_module("runs_table")


def summary(items, item_sets, selected: str):
    roles = {model: "selected" if model == selected else "baseline" for model in item_sets}
    table, _ = reliability_tables(scales(items), item_sets, roles, 300, seed=7)
    return table.set_index("model")


def test_the_difference_is_the_same_whichever_model_the_run_selected():
    items, tuned = synthetic_scales(20, coupling=1.2, seed=1)
    _, plain = synthetic_scales(20, coupling=0.3, seed=1)
    item_sets = {"tuned": make_item_set(items, tuned), "plain": make_item_set(items, plain)}
    as_selected = runs_table.paired_rho_difference(summary(items, item_sets, "tuned"), "tuned", "plain")
    turned = runs_table.paired_rho_difference(summary(items, item_sets, "plain"), "tuned", "plain")
    assert as_selected["difference"] > 0 and as_selected["ci_low"] < as_selected["ci_high"]
    assert turned.to_dict() == pytest.approx(as_selected.to_dict())


def test_no_difference_without_the_pair_or_for_a_model_against_itself():
    items, vectors = synthetic_scales(6, coupling=1.0, seed=2)
    item_sets = {name: make_item_set(items, vectors) for name in ("a", "b", "c")}
    table = summary(items, item_sets, "a")
    assert runs_table.paired_rho_difference(table, "b", "c") is None  # the run paired neither
    assert runs_table.paired_rho_difference(table, "a", "a") is None
    assert runs_table.paired_rho_difference(table, "a", "absent") is None
