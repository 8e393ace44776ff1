#!/usr/bin/env bash
# Snakemake runs this inside the new environment: add the workflow's own package (its
# dependencies are pinned in the yaml beside this script).
set -euo pipefail
python -m pip install --no-deps -e "$(dirname "${BASH_SOURCE[0]}")/.."
