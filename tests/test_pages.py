"""The run's markdown summaries as HTML pages for the report."""

from constructlens.pages import inline_html, markdown_body, markdown_page


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
