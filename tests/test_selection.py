import pandas as pd
import pytest

from constructlens.selection import select_best


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
    assert choice["rule"] == {
        "metric": "pair_auc",
        "dataset": "ipip",
        "split": "validation",
        "direction": "higher is better",
    }


def test_lower_is_better_and_ties():
    table = metrics_table({"b": 0.5, "a": 0.5, "c": 0.9})
    assert (
        select_best(table, ["a", "b", "c"], "pair_auc", "ipip", "validation", higher_is_better=False)[
            "best_model"
        ]
        == "a"
    )
    assert select_best(table, ["a", "b"], "pair_auc", "ipip", "validation")["best_model"] == "a"


def test_missing_candidate_is_an_error():
    with pytest.raises(ValueError, match="for model\\(s\\) z"):
        select_best(metrics_table({"a": 0.7}), ["a", "z"], "pair_auc", "ipip", "validation")
