import logging
import re

import numpy as np
import pandas as pd
import pytest
import yaml

from constructlens.evaluation import model_roles
from constructlens.final import _note_matching, final_evaluation

from .conftest import REPO
from .test_measures import measured_items

SETTINGS = {
    "center": False,
    "kmeans_seeds": 2,
    "kmeans_n_init": 2,
    "bootstrap_resamples": 50,
    "bootstrap_in_sample": False,
    "permutations": 99,
    "relabellings": 99,
    "matched_draws": 20,
    "length_bands": [5, 8],
}


def blurred(vectors: dict, noise: float, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    return {text: vector + noise * rng.normal(size=vector.shape) for text, vector in vectors.items()}


def final_inputs():
    """IPIP test items (keyed, with instruments) and a target of named measures, whose items sit
    further from their construct; two models, the baseline blurring what the selected one sees."""
    ipip, ipip_vectors = measured_items(10, wording=0.5, seed=1)
    ipip = ipip.rename(columns={"measure": "instrument"}).assign(key=np.tile([1, -1], len(ipip) // 2))
    target, target_vectors = measured_items(4, wording=0.5, seed=2)
    target_vectors = blurred(target_vectors, 2.0, seed=3)
    sets = [("ipip", "test", ipip), ("mine", "all", target)]
    tuned = {"ipip": ipip_vectors, "mine": target_vectors}
    zero = {dataset: blurred(vectors, 1.5, seed=4) for dataset, vectors in tuned.items()}
    return sets, {"tuned": tuned, "zero": zero}


def test_the_selected_model_comes_first_and_is_no_baseline_of_itself():
    assert model_roles("tuned", ["zero", "tuned"]) == {"tuned": "selected", "zero": "baseline"}
    assert list(model_roles("tuned", ["zero_b", "zero_a"])) == ["tuned", "zero_b", "zero_a"]


def test_final_evaluation_scores_ipip_test_and_compares_every_target():
    sets, embeddings = final_inputs()
    roles = model_roles("tuned", ["zero"])
    tables = final_evaluation(sets, embeddings, roles, SETTINGS, seed=1)

    keys = tables.metrics[["model", "dataset", "split"]].itertuples(index=False, name=None)
    assert set(keys) == {
        ("tuned", "ipip", "test"),
        ("zero", "ipip", "test"),
    }
    assert set(tables.per_construct["model"]) == {"tuned", "zero"}
    assert len(tables.per_construct) == 2 * 10

    assert list(tables.comparisons) == ["mine"] and list(tables.matched) == ["mine"]
    comparison = tables.comparisons["mine"]
    assert list(comparison.columns[:2]) == ["model", "role"]
    assert {"ipip_test", "mine"} <= set(comparison.columns)
    roles_in_order = comparison[["model", "role"]].drop_duplicates().itertuples(index=False, name=None)
    assert list(roles_in_order) == [
        ("tuned", "selected"),
        ("zero", "baseline"),
    ]
    auc = comparison[comparison["metric"] == "pair_auc"].set_index("model")
    assert (auc["ipip_test"] > auc["mine"]).all()  # the target's items are blurred further
    assert len(comparison) > len(auc) * 2  # other metrics and like-for-like rows besides
    matched = tables.matched["mine"]
    assert "mine" in matched.columns and set(matched["model"]) == {"tuned", "zero"}

    assert set(tables.keying["dataset"]) == {"ipip"}  # only IPIP items carry keys here
    assert set(tables.measures["dataset"]) == {"ipip", "mine"}
    lengths = tables.lengths.set_index(["model", "dataset", "band"])
    assert set(tables.lengths["dataset"]) == {"ipip", "mine"} and set(tables.lengths["model"]) == {
        "tuned",
        "zero",
    }
    for model in ("tuned", "zero"):  # every text is one word: the shortest band holds every pair
        for dataset in ("ipip", "mine"):
            assert lengths.loc[(model, dataset, "words_1_5"), "pair_auc"] == pytest.approx(
                lengths.loc[(model, dataset, "all"), "pair_auc"]
            )
    by_band = comparison[comparison["metric"] == "pair_auc_words_1_5"].set_index("model")
    assert by_band["difference"].to_numpy() == pytest.approx((auc["ipip_test"] - auc["mine"]).to_numpy())
    assert comparison["metric"].str.startswith("pair_auc_words_6").sum() == 0  # no pairs, no row
    paired = tables.selected_vs_baselines
    assert set(paired["selected_model"]) == {"tuned"} and set(paired["baseline_model"]) == {"zero"}
    ipip_auc = paired[(paired["dataset"] == "ipip") & (paired["metric"] == "pair_auc")]
    assert (ipip_auc["difference"] > 0).all()  # the baseline sees the same items blurred


def with_big_target(sets, embeddings):
    """``final_inputs`` and a target of 12 constructs, more than IPIP test's 10."""
    big, big_vectors = measured_items(12, wording=0.5, seed=5)
    for vectors in embeddings.values():
        vectors["big"] = big_vectors
    return [*sets, ("big", "all", big)], embeddings


def test_final_evaluation_is_reproducible_whatever_the_number_of_worker_processes():
    sets, embeddings = with_big_target(*final_inputs())
    roles = model_roles("tuned", ["zero"])
    first = final_evaluation(sets, embeddings, roles, SETTINGS, seed=7)
    second = final_evaluation(sets, embeddings, roles, SETTINGS, seed=7, workers=2)
    for name in ("metrics", "per_construct", "keying", "measures", "selected_vs_baselines"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))
    for target in ("mine", "big"):  # IPIP test drawn down for one, the target for the other
        pd.testing.assert_frame_equal(first.comparisons[target], second.comparisons[target])
        pd.testing.assert_frame_equal(first.matched[target], second.matched[target])
    pd.testing.assert_frame_equal(first.between_targets["mine", "big"], second.between_targets["mine", "big"])
    assert set(first.matched["big"]["drawn"]) == {"target"}
    assert set(first.matched["mine"]["drawn"]) == {"reference"}


def test_every_pair_of_targets_is_compared_by_relabelling_their_constructs():
    sets, embeddings = with_big_target(*final_inputs())  # mine: blurred; big: as sharp as IPIP test
    roles = model_roles("tuned", ["zero"])
    tables = final_evaluation(sets, embeddings, roles, SETTINGS, seed=2)
    assert list(tables.between_targets) == [("mine", "big")]  # once, in the order of the targets
    between = tables.between_targets["mine", "big"]
    assert list(between.columns[:2]) == ["model", "role"]
    assert {"mine", "big", "difference", "p_value", "relabelled_mean_difference"} <= set(between.columns)
    auc = between[between["metric"] == "pair_auc"].set_index("model")
    assert (auc["difference"] == auc["mine"] - auc["big"]).all()
    assert auc.loc["tuned", "difference"] < 0  # mine's items are blurred, big's are not
    assert auc.loc["tuned", "p_value"] == 0.02  # no relabelling of 99 goes as far: 2 × 1 / 100
    assert set(auc["method"]) == {"bootstrap interval; relabelling test"}
    mine = tables.comparisons["mine"].set_index(["model", "metric"])
    for model in ("tuned", "zero"):  # the same scores as in each target's comparison with IPIP
        assert auc.loc[model, "mine"] == mine.loc[(model, "pair_auc"), "mine"]
    single = final_evaluation(*final_inputs(), roles, SETTINGS, seed=2)
    assert single.between_targets == {}


def test_a_target_of_more_constructs_than_ipip_test_is_drawn_down_to_ipip_tests_size(caplog):
    sets, embeddings = with_big_target(*final_inputs())
    with caplog.at_level(logging.INFO, logger="constructlens.final"):
        tables = final_evaluation(sets, embeddings, model_roles("tuned", ["zero"]), SETTINGS, seed=1)
    big_table = tables.matched["big"]
    assert big_table["n_draws"].eq(SETTINGS["matched_draws"]).all() and big_table["drawn"].eq("target").all()
    assert big_table["n_constructs"].eq(10).all() and big_table["n_target_constructs"].eq(12).all()
    assert big_table[["big", "big_low", "big_high", "reference_mean"]].notna().all().all()
    mine = tables.matched["mine"]
    assert mine["n_draws"].eq(SETTINGS["matched_draws"]).all() and mine["drawn"].eq("reference").all()
    assert mine["mine_low"].isna().all()
    notes = [record.getMessage() for record in caplog.records if record.name == "constructlens.final"]
    assert len(notes) == 1  # once for the target, not once per model
    assert notes[0].startswith("big: 12 constructs, more than the 10 held-out IPIP test constructs")
    assert "draws 10 of the target's constructs at a time" in notes[0]


def test_a_matched_comparison_without_draws_says_which_side_is_too_small(caplog):
    row = {"n_draws": 0, "n_reference_constructs": 1, "n_target_constructs": 6, "n_constructs": 6}
    with caplog.at_level(logging.INFO, logger="constructlens.final"):
        _note_matching("mine", pd.DataFrame([{**row, "drawn": "reference"}]), n_draws=20)
        _note_matching("mine", pd.DataFrame([{**row, "drawn": "target"}]), n_draws=20)
        _note_matching("mine", pd.DataFrame([{**row, "drawn": "reference"}]), n_draws=0)  # none asked for
        _note_matching("values", pd.DataFrame([{**row, "drawn": "target"}]), n_draws=20)
    notes = [record.getMessage() for record in caplog.records if record.name == "constructlens.final"]
    assert len(notes) == 3 and all("ipip_vs_mine_matched.tsv stay empty" in note for note in notes[:2])
    assert "too few of the 1 held-out IPIP test constructs of two or more texts" in notes[0]
    assert "too few of mine's constructs of two or more texts" in notes[1]
    assert "too few of values' constructs of two or more texts" in notes[2]
    assert "splits.test_fraction" in notes[0] and "splits.test_fraction" not in notes[1]


def test_no_target_may_take_the_name_of_another_column_of_the_comparison_tables():
    sets, embeddings = with_big_target(*final_inputs())
    tables = final_evaluation(sets, embeddings, model_roles("tuned", ["zero"]), SETTINGS, seed=2)
    columns = set()
    for table in [*tables.comparisons.values(), *tables.matched.values(), *tables.between_targets.values()]:
        columns |= set(table.columns)
    others = {c for c in columns if not re.fullmatch(r"(mine|big)(_low|_high)?", c)}
    schema = yaml.safe_load((REPO / "config" / "config.schema.yaml").read_text())
    pattern = schema["properties"]["targets"]["propertyNames"]["pattern"]
    assert {"ipip_test", "difference", "p_value", "reference_low"} <= others
    assert [name for name in sorted(others) if re.search(pattern, name)] == []
    assert re.search(pattern, "model_2") and re.search(pattern, "references")
