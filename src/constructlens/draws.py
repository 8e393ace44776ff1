"""Several runs that differ only in ``seed``, side by side: how far the conclusions move with
the IPIP constructs that happen to be held out.

A run's numbers rest on one random draw of held-out constructs. ``draws: {seeds: [...]}`` in
the config has the workflow run itself again with each seed and set the runs side by side
(``constructlens.draw_runs``, ``results/draws/``). By hand, run the workflow again with other
seeds, each in a directory of its own, then

    python -m constructlens.draws RUN_DIR RUN_DIR [...] [--metric pair_auc] [--out draws.tsv]
        [--summary draws_summary.tsv] [--pairs draws_pairs.tsv] [--constructs draws_constructs.tsv]
        [--figure draws.png]

prints, for the selected model and each baseline, the mean, sd and range over runs of its
score on the held-out IPIP test constructs, on every target, and of their difference, with how
many runs' intervals lie wholly on one side of 0, and, per target, the construct pairs that
overlap in any run, in how many, and which construct was the least distinct; ``--out`` writes
every run's row, ``--summary`` the summary, ``--pairs`` every construct pair's separability and
``--constructs`` every construct's distinctiveness over runs as tables, ``--figure`` the
selected model's scores and differences run by run. Runs are refused unless they read the
same input files (sha256), with the same configuration but for ``seed`` and the paths of those
files, and the same commit of the workflow's code.
"""

import argparse
import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError
from .plots import FigureFiles, draws_plot
from .prose import markdown_table
from .run_paths import FILE_KEYS, local_paths_absolute
from .tables import read_tsv

log = logging.getLogger(__name__)

RUN_KEYS = ("seed", "draws")
"""Config keys in which comparable runs may differ: the draw itself, and the other draws a run asked for."""

QUANTITIES = ("ipip_test", "target", "difference")
"""What the summary scores: the held-out IPIP test constructs, the target, and IPIP − target."""


def _result(path: Path) -> Path:
    """``path``, a file every finished run has, or an error naming it."""
    if not path.exists():
        raise InputError(path, "not found: is this the folder of a finished run?")
    return path


def _json(path: Path) -> dict:
    return json.loads(_result(path).read_text())


def _table(path: Path) -> pd.DataFrame:
    return read_tsv(_result(path))


def _score(metrics: pd.DataFrame, key: tuple) -> pd.Series:
    """A row of ``all.tsv`` (value, ci_low, ci_high), missing values where the run has none."""
    return metrics.loc[key] if key in metrics.index else pd.Series(np.nan, ["value", "ci_low", "ci_high"])


def run_rows(run: str | Path, metric: str = "pair_auc") -> pd.DataFrame:
    """One row per model the run scored on its test split and per target: the model's
    ``metric`` on the held-out IPIP test constructs and on the target (each with its 95 %
    interval, from ``metrics/all.tsv``) and the difference IPIP − target with its interval and
    p-value (``comparison/ipip_vs_<target>.tsv``)."""
    results = Path(run) / "results"
    record = _json(results / "provenance.json")
    config = record["config"]
    summary = _table(results / "splits" / f"ipip_{config['splits']['scheme']}_summary.tsv")
    test_constructs = int(summary.set_index("split").loc["test", "n_constructs"])
    metrics = _table(results / "metrics" / "all.tsv").set_index(["model", "dataset", "split", "metric"])
    rows = []
    for target in config["targets"]:
        comparison = _table(results / "comparison" / f"ipip_vs_{target}.tsv").query("metric == @metric")
        for row in comparison.itertuples(index=False):
            ipip = _score(metrics, (row.model, "ipip", "test", metric))
            scored = _score(metrics, (row.model, target, "all", metric))
            rows.append(
                {
                    "seed": config["seed"],
                    "test_constructs": test_constructs,
                    "selected_model": record["selected_model"],
                    "model": row.model,
                    "role": row.role,
                    "target": target,
                    "metric": metric,
                    "ipip_test": ipip["value"],
                    "ipip_test_ci_low": ipip["ci_low"],
                    "ipip_test_ci_high": ipip["ci_high"],
                    "target_value": scored["value"],
                    "target_ci_low": scored["ci_low"],
                    "target_ci_high": scored["ci_high"],
                    "difference": row.difference,
                    "ci_low": row.ci_low,
                    "ci_high": row.ci_high,
                    "p_value": row.p_value,
                }
            )
    if not rows:
        raise InputError(results / "comparison", f"no comparison of IPIP with a target on {metric!r}")
    return pd.DataFrame(rows)


def _is_path(value) -> bool:
    return value is None or isinstance(value, str)


def _differences(first, second, prefix: str = "") -> list[str]:
    """Dotted keys whose values differ between two configurations, input file names aside."""
    if isinstance(first, dict) and isinstance(second, dict):
        return [
            difference
            for key in sorted(set(first) | set(second), key=str)
            if not (key in FILE_KEYS and _is_path(first.get(key)) and _is_path(second.get(key)))
            for difference in _differences(first.get(key), second.get(key), f"{prefix}{key}.")
        ]
    return [] if first == second else [prefix.rstrip(".")]


def check_comparable(records: list[tuple[str, dict]]) -> None:
    """Refuse runs that differ in more than ``seed``: other input files, other settings, other
    code, or one seed twice (one folder given twice among them). ``records`` pairs each run's
    folder with its ``provenance.json``."""
    (first, reference), *others = records
    checksums = {name: entry["sha256"] for name, entry in reference["inputs"].items()}
    seeds = {reference["config"]["seed"]: first}
    for run, record in others:
        theirs = {name: entry["sha256"] for name, entry in record["inputs"].items()}
        if theirs != checksums:
            changed = sorted(n for n in set(theirs) | set(checksums) if theirs.get(n) != checksums.get(n))
            raise InputError(run, f"read other input files than {first}: {', '.join(changed)}")
        config = {**record["config"], **{key: reference["config"].get(key) for key in RUN_KEYS}}
        changed = _differences(
            local_paths_absolute(reference["config"], first), local_paths_absolute(config, run)
        )
        if changed:
            raise InputError(run, f"differs from {first} in more than seed: {', '.join(changed)}")
        if record["workflow"]["git_commit"] != reference["workflow"]["git_commit"]:
            raise InputError(run, f"made by another commit of the workflow than {first}")
        seed = record["config"]["seed"]
        if seed in seeds:
            raise InputError(run, f"has the seed of {seeds[seed]} ({seed}): the same draw twice")
        seeds[seed] = run
    for run, record in records:
        if record["workflow"].get("uncommitted_changes"):
            log.warning(
                "%s: made with uncommitted changes to the workflow; its commit alone does not name its code",
                run,
            )


def draw_rows(runs: list[str | Path], metric: str = "pair_auc") -> pd.DataFrame:
    """Every run's rows (``run_rows``), after checking that the runs differ only in ``seed``."""
    if len(runs) < 2:
        raise InputError(runs[0] if runs else "draws", "give two or more runs to compare")
    check_comparable([(str(run), _json(Path(run) / "results" / "provenance.json")) for run in runs])
    rows = pd.concat([run_rows(run, metric) for run in runs], ignore_index=True)
    # per target the selected model's rows first, then the baselines' by name
    return (
        rows.assign(_baseline=rows["role"] != "selected")
        .sort_values(["target", "_baseline", "model", "seed"], kind="stable", ignore_index=True)
        .drop(columns="_baseline")
    )


PAIR_COLUMNS = ["construct_a", "construct_b", "separability", "ci_low", "ci_high", "overlapping", "redundant"]
CONSTRUCT_COLUMNS = ["construct", "n_items", "auc", "ci_low", "ci_high", "rank"]


def _per_target(run: str | Path, table: str, columns: list[str]) -> pd.DataFrame:
    """``columns`` of ``targets/<target>/<table>`` of every target of a run, after the run's
    ``seed``, selected model and the target."""
    results = Path(run) / "results"
    record = _json(results / "provenance.json")
    about = {"seed": record["config"]["seed"], "selected_model": record["selected_model"]}
    tables = [
        _table(results / "targets" / target / table)[columns].assign(**about, target=target)
        for target in record["config"]["targets"]
    ]
    return pd.concat(tables, ignore_index=True)[[*about, "target", *columns]]


def run_pair_rows(run: str | Path) -> pd.DataFrame:
    """One row per target and construct pair of a run: how well the run's selected model
    separates the two (``targets/<target>/construct_pairs.tsv``), and whether it flagged them
    as overlapping and as redundant; each pair's constructs in alphabetical order."""
    rows = _per_target(run, "construct_pairs.tsv", PAIR_COLUMNS)
    names = rows[["construct_a", "construct_b"]]
    return rows.assign(construct_a=names.min(axis=1), construct_b=names.max(axis=1))


def run_construct_rows(run: str | Path) -> pd.DataFrame:
    """One row per target and construct of a run: its distinctiveness under the run's selected
    model, the AUC of its own item pairs against its pairs with all others, and its rank
    (``targets/<target>/distinctiveness.tsv``; 1 = most distinct)."""
    return _per_target(run, "distinctiveness.tsv", CONSTRUCT_COLUMNS)


def pair_rows(runs: list[str | Path]) -> pd.DataFrame:
    """Every run's construct pairs (``run_pair_rows``), for runs ``draw_rows`` found comparable."""
    return pd.concat([run_pair_rows(run) for run in runs], ignore_index=True)


def construct_rows(runs: list[str | Path]) -> pd.DataFrame:
    """Every run's constructs (``run_construct_rows``), for runs ``draw_rows`` found comparable."""
    return pd.concat([run_construct_rows(run) for run in runs], ignore_index=True)


def _over_runs(
    rows: pd.DataFrame, keys: list[str], value: str, most_first: bool = False, **more
) -> pd.DataFrame:
    """Per target and ``keys``, over runs: the number of runs, mean, sd, smallest and largest of
    ``value``, and ``more`` named aggregations; per target, in the order the rows name them, by
    mean (the largest first where ``most_first``)."""
    summary = (
        rows.groupby(["target", *keys], sort=False)
        .agg(
            n_runs=(value, "count"),
            mean=(value, "mean"),
            sd=(value, "std"),
            min=(value, "min"),
            max=(value, "max"),
            **more,
        )
        .reset_index()
    )
    order = summary["target"].map({target: i for i, target in enumerate(dict.fromkeys(rows["target"]))})
    return (
        summary.assign(_order=order, _mean=-summary["mean"] if most_first else summary["mean"])
        .sort_values(["_order", "_mean", *keys], kind="stable", ignore_index=True)
        .drop(columns=["_order", "_mean"])
    )


def summarise_constructs(rows: pd.DataFrame) -> pd.DataFrame:
    """Per target and construct, over runs: the distinctiveness AUC's mean, sd, smallest and
    largest value, and its best and worst rank; per target the most distinct on average first."""
    return _over_runs(
        rows, ["construct"], "auc", most_first=True, best_rank=("rank", "min"), worst_rank=("rank", "max")
    )


def least_distinct_text(rows: pd.DataFrame) -> str:
    """Per target, which construct was the least distinct in how many runs: a paragraph each."""
    lowest = rows.loc[rows.groupby(["target", "seed"], sort=False)["auc"].idxmin()]
    n_runs = rows["seed"].nunique()
    return "\n\n".join(
        f"{target}: the least distinct construct was "
        + ", ".join(f"{construct} in {count} of {n_runs} draws" for construct, count in counts.items())
        + "."
        for target, counts in (
            (target, group["construct"].value_counts())
            for target, group in lowest.groupby("target", sort=False)
        )
    )


def summarise_pairs(rows: pd.DataFrame) -> pd.DataFrame:
    """Per target and construct pair, over runs: the separability's mean, sd, smallest and
    largest value, and in how many runs the pair was overlapping and redundant; per target the
    least separable on average first."""
    return _over_runs(
        rows,
        ["construct_a", "construct_b"],
        "separability",
        n_overlapping=("overlapping", "sum"),
        n_redundant=("redundant", "sum"),
    )


def pairs_markdown(summary: pd.DataFrame) -> str:
    """Per target, the construct pairs overlapping in any run: in how many, and their
    separability over runs."""
    parts = []
    for target, group in summary.groupby("target", sort=False):
        n_runs = int(group["n_runs"].max())
        flagged = group[group["n_overlapping"] > 0]
        always = int((group["n_overlapping"] == n_runs).sum())
        lead = (
            f"{target}: {len(flagged)} of {len(group)} construct pairs overlap in at least one of "
            f"{n_runs} draws, {always} in every one."
        )
        lines = [
            [
                f"{row.construct_a} – {row.construct_b}",
                f"{row.n_overlapping} of {row.n_runs}",
                f"{row.mean:.3f} ± {row.sd:.3f} ({row.min:.3f}–{row.max:.3f})",
            ]
            for row in flagged.itertuples()
        ]
        table = markdown_table(["pair", "overlapping in", "separability"], lines) if lines else ""
        parts.append(f"{lead}\n\n{table}".rstrip())
    return "\n\n".join(parts)


def summarise(rows: pd.DataFrame) -> pd.DataFrame:
    """Per model (the selected one as ``selected``, whichever it was in each run), target and
    quantity: the number of runs, mean, sd, smallest and largest value, and, for the difference,
    in how many runs its interval lies wholly above 0 and wholly below."""
    rows = rows.assign(model=rows["model"].where(rows["role"] != "selected", "selected"))
    columns = {"ipip_test": "ipip_test", "target": "target_value", "difference": "difference"}
    summary = []
    for (target, model, metric), group in rows.groupby(["target", "model", "metric"], sort=False):
        for quantity in QUANTITIES:
            values = group[columns[quantity]].astype(float)
            difference = quantity == "difference"
            summary.append(
                {
                    "model": model,
                    "target": target,
                    "metric": metric,
                    "quantity": quantity,
                    "n_runs": int(values.notna().sum()),
                    "mean": values.mean(),
                    "sd": values.std(ddof=1),
                    "min": values.min(),
                    "max": values.max(),
                    "n_above_zero": int((group["ci_low"] > 0).sum()) if difference else None,
                    "n_below_zero": int((group["ci_high"] < 0).sum()) if difference else None,
                }
            )
    return pd.DataFrame(summary).astype({"n_above_zero": "Int64", "n_below_zero": "Int64"})


def markdown(rows: pd.DataFrame, summary: pd.DataFrame) -> str:
    """The summary as a table a reader can paste: mean ± sd (range) over runs."""
    selected = rows.query("role == 'selected'").drop_duplicates("seed")["selected_model"].value_counts()
    picked = ", ".join(f"{model} in {n}" for model, n in selected.items())
    header = ["model", "target", "IPIP test", "target", "IPIP − target", "interval above / below 0"]
    lines = []
    for (model, target), group in summary.groupby(["model", "target"], sort=False):
        by = group.set_index("quantity")
        cells = [
            f"{by.loc[q, 'mean']:.3f} ± {by.loc[q, 'sd']:.3f} ({by.loc[q, 'min']:.3f}–{by.loc[q, 'max']:.3f})"
            for q in QUANTITIES
        ]
        counts = f"{by.loc['difference', 'n_above_zero']} / {by.loc['difference', 'n_below_zero']} of {by.loc['difference', 'n_runs']}"
        lines.append([model, target, *cells, counts])
    seeds = ", ".join(str(seed) for seed in sorted(rows["seed"].unique()))
    fewest, most = rows["test_constructs"].min(), rows["test_constructs"].max()
    held_out = f"{fewest}–{most}" if fewest != most else f"{fewest}"
    return (
        f"{summary['metric'].iloc[0]} over {rows['seed'].nunique()} draws of held-out IPIP constructs "
        f"(seeds {seeds}; {held_out} test constructs): mean ± sd (smallest–largest). "
        f"Selected: {picked}.\n\n" + markdown_table(header, lines)
    )


@dataclass(frozen=True)
class Comparison:
    """Runs side by side: every run's rows (``draw_rows``), their summary, and every construct
    pair's and construct's rows over runs (``summarise_pairs``, ``construct_rows``)."""

    rows: pd.DataFrame
    summary: pd.DataFrame
    pairs: pd.DataFrame
    constructs: pd.DataFrame

    def text(self) -> str:
        """What the comparison finds, as Markdown: the scores, the pairs, the least distinct."""
        return "\n\n".join(
            [
                markdown(self.rows, self.summary),
                pairs_markdown(self.pairs),
                least_distinct_text(self.constructs),
            ]
        )


def compare(runs: list[str | Path], metric: str = "pair_auc") -> Comparison:
    """``runs`` side by side, once they are checked to differ only in ``seed``."""
    rows = draw_rows(runs, metric)
    return Comparison(rows, summarise(rows), summarise_pairs(pair_rows(runs)), construct_rows(runs))


def write_tables(compared: Comparison, **paths: str | Path | None) -> None:
    """Write the tables ``paths`` names (``runs``, ``summary``, ``pairs``, ``constructs``) as TSV."""
    tables = {
        "runs": compared.rows,
        "summary": compared.summary,
        "pairs": compared.pairs,
        "constructs": summarise_constructs(compared.constructs),
    }
    for name, path in paths.items():
        if path:
            tables[name].to_csv(path, sep="\t", index=False)


def figure_file(path: str) -> FigureFiles:
    """Where ``--figure`` draws: a PNG, or vector graphics (PDF, SVG) alone."""
    suffix = Path(path).suffix.lower()
    if suffix == ".png":
        return FigureFiles(path)
    if suffix in (".pdf", ".svg"):
        return FigureFiles(None, (path,))
    raise argparse.ArgumentTypeError(f"{path}: name a .png, .pdf or .svg file")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m constructlens.draws", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("runs", nargs="+", help="folders of finished runs (each holding results/)")
    parser.add_argument(
        "--metric", default="pair_auc", help="a metric of the comparison tables (default pair_auc)"
    )
    parser.add_argument("--out", help="write every run's rows to this TSV")
    parser.add_argument("--summary", help="write the summary to this TSV")
    parser.add_argument(
        "--pairs", help="write, per target and construct pair, its separability and overlap over runs"
    )
    parser.add_argument(
        "--constructs", help="write, per target and construct, its distinctiveness and rank over runs"
    )
    parser.add_argument(
        "--figure",
        type=figure_file,
        help="draw the selected model's scores and differences per run to this .png, .pdf or .svg",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    try:
        compared = compare(args.runs, args.metric)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    write_tables(compared, runs=args.out, summary=args.summary, pairs=args.pairs, constructs=args.constructs)
    if args.figure:
        draws_plot(compared.rows, args.figure)
    print(compared.text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
