import sys

import numpy as np
import pandas as pd
import pytest
import yaml

from constructlens import answer_files, cfa, responses
from constructlens.errors import InputError
from constructlens.items import item_key
from constructlens.metrics import make_item_set
from constructlens.targets import load_target

from .conftest import BENCHMARKS, benchmark_module
from .simulated_responses import FACTOR_R, answers, questionnaire, simulate_responses

sys.path.insert(0, str(BENCHMARKS))  # the bfi script imports its neighbour reverse_marker.py

SETTINGS = {"bootstrap_resamples": 200, "permutations": 199}


def embeddings(items: pd.DataFrame, noise: float, seed: int = 0) -> dict[str, np.ndarray]:
    """A vector per item: its construct's direction plus noise."""
    rng = np.random.default_rng(seed)
    centre = {c: rng.normal(size=16) for c in sorted(set(items["construct"]))}
    return {
        t: centre[c] + rng.normal(0, noise, 16)
        for c, t in zip(items["construct"], items["text"], strict=True)
    }


def test_pairwise_correlations_match_pandas_over_pairwise_complete_rows():
    rng = np.random.default_rng(1)
    values = rng.normal(size=(60, 5))
    values[:, 1] += values[:, 0]
    values[rng.random(values.shape) < 0.2] = np.nan
    values[:52, 4] = np.nan  # 8 answers: fewer than MIN_RESPONDENTS with any other item
    r, n = responses.pairwise_correlations(values)
    expected = pd.DataFrame(values).corr(min_periods=responses.MIN_RESPONDENTS).to_numpy()
    assert np.allclose(r[:4, :4], expected[:4, :4])
    assert np.isnan(r[4, :4]).all() and r[4, 4] == 1
    assert n[0, 1] == int((~np.isnan(values[:, [0, 1]])).all(axis=1).sum())


def test_pairwise_correlations_of_complete_answers_follow_the_same_rules():
    rng = np.random.default_rng(2)
    values = rng.normal(size=(40, 4))
    values[:, 1] -= values[:, 0]
    values[:, 3] = 2.0  # answered alike by everyone: no correlation
    r, n = responses.pairwise_correlations(values)
    expected = pd.DataFrame(values).corr().to_numpy()
    assert np.allclose(r[:3, :3], expected[:3, :3]) and (n == 40).all()
    assert np.isnan(r[3, :3]).all() and r[3, 3] == 1
    few, _ = responses.pairwise_correlations(values[: responses.MIN_RESPONDENTS - 1, :3])
    assert np.isnan(few[np.triu_indices(3, k=1)]).all()


def test_each_respondents_influence_on_pearsons_r_is_what_leaving_them_out_changes():
    rng = np.random.default_rng(3)
    values = np.round(rng.normal(size=(3000, 4)) + rng.exponential(size=(3000, 1)))  # skewed, tied
    values[rng.random(values.shape) < 0.15] = np.nan  # one item, or none, of some pairs
    values[:, 3] = np.where(np.arange(3000) < 2995, np.nan, values[:, 3])  # too few: no correlation
    r, n = responses.pairwise_correlations(values)
    first, second = np.triu_indices(4, k=1)
    influence = responses.pearson_influence(values, r)
    psi = influence(first, second)
    known = ~np.isnan(r[first, second])
    assert np.abs(psi[:, known].sum(axis=0)).max() < 1e-9  # each correlation's influences balance
    assert np.isnan(psi[:, ~known]).all() and known.sum() == 3
    assert (psi[np.isnan(values[:, 0]), 0] == 0).all()  # no answer: no influence
    np.testing.assert_array_equal(influence(second, first, [3, 1]), psi[[3, 1]])
    for row in range(12):
        left_out, _ = responses.pairwise_correlations(np.delete(values, row, axis=0))
        jackknife = (len(values) - 1) * (r[first, second] - left_out[first, second])
        np.testing.assert_allclose(psi[row, known], jackknife[known], rtol=0.005, atol=0.002)
    assert (n[first, second][known] < len(values)).all()  # ψ scales each pair's by N / n


def test_parallel_analysis_retains_as_many_components_as_the_answers_hold():
    items = questionnaire()
    three = answers(items, n=400).to_numpy()
    r, n = responses.pairwise_correlations(three)
    table = responses.parallel_analysis(r, n, seed=0)
    assert table["retained"].sum() == 3 and table["retained"].tolist()[:3] == [True] * 3
    assert table["eigenvalue"].sum() == pytest.approx(12) and (table["n_respondents"] == 400).all()
    assert np.allclose(
        table["eigenvalue"], np.sort(np.linalg.eigvalsh(np.corrcoef(three, rowvar=False)))[::-1]
    )
    pd.testing.assert_frame_equal(table, responses.parallel_analysis(r, n, seed=0))  # seeded
    one = simulate_responses(
        items["text"].tolist(), ["one"] * 12, items["key"].tolist(), np.ones((1, 1)), 400, 0, 0.8
    ).to_numpy()
    assert responses.parallel_analysis(*responses.pairwise_correlations(one), seed=0)["retained"].sum() == 1
    noise = np.random.default_rng(1).standard_normal((400, 12))
    assert responses.parallel_analysis(*responses.pairwise_correlations(noise), seed=0)["retained"].sum() == 0
    constant = three.copy()
    constant[:, 5] = 3.0  # correlates with nothing: left out
    table = responses.parallel_analysis(*responses.pairwise_correlations(constant), seed=0)
    assert (table["n_items"] == 11).all() and len(table) == 11
    none = responses.parallel_analysis(np.full((2, 2), np.nan), np.ones((2, 2)), seed=0)
    assert none.empty and list(none.columns) == list(table.columns)


def test_constructs_distinct_in_the_answers_have_a_high_response_auc_and_noise_one_near_half():
    items = questionnaire()
    item_sets = {"model": make_item_set(items, embeddings(items, noise=0.5))}
    for loading, low, high in ((0.8, 0.9, 1.01), (0.0, 0.3, 0.7)):
        data = answers(items, loading=loading)[item_sets["model"].texts]
        r, _ = responses.pairwise_correlations(data.to_numpy())
        table = responses.item_agreement(item_sets, "model", r, SETTINGS, seed=3).set_index("view")
        observed = table.loc["responses"]
        assert low < observed["pair_auc"] < high
        assert observed["ci_low"] <= observed["pair_auc"] <= observed["ci_high"]
    assert table.loc["model", "selected"] and table["n_pairs"].eq(66).all()


def test_a_model_that_reads_items_as_they_are_answered_agrees_with_them():
    items = questionnaire()
    data = answers(items, n=2000, seed=4)
    texts = sorted(items["text"])
    r, _ = responses.pairwise_correlations(data[texts].to_numpy())
    # the factor model's own view: an item is its factor's direction (cosines = factor correlations)
    directions = np.linalg.cholesky(FACTOR_R)
    rng = np.random.default_rng(8)
    faithful = {
        t: directions[["Calm", "Kind", "Tidy"].index(c)] + rng.normal(0, 0.05, 3)
        for c, t in zip(items["construct"], items["text"], strict=True)
    }
    item_sets = {
        "faithful": make_item_set(items, faithful),
        "random": make_item_set(items, embeddings(items, noise=50.0, seed=9)),
    }
    table = responses.item_agreement(item_sets, "random", r, {**SETTINGS, "permutations": 999}, seed=5)
    table = table.set_index("view")
    assert table.index.tolist() == ["responses", "random", "faithful"]  # the selected model first
    assert table.loc["faithful", "spearman_rho"] > 0.5 and table.loc["faithful", "p_value"] <= 0.01
    assert table.loc["random", "p_value"] > 0.01
    difference = table.loc["faithful", "pair_auc"] - table.loc["responses", "pair_auc"]
    assert table.loc["faithful", "minus_responses"] == pytest.approx(difference, abs=1e-6)
    assert (
        table.loc["faithful", "minus_responses_ci_low"]
        <= difference
        <= table.loc["faithful", "minus_responses_ci_high"]
    )


def test_scales_are_scored_by_their_keys_and_an_unkeyed_reverse_item_is_named(caplog):
    items = questionnaire()
    data = answers(items, n=3000, seed=6)
    table, scores = responses.scales(items, data)
    assert (
        table["construct"].tolist() == ["Calm", "Kind", "Tidy"] and table["negative_item_rest"].eq("").all()
    )
    calm = items["text"][:4].tolist()
    keyed = data[calm] * items["key"][:4].to_numpy()
    r = np.corrcoef(keyed.to_numpy().T)[np.triu_indices(4, k=1)].mean()
    assert table.loc[0, "mean_inter_item_r"] == pytest.approx(r, abs=1e-6)
    assert table.loc[0, "alpha"] == pytest.approx(4 * r / (1 + 3 * r), abs=1e-6)
    assert table.loc[0, "omega"] == pytest.approx(
        responses.omega_and_ave(np.corrcoef(keyed.to_numpy().T))[0], abs=1e-6
    )
    assert scores.corr().loc["Calm", "Kind"] > 0.3 > -0.1 > scores.corr().loc["Kind", "Tidy"]
    unkeyed, _ = responses.scales(items.assign(key=np.where(items["key"] == 0, 0, 1)), data)
    assert unkeyed["negative_item_rest"].tolist() == [items["text"][2], items["text"][7], ""]
    assert "correlating negatively with the rest of the scale" in caplog.text
    unscored, _ = responses.scales(items.assign(key=[1, 0, 0, 0, *items["key"][4:]]), data)
    assert unscored["construct"].tolist() == ["Kind", "Tidy"]  # one scored item: no scale


def one_factor_correlations(loadings) -> np.ndarray:
    r = np.outer(loadings, loadings)
    np.fill_diagonal(r, 1.0)
    return r


def test_alpha_if_deleted_is_the_standardised_alpha_of_the_other_items():
    data = answers(questionnaire(), n=500, seed=3)
    signed = data.iloc[:, :4] * np.array([1, 1, -1, 1])
    without = responses.alpha_if_deleted(np.corrcoef(signed.to_numpy().T))
    rest = np.corrcoef(signed.drop(columns=signed.columns[1]).to_numpy().T)[np.triu_indices(3, k=1)].mean()
    assert without[1] == pytest.approx(3 * rest / (1 + 2 * rest), abs=1e-9)
    assert np.isnan(
        responses.alpha_if_deleted(np.corrcoef(signed.iloc[:, :2].to_numpy().T))
    ).all()  # one left


def test_omega_recovers_one_factor_and_equals_standardised_alpha_where_items_load_equally():
    loadings = np.array([0.8, 0.7, 0.6, 0.5])
    r = one_factor_correlations(loadings)
    assert responses.one_factor_loadings(r) == pytest.approx(loadings, abs=1e-6)
    # (Σλ)² / ((Σλ)² + Σ(1 − λ²)) = 2.6² / (2.6² + 2.26)
    assert responses.omega_and_ave(r)[0] == pytest.approx(6.76 / 9.02, abs=1e-9)
    assert responses.omega_and_ave(r)[1] == pytest.approx((0.64 + 0.49 + 0.36 + 0.25) / 4, abs=1e-9)
    mean_r = np.mean(r[np.triu_indices(4, k=1)])
    assert responses.omega_and_ave(r)[0] > 4 * mean_r / (1 + 3 * mean_r)  # α understates unequal loadings
    equal = one_factor_correlations(np.full(5, 0.6))
    assert responses.omega_and_ave(equal)[0] == pytest.approx(5 * 0.36 / (1 + 4 * 0.36), abs=1e-9)
    reversed_item = one_factor_correlations([0.9, 0.8, -0.3])
    assert responses.one_factor_loadings(reversed_item) == pytest.approx([0.9, 0.8, -0.3], abs=1e-6)


def test_omega_holds_a_heywood_case_at_one_and_needs_three_items_with_every_correlation():
    heywood = np.array([[1, 0.9, 0.9], [0.9, 1, 0.5], [0.9, 0.5, 1.0]])  # λ₁² = 0.9 × 0.9 / 0.5 > 1
    loadings = responses.one_factor_loadings(heywood)
    assert loadings.max() == pytest.approx(1.0) and 0 < responses.omega_and_ave(heywood)[0] < 1
    assert np.isnan(responses.omega_and_ave(one_factor_correlations([0.7, 0.7]))[0])
    assert np.isnan(responses.omega_and_ave(one_factor_correlations([0.7, 0.7]))[1])
    missing = one_factor_correlations([0.7, 0.6, 0.5])
    missing[0, 2] = missing[2, 0] = np.nan
    assert np.isnan(responses.omega_and_ave(missing)[0])


def test_answers_reverse_scored_already_are_scored_as_they_are_and_named_when_not_said(caplog):
    items = questionnaire()
    data = answers(items, n=3000, seed=6)
    reversed_keys = items["key"].eq(-1).to_numpy()
    recoded = data.copy()
    recoded.loc[:, reversed_keys] = 6 - data.loc[:, reversed_keys]  # 1-5 answers recoded
    expected, _ = responses.scales(items, data)
    scored, _ = responses.scales(responses.as_scored(items, reverse_scored=True), recoded)
    pd.testing.assert_frame_equal(scored, expected)
    assert responses.as_scored(items, reverse_scored=False) is items
    unsaid, _ = responses.scales(items, recoded)
    flagged = [items["text"][2], items["text"][7], ""]
    assert unsaid["negative_item_rest"].tolist() == unsaid["negative_reverse_keyed"].tolist() == flagged
    assert "if their answers are reverse-scored already, set the target's reverse_scored: true" in caplog.text


def test_scale_correlations_are_disattenuated_by_the_scales_alphas():
    items = questionnaire()
    data = answers(items, n=500, seed=7)
    item_sets = {"model": make_item_set(items, embeddings(items, noise=0.5))}
    r, _ = responses.pairwise_correlations(data[item_sets["model"].texts].to_numpy())
    table, scores = responses.scales(items, data)
    htmts = responses.htmt_table(items, data, 0, 1)
    pairs, summary = responses.construct_agreement(item_sets, "model", r, table, scores, htmts, SETTINGS, 1)
    pairs = pairs.set_index(["construct_a", "construct_b"])
    alpha = table.set_index("construct")["alpha"]
    assert pairs.loc[("Calm", "Kind"), "r"] == pytest.approx(scores.corr().loc["Calm", "Kind"], abs=1e-6)
    expected = pairs.loc[("Calm", "Kind"), "r"] / np.sqrt(alpha["Calm"] * alpha["Kind"])
    assert pairs.loc[("Calm", "Kind"), "r_disattenuated"] == pytest.approx(expected, abs=1e-5)
    ave = table.set_index("construct")["ave"]
    for (a, b), row in pairs.iterrows():  # each scale's AVE above the squared latent correlation
        assert row["fornell_larcker"] == (min(ave[a], ave[b]) > row["r_disattenuated"] ** 2)
    assert pairs["fornell_larcker"].tolist().count(True) == 3  # these constructs are distinct
    two_items, two_scores = responses.scales(items.assign(key=[1, 1, 0, 0, *items["key"][4:]]), data)
    assert two_items["ave"].isna().tolist() == [True, False, False]  # Calm keeps two scored items
    unrated, _ = responses.construct_agreement(
        item_sets, "model", r, two_items, two_scores, htmts, SETTINGS, 1
    )
    assert unrated.set_index(["construct_a", "construct_b"])["fornell_larcker"].to_dict() == {
        ("Calm", "Kind"): None,  # no AVE for a scale of two items: no verdict
        ("Calm", "Tidy"): None,
        ("Kind", "Tidy"): True,
    }
    # with every answer given, HTMT of keyed items is |r_disattenuated| (α being standardised)
    # where the two scales' items correlate in one direction; around r = 0 the magnitudes add up
    signed = pairs.loc[[("Calm", "Kind"), ("Kind", "Tidy")]]
    assert np.allclose(signed["htmt"], signed["r_disattenuated"].abs(), atol=1e-5)
    assert pairs.loc[("Calm", "Tidy"), "htmt"] > abs(pairs.loc[("Calm", "Tidy"), "r_disattenuated"])
    assert pairs["htmt_ci_high"].isna().all()  # no resamples, no bound
    assert summary["measure"].tolist() == ["abs_r", "r"] and (summary["relabellings"] == 6).all()
    # the answers keep every pair of these constructs apart: items correlate more within
    assert (pairs["answers_separability"] > 0.9).all() and pairs["separability"].between(0.5, 1).all()


def test_htmt_follows_henselers_definition_on_a_hand_worked_matrix():
    """Items 0-1 of A, 2-3 of B, 4 of both: HTMT(A, B) = mean |r| across / √(mean |r| within A ×
    mean |r| within B); an item's correlation with itself counts nowhere, a missing one neither."""
    r = np.array(
        [
            [1.0, 0.6, 0.2, -0.4, 0.5],
            [0.6, 1.0, 0.3, 0.1, np.nan],
            [0.2, 0.3, 1.0, 0.8, 0.4],
            [-0.4, 0.1, 0.8, 1.0, 0.6],
            [0.5, np.nan, 0.4, 0.6, 1.0],
        ]
    )
    membership = np.array([[1, 0], [1, 0], [0, 1], [0, 1], [1, 1]], dtype=float)
    within_a = np.mean([0.6, 0.5])  # (0,1), (0,4); (1,4) unknown
    within_b = np.mean([0.8, 0.4, 0.6])  # (2,3), (2,4), (3,4)
    across = np.mean([0.2, 0.4, 0.5, 0.3, 0.1, 0.4, 0.6])  # A's items × B's, 4 × 4 left out
    ratio = responses.htmt(r, membership)
    assert ratio[0, 1] == pytest.approx(across / np.sqrt(within_a * within_b)) and ratio[0, 1] == ratio[1, 0]
    assert np.isnan(np.diag(ratio)).all()


def test_htmt_bounds_come_from_resampled_respondents_and_repeat_with_the_seed():
    items = questionnaire()
    data = answers(items, n=300, seed=5)
    data.iloc[::7, 3] = np.nan  # missing answers: pairwise complete correlations
    first, again = responses.htmt_table(items, data, 300, 4), responses.htmt_table(items, data, 300, 4)
    pd.testing.assert_frame_equal(first, again)
    assert first[["construct_a", "construct_b"]].values.tolist() == [
        ["Calm", "Kind"],
        ["Calm", "Tidy"],
        ["Kind", "Tidy"],
    ]
    assert (first["htmt_ci_high"] > first["htmt"]).all()
    # the factors correlate 0.5, 0.0 and -0.3 (HTMT reads magnitudes)
    htmt = first.set_index(["construct_a", "construct_b"])["htmt"]
    assert htmt[("Calm", "Kind")] == pytest.approx(0.5, abs=0.1) and htmt[("Kind", "Tidy")] == pytest.approx(
        0.3, abs=0.1
    )


def test_constructs_the_answers_cannot_tell_apart_have_a_separability_near_half():
    items = questionnaire()
    merged = np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])  # Calm and Kind: one factor
    data = simulate_responses(
        items["text"].tolist(), items["construct"].tolist(), items["key"].tolist(), merged, 3000, 2
    )
    item_set = make_item_set(items, embeddings(items, noise=0.5))
    r, n = responses.pairwise_correlations(data[item_set.texts].to_numpy())
    table, scores = responses.scales(items, data)
    htmts = responses.htmt_table(items, data, 200, 1)
    named = [pd.DataFrame(m, index=item_set.texts, columns=item_set.texts) for m in (r, n)]
    factors = cfa.discriminant_table(items, data, *named)
    joint = cfa.measurement_model(items, data, *named).pairs
    pairs, _ = responses.construct_agreement(
        {"model": item_set}, "model", r, table, scores, htmts.merge(factors).merge(joint), SETTINGS, 1
    )
    # one factor under two names: HTMT near 1 and its bound above both bars; apart ones far below
    htmt = pairs.set_index(["construct_a", "construct_b"])[["htmt", "htmt_ci_high"]]
    assert htmt.loc[("Calm", "Kind"), "htmt"] > 0.95 and htmt.loc[("Calm", "Kind"), "htmt_ci_high"] > 0.9
    assert htmt.loc[("Calm", "Tidy"), "htmt_ci_high"] < 0.2
    # and the two factors' correlation near 1, a severe problem by Rönkkö and Cho's classes
    order = pairs.columns.tolist()
    after = order.index("fornell_larcker") + 1
    assert order[after : after + len(responses.CFA_COLUMNS)] == responses.CFA_COLUMNS
    two_factor = pairs.set_index(["construct_a", "construct_b"])
    assert two_factor.loc[("Calm", "Kind"), "cfa_r"] == pytest.approx(1.0, abs=0.03)
    assert two_factor["cfa_problem"].to_dict() == {
        ("Calm", "Kind"): "severe",
        ("Calm", "Tidy"): "none",
        ("Kind", "Tidy"): "none",
    }
    assert two_factor["cfa_joint_problem"].to_dict() == two_factor["cfa_problem"].to_dict()
    separability = pairs.set_index(["construct_a", "construct_b"])["answers_separability"]
    assert separability[("Calm", "Kind")] < 0.65 < 0.95 < separability[("Calm", "Tidy")]
    distinct = responses.construct_distinctiveness(item_set, r).set_index("construct")
    assert (
        distinct.loc["Tidy", "answers_distinctiveness"]
        > 0.95
        > 0.8
        > distinct.loc["Calm", "answers_distinctiveness"]
    )
    assert distinct["distinctiveness"].between(0.5, 1).all()  # the model's, from the embeddings


def test_an_item_answered_like_another_construct_does_not_fit_its_own_in_the_answers():
    items = questionnaire()
    constructs = items["construct"].tolist()
    constructs[5] = "Tidy"  # listed under Kind, answered like the Tidy items
    data = simulate_responses(items["text"].tolist(), constructs, items["key"].tolist(), np.eye(3), 3000, 11)
    item_set = make_item_set(items, embeddings(items, noise=0.3))
    r, _ = responses.pairwise_correlations(data[item_set.texts].to_numpy())
    fit = responses.item_fit(items, data, item_set, r).set_index("text")
    stray = items["text"][5]
    assert fit.loc[stray, ["answers_fits", "answers_closest_other"]].tolist() == [False, "Tidy"]
    assert fit.loc[stray, "model_fits"]  # worded, here, like its own construct
    assert fit.drop(index=stray)["answers_fits"].all()
    assert abs(fit.loc[stray, "item_rest_r"]) < 0.1 < fit.drop(index=stray)["item_rest_r"].min()
    scales, _ = responses.scales(items, data)
    kind_alpha = scales.set_index("construct").at["Kind", "alpha"]
    kind = fit[fit["construct"] == "Kind"]
    assert kind.at[stray, "alpha_if_deleted"] > kind_alpha > kind.drop(index=stray)["alpha_if_deleted"].max()
    assert fit.index[fit["construct"] == "Kind"][0] == stray  # the items that fit nowhere first
    assert fit.loc[items["text"][2], "answers_own"] > 0.3  # |r|: a reverse-keyed item fits too
    # on Kind's one factor the stray item hardly loads; keyed -1, item 2 loads like the others
    assert abs(kind.at[stray, "loading"]) < 0.1 < 0.5 < fit.drop(index=stray)["loading"].min()
    ave = scales.set_index("construct")["ave"]
    for construct, loadings in fit.groupby("construct")["loading"]:  # the AVE is their mean square
        assert (loadings**2).mean() == pytest.approx(ave[construct], abs=1e-5)


def test_the_bfi_benchmarks_items_are_ipip_items_of_their_domain(ipip_items):
    items = benchmark_module("bfi_responses").bfi_items()
    assert len(items) == 25 and items.groupby("construct").size().eq(5).all()
    assert items.set_index("item_id").loc[["A1", "O2", "O5"], "key"].eq(-1).all()
    ipip = ipip_items.assign(item=ipip_items["text"].map(item_key))
    # IPIP's Big-Five markers name two domains by their other pole or facet
    names = {"Neuroticism": {"Neuroticism", "Emotional Stability"}, "Openness": {"Openness", "Intellect"}}
    for text, construct in zip(items["text"], items["construct"], strict=True):
        constructs = set(ipip.loc[ipip["item"] == item_key(text), "construct"])
        assert constructs & names.get(construct, {construct}), text  # an IPIP item of its domain


def test_the_bfi_benchmark_writes_a_target_the_workflow_reads(tmp_path, capsys):
    bfi = benchmark_module("bfi_responses")
    ids = list(bfi.BFI)
    constructs = [bfi.DOMAINS[i[0]] for i in ids]
    keys = [-1 if i in bfi.REVERSED else 1 for i in ids]
    answers = simulate_responses(ids, constructs, keys, np.eye(5), 50, 12).assign(age=30)
    bfi.write_target(tmp_path, answers)
    entry = yaml.safe_load(capsys.readouterr().out)["targets"]["bfi"]
    schema = yaml.safe_load((BENCHMARKS.parent / "config" / "config.schema.yaml").read_text())
    defaults = schema["properties"]["targets"]["additionalProperties"]["properties"]
    settings = {key: spec.get("default") for key, spec in defaults.items()} | entry
    items = load_target(entry["path"], "table", settings)
    read = answer_files.read_responses(entry["responses"], items)
    assert read.shape == (50, 25) and items["item_id"].tolist() == sorted(
        ids, key=lambda i: (bfi.DOMAINS[i[0]], bfi.BFI[i])
    )


def test_polychoric_answers_raise_the_reliabilities_pearsons_r_understates():
    items = questionnaire()
    data = answers(items, n=2000, seed=12)
    coarse = data.apply(
        lambda column: (column >= column.quantile(0.7)).astype(float)
    )  # two skewed categories
    correlate = responses.correlation("polychoric", coarse, "my answers.csv")
    pearson, _ = responses.scales(items, coarse)
    polychoric, _ = responses.scales(items, coarse, correlate)
    assert (polychoric["alpha"] > pearson["alpha"] + 0.05).all() and (
        polychoric["omega"] > pearson["omega"]
    ).all()
    bounds = responses.htmt_table(items, coarse, 3, 1, correlate)
    assert bounds["htmt"].notna().all() and bounds["htmt_ci_high"].notna().all()
    item_set = make_item_set(items, embeddings(items, noise=0.5))
    r, _ = correlate(coarse[item_set.texts].to_numpy())
    _, scores = responses.scales(items, coarse)
    observed = pearson.set_index("construct")["alpha"]
    args = ({"model": item_set}, "model", r, polychoric, scores, bounds, SETTINGS, 1)
    pairs, _ = responses.construct_agreement(*args, observed_alpha=observed)
    latent, _ = responses.construct_agreement(*args)
    # the scores' Pearson r over the α of the scores as observed, not the larger ordinal α
    assert (pairs["r_disattenuated"].abs() > latent["r_disattenuated"].abs()).all()
    first = pairs.iloc[0]
    expected = first["r"] / np.sqrt(observed[first["construct_a"]] * observed[first["construct_b"]])
    assert first["r_disattenuated"] == pytest.approx(expected, abs=1e-5)
    assert responses.correlation("pearson", data, "my answers.csv") is responses.pairwise_correlations


def test_polychoric_answers_on_a_scale_are_one_clear_error_naming_the_file_and_item():
    data = answers(questionnaire(), n=300, seed=13)
    data.iloc[:, 3] = np.linspace(0, 100, len(data))  # a slider
    with pytest.raises(
        InputError, match=r"my answers.csv: answer_correlation: polychoric needs answers on at most 10"
    ):
        responses.correlation("polychoric", data, "my answers.csv")
    with pytest.raises(
        InputError, match=r"item 'Item 03 about calm.' has 300 different answers; use answer_corr"
    ):
        responses.correlation("polychoric", data, "my answers.csv")
