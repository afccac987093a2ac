"""Text helpers shared by search, validation and output: folding and sanitising."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z@.]+")
_SPACES = re.compile(r"\s+")
# Han ideographs and Hangul syllables: one character, one romanised syllable.
# Checked by code point: a regex class of these ranges costs 12 ms to compile.
_SYLLABLE_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xAC00, 0xD7AF))
# C0/C1 controls, DEL, and the bidi/zero-width format characters that can
# reorder or hide what a terminal shows.
_CONTROL_WITH_NEWLINES = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def transliterate(text: str) -> str:
    """Return an ASCII rendering of ``text`` (accents dropped, other scripts romanised)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    if stripped.isascii():
        return stripped
    # anyascii costs an import; only non-Latin text pays for it.
    from anyascii import anyascii

    spaced = "".join(f" {c} " if _is_syllable(c) else c for c in text)
    if spaced != text:
        # One Han or Hangul character is one syllable, romanised with nothing
        # between them ("王伟" -> "WangWei"); spaced, they are the words a Latin
        # list writes ("Wang Wei"). Before NFKD, which splits Hangul into letters.
        decomposed = unicodedata.normalize("NFKD", _SPACES.sub(" ", spaced).strip())
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return anyascii(stripped)


def _is_syllable(c: str) -> bool:
    o = ord(c)
    return any(low <= o <= high for low, high in _SYLLABLE_RANGES)


def fold(text: str) -> str:
    """Fold text for matching: ASCII, lower case, punctuation to single spaces.

    ``"Moçambique"`` -> ``"mocambique"``, ``"Timor-Leste"`` -> ``"timor leste"``.
    ``@`` and ``.`` survive so that email addresses stay recognisable.
    """
    folded = transliterate(text).lower().replace("'", "")
    return _NON_ALNUM.sub(" ", folded).replace(" . ", " ").strip(" .")


def fold_words(text: str) -> list[str]:
    """Folded words of ``text``, with dots and at-signs also treated as separators."""
    return [w for w in re.split(r"[\s@.]+", fold(text)) if w]


def neutralise(text: str) -> str:
    """Make stored text safe to print: control characters become visible escapes.

    ``"\\x1b[2J"`` prints as ``"\\x1b[2J"`` (literally, backslash included), so a
    hostile entry can neither clear the screen nor recolour the terminal.
    Newlines and tabs become spaces so that one entry never forges table rows.
    """
    text = text.replace("\t", " ").replace("\r\n", " ").replace("\n", " ")
    return _CONTROL_WITH_NEWLINES.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
