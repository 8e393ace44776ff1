import os

from constructlens.closing import closing_message, in_short, logged_warnings

FINDINGS = (
    "# leadership: what the selected model finds\n\nRead from the tables.\n\n"
    "**In short.** Under m, the 11 constructs of leadership are worded less distinctly.\n\n"
    "**Overall.** More.\n"
)


def write(path, text, mtime):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (mtime, mtime))
    return path


def test_the_short_paragraph_is_read_without_its_label(tmp_path):
    findings = write(tmp_path / "findings.md", FINDINGS, 100)
    assert in_short(findings) == "Under m, the 11 constructs of leadership are worded less distinctly."
    assert in_short(write(tmp_path / "other.md", "# title\n\n**Overall.** x\n", 100)) is None
    assert in_short(tmp_path / "missing.md") is None


def test_only_constructlens_warnings_of_logs_this_run_wrote_are_listed(tmp_path):
    logs = tmp_path / "logs"
    write(
        logs / "data" / "clean.log",
        "2026-12-05 17:11:04,724 INFO constructlens: read 849 rows\n"
        "2026-12-05 17:11:04,725 WARNING constructlens.tables: x.csv: broken quoting\n"
        "2026-12-05 17:11:04,726 WARNING py.warnings: FutureWarning: deprecated\n",
        1000,
    )
    write(
        logs / "train" / "m.log",
        "Computing: 0%|   |\r2026-12-05 17:12:03,238 WARNING constructlens.training: 1 pair skipped\n",
        1001,
    )
    write(logs / "old.log", "2026-12-01 10:00:00,000 WARNING constructlens: stale\n", 900)
    assert logged_warnings(logs, started=1000) == [
        (logs / "data" / "clean.log", "x.csv: broken quoting"),
        (logs / "train" / "m.log", "1 pair skipped"),
    ]
    assert logged_warnings(tmp_path / "none", started=1000) == []


def test_a_run_ends_with_each_answer_it_wrote_the_report_and_its_warnings(tmp_path):
    results, logs = tmp_path / "results", tmp_path / "logs"
    write(results / "targets" / "leadership" / "findings.md", FINDINGS, 1000)
    write(results / "targets" / "bfi" / "findings.md", FINDINGS.replace("leadership", "bfi"), 900)
    write(logs / "a.log", "2026-12-05 17:11:04,725 WARNING constructlens: " + "w" * 400 + "\n", 1000)
    write(results / "data" / "ipip_source_rows.tsv", "row\n", 1000)
    write(results / "data" / "bfi_source_rows.tsv", "row\n", 900)
    lines = closing_message(["bfi", "leadership"], 1000, results, logs).splitlines()
    assert lines[1] == (
        f"leadership, in short ({results}/targets/leadership/findings.md): Under m, the 11 constructs "
        "of leadership are worded less distinctly."
    )
    assert not any(line.startswith("bfi") for line in lines)  # not written by this run
    assert lines[2].endswith(f"snakemake --report {results}/report.html")
    assert lines[3].startswith("Its jobs logged 1 warning(s)")
    assert lines[4].startswith(f"- {logs}/a.log: www") and lines[4].endswith("w…")
    assert len(lines[4]) < 400
    assert lines[5] == f"What cleaning did to every row read: {results}/data/ipip_source_rows.tsv"
    quiet = closing_message(["leadership"], 2000, results, logs).splitlines()
    assert len(quiet) == 2 and "report" in quiet[1]


def test_a_run_of_several_targets_names_the_table_of_them_all(tmp_path):
    results, logs = tmp_path / "results", tmp_path / "logs"
    write(results / "comparison" / "all_targets.tsv", "target\n", 1000)
    overview = f"Every target in one row, the most distinct first: {results}/comparison/all_targets.tsv"
    assert closing_message(["bfi", "leadership"], 1000, results, logs).splitlines()[1] == overview
    assert overview not in closing_message(["leadership"], 1000, results, logs)  # one target: its own answer
    assert overview not in closing_message(["bfi", "leadership"], 2000, results, logs)  # not this run's


def test_a_run_that_drew_other_held_out_constructs_says_where_they_are_set_beside_it(tmp_path):
    results, logs = tmp_path / "results", tmp_path / "logs"
    summary = write(results / "draws" / "summary.md", "pair_auc over 3 draws\n", 1000)
    lines = closing_message([], 1000, results, logs).splitlines()
    assert lines[1] == f"The run beside its other draws of held-out constructs: {summary}"
    assert not any("draws" in line for line in closing_message([], 2000, results, logs).splitlines())


def test_the_warnings_of_another_draws_jobs_are_counted_not_listed(tmp_path):
    logs = tmp_path / "logs"
    warning = "2026-12-05 17:11:04,725 WARNING constructlens.items: x.csv: {} rows reworded\n"
    write(logs / "data" / "clean.log", warning.format(3), 1000)
    write(logs / "draws" / "seed-3_workflow.log", warning.format(3) + warning.format(4), 1000)
    write(logs / "draws" / "compare.log", warning.format(5), 1000)
    lines = closing_message([], 1000, tmp_path / "results", logs).splitlines()
    assert lines[2:] == [
        "Its jobs logged 4 warning(s); each in full in its log:",
        f"- {logs}/data/clean.log: x.csv: 3 rows reworded",
        f"- {logs}/draws/compare.log: x.csv: 5 rows reworded",
        f"- {logs}/draws/seed-3_workflow.log: 2 warning(s) of the jobs of another draw's run (listed there)",
    ]
