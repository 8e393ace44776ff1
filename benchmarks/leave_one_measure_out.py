"""Does one questionnaire drive a target's pair AUC? (docs/results.md)

A target's constructs pool items from several questionnaires (the leadership styles from 21
measures, Transformational from five). This script scores a finished run's target again with
the items of one measure left out, for every measure in turn, under every model of the run,
from the run's own embeddings (nothing is encoded): the pair AUC without the measure, its
change from the pair AUC with every item (the workflow's), the measure's items and the
constructs they belong to. An item that two measures list stays while either is in. A change
far larger than the others names a measure the result leans on.

    python benchmarks/leave_one_measure_out.py [RUN_DIR] [--target leadership]

RUN_DIR (default: the current directory) is a finished run, scored with the config it recorded
(``results/provenance.json``).
"""

from pathlib import Path

import pandas as pd
from cleaned_wording import measures_of, run_and_target, run_target

from constructlens.embeddings import read_embeddings
from constructlens.metrics import item_set_pair_auc, make_item_set
from constructlens.prose import frame_table


def jackknife_table(run: Path, target: str) -> pd.DataFrame:
    """One row per model × measure: the target's pair AUC without that measure's items."""
    results = run / "results"
    config, items = run_target(run, target)
    if "measure" not in items:
        raise SystemExit(f"{target}: its items name no measure (measure_column)")
    listed = measures_of(items)
    measures = sorted(set().union(*listed), key=lambda m: (len(m), m))
    center = config["evaluation"]["center"]
    rows = []
    for folder in sorted((results / "embeddings").iterdir()):
        embedding_of = read_embeddings(folder / f"{target}.parquet")
        full = item_set_pair_auc(make_item_set(items, embedding_of, center))
        for measure in measures:
            kept = items[[bool(found - {measure}) for found in listed]]
            left_out = items[[measure in found and not found - {measure} for found in listed]]
            without = item_set_pair_auc(make_item_set(kept, embedding_of, center))
            rows.append(
                {
                    "model": folder.name,
                    "measure": measure,
                    "items": left_out["text"].nunique(),
                    "constructs": ", ".join(sorted(left_out["construct"].unique())),
                    "pair_auc": full,
                    "without": without,
                    "change": without - full,
                }
            )
    return pd.DataFrame(rows)


def main() -> None:
    print(frame_table(jackknife_table(*run_and_target(__doc__)), signed=("change",)))


if __name__ == "__main__":
    main()
