"""One entry's vCard as a QR code drawn in the terminal, for a phone camera to scan.

The payload is a compact vCard 3.0 (the version phone cameras read most widely):
FN, N, ORG, TITLE, TEL, EMAIL and a NOTE carrying the ctdir id. segno makes the
code; it is drawn with half blocks, two module rows per text line, so that it
fits an 80-column terminal. vobject and segno are imported only here, and this
module only for ``ctdir show --qr``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ctdir.errors import InvalidInput
from ctdir.model import Entry

# The quiet zone the QR standard asks for around the symbol, in modules.
QUIET_ZONE = 4

# vCard 3.0 TEL types for ctdir's phone labels.
_TEL_TYPES = {
    "office": ["WORK", "VOICE"],
    "work": ["WORK", "VOICE"],
    "mobile": ["CELL", "VOICE"],
    "home": ["HOME", "VOICE"],
    "fax": ["WORK", "FAX"],
    "hotline": ["VOICE"],
    "other": ["VOICE"],
}

# (top module light, bottom module light) -> character; light is drawn as ink.
_HALF_BLOCKS = {
    (True, True): "█",
    (True, False): "▀",
    (False, True): "▄",
    (False, False): " ",
}
# Bright white on black: dark modules stay dark whatever the terminal's theme.
_COLOUR_ON = "\x1b[97;40m"
_COLOUR_OFF = "\x1b[0m"


def entry_to_vcard(entry: Entry) -> str:
    """A compact vCard 3.0 of one entry (CRLF line ends, as the format requires)."""
    import vobject

    card = vobject.vCard()
    name = entry.get("name") or ""
    card.add("fn").value = name
    words = name.split()
    if entry.get("kind") == "hotline" or len(words) < 2:
        card.add("n").value = vobject.vcard.Name(family=name)
    else:
        # Given names first, as the entries are written; FN is what phones show.
        card.add("n").value = vobject.vcard.Name(family=words[-1], given=" ".join(words[:-1]))
    org = [v for v in (entry.get("organization"), entry.get("office")) if v]
    if org:
        card.add("org").value = list(dict.fromkeys(org))
    if entry.get("title"):
        card.add("title").value = entry["title"]
    for phone in entry.get("phones") or []:
        tel = card.add("tel")
        tel.value = phone.get("e164") or phone.get("number") or ""
        tel.type_paramlist = _TEL_TYPES.get(phone.get("label") or "", ["VOICE"])
    for email in entry.get("emails") or []:
        mail = card.add("email")
        mail.value = email
        mail.type_paramlist = ["INTERNET"]
    notes = []
    if entry.get("hours"):
        notes.append(f"Hours: {entry['hours']}")
    if entry.get("id"):
        notes.append(f"ctdir id: {entry['id']}")
    if notes:
        card.add("note").value = ". ".join(notes)
    text: str = card.serialize()
    return text


def make_qr(payload: str) -> Any:
    """The QR code for ``payload``: a regular (not micro) code, smallest version."""
    import segno

    try:
        return segno.make(payload, error="l", micro=False)
    except segno.DataOverflowError:
        raise InvalidInput(
            f"this entry is too large for a QR code ({len(payload.encode())} bytes of vCard); "
            "export it instead: ctdir export --format vcard"
        ) from None


def qr_matrix(payload: str) -> list[list[bool]]:
    """The modules of ``payload``'s code, True for dark, with the quiet zone."""
    code = make_qr(payload)
    return [[bool(m) for m in row] for row in code.matrix_iter(scale=1, border=QUIET_ZONE)]


def render_half_blocks(matrix: Sequence[Sequence[bool]], colour: bool = False) -> str:
    """Draw a module matrix (True = dark) two rows per line.

    Light modules are the ink, so without colour the code reads correctly on a
    dark terminal (the common case, and what ``qrencode -t UTF8`` does); with
    colour, white on black is forced for any theme.
    """
    rows = [list(r) for r in matrix]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))  # one more row of quiet zone
    lines = []
    for top, bottom in zip(rows[0::2], rows[1::2], strict=True):
        line = "".join(_HALF_BLOCKS[(not t, not b)] for t, b in zip(top, bottom, strict=True))
        lines.append(f"{_COLOUR_ON}{line}{_COLOUR_OFF}" if colour else line)
    return "\n".join(lines)


def read_half_blocks(text: str) -> list[list[bool]]:
    """The module matrix (True = dark) back from ``render_half_blocks``' output."""
    light = {ch: pair for pair, ch in _HALF_BLOCKS.items()}
    matrix: list[list[bool]] = []
    for line in text.replace(_COLOUR_ON, "").replace(_COLOUR_OFF, "").splitlines():
        pairs = [light[ch] for ch in line]
        matrix.append([not t for t, _ in pairs])
        matrix.append([not b for _, b in pairs])
    return matrix


def entry_qr(entry: Entry, colour: bool = False) -> tuple[str, str]:
    """(the vCard payload, the QR code drawn for the terminal)."""
    payload = entry_to_vcard(entry)
    return payload, render_half_blocks(qr_matrix(payload), colour)


def width(drawing: str) -> int:
    """Columns the drawing takes (escape sequences excluded)."""
    first = next(iter(drawing.splitlines()), "")
    return len(first.replace(_COLOUR_ON, "").replace(_COLOUR_OFF, ""))
