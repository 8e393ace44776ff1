"""What a reverse-keying mark left in item texts does to the embeddings (docs/targets.md).

Questionnaires printed in papers often mark reversed items in the text itself ("Am relaxed most
of the time (R)"). This script appends such a mark to every reverse-keyed text of a finished
run's held-out IPIP splits (IPIP's ``key`` says which), encodes the marked texts, and prints,
per model and split, the mean cosine between reversed texts of different constructs, that of the
other different-construct pairs, and the pair AUC, for the texts as they are (the run's own
embeddings, so these are the workflow's numbers) and with the mark (the marked texts encoded
here, every other text keeping the run's embedding). The difference is what cleaning the mark
away (``reverse_marker``) saves a target. In bf16 a text's vector depends a little on the other
texts of its encoding batch: encoding the held-out texts alone, instead of with all of IPIP,
once moved a pair AUC by 0.001, against the mark's 0.006–0.007.

    python benchmarks/reverse_marker.py [RUN_DIR] [--mark " (R)"]

RUN_DIR (default: the current directory) is a finished run, scored with the config it recorded
(``results/provenance.json``); the marked texts are encoded as the workflow would encode them
on this machine (device and precision).
"""

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from linked_constructs import held_out_items

from constructlens.config import model_settings
from constructlens.embeddings import encode_texts, load_encoder, read_embeddings
from constructlens.keying import text_keys
from constructlens.metrics import ItemSet, make_item_set, pair_auc, similarity_and_labels
from constructlens.models import pick_device
from constructlens.prose import frame_table


def model_specs(run: Path, config: dict):
    """(name, spec, settings) of every model of the run: what its ``embed`` job loads and the
    settings it loads it with (prompt, code of its own), fine-tuned checkpoints first."""
    for name, own in config["models"].items():
        settings = model_settings(config["training_defaults"], own)
        yield name, str(run / "results" / "models" / name), settings
    for name, baseline in config["baselines"].items():
        yield name, baseline["base"], baseline


def scores(item_set: ItemSet, reversed_: np.ndarray) -> dict:
    """Mean cosine of different-construct pairs of two ``reversed_`` texts and of the other
    different-construct pairs, and the pair AUC, of ``item_set``."""
    similarity, same = similarity_and_labels(item_set)
    a, b = np.triu_indices(len(similarity), k=1)
    different = ~same[a, b]
    both = reversed_[a] & reversed_[b]
    return {
        "cosine_reversed": similarity[a, b][different & both].mean(),
        "cosine_other": similarity[a, b][different & ~both].mean(),
        "pair_auc": pair_auc(similarity[a, b], same[a, b]),
    }


def marker_table(run: Path, mark: str) -> pd.DataFrame:
    """One row per model × held-out split × texts as they are or with ``mark`` on reversed ones."""
    config, items, sets = held_out_items(run)
    center = config["evaluation"]["center"]
    device = pick_device()
    rows = []
    precision = config["evaluation"]["encode_precision"]
    for model, spec, settings in model_specs(run, config):
        cached = read_embeddings(run / "results" / "embeddings" / model / "ipip.parquet")
        encoder = load_encoder(spec, device, precision, settings["prompt"], settings["trust_remote_code"])
        for _, split, table in sets:
            plain = make_item_set(table, cached, center)
            reversed_ = text_keys(items, plain) == -1  # single-construct texts keyed -1
            to_mark = [text for text, rev in zip(plain.texts, reversed_, strict=True) if rev]
            marked = cached | dict(
                zip(to_mark, encode_texts(encoder, [text + mark for text in to_mark]), strict=True)
            )
            for texts_as, item_set in (
                ("as they are", plain),
                (f"with {mark.strip()!r}", make_item_set(table, marked, center)),
            ):
                rows.append(
                    {
                        "model": model,
                        "split": split,
                        "reversed texts": f"{int(reversed_.sum())} of {len(plain.texts)}",
                        "texts": texts_as,
                        **scores(item_set, reversed_),
                    }
                )
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("run", nargs="?", type=Path, default=Path("."), help="a finished run's directory")
    parser.add_argument("--mark", default=" (R)", help='what is appended to a reversed text (default " (R)")')
    args = parser.parse_args()
    table = marker_table(args.run, args.mark)
    print(frame_table(table))


if __name__ == "__main__":
    main()
