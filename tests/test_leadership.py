import logging

import pandas as pd
import pytest

from constructlens.errors import InputError
from constructlens.leadership import (
    assign_constructs,
    clean_leadership,
    neutralise,
    without_stem,
)


def test_focused_set_counts(leadership_items):
    counts = leadership_items.groupby("construct").size().to_dict()
    assert counts == {
        "Abusive": 8,
        "Authentic": 14,
        "Charismatic": 25,
        "Consideration": 40,
        "Destructive": 20,
        "Empowering": 17,
        "Ethical": 76,
        "Initiating Structure": 32,
        "Instrumental": 16,
        "Servant": 68,
        "Transformational": 104,
    }


def test_lbdq_items_follow_their_dimension(leadership_items):
    lbdq = leadership_items[leadership_items["behavior"].str.contains("LBDQ")]
    assert set(lbdq["construct"]) == {"Consideration", "Initiating Structure"}
    assert (lbdq["construct"] == lbdq["subscale"]).all()


def test_items_keep_their_measure_and_subscale(leadership_items):
    listed = leadership_items.assign(measure=leadership_items["measure"].str.split(" | ", regex=False))
    listed = listed.explode("measure")
    assert listed["measure"].nunique() == 21
    assert listed.groupby("construct")["measure"].nunique().gt(1).sum() == 5
    # 16 items appear in two measures of one construct (e.g. two versions of the LBDQ; 4 of them
    # in two wordings, as "Is easy to understand." beside "Is easy to understand"): both kept
    twice = leadership_items[leadership_items["measure"].str.contains(" | ", regex=False)]
    assert len(twice) == 16
    row = twice.set_index("text").loc["Puts my best interests ahead of their own."]
    assert (row["measure"], row["subscale"]) == ("6 | 53", "Putting subordinates first | Altruistic Calling")
    abusive = leadership_items[leadership_items["construct"] == "Abusive"]
    assert (abusive["subscale"] == "").all()  # a one-scale measure: "NA" in the source


def test_an_item_in_two_wordings_keeps_the_one_whose_quotes_pair_up(leadership_items):
    # the file writes it 'be "team players.' in one measure and 'be "team players"' in another
    texts = leadership_items["text"]
    assert texts.str.startswith('Encourages employees to be "team players').sum() == 1
    assert 'Encourages employees to be "team players"' in set(texts)


def test_stems_removed_and_original_kept(leadership_items):
    row = leadership_items[leadership_items["text_original"] == "My manager holds high ethical standards."]
    assert row["text"].tolist() == ["Holds high ethical standards."]
    assert not leadership_items["text"].str.match(r"(?i)(my|our) (manager|supervisor|leader)\s").any()
    assert not leadership_items["text"].str.contains(r"\b(?:he|she|his|him|her)\b", case=False).any()
    assert not leadership_items["text"].str.contains("them/", regex=False).any()  # once "him/herself"
    alliance = leadership_items[leadership_items["text_original"].str.contains("of this alliance")]
    assert len(alliance) == 20
    assert "Helps others to develop their strengths" in set(alliance["text"])
    assert alliance["text"].str.match(r"[A-Z][a-z-]+(?:es|s) ").all()  # "Talks …", not "Talk …"


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        (
            'He "needles" foremen under him for greater effort.',
            '"Needles" foremen under them for greater effort.',
        ),
        ("The manager(s) of this alliance: set clear goals", "Sets clear goals"),
        ("The manager(s) of this alliance: go beyond self interest", "Goes beyond self interest"),
        ("The manager(s) of this alliance: specify the goals", "Specifies the goals"),
        ("The manager(s) of this alliance: re-examine assumptions", "Re-examines assumptions"),
        ("The manager(s) of this alliance: always listen to them", "Always listens to them"),
        ("The manager(s) of this alliance: actively apply new ideas", "Actively applies new ideas"),
        ("The manager(s) of this alliance: apply new ideas", "Applies new ideas"),
        ("The manager(s) of this alliance: are fair", "Is fair"),
        ("The manager(s) of this alliance: is fair", "Is fair"),
        ("This person sacrifices his/her own interests.", "Sacrifices their own interests."),
        ("Shows us that he/she expects a lot from us.", "Shows us that they expect a lot from us."),
        ("If he asks for it, she tries hard.", "If they ask for it, they try hard."),
        ("Talks with her about it.", "Talks with them about it."),
        (
            "Serves the interests of his/her subordinates rather than him/herself",
            "Serves the interests of their subordinates rather than themselves",
        ),
        ("Keeps it to him- or herself.", "Keeps it to themselves."),
        ("My department manager's decisions are fair.", "My department manager's decisions are fair."),
    ],
)
def test_stem_and_pronouns(leadership_settings, original, expected):
    assert (
        neutralise(without_stem(original, leadership_settings["stems"], leadership_settings["plural_stems"]))
        == expected
    )


def test_ambiguous_keywords_are_an_error():
    frame = pd.DataFrame({"Behavior": ["Servant Ethical"], "Dimensions": ["NA"], "Text": ["x"]})
    with pytest.raises(ValueError, match="matches both"):
        assign_constructs(frame, {"Servant": ["servant"], "Ethical": ["ethical"]}, [])


def test_no_match_is_an_error(leadership_settings):
    frame = pd.DataFrame({"MeasureID": ["1"], "Behavior": ["Other"], "Dimensions": ["NA"], "Text": ["x"]})
    with pytest.raises(InputError, match="lead.csv: no item matches"):
        clean_leadership(frame, "lead.csv", leadership_settings)


def test_a_configured_construct_no_item_matches_is_named_in_a_warning(leadership_settings, caplog):
    frame = pd.DataFrame(
        {
            "MeasureID": ["1", "1", "2", "2"],
            "Behavior": ["Servant", "Servant", "Ethical", "Ethical"],
            "Dimensions": ["NA"] * 4,
            "Text": ["Puts my needs first.", "Helps me grow.", "Acts fairly.", "Keeps promises."],
        }
    )
    with caplog.at_level(logging.WARNING, logger="constructlens"):
        items = clean_leadership(frame, "lead.csv", leadership_settings)
    assert set(items["construct"]) == {"Servant", "Ethical"}
    missing = [c for c in leadership_settings["constructs"] if c not in ("Servant", "Ethical")]
    missing += ["Consideration", "Initiating Structure"]  # the LBDQ's, read from its Dimensions
    assert f"lead.csv: no item matches {', '.join(missing)} (keywords in config 'leadership'" in caplog.text
