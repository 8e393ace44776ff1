import json

import numpy as np
import pandas as pd
import pytest

from constructlens.metrics import compute_metrics, make_item_set
from constructlens.selection import (
    MARGIN_COLUMNS,
    runner_up_margin,
    select_best,
    selection_margin,
    unclear_choice_message,
)

from .test_metrics import SETTINGS, synthetic_items


def metrics_table(values: dict[str, float], split: str = "validation") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "model": m,
                "dataset": "ipip",
                "split": split,
                "metric": "pair_auc",
                "value": v,
                "ci_low": v - 0.1,
                "ci_high": v + 0.1,
            }
            for m, v in values.items()
        ]
    )


def test_best_value_wins_and_every_candidate_is_reported():
    table = pd.concat(
        [metrics_table({"a": 0.7, "b": 0.8, "c": 0.75}), metrics_table({"a": 0.99}, split="test")]
    )
    choice = select_best(table, ["a", "b", "c"], "pair_auc", "ipip", "validation")
    assert choice["best_model"] == "b"
    assert [c["model"] for c in choice["candidates"]] == ["b", "c", "a"]
    assert choice["rule"] == {"metric": "pair_auc", "dataset": "ipip", "split": "validation"}


def test_ties_go_to_the_first_name():
    table = metrics_table({"b": 0.5, "a": 0.5, "c": 0.4})
    assert select_best(table, ["a", "b", "c"], "pair_auc", "ipip", "validation")["best_model"] == "a"


def test_missing_candidate_is_an_error():
    with pytest.raises(ValueError, match="for model\\(s\\) z"):
        select_best(metrics_table({"a": 0.7}), ["a", "z"], "pair_auc", "ipip", "validation")


def margin_inputs(metric: str = "pair_auc"):
    """A clear model, a blurred copy of it, and the clear one again under another name, scored on
    one synthetic item set; ``select_best``'s answer on those values."""
    items, vectors = synthetic_items(12, 6, 2.0, 11)
    rng = np.random.default_rng(5)
    blurred = {text: vector + 0.5 * rng.normal(size=vector.shape) for text, vector in vectors.items()}
    evaluated = {
        name: compute_metrics(make_item_set(items, embedding), SETTINGS, seed=1)[0]
        for name, embedding in (("clear", vectors), ("blurred", blurred), ("twin", vectors))
    }
    table = pd.DataFrame(
        [
            {"model": m, "dataset": "ipip", "split": "validation", "metric": metric, "value": r[metric].value}
            | {"ci_low": r[metric].ci_low, "ci_high": r[metric].ci_high}
            for m, r in evaluated.items()
        ]
    )
    return evaluated, table


def test_selection_margin_pairs_the_winner_with_every_other_candidate():
    evaluated, table = margin_inputs()
    choice = select_best(table, ["blurred", "clear"], "pair_auc", "ipip", "validation")
    margin = selection_margin(evaluated, choice, 999, seed=1)
    assert list(margin.columns) == MARGIN_COLUMNS and len(margin) == 1
    row = margin.iloc[0]
    assert (row["selected_model"], row["other_model"], row["metric"]) == ("clear", "blurred", "pair_auc")
    assert row["selected"] == evaluated["clear"]["pair_auc"].value == choice["candidates"][0]["value"]
    assert row["difference"] == pytest.approx(row["selected"] - row["other"])
    assert 0 < row["ci_low"] < row["difference"] < row["ci_high"] and row["p_value"] < 0.05
    record = runner_up_margin(margin)
    assert record["runner_up"] == "blurred" and record["interval_excludes_zero"] is True
    assert record["constructs_higher"] + record["constructs_lower"] <= 12
    assert unclear_choice_message(choice | {"margin": record}) is None
    json.dumps(record)  # goes into best_model.json


def test_a_choice_between_equal_models_is_called_unclear():
    evaluated, table = margin_inputs()
    choice = select_best(table, ["twin", "clear", "blurred"], "pair_auc", "ipip", "validation")
    assert choice["best_model"] == "clear"  # tie with its twin: the first name wins
    margin = selection_margin(evaluated, choice, 999, seed=1)
    assert list(margin["other_model"]) == ["twin", "blurred"]  # ranked order, runner-up first
    record = runner_up_margin(margin)
    assert (record["runner_up"], record["difference"], record["interval_excludes_zero"]) == ("twin", 0, False)
    message = unclear_choice_message(choice | {"margin": record})
    assert message.startswith("clear beats twin on ipip/validation pair_auc by 0.000")
    assert "includes 0 (constructs higher / lower: 0 / 0" in message


def test_clustering_metric_margin_and_a_lone_candidate():
    evaluated, table = margin_inputs("ari")
    choice = select_best(table, ["clear", "twin"], "ari", "ipip", "validation")
    record = runner_up_margin(selection_margin(evaluated, choice, 99, seed=1))
    assert record["difference"] == 0 and record["constructs_higher"] is None
    assert "constructs higher" not in unclear_choice_message(choice | {"margin": record})
    alone = select_best(table, ["clear"], "ari", "ipip", "validation")
    margin = selection_margin(evaluated, alone, 99, seed=1)
    assert margin.empty and list(margin.columns) == MARGIN_COLUMNS
    assert runner_up_margin(margin) is None and unclear_choice_message(alone | {"margin": None}) is None


def test_in_sample_selection_has_no_interval_and_no_warning():
    items, vectors = synthetic_items(6, 5, 1.0, 3)
    evaluated = {
        name: compute_metrics(make_item_set(items, vectors), SETTINGS, seed=1, bootstrap=False)[0]
        for name in ("a", "b")
    }
    table = pd.DataFrame(
        [{"model": m, "dataset": "ipip", "split": "train", "metric": "pair_auc", "value": 0.8} for m in "ab"]
    ).assign(ci_low=np.nan, ci_high=np.nan)
    choice = select_best(table, ["a", "b"], "pair_auc", "ipip", "train")
    record = runner_up_margin(selection_margin(evaluated, choice, 99, seed=1))
    assert record["ci_low"] is None and record["interval_excludes_zero"] is None
    assert unclear_choice_message(choice | {"margin": record}) is None
