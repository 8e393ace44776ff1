import re

import yaml

from constructlens.references import REFERENCES, cited, references_paragraph

from .conftest import REPO


def test_every_reference_starts_with_its_author_and_year_and_the_list_is_alphabetical():
    for author, year, reference in REFERENCES:
        assert reference.startswith(f"{author}, "), reference
        assert re.search(rf"^[^()]*\({year}\)\. ", reference), reference  # the first parenthesis: the year
    assert [author for author, _, _ in REFERENCES] == sorted(author for author, _, _ in REFERENCES)


def test_a_work_is_cited_by_author_and_year_in_any_of_the_usual_forms():
    text = (
        "Counted by parallel analysis (Horn, 1965), judged by HTMT (Henseler, Ringle & Sarstedt, 2015) "
        "and by Fornell and Larcker's (1981) criterion."
    )
    assert [reference.split(",")[0] for reference in cited(text)] == ["Fornell", "Henseler", "Horn"]
    assert cited("Horn's method, and Holm (2020) is no work we list; nor is Mantel's test.") == []
    assert cited("Cronbach's α (far from any year) " + "x" * 80 + " 1951") == []


def test_the_reference_list_names_only_what_the_text_cites():
    paragraph = references_paragraph("Adjusted by Holm's (1979) method.")
    assert paragraph == (
        "**References.**\n\n- Holm, S. (1979). A simple sequentially rejective multiple test procedure. "
        "*Scandinavian Journal of Statistics, 6*(2), 65–70."
    )
    assert references_paragraph("Nothing cited here.") == ""


def test_the_item_pools_are_cited_as_citation_cff_cites_them():
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text())
    references = {author: reference for author, _, reference in REFERENCES}
    for work in (r for r in citation["references"] if r["type"] == "article"):
        reference = references[work["authors"][0]["family-names"]]
        assert f"({work['year']})" in reference and work["title"].lower() in reference.lower()
        assert (
            f"*{work['journal']}, {work['volume']}*({work['issue']}), {work['start']}–{work['end']}."
            in reference
        )
