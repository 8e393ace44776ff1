"""Detect a text file's encoding from its bytes instead of guessing.

UTF-8 is tried first: non-ASCII UTF-8 almost never decodes by accident. Legacy single-byte
files (Mac Roman, Windows-1252) always "decode", so each candidate's non-ASCII characters are
scored for how plausible they are in English questionnaire text: typographic punctuation and
no-break spaces are likely, a capital letter right after a lowercase one ("peopleÕs") is not.
The best-scoring candidate wins; a tie is reported instead of picked at random.
"""

import codecs
import unicodedata
from pathlib import Path

from .errors import InputError

LEGACY_CANDIDATES = ("mac_roman", "cp1252")
_PUNCTUATION = {"Pd", "Pi", "Pf", "Ps", "Pe", "Po", "Zs", "Sc"}


def _plausibility(text: str) -> int:
    """Score the non-ASCII characters of ``text``; higher means more natural English."""
    score = 0
    for i, char in enumerate(text):
        if ord(char) < 128:
            continue
        category = unicodedata.category(char)
        previous = text[i - 1] if i else " "
        if category in _PUNCTUATION:
            score += 2
        elif category == "Lu" and previous.islower():
            score -= 2
        elif category in ("Ll", "Lu"):
            score += 1
        else:
            score -= 3
    return score


def detect_encoding(raw: bytes, candidates: tuple[str, ...] = LEGACY_CANDIDATES) -> str:
    """Return the codec name that decodes ``raw`` into the most plausible text."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    scores = {}
    for name in candidates:
        try:
            scores[name] = _plausibility(raw.decode(name))
        except UnicodeDecodeError:
            continue
    if not scores:
        raise ValueError(f"not decodable as UTF-8 or any of {', '.join(candidates)}")
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        raise ValueError(
            f"encoding is ambiguous between {ranked[0][0]} and {ranked[1][0]}; convert the file to UTF-8"
        )
    return ranked[0][0]


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
