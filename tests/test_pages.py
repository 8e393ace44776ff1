"""The run's markdown summaries and result tables as HTML pages for the report."""

import base64
import re

import pandas as pd
import pytest

from constructlens.pages import (
    MAP_SIZE,
    display_number,
    inline_html,
    item_notes,
    map_page,
    markdown_body,
    markdown_page,
    table_page,
    write_table_page,
)
from constructlens.report import find_chromium, rendered_dom


def test_inline_markup_and_escaping():
    assert inline_html("**Overall.** a *model* of `x < y`") == (
        "<strong>Overall.</strong> a <em>model</em> of <code>x &lt; y</code>"
    )
    # item texts keep their characters: quotes, ampersands, a lone asterisk, markup inside code
    assert inline_html('"Team players" & 2 * 3 `**not bold**`') == (
        '"Team players" &amp; 2 * 3 <code>**not bold**</code>'
    )
    assert inline_html("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_headings_paragraphs_and_lists():
    text = "# Title\n\nFirst line\nwraps on.\n\n**Pairs**:\n\n- one\n- two *b*\nAfter the list.\n"
    assert markdown_body(text).splitlines() == [
        "<h1>Title</h1>",
        "<p>First line wraps on.</p>",
        "<p><strong>Pairs</strong>:</p>",
        "<ul><li>one</li><li>two <em>b</em></li></ul>",
        "<p>After the list.</p>",
    ]


def test_a_page_is_titled_by_its_first_heading_and_stands_alone():
    page = markdown_page("Intro.\n\n# leadership: what <b> finds\n\n## Next\n")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<title>leadership: what &lt;b&gt; finds</title>" in page
    assert '<meta charset="utf-8">' in page and "<link" not in page and "<script" not in page


TABLE = (
    b"construct\tauc\tci_low\tn_items\tredundant\tp_value\n"
    b"Servant & <Ethical>\t0.81234\t\t12\tTrue\t0.00002\n"
    b"None\t0.5\t0.4\t3\tFalse\t1.0\n"
)


def cells(page: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", page)
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in rows]


def test_a_table_page_shows_every_row_rounded_and_escaped():
    page = table_page(TABLE, "results/targets/leadership/distinctiveness.tsv")
    assert cells(page) == [
        ["construct", "auc", "ci_low", "n_items", "redundant", "p_value"],
        ["Servant &amp; &lt;Ethical&gt;", "0.812", "", "12", "yes", "2e-05"],
        ["None", "0.500", "0.400", "3", "no", "1.000"],  # a construct named None stays a name
    ]
    assert "<title>distinctiveness.tsv</title>" in page and "2 rows;" in page
    # numbers sort by their full value, not by the rounded text
    assert '<td class="n" data-v="0.81234">0.812</td>' in page
    # a sentence gets room to be read beside many numeric columns
    sentence = b"method\nbootstrap interval over constructs, permutation test\n"
    assert '<td class="w">bootstrap interval' in table_page(sentence, "x.tsv")


def test_a_table_page_offers_the_exact_file_and_stands_alone():
    page = table_page(TABLE, "results/selection/margin.tsv")
    link = re.search(
        r'<a download="margin.tsv" href="data:text/tab-separated-values;[^"]*base64,([^"]+)"', page
    )
    assert base64.b64decode(link.group(1)) == TABLE
    assert page.startswith("<!DOCTYPE html>") and "<link" not in page and "src=" not in page


def test_an_empty_table_says_so(tmp_path):
    table, page = tmp_path / "overlapping_pairs.tsv", tmp_path / "overlapping_pairs.html"
    table.write_text("construct_a\tconstruct_b\tseparability\n")
    write_table_page(table, page)
    assert cells(page.read_text()) == [["construct_a", "construct_b", "separability"]]
    assert "no rows;" in page.read_text()


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.0, "0.000"),
        (1.0, "1.000"),  # a perfect AUC keeps its decimals
        (0.8449, "0.845"),
        (-0.0312, "-0.031"),
        (0.0004, "0.0004"),
        (263.0, "263"),  # a count among scores
        (12345678.0, "1.23e+07"),
    ],
)
def test_numbers_read_as_three_decimals_or_three_digits(value, shown):
    assert display_number(value) == shown


def test_clicking_a_column_name_sorts_by_the_full_values_in_a_browser(tmp_path):
    if find_chromium() is None:
        pytest.skip("chromium not installed (apt-get install chromium): sorting not tried")
    # as text 12.500 would come before 9.750; rounded, C and D would tie at 0.812
    table = b"construct\tscore\nA\t12.5\nB\t9.75\nC\t0.8124\nD\t0.8121\nE\t0.00002\n"
    page = table_page(table, "scores.tsv")
    clicks = (
        "<script>window.addEventListener('load', () => document.querySelectorAll('th')[1].click());</script>"
    )
    for times, order in ((1, ["E", "D", "C", "B", "A"]), (2, ["A", "B", "C", "D", "E"])):
        shown = tmp_path / f"clicked_{times}.html"
        shown.write_text(page.replace("</body>", clicks * times + "</body>"))
        assert [row[0] for row in cells(rendered_dom(shown))[1:]] == order


# a map as plots.map_table writes it: the third item belongs to two constructs, coloured by its home one
MAP = pd.DataFrame(
    {
        "text": ["Listens to me.", "Shouts <loudly> & often.", "Helps & listens."],
        "constructs": ["Consideration", "Abusive", "Consideration;Servant"],
        "colour_construct": ["Consideration", "Abusive", "Consideration"],
        "x": [0.0, 4.0, 2.0],
        "y": [0.0, 1.0, 2.0],
    }
)
MAP_COLOURS = {"Abusive": "#1f77b4", "Consideration": "#ff7f0e", "Servant": "#2ca02c"}


def points(page: str) -> list[tuple[str, float, float, str, str]]:
    found = re.findall(
        r'<circle class="([^"]*)" cx="([^"]+)" cy="([^"]+)" r="4" fill="([^"]+)"><title>(.*?)</title>',
        page,
        flags=re.DOTALL,
    )
    return [(classes, float(x), float(y), fill, tip) for classes, x, y, fill, tip in found]


def test_a_map_page_draws_every_item_with_its_wording_and_constructs():
    page = map_page(MAP, MAP_COLOURS, "leadership: UMAP (mini)", "results/targets/leadership/umap.tsv")
    drawn = points(page)
    assert [(classes, fill, tip) for classes, _, _, fill, tip in drawn] == [
        ("c1", "#ff7f0e", "Consideration: Listens to me."),
        ("c0", "#1f77b4", "Abusive: Shouts &lt;loudly&gt; &amp; often."),
        ("c1 c2", "#ff7f0e", "Consideration, Servant: Helps &amp; listens."),
    ]
    xs, ys = [x for _, x, _, _, _ in drawn], [y for _, _, y, _, _ in drawn]
    assert 0 < min(xs) and max(xs) < MAP_SIZE and 0 < min(ys) and max(ys) < MAP_SIZE
    # one scale for both axes (x spans 4, y 2), north up
    assert (max(xs) - min(xs)) == pytest.approx(2 * (max(ys) - min(ys)), abs=0.2)
    assert ys[0] > ys[1] > ys[2]
    legend = re.findall(r'<li data-c="(\d+)"><span style="background:([^"]+)"></span>([^<]+)</li>', page)
    assert legend == [
        ("0", "#1f77b4", "Abusive"),
        ("1", "#ff7f0e", "Consideration"),
        ("2", "#2ca02c", "Servant"),
    ]
    assert "3 items of 3 constructs" in page and "results/targets/leadership/umap.tsv" in page
    assert "<script src" not in page and "<link" not in page  # self-contained


def test_item_notes_say_where_each_item_comes_from():
    items = pd.DataFrame(
        {
            "construct": ["Consideration", "Servant", "Abusive", "Abusive"],
            "text": ["Helps & listens.", "Helps & listens.", "Shouts.", "Mocks."],
            "text_original": ["Helps & listens.", "My leader helps & listens.", "Shouts.", "He/she mocks."],
            "measure": ["13", "63", "40", "40"],
            "subscale": ["", "Care", None, " "],  # blank or missing: no subscale
            "key": [1, -1, 1, 0],
        }
    )
    assert item_notes(items) == {
        "Helps & listens.": "measure 13, 63; subscale Care; keyed; reverse keyed; source: My leader helps & listens.",
        "Shouts.": "measure 40; keyed",
        "Mocks.": "measure 40; unscored; source: He/she mocks.",
    }
    page = map_page(MAP, MAP_COLOURS, "map", "umap.tsv", item_notes(items))
    assert points(page)[2][4] == (
        "Consideration, Servant: Helps &amp; listens.\nmeasure 13, 63; subscale Care; keyed; reverse keyed; "
        "source: My leader helps &amp; listens."
    )
    assert points(page)[0][4] == "Consideration: Listens to me."  # an item without notes


def test_hovering_the_map_page_shows_an_item_and_picks_out_a_construct_in_a_browser(tmp_path):
    if find_chromium() is None:
        pytest.skip("chromium not installed (apt-get install chromium): hovering not tried")
    page = map_page(MAP, MAP_COLOURS, "map", "umap.tsv")
    hover = (
        "<script>window.addEventListener('load', () => {"
        "document.querySelectorAll('circle')[2].dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));"
        "document.querySelector('svg').dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));"
        "document.querySelectorAll('li')[2].dispatchEvent(new MouseEvent('mouseenter'));"
        "document.body.dataset.dimmed = [...document.querySelectorAll('circle')]"
        ".map((c) => getComputedStyle(c).opacity).join(' ');});</script>"
    )
    shown = tmp_path / "map.html"
    shown.write_text(page.replace("</body>", hover + "</body>"))
    dom = rendered_dom(shown)
    # the item last hovered over; hovering the background between items changes nothing
    assert '<p id="item">Consideration, Servant: Helps &amp; listens.</p>' in dom
    assert (
        '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="640" viewBox="0 0 640 640" data-on="2">'
        in dom
    )
    # hovering Servant leaves its one item (shared with Consideration) alone in view
    assert 'data-dimmed="0.08 0.08 1"' in dom
