"""Detect a text file's encoding from its bytes instead of guessing.

UTF-8 is tried first: non-ASCII UTF-8 almost never decodes by accident, and a file that fails
as UTF-8 but holds UTF-8's common characters mixes encodings and is refused. Legacy single-byte
files (Mac Roman, Windows-1252) always "decode", and the two map the same bytes to different
characters: Mac Roman's accented letters are Windows-1252's typographic marks and rare symbols,
and the other way round. Each candidate's non-ASCII characters are therefore scored for how
plausible they are in questionnaire text, in English or another Western European language:
accented letters and typographic marks in their place score, while a rare symbol ("citt‡" for
"città"), a mark where it cannot stand (an ellipsis before a letter, "…ppen" for "Öppen") or a
capital right after a lowercase letter ("peopleÕs") counts against. The best-scoring candidate wins; a
tie between different readings, or a best reading that is still implausible (a Polish file in
Windows-1250, say), is reported instead of picked at random.
"""

import codecs
import re
from pathlib import Path

from .errors import InputError

LEGACY_CANDIDATES = ("mac_roman", "cp1252")
_LETTERS = set("àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßœÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŒ")
_ANYWHERE = set("’—\u00a0")  # apostrophe, em dash, no-break space
_OPENING = set("‘„«¿¡")  # not right after a letter or digit
_CLOSING = set("”»…")  # not right before a letter or digit
_EITHER = set("“")  # opens in English, closes in German („so“): not inside a word
_CURRENCY = set("€£")  # beside a figure
_NEUTRAL = set("°±×©®™§¶¹²³½¼¾µ·•ªº")  # possible, but no evidence either way


def _mark_in_place(text: str, i: int) -> bool:
    """Whether ``text[i]`` is a typographic mark standing where it can (a rare symbol never is)."""
    char = text[i]
    previous = text[i - 1] if i else " "
    following = text[i + 1] if i + 1 < len(text) else " "
    if char in _ANYWHERE:
        return True
    if char in _OPENING:
        return not previous.isalnum()
    if char in _CLOSING:
        return not following.isalnum()
    if char in _EITHER:
        return not (previous.isalnum() and following.isalnum())
    if char == "–":
        return not (previous.isalpha() and following.isalpha())
    if char in _CURRENCY:
        return any(c.isdigit() for c in text[max(i - 2, 0) : i + 3])
    return False


def _plausibility(text: str) -> int:
    """Score the non-ASCII characters of ``text``; higher means more natural prose."""
    score = 0
    for i, char in enumerate(text):
        if ord(char) < 128:
            continue
        if char in _LETTERS:
            after_lowercase = i > 0 and text[i - 1].islower()
            score += -2 if char.isupper() and after_lowercase else 1
            continue
        if char in _NEUTRAL:
            continue
        score += 2 if _mark_in_place(text, i) else -3
    return score


# UTF-8's encodings of a no-break space, ©, °, «, », of é and the other Latin-1 letters, and of
# ’, “, ”, –, —, …: read as Windows-1252 or Mac Roman they are mojibake ("Ã©", "â€™", "√©"),
# never text, so a file that fails as UTF-8 but holds them mixes encodings
_UTF8_TELLTALE = re.compile(rb"\xc2[\xa0-\xbf]|\xc3[\x80-\xbf]|\xe2\x80[\x80-\xbf]")


def detect_encoding(raw: bytes, candidates: tuple[str, ...] = LEGACY_CANDIDATES) -> str:
    """Return the codec name that decodes ``raw`` into the most plausible text."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        if _UTF8_TELLTALE.search(raw):
            line = raw[: error.start].count(b"\n") + 1
            raise ValueError(
                f"partly UTF-8, but line {line} is not (byte {raw[error.start]:#04x}): the file mixes "
                "encodings, as text pasted from several sources can; save it as UTF-8 throughout"
            ) from None
    readings = {}
    for name in candidates:
        try:
            readings[name] = raw.decode(name)
        except UnicodeDecodeError:
            continue
    if not readings:
        raise ValueError(f"not decodable as UTF-8 or any of {', '.join(candidates)}")
    scores = {name: _plausibility(text) for name, text in readings.items()}
    ranked = sorted(scores, key=scores.get, reverse=True)
    best = ranked[0]
    if scores[best] < 0:
        raise ValueError(
            f"neither {' nor '.join(candidates)} reads it as plausible text (another legacy "
            "encoding?); convert the file to UTF-8"
        )
    rivals = [name for name in ranked[1:] if scores[name] == scores[best]]
    if any(readings[name] != readings[best] for name in rivals):
        raise ValueError(f"encoding is ambiguous between {best} and {rivals[0]}; convert the file to UTF-8")
    return best


def read_text(path: str | Path) -> tuple[str, str]:
    """Read ``path`` as text; return (text, detected encoding). Errors name the file."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    raw = path.read_bytes()
    if b"\x00" in raw and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(
            path,
            "not a text table: it holds NUL bytes (a binary file, or UTF-16 without a byte-order "
            "mark); save it as CSV (UTF-8), .xlsx or parquet",
        )
    try:
        encoding = detect_encoding(raw)
    except ValueError as error:
        raise InputError(path, f"unreadable encoding: {error}") from None
    return raw.decode(encoding), encoding
