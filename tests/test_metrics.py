from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import sparse, stats
from sklearn.cluster import KMeans
from sklearn.metrics import (
    adjusted_mutual_info_score,
    adjusted_rand_score,
    normalized_mutual_info_score,
    roc_auc_score,
)
from threadpoolctl import threadpool_info

from constructlens.analysis import item_fit
from constructlens.metrics import (
    ONE_THREAD_ENTRIES,
    ItemSet,
    bias_corrected_bounds,
    bias_corrected_interval,
    bootstrap_weights,
    centroid_cosines,
    centroid_fit,
    compute_metrics,
    contingency_cells,
    contingency_scores,
    item_auc,
    item_set_pair_auc,
    jackknife_standard_error,
    kmeans_cells,
    kmeans_labels,
    make_item_set,
    metrics_table,
    pair_auc,
    pair_auc_leaving_out,
    per_construct_auc,
    retrieval_scores,
    seed_protocol,
    similarity_and_labels,
    subset_pair_auc,
    weighted_auc,
    weighted_pair_auc,
)

SETTINGS = {"kmeans_seeds": 2, "kmeans_n_init": 2, "bootstrap_resamples": 200}
# the metrics that score how well items group by construct (higher = better)
SCORES = (
    "pair_auc",
    "item_auc",
    "ari",
    "nmi",
    "ami",
    "purity",
    "nn_top1_same_construct",
    "map_same_construct",
    "centroid_fit",
)


def partition_scores(truth: np.ndarray, clusters: np.ndarray) -> dict[str, float]:
    """ARI, NMI, AMI and purity of one clustering, through the contingency cells the workflow uses."""
    return {k: float(v[0]) for k, v in contingency_scores(*contingency_cells(truth, clusters)).items()}


def evaluate_item_set(item_set: ItemSet, settings: dict, seed: int, bootstrap: bool = True):
    """``compute_metrics`` as (long metric table, per-construct AUC table)."""
    results, per_construct = compute_metrics(item_set, settings, seed, bootstrap)
    return metrics_table(results), per_construct


def synthetic_items(
    n_constructs: int, per_construct: int, spread: float, seed: int
) -> tuple[pd.DataFrame, dict]:
    """Texts around random construct centroids; larger ``spread`` means less separation."""
    rng = np.random.default_rng(seed)
    rows, vectors = [], {}
    for c in range(n_constructs):
        centroid = rng.normal(size=32)
        for i in range(per_construct):
            text = f"c{c}-t{i}"
            rows.append({"construct": f"c{c}", "text": text})
            vectors[text] = centroid + spread * rng.normal(size=32)
    return pd.DataFrame(rows), vectors


def test_pair_auc_leaving_out_drops_only_the_named_constructs_different_pairs():
    items, vectors = synthetic_items(4, 5, 1.5, 8)
    item_set = make_item_set(items, vectors)
    assert pair_auc_leaving_out(item_set, set()) == (item_set_pair_auc(item_set), 0)
    construct_of = dict(zip(items["text"], items["construct"], strict=True))
    kept_scores, kept_same = [], []
    for i, j in zip(*np.triu_indices(len(item_set.texts), k=1), strict=True):
        pair = {construct_of[item_set.texts[i]], construct_of[item_set.texts[j]]}
        if pair != {"c0", "c2"}:  # c0's and c2's same-construct pairs stay
            kept_scores.append(item_set.embeddings[i] @ item_set.embeddings[j])
            kept_same.append(len(pair) == 1)
    auc, left_out = pair_auc_leaving_out(item_set, {("c2", "c0"), ("c1", "not scored")})
    assert left_out == 5 * 5
    assert auc == pytest.approx(roc_auc_score(kept_same, kept_scores), abs=1e-12)
    assert auc != pytest.approx(item_set_pair_auc(item_set), abs=1e-6)


def test_item_set_pair_auc_scores_every_pair_of_distinct_texts():
    items, vectors = synthetic_items(4, 6, 0.8, 3)
    item_set = make_item_set(items, vectors)
    similarity = item_set.embeddings @ item_set.embeddings.T
    same = item_set.membership @ item_set.membership.T > 0
    a, b = np.triu_indices(len(similarity), k=1)
    assert item_set_pair_auc(item_set) == pytest.approx(
        roc_auc_score(same[a, b], similarity[a, b]), abs=1e-12
    )


def test_pair_auc_equals_sklearn():
    rng = np.random.default_rng(0)
    scores, labels = rng.normal(size=3000), rng.random(3000) < 0.2
    assert pair_auc(scores, labels) == pytest.approx(roc_auc_score(labels, scores), abs=1e-12)
    rounded = np.round(scores, 1)  # many ties
    assert pair_auc(rounded, labels) == pytest.approx(roc_auc_score(labels, rounded), abs=1e-12)


def test_weighted_pair_auc_equals_sklearn_with_sample_weights():
    rng = np.random.default_rng(1)
    scores, labels = np.round(rng.normal(size=2000), 2), rng.random(2000) < 0.3  # with ties
    group_a, group_b = rng.integers(0, 7, 2000), rng.integers(0, 7, 2000)
    weights = rng.integers(0, 3, size=(4, 7)).astype(float)
    result = weighted_pair_auc(scores, labels, group_a, group_b, weights, chunk=3)
    for b in range(4):
        expected = roc_auc_score(labels, scores, sample_weight=weights[b, group_a] * weights[b, group_b])
        assert result[b] == pytest.approx(expected, abs=1e-12)
    unit = weighted_pair_auc(scores, labels, group_a, group_b, np.ones((1, 7)))
    assert unit[0] == pytest.approx(pair_auc(scores, labels), abs=1e-12)


def test_weighted_auc_equals_sklearn_with_item_weights():
    """Each pair weighs the product of its two items' weights, as in an item bootstrap."""
    rng = np.random.default_rng(4)
    first, second = rng.integers(0, 12, 1500), rng.integers(0, 300, 1500)
    scores, labels = np.round(rng.normal(size=1500), 1), rng.random(1500) < 0.2  # many ties
    weights = rng.integers(0, 3, size=(5, 300)).astype(float)
    result = weighted_auc(scores, labels, first, second, weights, chunk=2)
    for b in range(5):
        expected = roc_auc_score(labels, scores, sample_weight=weights[b, first] * weights[b, second])
        assert result[b] == pytest.approx(expected, abs=1e-12)
    unit = weighted_auc(scores, labels, first, second, np.ones((1, 300)))
    assert unit[0] == pytest.approx(pair_auc(scores, labels), abs=1e-12)
    no_negative = weighted_auc(scores, np.ones(1500, bool), first, second, weights)
    assert np.isnan(no_negative).all()


@pytest.mark.parametrize("classes, clusters, n", [(6, 8, 300), (45, 45, 263), (2, 2, 10), (1, 3, 12)])
def test_partition_scores_equal_sklearn(classes, clusters, n):
    rng = np.random.default_rng(2)
    truth, found = rng.integers(0, classes, n), rng.integers(0, clusters, n)
    found[: n // 3] = truth[: n // 3] % clusters  # some agreement beyond chance
    scores = partition_scores(truth, found)
    assert scores["ari"] == pytest.approx(adjusted_rand_score(truth, found), abs=1e-12)
    assert scores["nmi"] == pytest.approx(normalized_mutual_info_score(truth, found), abs=1e-12)
    assert scores["ami"] == pytest.approx(adjusted_mutual_info_score(truth, found), abs=1e-10)


def test_ami_is_chance_corrected_where_nmi_grows_with_the_number_of_constructs():
    """Clusters drawn at random, 6 items per construct: NMI climbs from 11 to 45 constructs,
    AMI stays at 0 (why the IPIP-vs-target comparison needs AMI, not NMI)."""
    rng = np.random.default_rng(5)
    nmi, ami = {}, {}
    for k in (11, 45):
        truth = np.repeat(np.arange(k), 6)
        runs = [partition_scores(truth, rng.permutation(truth)) for _ in range(20)]
        nmi[k] = np.mean([run["nmi"] for run in runs])
        ami[k] = np.mean([run["ami"] for run in runs])
    assert nmi[45] > nmi[11] + 0.15  # 0.54 vs 0.36: a random clustering earns NMI
    assert abs(ami[11]) < 0.02 and abs(ami[45]) < 0.02


def test_purity_hand_worked():
    # cluster 0 holds {A, A}: majority 2; cluster 1 holds {A, B, B, C}: majority 2 → 4 / 6
    truth, clusters = np.array([0, 0, 0, 1, 1, 2]), np.array([0, 0, 1, 1, 1, 1])
    assert partition_scores(truth, clusters)["purity"] == pytest.approx(4 / 6)
    assert partition_scores(truth, truth) == pytest.approx(
        {"ari": 1.0, "nmi": 1.0, "ami": 1.0, "purity": 1.0}
    )


def test_weighted_tables_equal_duplicated_rows():
    truth, clusters = np.array([0, 0, 1, 1, 2, 2, 2]), np.array([0, 1, 1, 1, 2, 0, 2])
    weights = np.array([[2.0, 0.0, 3.0]])  # class 0 twice, class 1 dropped, class 2 three times
    rows, cols, counts = contingency_cells(truth, clusters)
    weighted = {k: v[0] for k, v in contingency_scores(rows, cols, weights[:, rows] * counts).items()}
    repeat = np.repeat(np.arange(7), weights[0, truth].astype(int))
    assert weighted == pytest.approx(partition_scores(truth[repeat], clusters[repeat]))


def test_seed_protocol_hand_worked():
    # A1, A2 in construct A, B1, B2 in B; A–A 0.9, B–B 0.1, every A–B pair 0.3:
    # differences same − different are 0.6, 0.6, −0.2, −0.2 whatever partner is drawn
    similarity = np.array([[1, 0.9, 0.3, 0.3], [0.9, 1, 0.3, 0.3], [0.3, 0.3, 1, 0.1], [0.3, 0.3, 0.1, 1]])
    same = np.array([[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1], [0, 0, 1, 1]], dtype=bool)
    protocol = seed_protocol(similarity, same, seed=0)
    difference = protocol["same_similarity"] - protocol["different_similarity"]
    assert difference.tolist() == pytest.approx([0.6, 0.6, -0.2, -0.2])
    assert (difference > 0).mean() == 0.5
    sd = np.sqrt((2 * 0.4**2 + 2 * 0.4**2) / 3)
    assert difference.mean() / difference.std(ddof=1) == pytest.approx(0.2 / sd)
    t = stats.ttest_rel(protocol["same_similarity"], protocol["different_similarity"]).statistic
    assert t == pytest.approx(0.2 / (sd / 2))
    # whichever partners are drawn, A1 and A2 are always right, B1 and B2 always wrong
    np.testing.assert_equal(item_auc(similarity, same), [1.0, 1.0, 0.0, 0.0])


def test_item_auc_is_each_items_auc_over_its_partners():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(30, 5))
    similarity = np.round(vectors @ vectors.T, 1)  # many ties, which count one half
    labels = rng.integers(0, 4, size=30)
    labels[0] = 9  # a text with no same-construct partner has no AUC
    same = labels[:, None] == labels[None, :]
    values = item_auc(similarity, same)
    assert np.isnan(values[0])
    for i in range(1, 30):
        others = np.arange(30) != i
        assert values[i] == pytest.approx(roc_auc_score(same[i, others], similarity[i, others]), abs=1e-12)


def test_item_auc_is_what_the_sampled_metric_estimates():
    item_set = make_item_set(*synthetic_items(6, 4, 2.0, 5))
    similarity, same = similarity_and_labels(item_set)
    draws = [
        (protocol["same_similarity"] > protocol["different_similarity"]).mean()
        for protocol in (seed_protocol(similarity, same, seed) for seed in range(500))
    ]
    # the mean of 500 draws lies within 0.015 (about four standard errors) of the expectation
    assert np.mean(draws) == pytest.approx(np.nanmean(item_auc(similarity, same)), abs=0.015)
    # while one draw moves a lot, by the spread reported beside it
    reported = compute_metrics(item_set, SETTINGS, seed=0)[0]["seed_probability_correct_sd_over_draws"]
    assert np.std(draws) == pytest.approx(reported.value, rel=0.15)
    assert reported.value > 0.05


def test_retrieval_hand_worked():
    # A1–A2 0.9, A1–B1 0.5, A2–B1 0.95
    similarity = np.array([[1, 0.9, 0.5], [0.9, 1, 0.95], [0.5, 0.95, 1]])
    same = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1]], dtype=bool)
    top1, average_precision = retrieval_scores(similarity, same)
    np.testing.assert_equal(top1, [1.0, 0.0, np.nan])
    np.testing.assert_allclose(average_precision, [1.0, 0.5, np.nan])


def test_per_construct_auc_matches_direct_computation():
    items, vectors = synthetic_items(5, 6, spread=1.5, seed=3)
    item_set = make_item_set(items, vectors)
    similarity, same = similarity_and_labels(item_set)
    table = per_construct_auc(similarity, same, item_set).set_index("construct")
    members = np.flatnonzero(item_set.membership[:, 0])
    others = np.flatnonzero(~item_set.membership[:, 0])
    within = [similarity[i, j] for i in members for j in members if i < j]
    between = [similarity[i, j] for i in members for j in others]
    expected = roc_auc_score([1] * len(within) + [0] * len(between), within + between)
    assert table.loc["c0", "auc"] == pytest.approx(expected)


def test_centroid_fit_hand_worked():
    vectors = {
        "a1": np.r_[1.0, 0.0, 0.0],
        "a2": np.r_[0.8, 0.6, 0.0],
        "a3": np.r_[0.28, 0.96, 0.0],  # labelled A, worded like B
        "b1": np.r_[0.0, 1.0, 0.0],
        "b2": np.r_[0.6, 0.8, 0.0],
        "both": np.r_[0.6, 0.0, 0.8],  # of B and C
        "c1": np.r_[0.0, 0.0, 1.0],
        "alone": np.r_[0.0, 0.0, -1.0],  # the only text of D
    }
    items = pd.DataFrame(
        {
            "construct": list("AAABBBCCD"),
            "text": ["a1", "a2", "a3", "b1", "b2", "both", "both", "c1", "alone"],
        }
    )
    item_set = make_item_set(items, vectors)
    cosines = centroid_cosines(item_set)
    row = {t: i for i, t in enumerate(item_set.texts)}
    # a3 against A without it, (1.8, 0.6, 0)/√3.6, and B, (1.2, 1.8, 0.8)/√5.32: closer to B's
    assert cosines[row["a3"], 0] == pytest.approx(1.08 / np.sqrt(3.6))
    assert cosines[row["a3"], 1] == pytest.approx(2.064 / np.sqrt(5.32))
    assert np.isnan(cosines[row["alone"], 3])  # D without its only text has no centroid
    fit = dict(zip(item_set.texts, centroid_fit(cosines, item_set.membership), strict=True))
    # b1 and b2 lie nearer A's centroid (0.8, 0.6, 0) than B's without them; "both" lies nearer
    # C's without it (c1: 0.8) than A's (0.48), but B's without it (b1 + b2: 0.19) does not
    assert fit == pytest.approx(
        {"a1": 1, "a2": 1, "a3": 0, "b1": 0, "b2": 0, "both": 0.5, "c1": 1, "alone": np.nan}, nan_ok=True
    )
    results, _ = compute_metrics(item_set, {**SETTINGS, "bootstrap_resamples": 0}, seed=0)
    assert results["centroid_fit"].value == pytest.approx(3.5 / 7)


def test_centroid_fit_is_the_share_of_items_item_fit_finds_fitting():
    item_set = make_item_set(*synthetic_items(6, 5, 2.0, 11))
    results, _ = compute_metrics(item_set, SETTINGS, seed=2)
    fits = item_fit(item_set)["fits"]
    assert 0 < fits.mean() < 1
    assert results["centroid_fit"].value == pytest.approx(fits.mean())
    assert results["centroid_fit"].ci_low < fits.mean() < results["centroid_fit"].ci_high


def test_centroid_fit_grows_with_the_items_each_centroid_is_made_of():
    def share(per_construct: int) -> float:
        item_sets = [make_item_set(*synthetic_items(11, per_construct, 3.0, seed)) for seed in range(5)]
        return np.mean([np.nanmean(centroid_fit(centroid_cosines(s), s.membership)) for s in item_sets])

    assert share(12) > 1.3 * share(3)


def test_multi_construct_texts_count_as_same_with_every_construct():
    items = pd.DataFrame({"construct": ["A", "A", "B", "B"], "text": ["x", "shared", "shared", "y"]})
    item_set = make_item_set(items, {"x": np.r_[1.0, 0], "shared": np.r_[1.0, 1], "y": np.r_[0.0, 1]})
    _, same = similarity_and_labels(item_set)
    order = {t: i for i, t in enumerate(item_set.texts)}
    assert same[order["shared"], order["x"]] and same[order["shared"], order["y"]]
    assert not same[order["x"], order["y"]]
    assert item_set.single.tolist() == [False, True, True]


def test_bootstrap_interval_covers_true_auc():
    """95% construct-bootstrap intervals from 30-construct samples should cover the population
    AUC (estimated on 400 constructs) in most of 20 independent samples."""
    population, vectors = synthetic_items(400, 6, spread=2.5, seed=100)
    pop_set = make_item_set(population, vectors)
    similarity, same = similarity_and_labels(pop_set)
    a, b = np.triu_indices(len(similarity), k=1)
    true_auc = pair_auc(similarity[a, b], same[a, b])
    covered = 0
    for seed in range(20):
        sample, sample_vectors = synthetic_items(30, 6, spread=2.5, seed=seed)
        item_set = make_item_set(sample, sample_vectors)
        metrics, _ = evaluate_item_set(item_set, SETTINGS, seed=seed)
        table = metrics.set_index("metric")
        for metric in SCORES:
            assert (
                table.loc[metric, "ci_low"] <= table.loc[metric, "value"] <= table.loc[metric, "ci_high"]
            ), metric
        row = table.loc["pair_auc"]
        covered += row["ci_low"] <= true_auc <= row["ci_high"]
    assert covered >= 16


def test_better_separation_scores_higher():
    tight = evaluate_item_set(make_item_set(*synthetic_items(8, 6, 0.5, 1)), SETTINGS, seed=1)[0]
    loose = evaluate_item_set(make_item_set(*synthetic_items(8, 6, 4.0, 1)), SETTINGS, seed=1)[0]
    for metric in SCORES:
        assert tight.set_index("metric").loc[metric, "value"] > loose.set_index("metric").loc[metric, "value"]


def test_same_seed_same_metrics():
    item_set = make_item_set(*synthetic_items(10, 5, 2.0, 4))
    first, first_constructs = evaluate_item_set(item_set, SETTINGS, seed=9)
    second, second_constructs = evaluate_item_set(item_set, SETTINGS, seed=9)
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(first_constructs, second_constructs)


def test_bias_corrected_interval_is_the_percentile_interval_when_the_value_is_the_median():
    samples = np.random.default_rng(0).normal(size=1001)
    interval = bias_corrected_interval(float(np.median(samples)), samples)
    assert interval == pytest.approx(np.quantile(samples, [0.025, 0.975]))


def test_bias_corrected_interval_shifts_the_percentiles_by_where_the_value_sits():
    samples = np.append(np.arange(1000) / 1000, [np.nan, np.inf])  # non-finite: left out
    value = 0.691  # 691 samples below it and one tie: 691.5 of 1,000, z0 ≈ 0.5
    z0 = stats.norm.ppf(0.6915)
    levels = stats.norm.cdf(2 * z0 + np.array([-1.959964, 1.959964]))  # about 0.168 and 0.998
    assert bias_corrected_interval(value, samples) == pytest.approx(np.quantile(samples[:1000], levels))
    low, high = bias_corrected_interval(value, samples)
    plain_low, plain_high = np.quantile(samples[:1000], [0.025, 0.975])
    assert low > plain_low and high > plain_high  # both ends shifted up


def test_bias_corrected_interval_is_empty_without_samples_or_value():
    assert np.isnan(bias_corrected_interval(0.7, np.array([np.nan]))).all()
    assert np.isnan(bias_corrected_interval(np.nan, np.arange(10.0))).all()
    assert bias_corrected_interval(0.8, np.full(50, 0.8)) == (0.8, 0.8)
    low, high = bias_corrected_bounds(np.array([0.6, 0.7]), np.empty((2, 0)))(1.96)  # no resamples
    assert np.isnan(low).all() and np.isnan(high).all()


def test_no_bootstrap_leaves_intervals_empty():
    metrics, _ = evaluate_item_set(
        make_item_set(*synthetic_items(6, 4, 2.0, 4)), SETTINGS, seed=1, bootstrap=False
    )
    assert metrics[["ci_low", "ci_high"]].isna().all().all()


def test_bootstrap_weights_resample_constructs():
    weights = bootstrap_weights(7, 50, seed=1)
    assert weights.shape == (50, 7)
    assert (weights.sum(axis=1) == 7).all()


def test_centering_is_optional():
    items, vectors = synthetic_items(4, 3, 1.0, 2)
    shifted = {t: v + 10.0 for t, v in vectors.items()}
    plain, centred = make_item_set(items, shifted), make_item_set(items, shifted, center=True)
    assert isinstance(plain, ItemSet)
    assert np.abs(centred.embeddings.mean(axis=0)).max() < np.abs(plain.embeddings.mean(axis=0)).max()
    np.testing.assert_allclose(np.linalg.norm(centred.embeddings, axis=1), 1.0)


def test_clustering_sorts_only_constructs_with_single_construct_texts():
    # "shared" holds only texts of other constructs too (the holdout policy scores such sets):
    # KMeans gets k = 4, not 5, and the jackknife leaves out the four clustered constructs only
    items, vectors = synthetic_items(4, 3, 0.5, 8)
    items = pd.concat([items, pd.DataFrame({"construct": "shared", "text": ["c0-t0", "c1-t0"]})])
    item_set = make_item_set(items, vectors)
    runs = kmeans_cells(item_set, [1, 2], n_init=2)
    assert all(len(np.unique(clusters)) == 4 for _, clusters, _ in runs)
    results = compute_metrics(item_set, SETTINGS, seed=1)[0]
    assert results["n_texts_clustered"].value == 10 and len(results["ari"].leave_one_out) == 4
    assert results["ari"].ci_low <= results["ari"].value <= results["ari"].ci_high
    # one clustered construct only: nothing to sort, clustering metrics are missing, not made up
    alone = pd.DataFrame({"construct": [*"aabbbcc"], "text": [*"wxxpqpq"]})  # only w is single
    sparse = make_item_set(alone, {t: np.random.default_rng(0).normal(size=4) for t in "wxpq"})
    lonely = compute_metrics(sparse, SETTINGS, seed=1)[0]
    assert np.isnan(lonely["ari"].value) and np.isnan(lonely["purity_sd_over_seeds"].value)


def test_clustering_intervals_stay_within_the_values_each_metric_can_take():
    # four constructs of four texts, two of them often merged by KMeans: the jackknife's
    # standard error is wide enough that value ± 1.96 se passes 1 for ARI and purity
    items, vectors = synthetic_items(4, 4, 0.9, 0)
    results = compute_metrics(make_item_set(items, vectors), SETTINGS, seed=1)[0]
    for name in ("ari", "purity"):
        result = results[name]
        unbounded = result.value + 1.96 * jackknife_standard_error(result.leave_one_out)
        assert unbounded > 1 and result.ci_high == 1.0, name
        assert result.ci_low < result.value < result.ci_high
    assert all(0 <= results[name].ci_low for name in ("nmi", "purity"))


def test_kmeans_clusters_word_counts_as_a_sparse_matrix_and_dense_vectors_as_given(monkeypatch):
    # word-count vectors (a few non-zero words in a wide vocabulary): three topics of ten items
    rng = np.random.default_rng(4)
    counts = np.zeros((30, 600), dtype=np.float32)
    for row in range(30):
        counts[row, rng.choice(5, size=3, replace=False) + 5 * (row // 10)] = 1.0
    counts /= np.linalg.norm(counts, axis=1, keepdims=True)
    truth = np.repeat(np.arange(3), 10)
    labels = kmeans_labels(counts, 3, n_init=5, seed=0)
    assert adjusted_rand_score(truth, labels) == 1.0
    assert (
        adjusted_rand_score(labels, KMeans(n_clusters=3, n_init=5, random_state=0).fit_predict(counts)) == 1.0
    )
    np.testing.assert_array_equal(labels, kmeans_labels(counts, 3, n_init=5, seed=0))
    seen = []
    fit_predict = KMeans.fit_predict
    monkeypatch.setattr(KMeans, "fit_predict", lambda self, x: seen.append(x) or fit_predict(self, x))
    dense = rng.normal(size=(30, 8))
    kmeans_labels(counts, 3, n_init=1, seed=0), kmeans_labels(dense, 3, n_init=1, seed=0)
    assert sparse.issparse(seen[0]) and seen[1] is dense


def test_kmeans_sorts_a_questionnaire_sized_set_on_one_thread(monkeypatch):
    def openmp_threads():
        return max(pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "openmp")

    default, threads = openmp_threads(), []
    fit_predict = KMeans.fit_predict
    monkeypatch.setattr(
        KMeans, "fit_predict", lambda self, x: threads.append(openmp_threads()) or fit_predict(self, x)
    )
    rng = np.random.default_rng(5)
    small, large = rng.normal(size=(300, 384)), rng.normal(size=(1400, 384))
    assert small.size <= ONE_THREAD_ENTRIES < large.size
    kmeans_labels(small, 3, n_init=1, seed=0), kmeans_labels(large, 3, n_init=1, seed=0)
    assert threads == [1, default] and openmp_threads() == default


def test_every_selectable_metric_is_one_the_evaluation_reports():
    schema = yaml.safe_load(
        (Path(__file__).resolve().parents[1] / "config" / "config.schema.yaml").read_text()
    )
    selectable = schema["properties"]["selection"]["properties"]["metric"]["enum"]
    results, _ = compute_metrics(make_item_set(*synthetic_items(6, 4, 1.0, 3)), SETTINGS, seed=3)
    assert set(selectable) <= set(results)


@pytest.mark.parametrize("holding", [1, 2, 3])
def test_a_subset_of_same_construct_pairs_is_resampled_only_across_three_constructs(holding):
    # 6 constructs, each with 10 same-construct pairs and 10 pairs with the next construct;
    # the subset keeps the same-construct pairs of the first ``holding`` constructs
    rng = np.random.default_rng(0)
    home_a = np.repeat(np.arange(6), 20)
    home_b = np.where(np.arange(120) % 2, home_a, (home_a + 1) % 6)
    same = home_a == home_b
    chosen = same & (home_a < holding)
    scores = rng.normal(size=120) + same
    value, replicates = subset_pair_auc(scores, chosen, ~same, home_a, home_b, bootstrap_weights(6, 50, 1))
    assert value == pytest.approx(roc_auc_score(same[chosen | ~same], scores[chosen | ~same]))
    assert len(replicates) == (50 if holding >= 3 else 0)
