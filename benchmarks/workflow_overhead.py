"""Snakemake's own overhead on this workflow: a no-op run and a dry run of a 50-model sweep.

Targets: no-op ≤ 2 s on the default config, dry run of 50 models ≤ 10 s. Also prints the floor:
the no-op run of a one-rule workflow, which no workflow can go below with this installation
(most of it is Snakemake importing its plugins, the SLURM one with pandas, at start-up).

    python benchmarks/workflow_overhead.py --finished-run DIR [--data PATH]

DIR is a working directory where the default workflow has completed (e.g. the repository
itself after `snakemake --cores all`); without it, the no-op run is skipped. PATH: the folder
of local input copies exactly as that run was given them (`--data ../shared/data` for a run
with `--config ipip_csv=../shared/data/IPIP.csv …`, relative to DIR); without it, the
downloaded inputs in resources/. A run given other inputs is not a no-op, and is refused.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def seconds(command: list[str], cwd: Path, repeat: int = 7) -> float:
    """Median wall time of ``command``; fails loudly if it fails."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            sys.exit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return statistics.median(times)


def snakemake(workdir: Path, *args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "snakemake",
        "-s",
        str(REPO / "Snakefile"),
        "--directory",
        str(workdir),
        *args,
    ]


def input_config(folder: Path) -> list[str]:
    return [f"ipip_csv={folder / 'IPIP.csv'}", f"leadership_csv={folder / 'Measures_text_long.csv'}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--finished-run", type=Path)
    parser.add_argument("--data", type=Path)
    args = parser.parse_args()
    inputs = input_config(args.data) if args.data else []
    # the sweep's dry run happens in another folder: absolute paths, by default the shared data
    data = (args.finished_run or Path()) / args.data if args.data else REPO.parent / "shared" / "data"
    sweep_inputs = input_config(data.resolve())

    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "Snakefile").write_text(
            'rule done:\n    output: "done.txt"\n    shell: "touch {output}"\n'
        )
        one_rule = [sys.executable, "-m", "snakemake", "--cores", "1"]
        subprocess.run(one_rule, cwd=folder, capture_output=True, check=True)
        print(f"no-op run of a one-rule workflow (floor): {seconds(one_rule, Path(folder)):5.2f} s")
    if args.finished_run:
        noop = snakemake(
            args.finished_run, "--configfile", str(REPO / "config" / "config.yaml"), "--cores", "all"
        )
        noop += ["--config", *inputs] if inputs else []
        dry = subprocess.run(noop + ["-n"], cwd=args.finished_run, capture_output=True, text=True)
        if "Nothing to be done" not in dry.stdout + dry.stderr:
            sys.exit(
                f"{args.finished_run} is not up to date for these inputs ({' '.join(inputs) or 'resources/'}): "
                "a no-op run would run jobs. Run snakemake there with the same --config first."
            )
        print(
            f"no-op run on the default config:         {seconds(noop, args.finished_run):5.2f} s (target ≤ 2 s)"
        )

    config = yaml.safe_load((REPO / "config" / "config.yaml").read_text())
    base = config["models"]["minilm_mnrl"]["base"]
    config["models"] = {
        f"sweep_{i:02d}": {
            "base": base,
            "learning_rate": float(f"{1e-5 * (1 + i % 10):.1e}"),
            "batch_size": [32, 64, 128, 256, 16][i // 10],
        }
        for i in range(50)
    }
    with tempfile.TemporaryDirectory() as folder:
        sweep = Path(folder) / "sweep.yaml"
        sweep.write_text(yaml.safe_dump(config))
        dry = snakemake(
            Path(folder), "--configfile", str(sweep), "-n", "--quiet", "all", "--config", *sweep_inputs
        )
        print(f"dry run of a 50-model sweep:             {seconds(dry, Path(folder)):5.2f} s (target ≤ 10 s)")


if __name__ == "__main__":
    main()
