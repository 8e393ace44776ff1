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
