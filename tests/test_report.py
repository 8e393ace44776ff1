"""Opening a page of the HTML report: the script that clicks through it, and its mistakes."""

import json
import re
from pathlib import Path

import pytest

from constructlens.report import opened_at

PAGE = "<html><body><div id='app'></div></body></html>"


def steps_of(html: str) -> list[dict]:
    return json.loads(re.search(r"\}\)\((\[.*\])\);\s*</script>", html, flags=re.S).group(1))


def test_the_clicks_go_in_order_and_end_on_the_chosen_view():
    html = opened_at(PAGE, ["Targets", "leadership"], "results/targets/leadership/umap.png", "caption")
    assert html.startswith("<html><body><div id='app'></div><script>") and html.endswith("</body></html>")
    assert steps_of(html) == [
        {"text": "Targets"},
        {"text": "leadership"},
        {"text": "results/targets/leadership/umap.png", "icon": "information-circle"},
    ]
    assert steps_of(opened_at(PAGE, [], "results/x.png"))[-1]["icon"] == "eye"


def test_a_label_with_quotes_or_markup_stays_one_string():
    html = opened_at(PAGE, ['Say "hi" </script>'], "a.png")
    assert html.count("</script>") == 1
    assert steps_of(html)[0] == {"text": 'Say "hi" </script>'}


def test_an_unknown_view_or_a_page_that_is_not_html_is_refused():
    with pytest.raises(ValueError, match="view 'zoom': expected one of file, caption"):
        opened_at(PAGE, [], "a.png", "zoom")
    with pytest.raises(ValueError, match="no </body>"):
        opened_at("{}", [], "a.png")


@pytest.mark.parametrize(
    ("models", "sweeps", "says"),
    [
        ({"minilm_mnrl": {}}, {}, "Models were fine-tuned on International Personality Item Pool"),
        ({}, {"lr": {}}, "Models were fine-tuned on International Personality Item Pool"),
        ({}, {}, "No model was fine-tuned: the models of this run, used as they are (zero-shot)"),
    ],
)
def test_the_reports_opening_says_whether_any_model_was_fine_tuned(models, sweeps, says):
    from types import SimpleNamespace

    import jinja2

    config = {
        "models": models,
        "sweeps": sweeps,
        "splits": {"scheme": "construct"},
        "seed": 42,
        "selection": {"metric": "pair_auc", "split": "validation"},
    }
    template = (Path(__file__).parents[1] / "report" / "workflow.rst").read_text()
    text = " ".join(jinja2.Template(template).render(snakemake=SimpleNamespace(config=config)).split())
    assert says in text
    assert "construct-level split" in text and "seed 42" in text


def test_every_caption_reads_as_restructuredtext_without_a_mistake():
    """Snakemake renders each caption with docutils and prints its mistakes into the report: an
    unescaped |r| is read as a substitution that does not exist, and shows as an error box."""
    import jinja2
    from docutils.core import publish_parts

    class Named(jinja2.ChainableUndefined):  # every value a caption asks for, as a plain word
        def __str__(self):
            return "name"

    captions = sorted((Path(__file__).parents[1] / "report").glob("*.rst"))
    assert len(captions) > 50
    for caption in captions:
        text = jinja2.Environment(undefined=Named).from_string(caption.read_text()).render()
        settings = {"halt_level": 2, "report_level": 5}  # a warning raises, nothing is printed
        publish_parts(text, writer="html", settings_overrides=settings)
