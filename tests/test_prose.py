"""How drafted text writes numbers and tables."""

from constructlens.prose import interval_text, markdown_table


def test_a_markdown_table_has_a_header_a_separator_and_one_line_per_row():
    table = markdown_table(["model", "AUC"], [["a", interval_text(0.8, 0.7, 0.9)], ["b", "0.750"]])
    assert table.splitlines() == [
        "| model | AUC |",
        "|---|---|",
        "| a | 0.800 [0.700, 0.900] |",
        "| b | 0.750 |",
    ]
