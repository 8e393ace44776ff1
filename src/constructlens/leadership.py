"""Select and clean leadership questionnaire items (Fischer & Sitkin, 2023, focused set)."""

import logging
import re

import pandas as pd

from .errors import InputError
from .items import finalise_items, row_record
from .tables import normalise_text

log = logging.getLogger(__name__)

LEADERSHIP_TEXT = "Text"  # the item text: the last column, its broken quoting recovered
LEADERSHIP_COLUMNS = ["MeasureID", "Behavior", "Dimensions", LEADERSHIP_TEXT]

# "her" is an object ("them") before punctuation or these words, a possessive ("their") elsewhere
_FOLLOWS_OBJECT = "(?:about|to|for|with|in|on|at|from|that|the|a|an|and|or|when|if|as|up|out|back|over)"

# he/she → they, with the verb that follows put into agreement ("they expect", not "expects")
_PRONOUNS = [
    (r"\b(he|she)\s*/\s*(he|she)\b|\bs/he\b|\bhe or she\b|\bshe or he\b", "they", True),
    (r"\b(his|her)\s*/\s*(his|her)\b|\bhis or her\b|\bher or his\b", "their", False),
    (r"\b(him|her)\s*/\s*(him|her)\b|\bhim or her\b", "them", False),
    (
        r"\b(himself|herself)\s*/\s*(himself|herself)\b|\bhimself or herself\b"
        r"|\b(him|her)\s*/\s*(him|her)self\b|\b(him|her)-? or (him|her)self\b",
        "themselves",
        False,
    ),
    (r"\bhimself\b|\bherself\b", "themselves", False),
    (r"\bhe\b|\bshe\b", "they", True),
    (r"\bhis\b", "their", False),
    (r"\bhim\b|\bher\b(?=\s*(?:[.,;:!?)\"]|$|" + _FOLLOWS_OBJECT + r"\b))", "them", False),
    (r"\bher\b", "their", False),
]
_IRREGULAR_VERBS = {"is": "are", "was": "were", "has": "have", "does": "do"}
_NOT_VERBS = {"always", "sometimes", "perhaps", "thus", "nevertheless", "as"}
_SINGULAR_IRREGULAR = {plural: singular for singular, plural in _IRREGULAR_VERBS.items()} | {"be": "is"}
# an adverb before the verb ("always listen"): -ly words of six letters or more, but not
# verbs such as "apply", "supply", "comply"
_ADVERB = re.compile(
    r"(?i)^(?:(?![a-z]*ply$)[a-z]{4,}ly|always|often|never|seldom|sometimes|also|still|only)$"
)


def _plural_verb(word: str) -> str:
    """'expects' → 'expect', 'tries' → 'try', 'pushes' → 'push' (third person → plural)."""
    lower = word.lower()
    if lower in _NOT_VERBS:
        return word
    if lower in _IRREGULAR_VERBS:
        plural = _IRREGULAR_VERBS[lower]
    elif lower.endswith("ies") and len(lower) > 4:
        plural = lower[:-3] + "y"
    elif re.search(r"(ss|sh|ch|x|z|o)es$", lower):
        plural = lower[:-2]
    elif lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        plural = lower[:-1]
    else:
        return word
    return plural.capitalize() if word[0].isupper() else plural


def _singular_verb(word: str) -> str:
    """'help' → 'helps', 'go' → 'goes', 'specify' → 'specifies' (plural → third person)."""
    lower = word.lower()
    if lower in _IRREGULAR_VERBS:  # singular already: "is", "has"
        return word
    if lower in _SINGULAR_IRREGULAR:
        singular = _SINGULAR_IRREGULAR[lower]
        return singular.capitalize() if word[0].isupper() else singular
    if re.search(r"[^aeiou]y$", lower):
        return word[:-1] + "ies"
    if re.search(r"(s|sh|ch|x|z|o)$", lower):
        return word + "es"
    return word + "s"


def singular_subject(text: str) -> str:
    """``text`` whose plural subject a stem took away ("The manager(s) of this alliance: help
    others …") read with a singular one, as after "He …": its first verb, after any adverb,
    in the third person singular ("Helps others …", "Always listens …")."""
    words = text.split(" ")
    first = next((i for i, word in enumerate(words) if not _ADVERB.match(word)), None)
    if first is not None and re.fullmatch(r"[A-Za-z]+(?:-[A-Za-z]+)*", words[first]):
        words[first] = _singular_verb(words[first])
    return " ".join(words)


def _match_case(replacement: str, original: str) -> str:
    return replacement.capitalize() if original[:1].isupper() else replacement


def neutralise(text: str) -> str:
    """Replace gendered pronouns with singular they/their/them/themselves."""
    for pattern, replacement, is_subject in _PRONOUNS:
        if is_subject:
            text = re.sub(
                rf"(?P<pronoun>{pattern})(?P<space>\s+)(?P<verb>[A-Za-z]+)",
                lambda m, r=replacement: _match_case(r, m["pronoun"]) + m["space"] + _plural_verb(m["verb"]),
                text,
                flags=re.IGNORECASE,
            )
        text = re.sub(pattern, lambda m, r=replacement: _match_case(r, m.group(0)), text, flags=re.IGNORECASE)
    return text


def strip_stem(text: str, stems: list[str]) -> str:
    """Remove a leading leader stem ("My supervisor …") and capitalise what remains (its first
    letter, unless a number comes first: "3 times a week …" stays)."""
    for stem in stems:
        stripped = re.sub(rf"^(?:{stem})", "", text, count=1, flags=re.IGNORECASE)
        if stripped != text:
            text = stripped.lstrip(" :,-")
            break
    first = next((i for i, char in enumerate(text) if char.isalnum()), None)
    if first is None or not text[first].isalpha():
        return text
    return text[:first] + text[first].upper() + text[first + 1 :]


def without_stem(text: str, stems: list[str], plural_stems: list[str]) -> str:
    """``text`` without its leader stem; after one of ``plural_stems`` its verb made singular."""
    if any(re.match(stem, text, flags=re.IGNORECASE) for stem in plural_stems):
        return singular_subject(strip_stem(text, plural_stems))
    return strip_stem(text, stems)


def assign_constructs(frame: pd.DataFrame, constructs: dict, by_dimension: list[dict]) -> pd.Series:
    """Map each row to a focused construct (or NA) from ``Behavior`` / ``Dimensions``.

    ``constructs``: construct → keywords matched as whole words in ``Behavior``.
    ``by_dimension``: entries {behavior_keyword, dimensions: {Dimensions value → construct}}
    for questionnaires (LBDQ) whose scales sit in the ``Dimensions`` column.
    """
    behavior = frame["Behavior"].map(normalise_text)
    dimension = frame["Dimensions"].map(normalise_text)
    assigned = pd.Series(pd.NA, index=frame.index, dtype="string")
    for rule in by_dimension:
        hit = behavior.str.contains(rf"\b{re.escape(rule['behavior_keyword'])}\b", case=False)
        mapped = dimension[hit].map(rule["dimensions"])
        assigned[mapped.index] = mapped
    for construct, keywords in constructs.items():
        pattern = "|".join(rf"\b{re.escape(keyword)}\b" for keyword in keywords)
        hit = behavior.str.contains(pattern, case=False) & assigned.isna()
        clash = behavior.str.contains(pattern, case=False) & assigned.notna() & (assigned != construct)
        if clash.any():
            raise ValueError(
                f"Behavior {behavior[clash].iloc[0]!r} matches both {assigned[clash].iloc[0]!r} "
                f"and {construct!r}; make the keywords in config 'leadership' unambiguous"
            )
        assigned[hit] = construct
    return assigned


def clean_leadership(frame: pd.DataFrame, source: str, settings: dict) -> pd.DataFrame:
    """Select the configured constructs, strip leader stems, use gender-neutral wording; keep
    each item's measure (``MeasureID``) and subscale (``Dimensions``; "" where it says NA)."""
    try:
        construct = assign_constructs(frame, settings["constructs"], settings["by_dimension"])
    except ValueError as error:
        raise InputError(source, str(error)) from None
    chosen = frame.loc[construct.notna()]
    if chosen.empty:
        raise InputError(source, "no item matches the configured leadership construct keywords")
    configured = [
        *settings["constructs"],
        *(c for rule in settings["by_dimension"] for c in rule["dimensions"].values()),
    ]
    unmatched = [name for name in dict.fromkeys(configured) if name not in set(construct.dropna())]
    if unmatched:
        log.warning(
            "%s: no item matches %s (keywords in config 'leadership', matched as whole words in "
            "the Behavior column); the target goes on without %s",
            source,
            ", ".join(unmatched),
            "it" if len(unmatched) == 1 else "them",
        )
    original = chosen[LEADERSHIP_TEXT].map(normalise_text)
    text = original.map(lambda t: neutralise(without_stem(t, settings["stems"], settings["plural_stems"])))
    items = pd.DataFrame(
        {
            "construct": construct[chosen.index].astype(str),
            "text": text.map(normalise_text),
            "text_original": original,
            "measure": chosen["MeasureID"].map(normalise_text),
            "behavior": chosen["Behavior"].map(normalise_text),
            "subscale": chosen["Dimensions"].map(normalise_text).replace("NA", ""),
        }
    )
    return finalise_items(items, source)


def leadership_row_record(frame: pd.DataFrame, settings: dict, items: pd.DataFrame) -> pd.DataFrame:
    """What became of every row of the leadership file (``items.row_record``), with its measure,
    ``Behavior`` and ``Dimensions``: a row whose ``Behavior`` matches none of the configured
    constructs has no construct."""
    construct = assign_constructs(frame, settings["constructs"], settings["by_dimension"])
    cells = {"measure": "MeasureID", "behavior": "Behavior", "dimensions": "Dimensions"}
    return row_record(frame[LEADERSHIP_TEXT], construct, items, **{k: frame[c] for k, c in cells.items()})
