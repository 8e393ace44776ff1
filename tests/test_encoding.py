import pytest

from constructlens.encoding import detect_encoding, read_text
from constructlens.errors import InputError

SAMPLE = "Am not interested in other people’s problems.\u00a0Feel others’ emotions. Café"


def test_real_ipip_is_detected_as_mac_roman(ipip_csv):
    text, encoding = read_text(ipip_csv)
    assert encoding == "mac_roman"
    assert "other people’s problems" in text
    assert "Õ" not in text and "Ê" not in text


def test_leadership_file_is_utf8(leadership_csv):
    assert read_text(leadership_csv)[1] == "utf-8"


@pytest.mark.parametrize("encoding", ["mac_roman", "cp1252", "utf-8"])
def test_each_encoding_round_trips(encoding):
    assert detect_encoding(SAMPLE.encode(encoding)) == encoding


def test_byte_order_marks():
    assert detect_encoding("\ufeffhello".encode()) == "utf-8-sig"
    assert detect_encoding("hello".encode("utf-16")) == "utf-16"


def test_ambiguous_bytes_are_reported_not_guessed():
    # a lone 0xE9 is È in Mac Roman and é in Windows-1252: both plausible letters
    with pytest.raises(ValueError, match="ambiguous"):
        detect_encoding(b"grade \xe9 here")


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(InputError, match="nope.csv: file not found"):
        read_text(tmp_path / "nope.csv")


@pytest.mark.parametrize(
    "raw",
    ["text,construct\nI like it,A\n".encode("utf-16-le"), bytes(range(256))],
    ids=["utf16_without_bom", "binary"],
)
def test_nul_bytes_are_no_text_table(tmp_path, raw):
    path = tmp_path / "items.csv"
    path.write_bytes(raw)
    with pytest.raises(InputError, match=r"items\.csv: not a text table: it holds NUL bytes"):
        read_text(path)


# A few items per language, as a translated questionnaire holds them: a file of them saved as
# Mac Roman or Windows-1252 must decode back to the same text. Mac Roman's accented letters are
# Windows-1252's typographic marks ("ñ" is "–", "í" is "’"), so Dutch and Spanish items saved on
# a Mac once read as Windows-1252 mojibake.
TRANSLATED_ITEMS = {
    "english": "I don’t like “crowds” – at all.\nOthers’ feelings matter to me.\nI am naïve.",
    "german": "Ich mache mir häufig Sorgen über Kleinigkeiten.\nÜbermut liegt mir; ich äußere "
    "mich offen.\nIch übernehme gern Verantwortung für Größeres.",
    "french": "Je suis à l'aise avec les gens.\nJe m'inquiète souvent pour un rien.\n"
    "Élever la voix, ça m'arrive déjà.",
    "dutch": "Ik ben één van de besten.\nIk voel me geëngageerd.\nIk heb veel ideeën.",
    "spanish": "Me preocupo por los demás.\n¿Soy así?\nEl año pasado cantó una canción también.",
    "portuguese": "Não gosto de multidões.\nAs minhas opiniões e ações contam.",
    "italian": "Sono più tranquillo degli altri.\nPerché è così, in città.",
    "swedish": "Jag tycker om människor.\nÖppen för nya idéer.",
    "danish": "Jeg føler mig ofte nedtrykt.\nJeg kan lide at være sammen med andre.",
}


@pytest.mark.parametrize("encoding", ["mac_roman", "cp1252"])
@pytest.mark.parametrize("language", sorted(TRANSLATED_ITEMS))
def test_translated_items_decode_back(language, encoding):
    items = TRANSLATED_ITEMS[language]
    assert detect_encoding(items.encode(encoding)) == encoding


def test_bytes_both_encodings_read_alike_are_no_ambiguity():
    # £ is byte 0xA3 in both: whichever wins, the text is the same
    raw = "Would give £5 to a stranger.".encode("cp1252")
    assert raw.decode(detect_encoding(raw)) == "Would give £5 to a stranger."


@pytest.mark.parametrize("text", ["Would pay €10 for it.", "Costs 10 € a month."])
def test_currency_beside_a_figure_is_windows_1252(text):
    assert detect_encoding(text.encode("cp1252")) == "cp1252"


def test_a_central_european_file_is_refused_not_misread():
    raw = "Często się martwię o drobiazgi.\nŁatwo nawiązuję kontakty z ludźmi.".encode("cp1250")
    with pytest.raises(ValueError, match="neither mac_roman nor cp1252 reads it as plausible"):
        detect_encoding(raw)


def test_a_file_of_mixed_encodings_is_refused_naming_the_line():
    raw = "text,construct\nLikes the café,A\n".encode() + "Is naïve – at times,A\n".encode("cp1252")
    with pytest.raises(
        ValueError, match=r"partly UTF-8, but line 3 is not \(byte 0xef\): the file mixes encodings"
    ):
        detect_encoding(raw)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [("“Übermut” tut selten gut.", "mac_roman"), ("Die Straße „Fuß“ ist lang.", "cp1252")],
)
def test_legacy_bytes_that_happen_to_form_a_utf8_character_are_no_mixture(text, encoding):
    # “Ü is 0xD2 0x86 in Mac Roman, ß“ 0xDF 0x93 in Windows-1252: each a UTF-8 character by accident
    assert detect_encoding(text.encode(encoding)) == encoding
