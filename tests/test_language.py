"""Items that look like they are not English are named, not silently scored by an English model."""

import math

import pytest

from constructlens.language import (
    MIN_ENGLISH_SHARE,
    english_word_share,
    language_warning,
    reads_as_english,
)

from .conftest import REPO, run_snakemake
from .test_findings import draft

# the same kinds of item in seven other languages, each with words that are English words too
# ("in", "is", "me", "will", "hat", "a", "do", "her"), which the list of common English words leaves out
OTHER_LANGUAGES = {
    "German": [
        "Ich bin oft nervös.",
        "Meine Führungskraft hört mir zu.",
        "Er will immer gewinnen.",
        "Setzt klare Ziele für das Team.",
        "Sie hat viele Ideen.",
        "Ist ein Vorbild in allem.",
        "Schwankt hin und her.",
    ],
    "Dutch": [
        "Ik maak me veel zorgen.",
        "Mijn leidinggevende luistert naar mij.",
        "Is een voorbeeld voor anderen.",
        "Hij wil altijd winnen.",
        "Behandelt iedereen gelijk.",
    ],
    "French": [
        "Je m’inquiète de beaucoup de choses.",
        "Mon supérieur m'écoute.",
        "Tient ses promesses.",
        "Fixe des objectifs clairs pour l'équipe.",
        "Est un modèle pour les autres.",
    ],
    "Spanish": [
        "Me preocupo por muchas cosas.",
        "Soy el alma de la fiesta.",
        "Trata a todos por igual.",
        "No hablo mucho.",
        "Establece metas claras para el equipo.",
    ],
    "Italian": ["Mi preoccupo di molte cose.", "Il mio capo mi ascolta.", "Mantiene le sue promesse."],
    "Portuguese": [
        "Preocupo-me com muitas coisas.",
        "O meu chefe ouve-me.",
        "Cumpre as suas promessas.",
        "Gosto do meu trabalho.",
    ],
    "Swedish": ["Jag oroar mig för många saker.", "Min chef lyssnar på mig.", "Har många idéer."],
}


def test_ipip_and_the_leadership_items_read_as_english(ipip_items, leadership_items):
    # the shares the warning quotes for comparison
    assert round(english_word_share(ipip_items["text"].unique()) * 100) == 33
    assert round(english_word_share(leadership_items["text"]) * 100) == 29
    # so does IPIP's tersest inventory, a list of things done ("Painted a picture.")
    terse = ipip_items.loc[ipip_items["instrument"] == "ORAIS", "text"].unique()
    assert len(terse) > 20 and english_word_share(terse) > 2 * MIN_ENGLISH_SHARE


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_items_in_other_languages_do_not(language):
    assert english_word_share(OTHER_LANGUAGES[language]) == 0
    warning = language_warning(OTHER_LANGUAGES[language], "data/mine.csv")
    assert warning.startswith("data/mine.csv: only 0 % of the items' words are common English words")
    assert "use a multilingual model (docs/targets.md, Items in another language)" in warning


def test_a_few_english_words_in_english_items_are_enough():
    assert language_warning(["Is the life of the party.", "Rarely worries."], "x.csv") is None
    assert english_word_share(["Don’t talk a lot."]) == english_word_share(["Don't talk a lot."]) == 0.25
    assert math.isnan(english_word_share(["123", "—"])) and reads_as_english(float("nan"))


def test_findings_warn_where_the_items_look_not_english():
    warned = draft(n_constructs=6, english_share=0.0)
    assert "intervals are 95 %. **Language:** only 0 % of the items' words are common English words" in warned
    assert "Language" not in draft(n_constructs=6, english_share=0.29)
    assert "Language" not in draft(n_constructs=6)  # not measured


@pytest.mark.workflow
def test_cleaning_a_german_target_warns_and_names_its_file(tmp_path):
    table = tmp_path / "deutsch.csv"
    rows = [
        ("Ich bin oft nervös.", "Angst"),
        ("Mache mir viele Sorgen.", "Angst"),
        ("Ich gehe gerne auf Partys.", "Geselligkeit"),
        ("Fühle mich wohl unter Menschen.", "Geselligkeit"),
    ]
    table.write_text("text,construct\n" + "".join(f"{text},{construct}\n" for text, construct in rows))
    config = tmp_path / "target.yaml"
    config.write_text(f"targets: {{deutsch: {{kind: table, path: {table}}}}}\n")
    result = run_snakemake(
        tmp_path,
        "--cores",
        "1",
        "results/data/deutsch_items.parquet",
        configfile=[REPO / "config" / "config.yaml", config],
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"{table}: only 0 % of the items' words are common English words" in result.stderr
    assert (tmp_path / "results" / "data" / "deutsch_items.parquet").is_file()
