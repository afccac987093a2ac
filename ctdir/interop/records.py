"""What a file reader hands to the importer: one Record per row, entry or card.

Readers only translate a format into user-level values (the same kind of
values ``ctdir add`` passes to ``validate.check_entry``); every judgement
(country, numbers, emails, duplicates) is the importer's, so that all three
formats are checked alike.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Record:
    """One entry as a file gives it, or the reason it cannot be one."""

    where: str  # "line 4", "entry 2", "card 3 (line 17)": how the user finds it
    values: dict[str, Any] = field(default_factory=dict)  # check_entry input; country as written
    kind: str | None = None  # None: a contact
    entry_id: str | None = None
    created: str | None = None
    updated: str | None = None
    error: str | None = None  # set when the file cannot be read as an entry here
    warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        value = self.values.get("name")
        return str(value).strip() if value else ""


@dataclass
class ParsedFile:
    records: list[Record]
    warnings: list[str] = field(default_factory=list)  # about the whole file


@dataclass
class ReadOptions:
    """What the user says about a sheet's layout (CSV and xlsx; other formats take none)."""

    sheet: str | None = None  # xlsx: the worksheet to read (default: the first)
    mapping: dict[str, str] = field(default_factory=dict)  # column header -> field
    ignore: list[str] = field(default_factory=list)  # column headers to leave out

    def any(self) -> bool:
        return bool(self.sheet or self.mapping or self.ignore)


# What address books and hand-made sheets call a phone, folded (ctdir.text.fold),
# -> ctdir's label (phones.PHONE_LABELS). Google's and Apple's labels, Outlook's
# and vCard's types, and French and Spanish words people write.
_PHONE_LABEL_WORDS = {
    "mobile": "mobile|cell|cellular|cell phone|cellphone|iphone|portable|movil|celular"
    "|cellulaire|gsm|whatsapp|car|car phone",
    "office": "office|work|business|main|company main|bureau|travail|trabajo|oficina"
    "|direct line|ligne directe|switchboard|standard|centralita",
    "home": "home|domicile|casa|maison|personal|personnel",
    "fax": "fax|work fax|home fax|business fax|other fax|telecopie",
    "hotline": "hotline|helpline|ligne verte|linea gratuita|toll free",
    "other": "other|pager|assistant|assistants|callback|isdn|radio|tty tdd|autre|otro",
}
PHONE_LABELS_BY_WORD = {
    w: label for label, words in _PHONE_LABEL_WORDS.items() for w in words.split("|")
}


def word_key(text: str) -> str:
    """A header or label folded for matching: ``"Tél. portable"`` -> ``"tel portable"``."""
    from ctdir.text import fold

    return " ".join(fold(text).replace(".", " ").split())


def phone_label(text: str | None) -> str | None:
    """ctdir's label for an address book's phone label ("Mobile", "* Work", "_$!<Home>!$_").

    A label ctdir has no word for is kept as written, lower case (a label is free
    text), so nothing the file says is lost.
    """
    if not text:
        return None
    key = word_key(text)
    if not key:
        return None
    return PHONE_LABELS_BY_WORD.get(key) or " ".join(text.strip(" *").split()).lower()


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """The file's text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Spreadsheets on Windows save "CSV" in the ANSI code page and Outlook writes
    vCards in UTF-16; both are common enough to read rather than reject.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            pass
    encoding = _utf16_without_bom(data)
    if encoding:
        try:
            return data.decode(encoding), [f"the file has no byte-order mark; read as {encoding}"]
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        where = f"byte {exc.start}"
    return data.decode("cp1252", errors="replace"), [
        f"the file is not UTF-8 (at {where}); it was read as Windows-1252"
    ]


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" if the file looks like it, else None.

    Text in Latin letters as UTF-16 has a NUL in every other byte; UTF-8 and
    Windows-1252 text has none.
    """
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.4 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.4 and odd < half * 0.05:
        return "utf-16-be"
    return None
