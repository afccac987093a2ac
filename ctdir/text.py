"""Text helpers shared by search, validation and output: folding and sanitising."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z@.]+")
_SPACES = re.compile(r"\s+")
# Han ideographs and Hangul syllables: one character, one romanised syllable.
# Checked by code point: a regex class of these ranges costs 12 ms to compile.
_SYLLABLE_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xAC00, 0xD7AF))
# C0/C1 controls, DEL, the line and paragraph separators, and the bidi and
# zero-width format characters that can reorder or hide what a terminal shows.
# The zero-width non-joiner and joiner (U+200C, U+200D) are letters' business in
# Persian, Indic scripts and emoji, so they stay.
_CONTROL_WITH_NEWLINES = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]"
)
# DEL and C1 (U+007F-U+009F) in UTF-8.
_C1_UTF8 = re.compile(b"\x7f|\xc2[\x80-\x9f]")
# A message quotes at most this much of what it is about (a query, a cell, a file name).
MESSAGE_QUOTE = 200
_LONG_RUN = re.compile(rf"\S{{{MESSAGE_QUOTE + 1},}}")


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
    if text.isascii() and text.isalnum():  # one plain word: a rebuild folds thousands
        return [text.lower()]
    return [w for w in _WORD_BREAKS.split(fold(text)) if w]


_WORD_BREAKS = re.compile(r"[\s@.]+")


def neutralise(text: str, multiline: bool = False) -> str:
    """Make stored text safe to print: control characters become visible escapes.

    ``"\\x1b[2J"`` prints as ``"\\x1b[2J"`` (literally, backslash included), so a
    hostile entry can neither clear the screen nor recolour the terminal.
    Newlines and tabs become spaces so that one entry never forges table rows;
    ``multiline`` keeps them (and makes CRLF a newline), for the notes of a file.
    """
    if multiline:
        text = text.replace("\r\n", "\n")
        return _CONTROL_WITH_NEWLINES.sub(
            lambda m: m.group() if m.group() in "\n\t" else _escape(m), text
        )
    text = text.replace("\t", " ").replace("\r\n", " ").replace("\n", " ")
    return _CONTROL_WITH_NEWLINES.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls_json(data: bytes) -> bytes:
    """JSON text with DEL and the C1 controls written as ``\\u007f``, ``\\u009b``...

    JSON writers escape C0 (ESC among them) but not these, and a terminal may
    act on C1 (U+009B starts a control sequence as ESC [ does). The same JSON
    value; safe on any JSON text, since those bytes can only be in its strings.
    """
    if b"\x7f" not in data and b"\xc2" not in data:  # the usual case, at memchr speed
        return data
    return _C1_UTF8.sub(lambda m: b"\\u%04x" % ord(m.group().decode()), data)


def for_message(text: str) -> str:
    """``text`` neutralised for a message line, each long run of it shortened.

    A message quotes bad input (a query, a cell, a file name); a run of more
    than ``MESSAGE_QUOTE`` characters without a space keeps its start and end
    around a count, and a line keeps at most five times that, so that a
    100,000-character argument or a header of a million columns prints a line,
    not megabytes.
    """
    text = _LONG_RUN.sub(lambda m: _clip(m.group(), MESSAGE_QUOTE), neutralise(text))
    return _clip(text, 5 * MESSAGE_QUOTE)


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head, tail = text[: limit * 3 // 4], text[-(limit // 4) :]
    return f"{head}… ({len(text) - len(head) - len(tail):,} characters left out) …{tail}"


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
