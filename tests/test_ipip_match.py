import pandas as pd

from constructlens.ipip_match import items_from_ipip

IPIP = pd.DataFrame(
    {
        "construct": ["Order", "Dutifulness", "Order", "Friendliness", "Anxiety"],
        "text": [
            "Make plans and stick to them.",
            "Make plans and stick to them.",
            "Like order.",
            "Am the life of the party.",
            "Worry about things.",
        ],
    }
)
SPLIT = IPIP.assign(split=["train", "excluded", "train", "validation", "test"])


def test_target_items_are_matched_to_ipip_wordings_and_their_side_of_the_split():
    target = pd.DataFrame(
        {
            "construct": ["Planning", "Planning", "Social", "Social", "Worry"],
            "text": [
                "I make plans and stick to them",
                "Sets deadlines.",
                "I'm the life of the party.",
                "Talks a lot.",
                "Worry about things.",
            ],
        }
    )
    found = items_from_ipip(target, IPIP, SPLIT)
    assert found.values.tolist() == [
        [
            "Planning",
            "I make plans and stick to them",
            "Make plans and stick to them.",
            "Dutifulness; Order",
            "train, excluded",
            True,
        ],
        [
            "Social",
            "I'm the life of the party.",
            "Am the life of the party.",
            "Friendliness",
            "validation",
            False,
        ],
        ["Worry", "Worry about things.", "Worry about things.", "Anxiety", "test", False],
    ]


def test_a_target_without_ipip_items_gives_an_empty_table_with_its_columns():
    target = pd.DataFrame({"construct": ["A", "A"], "text": ["Sets deadlines.", "Plans the week."]})
    found = items_from_ipip(target, IPIP, SPLIT)
    assert found.empty and list(found.columns)[:3] == ["construct", "text", "ipip_text"]
