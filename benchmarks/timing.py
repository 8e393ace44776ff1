"""What the benchmark scripts that time the package's steps share: the config's defaults, the
process's peak memory, and a run of named steps that prints the time and memory of each."""

import resource
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def schema_defaults(section: str) -> dict:
    schema = yaml.safe_load((REPO / "config" / "config.schema.yaml").read_text())
    return {k: v["default"] for k, v in schema["properties"][section]["properties"].items()}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_timed(steps: dict, done: dict) -> float:
    """Run each of ``steps`` (name → function) in turn, its result into ``done`` for the steps
    after it, printing its time and the peak memory after it; the seconds of all of them."""
    total = 0.0
    for name, run in steps.items():
        started = time.perf_counter()
        done[name] = run()
        elapsed = time.perf_counter() - started
        total += elapsed
        print(f"{elapsed:7.1f} s  peak {peak_mb():6,.0f} MB  {name}")
    return total
