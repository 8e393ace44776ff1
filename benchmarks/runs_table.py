"""Headline numbers of several finished runs side by side, for docs/experiments.md.

Run the workflow several times with nothing changed but ``seed`` (which draws the held-out
constructs, the training pairs, KMeans starts and bootstrap resamples; a model's own training
seed stays), each in its own directory, then

    python benchmarks/runs_table.py RUN_DIR [RUN_DIR ...] [--fine-tuned MODEL] [--baseline MODEL]

prints one row per run and the mean and sd over runs: how much the conclusions depend on which
constructs happened to be held out; then, likewise, the reliability check on the IPIP test
scales (``results/metrics/reliability.tsv``). Every number is read from the run's own tables.
This prints the tables of docs/experiments.md (the default models by name, the leadership
target); ``python -m constructlens.draws`` sets any runs side by side, for every model and
target, after checking that they differ only in ``seed``.
"""

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

from constructlens.prose import interval_text, markdown_table
from constructlens.tables import read_tsv


def _cell(value: float, low: float = np.nan, high: float = np.nan) -> str:
    if pd.isna(value):
        return "—"
    return interval_text(value, low, high)


def _p(value: float) -> str:
    return "—" if pd.isna(value) else ("< 0.001" if value < 0.001 else f"{value:.3f}")


def _gap(row: pd.Series | None) -> str:
    return "—" if row is None else f"{_cell(row.difference, row.ci_low, row.ci_high)}, {_p(row.p_value)}"


def _read(run: Path, name: str) -> pd.DataFrame:
    return read_tsv(run / "results" / name)


def headline(run: Path, fine_tuned: str, baseline: str) -> dict:
    """The headline values of one finished run (NaN where the run did not compute one, e.g.
    test scores of a fine-tuned model that was not selected)."""
    results = run / "results"
    provenance = json.loads((results / "provenance.json").read_text())
    selection = json.loads((results / "selection" / "best_model.json").read_text())
    validation = {c["model"]: c["value"] for c in selection["candidates"]}
    metrics = _read(run, "metrics/all.tsv").set_index(["model", "dataset", "split", "metric"])
    summary = _read(run, f"splits/ipip_{provenance['config']['splits']['scheme']}_summary.tsv")

    def metric(model: str, dataset: str, split: str) -> pd.Series:
        key = (model, dataset, split, "pair_auc")
        return metrics.loc[key] if key in metrics.index else pd.Series(np.nan, ["value", "ci_low", "ci_high"])

    paired = _read(run, "comparison/selected_vs_baselines.tsv")
    paired = paired.query(
        "selected_model == @fine_tuned and baseline_model == @baseline and dataset == 'ipip' "
        "and split == 'test' and metric == 'pair_auc'"
    )
    margin_file = results / "selection" / "margin.tsv"  # runs before it was written lack it
    margin = read_tsv(margin_file) if margin_file.exists() else pd.DataFrame()
    gaps = _read(run, "comparison/ipip_vs_leadership.tsv").set_index(["model", "metric"])

    def gap(model: str) -> pd.Series | None:
        return gaps.loc[(model, "pair_auc")] if (model, "pair_auc") in gaps.index else None

    return {
        "seed": provenance["config"]["seed"],
        "test_constructs": int(summary.set_index("split").loc["test", "n_constructs"]),
        "selected": selection["best_model"],
        "validation_fine_tuned": validation.get(fine_tuned, np.nan),
        "validation_baseline": validation.get(baseline, np.nan),
        "margin": margin.iloc[0] if len(margin) else None,
        "test_fine_tuned": metric(fine_tuned, "ipip", "test"),
        "test_baseline": metric(baseline, "ipip", "test"),
        "paired": paired.iloc[0] if len(paired) else None,
        "leadership_fine_tuned": metric(fine_tuned, "leadership", "all"),
        "leadership_baseline": metric(baseline, "leadership", "all"),
        "gap_fine_tuned": gap(fine_tuned),
        "gap_baseline": gap(baseline),
        "reliability": _reliability(results, fine_tuned, baseline),
    }


def _reliability(results: Path, fine_tuned: str, baseline: str) -> dict | None:
    """Spearman's ρ of both models on the IPIP test scales and the fine-tuned model's lead
    (paired, when the run selected either of them); None for runs made before the check
    existed."""
    path = results / "metrics" / "reliability.tsv"
    if not path.exists():
        return None
    table = read_tsv(path).query("dataset == 'ipip'").set_index("model")
    missing = pd.Series(np.nan, ["spearman_rho", "ci_low", "ci_high", "n_scales"])
    return {
        "n_scales": table["n_scales"].iloc[0],
        "fine_tuned": table.loc[fine_tuned] if fine_tuned in table.index else missing,
        "baseline": table.loc[baseline] if baseline in table.index else missing,
        "difference": paired_rho_difference(table, fine_tuned, baseline),
    }


def paired_rho_difference(table: pd.DataFrame, first: str, second: str) -> pd.Series | None:
    """``first``'s ρ minus ``second``'s, paired on the same resamples (difference, ci_low,
    ci_high, p_value), from a run's reliability table (indexed by model). The run pairs its
    selected model with every other one, so this reads the row of whichever of the two it did
    not select, turned round when that is ``first`` (the bootstrap p-value is two-sided); None
    when it selected neither, or for a model against itself."""
    columns = ["selected_minus_this", "difference_ci_low", "difference_ci_high", "difference_p_value"]
    if first == second or not {first, second} <= set(table.index):
        return None
    if table.loc[first, "role"] == "selected":
        difference, low, high, p_value = table.loc[second, columns]
    elif table.loc[second, "role"] == "selected":
        turned, low_turned, high_turned, p_value = table.loc[first, columns]
        difference, low, high = -turned, -high_turned, -low_turned
    else:
        return None
    return pd.Series({"difference": difference, "ci_low": low, "ci_high": high, "p_value": p_value})


def markdown(rows: list[dict]) -> str:
    """One line per run, then the mean ± sd over runs of the point values."""
    header = [
        "split seed",
        "test constructs",
        "selected",
        "validation AUC fine-tuned / zero-shot",
        "selected − runner-up on validation [95 % CI]",
        "test AUC fine-tuned",
        "test AUC zero-shot",
        "paired gain [95 % CI]",
        "constructs up / down (sign-flip p)",
        "leadership AUC fine-tuned / zero-shot",
        "IPIP − leadership fine-tuned [95 % CI], p",
        "IPIP − leadership zero-shot [95 % CI], p",
    ]
    table = []
    for r in rows:
        paired = r["paired"]
        cells = [
            str(r["seed"]),
            str(r["test_constructs"]),
            r["selected"],
            f"{r['validation_fine_tuned']:.3f} / {r['validation_baseline']:.3f}",
            "—"
            if r["margin"] is None
            else _cell(r["margin"].difference, r["margin"].ci_low, r["margin"].ci_high),
            _cell(*r["test_fine_tuned"][["value", "ci_low", "ci_high"]]),
            _cell(*r["test_baseline"][["value", "ci_low", "ci_high"]]),
            "—" if paired is None else _cell(paired.difference, paired.ci_low, paired.ci_high),
            "—"
            if paired is None
            else f"{paired.constructs_higher:.0f} / {paired.constructs_lower:.0f} ({_p(paired.per_construct_p_value)})",
            f"{r['leadership_fine_tuned']['value']:.3f} / {r['leadership_baseline']['value']:.3f}",
            _gap(r["gap_fine_tuned"]),
            _gap(r["gap_baseline"]),
        ]
        table.append(cells)
    text = markdown_table(header, table)
    return text + "\n\n" + _spread(rows) if len(rows) > 1 else text


def _spread(rows: list[dict]) -> str:
    """Mean ± sd over runs (how many in brackets: a run may lack a value)."""
    values = {
        "validation AUC fine-tuned": [r["validation_fine_tuned"] for r in rows],
        "validation AUC zero-shot": [r["validation_baseline"] for r in rows],
        "test AUC fine-tuned": [r["test_fine_tuned"]["value"] for r in rows],
        "test AUC zero-shot": [r["test_baseline"]["value"] for r in rows],
        "paired gain": [np.nan if r["paired"] is None else r["paired"].difference for r in rows],
        "leadership AUC fine-tuned": [r["leadership_fine_tuned"]["value"] for r in rows],
        "leadership AUC zero-shot": [r["leadership_baseline"]["value"] for r in rows],
        "IPIP − leadership fine-tuned": [
            np.nan if r["gap_fine_tuned"] is None else r["gap_fine_tuned"].difference for r in rows
        ],
        "IPIP − leadership zero-shot": [
            np.nan if r["gap_baseline"] is None else r["gap_baseline"].difference for r in rows
        ],
    }
    return _mean_sd(values, len(rows))


def _mean_sd(values: dict[str, list[float]], n_runs: int) -> str:
    """Mean ± sd over runs of each series (how many in brackets: a run may lack a value)."""
    parts = []
    for name, series in values.items():
        series = np.asarray(series, dtype=float)
        series = series[np.isfinite(series)]
        if len(series) > 1:
            parts.append(f"{name} {series.mean():.3f} ± {series.std(ddof=1):.3f} ({len(series)})")
    return f"Over {n_runs} runs (mean ± sd): " + "; ".join(parts) + "."


def reliability_markdown(rows: list[dict]) -> str:
    """The reliability check of every run that has one, then the mean ± sd of its values."""
    rows = [r for r in rows if r["reliability"] is not None]
    header = [
        "split seed",
        "test scales",
        "ρ fine-tuned [95 % CI]",
        "ρ zero-shot [95 % CI]",
        "fine-tuned − zero-shot [95 % CI], p",
    ]
    table = []
    for r in rows:
        check = r["reliability"]
        table.append(
            [
                str(r["seed"]),
                f"{check['n_scales']:.0f}",
                _cell(*check["fine_tuned"][["spearman_rho", "ci_low", "ci_high"]]),
                _cell(*check["baseline"][["spearman_rho", "ci_low", "ci_high"]]),
                _gap(check["difference"]),
            ]
        )
    text = markdown_table(header, table)
    values = {
        "ρ fine-tuned": [r["reliability"]["fine_tuned"]["spearman_rho"] for r in rows],
        "ρ zero-shot": [r["reliability"]["baseline"]["spearman_rho"] for r in rows],
        "difference": [
            np.nan if r["reliability"]["difference"] is None else r["reliability"]["difference"]["difference"]
            for r in rows
        ],
    }
    return text + "\n\n" + _mean_sd(values, len(rows)) if len(rows) > 1 else text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", type=Path, nargs="+", help="working directories of finished runs")
    parser.add_argument("--fine-tuned", default="minilm_mnrl")
    parser.add_argument("--baseline", default="minilm_zeroshot")
    args = parser.parse_args()
    rows = sorted(
        (headline(run, args.fine_tuned, args.baseline) for run in args.runs),
        key=lambda r: r["seed"],
    )
    print(markdown(rows))
    print()
    print(reliability_markdown(rows))


if __name__ == "__main__":
    main()
