"""How drafted text writes numbers and tables."""

import pandas as pd

from constructlens.prose import (
    LISTED,
    frame_table,
    interval_text,
    markdown_table,
    minus_signs,
    possessive,
    shown_of,
)


def test_a_markdown_table_has_a_header_a_separator_and_one_line_per_row():
    table = markdown_table(["model", "AUC"], [["a", interval_text(0.8, 0.7, 0.9)], ["b", "0.750"]])
    assert table.splitlines() == [
        "| model | AUC |",
        "|---|---|",
        "| a | 0.800 [0.700, 0.900] |",
        "| b | 0.750 |",
    ]


def test_a_frame_table_gives_numbers_three_decimals_and_keeps_whole_numbers_whole():
    table = pd.DataFrame(
        {"model": ["a", "b"], "items": [19, 2], "auc": [0.5981, 0.6], "change": [0.0084, -0.006]}
    )
    assert frame_table(table, signed=("change",)).splitlines() == [
        "| model | items | auc | change |",
        "|---|---|---|---|",
        "| a | 19 | 0.598 | +0.008 |",
        "| b | 2 | 0.600 | -0.006 |",
    ]


def test_a_long_list_names_what_it_shows_and_counts_the_rest():
    shown = [f"pair {i}" for i in range(LISTED)]
    assert shown_of(shown[:2], 2) == "pair 0; pair 1"
    assert shown_of(shown, LISTED + 3) == "; ".join(shown) + " and 3 more"


def test_minus_signs_typeset_negative_numbers_but_not_what_is_quoted_or_typed():
    text = (
        "ρ = -0.33 [-0.011, 0.096], difference -.5 (-2 items); 2026-12-02, split-1, lr 1e-4, 0.3-0.5; "
        '`missing_answers: [-99]`; "Rate -3 to 3" and “Gives -1 point” as written; |---|\n- a list item'
    )
    assert minus_signs(text) == (
        "ρ = −0.33 [−0.011, 0.096], difference −.5 (−2 items); 2026-12-02, split-1, lr 1e-4, 0.3-0.5; "
        '`missing_answers: [-99]`; "Rate -3 to 3" and “Gives -1 point” as written; |---|\n- a list item'
    )


def test_a_name_ending_in_s_takes_an_apostrophe_alone():
    assert possessive("leadership") == "leadership's"
    assert possessive("attitudes") == "attitudes'"
    assert possessive("Work engagement") == "Work engagement's"
