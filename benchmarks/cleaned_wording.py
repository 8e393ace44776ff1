"""What cleaning a target's wording does to its scores (docs/data.md).

The leadership file words many items with the questionnaire's own stem ("My supervisor …",
"The manager of this alliance: …", "He …"), and most questionnaires measure one style, so a stem
is shared by items of one construct and of one measure: left in, it is a word that makes the
items of a construct alike for a reason that has nothing to do with what they say. This script
encodes a finished run's target items as the file words them (``text_original``) and prints,
per model, the pair AUC and mean cosines for the texts as cleaned (the run's own embeddings, so
these are the workflow's numbers) and as in the file: same-construct pairs from one measure and
from two, and pairs of two constructs. The difference is what the cleaning keeps out of the
target's scores. The word-overlap baseline is left out: its vocabulary holds the words of the
cleaned texts only, so it cannot see a stem.

    python benchmarks/cleaned_wording.py [RUN_DIR] [--target leadership]

RUN_DIR (default: the current directory) is a finished run, scored with the config it recorded
(``results/provenance.json``); the texts are encoded as the workflow would encode them on this
machine (device and precision).
"""

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd
from reverse_marker import model_specs

from constructlens.embeddings import encode_texts, load_encoder, read_embeddings
from constructlens.items import sources
from constructlens.metrics import ItemSet, make_item_set, pair_auc, similarity_and_labels
from constructlens.models import LEXICAL_PREFIX, pick_device
from constructlens.prose import frame_table


def measures_of(items: pd.DataFrame) -> pd.Series:
    """Per row the measures that list the item (``measure``, ``" | "``-joined for several)."""
    return items.apply(lambda row: {source[0] for source in sources(row, ["measure"])}, axis=1)


def shared_measure(items: pd.DataFrame, item_set: ItemSet) -> np.ndarray:
    """Whether two texts of ``item_set`` come from one measure (a text that several measures
    list, from each of them); all False where ``items`` names no measure."""
    if "measure" not in items:
        return np.zeros((len(item_set.texts),) * 2, dtype=bool)
    listed = measures_of(items)
    measures = sorted(set().union(*listed))
    row, col = {t: i for i, t in enumerate(item_set.texts)}, {m: j for j, m in enumerate(measures)}
    membership = np.zeros((len(item_set.texts), len(measures)))
    for text, found in zip(items["text"], listed, strict=True):
        membership[row[text], [col[m] for m in found]] = 1
    return (membership @ membership.T) > 0


def scores(item_set: ItemSet, one_measure: np.ndarray) -> dict:
    """Pair AUC and mean cosines of ``item_set``'s pairs: same construct and one measure, same
    construct and two measures, two constructs."""
    similarity, same = similarity_and_labels(item_set)
    a, b = np.triu_indices(len(similarity), k=1)
    values, same, measure = similarity[a, b], same[a, b], one_measure[a, b]
    return {
        "pair_auc": pair_auc(values, same),
        "cosine_same_one_measure": values[same & measure].mean() if (same & measure).any() else np.nan,
        "cosine_same_two_measures": values[same & ~measure].mean() if (same & ~measure).any() else np.nan,
        "cosine_different": values[~same].mean(),
    }


def run_target(run: Path, target: str) -> tuple[dict, pd.DataFrame]:
    """(config, items) of ``target`` in the finished run ``run``: the config the run recorded and
    the target's items as cleaned."""
    recorded, items = (
        run / "results" / "provenance.json",
        run / "results" / "data" / f"{target}_items.parquet",
    )
    if not recorded.exists():
        raise SystemExit(f"{recorded}: not found (not a finished run?)")
    config = json.loads(recorded.read_text())["config"]
    if target not in config["targets"] or not items.exists():
        raise SystemExit(
            f"{target}: not a target of the run in {run} (its targets: {', '.join(config['targets'])})"
        )
    return config, pd.read_parquet(items)


def wording_table(run: Path, target: str) -> pd.DataFrame:
    """One row per model × texts as cleaned or as in the file."""
    results = run / "results"
    config, cleaned = run_target(run, target)
    as_written = cleaned.assign(text=cleaned["text_original"]).drop_duplicates(["construct", "text"])
    changed = int((cleaned["text"] != cleaned["text_original"]).sum())
    center, precision, device = (
        config["evaluation"]["center"],
        config["evaluation"]["encode_precision"],
        pick_device(),
    )
    rows = []
    for model, spec, settings in model_specs(run, config):
        if str(spec).startswith(LEXICAL_PREFIX):
            continue
        encoder = load_encoder(spec, device, precision, settings["prompt"], settings["trust_remote_code"])
        originals = sorted(as_written["text"].unique())
        encoded = dict(zip(originals, encode_texts(encoder, originals), strict=True))
        for texts_as, items, embedding_of in (
            ("as cleaned", cleaned, read_embeddings(results / "embeddings" / model / f"{target}.parquet")),
            ("as in the file", as_written, encoded),
        ):
            item_set = make_item_set(items, embedding_of, center)
            rows.append(
                {
                    "model": model,
                    "texts": texts_as,
                    "reworded": f"{changed} of {len(cleaned)}",
                    **scores(item_set, shared_measure(items, item_set)),
                }
            )
    return pd.DataFrame(rows)


def run_and_target(doc: str) -> tuple[Path, str]:
    """The finished run's directory and the target the command line names (``doc``: the
    script's docstring, whose first line describes it)."""
    parser = argparse.ArgumentParser(description=doc.split("\n", 1)[0])
    parser.add_argument("run", nargs="?", type=Path, default=Path("."), help="a finished run's directory")
    parser.add_argument("--target", default="leadership", help="a target of the run (default leadership)")
    args = parser.parse_args()
    return args.run, args.target


def main() -> None:
    print(frame_table(wording_table(*run_and_target(__doc__))))


if __name__ == "__main__":
    main()
