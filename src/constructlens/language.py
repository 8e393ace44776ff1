"""Do a target's items read as English? The default model, all-MiniLM-L6-v2, learned from
English text, and IPIP, which every target is set against, is English: items in another
language get numbers all the same, so the run says when items look like they are not English."""

import re
from collections.abc import Iterable
from pathlib import Path

# common English words that are no common word of German, Dutch, French, Spanish, Italian,
# Portuguese or Swedish ("in", "is", "am", "me", "a", "do", "her", "was", "will", "of", "to" are
# left out)
ENGLISH_WORDS = frozenset(
    """
    the and or not with from into about than that this it it's if when what who how all
    my your their his our him them us you he she we they myself yourself themselves
    others other people someone something anything everyone
    does did don't doesn't have has are be been being can can't would should could
    get gets make makes feel feels keep keeps take takes find go goes going show shows set sets
    like try know want need help work put things thing life ideas way
    often never always easily very much many too more most new little well good sure up out
    """.split()
)
# share of words in ENGLISH_WORDS: 0.33 over IPIP's items, 0.29 over the leadership items,
# 0.14 for its tersest inventory ("Painted a picture."); none in items of those other languages
MIN_ENGLISH_SHARE = 0.05

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def english_word_share(texts: Iterable[str]) -> float:
    """The share of the words of ``texts`` that are common English words (``ENGLISH_WORDS``);
    NaN for texts without words."""
    words = [word for text in texts for word in WORD.findall(text.lower().replace("’", "'"))]
    return sum(word in ENGLISH_WORDS for word in words) / len(words) if words else float("nan")


def reads_as_english(share: float) -> bool:
    """Whether a share of common English words (``english_word_share``) is what English items
    reach; True where there is nothing to judge by."""
    return not share < MIN_ENGLISH_SHARE


def not_english_note(share: float) -> str:
    """What it means for the results that items look like they are not English."""
    return (
        f"only {share * 100:.0f} % of the items' words are common English words (33 % of IPIP's, "
        "29 % of the leadership items'), so they may not be in English. The default model, "
        "all-MiniLM-L6-v2, learned from English and reads other languages poorly, and every "
        "comparison with IPIP, which is English, then crosses languages: use a multilingual model "
        "(docs/targets.md, Items in another language)"
    )


def language_warning(texts: Iterable[str], source: str | Path) -> str | None:
    """A warning naming ``source`` where its item ``texts`` look like they are not English."""
    share = english_word_share(texts)
    return None if reads_as_english(share) else f"{source}: {not_english_note(share)}"
