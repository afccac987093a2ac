"""Sheets: which column holds what, and one Record per row (CSV and xlsx alike).

A header is recognised column by column: ctdir's own CSV columns, the exports
of Google Contacts ("Phone 1 - Label", "Phone 1 - Value", "E-mail 1 - Value",
"Address 1 - Country", "Organization Name"…) and Outlook ("Mobile Phone",
"Business Fax", "E-mail 2 Address", "Business Country/Region"…), and what
people write by hand in English, French and Spanish ("Full name", "Poste",
"Portable", "Teléfono", "Courriel", "País"…). The user maps anything else
with ``--map "Column=field"`` or leaves it out with ``--ignore-column``; a
column that is none of these is an error naming it, never dropped in silence.
Columns of an address book export that ctdir has no field for (birthday,
photo, street…) are left out with a warning listing those that hold data.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import orjson

from ctdir.errors import InvalidInput
from ctdir.interop.records import (
    PHONE_LABELS_BY_WORD,
    ReadOptions,
    Record,
    phone_label,
    word_key,
)
from ctdir.model import HISTORY_FIELDS, STORED_FIELDS
from ctdir.phones import not_a_number

# Fields whose value is one piece of text; the first non-empty column wins (by rank).
TEXT = ("name", "title", "organization", "office", "city", "country", "hours", "notes",
        "source", "source_date", "purpose", "verified", "id", "kind", "created", "updated",
        "given", "middle", "family", "department")  # fmt: skip
# What --map accepts besides the vocabulary below.
TARGETS = (*(f for f in STORED_FIELDS if f != "country_name"), "given", "middle", "family",
           "department")  # fmt: skip
SKIP = "skip"  # a known column with no ctdir field
PHONE_LABEL = "phone label"  # Google's "Phone N - Label": the label of "Phone N - Value"


@dataclass(frozen=True)
class Role:
    field: str  # a TEXT field, "phones", "emails", "languages", SKIP or PHONE_LABEL
    label: str | None = None  # phones: the label the column gives its numbers
    rank: int = 0  # several columns of one field: the lowest rank that has a value wins
    group: int | None = None  # Google: "Phone 2 - Label" labels "Phone 2 - Value"
    loose: bool = False  # "Nom", "Nombre": the family name when a given-name column exists
    quiet: bool = False  # SKIP: structure (a value's label, group membership), not data


_QUIET = Role(SKIP, quiet=True)


def _words(*pairs: tuple[Role, str]) -> dict[str, Role]:
    return {word: role for role, words in pairs for word in words.split("|")}


_PHONES = Role("phones")
# Folded headers (records.word_key: lower case, no accents, punctuation as spaces).
VOCABULARY = _words(
    (Role("id"), "id|uid"),
    (Role("kind"), "kind|type"),
    (Role("name"), "name|full name|fullname|contact|contact name|display name|person"
     "|nom complet|nom et prenom|prenom et nom|nom prenom|prenom nom|noms"
     "|nombre completo|nombre y apellido|nombre y apellidos|apellidos y nombre"),
    (Role("name", loose=True), "nom|nombre"),
    (Role("given"), "first name|given name|first|forename|prenom|primer nombre"),
    (Role("middle"), "middle name|additional name|second name|segundo nombre"),
    (Role("family"), "last name|family name|surname|last|nom de famille|apellido|apellidos"),
    (Role("title"), "title|job title|position|poste|fonction|titre|role|job|cargo|puesto"
     "|occupation|organization title|designation"),
    (Role("organization"), "organization|organisation|org|company|entreprise|societe"
     "|organisme|institution|agency|agence|empresa|organizacion|institucion|operator"
     "|organization name|employer|ministry|ministere|ministerio"),
    (Role("office"), "office|bureau|oficina|sede|branch|office name|antenne"),
    (Role("department"), "department|departement|service|departamento|division|unit|unite"
     "|organization department|section"),
    (Role("city"), "city|town|ville|ciudad|localidad|localite|municipality"),
    (Role("country"), "country|pays|pais|country region|nation|nationality country"),
    (_PHONES, "phone|phones|phone number|phone numbers|telephone|telephones|tel|tels"
     "|telefono|telefonos|numbers|number|numero|numeros|numero de telephone"
     "|numero de telefono|contact number|telephone number"),
    (Role("phones", "mobile"), "mobile|mobiles|cell|cellphone|cell phone|portable|movil"
     "|celular|cellulaire|gsm|whatsapp|mobile number|tel portable|tel mobile"),
    (Role("phones", "fax"), "fax|telecopie|fax number"),
    (Role("phones", "other"), "pager|callback|isdn"),
    (_PHONES, "fixe|fijo|landline|telephone fixe|telefono fijo|tel fixe"),
    (Role("phones", "hotline"), "hotline|helpline|ligne verte|linea gratuita|toll free"),
    (Role("emails"), "email|emails|e mail|e mails|email address|email addresses"
     "|e mail address|mail|courriel|courriels|adresse e mail|adresse email|adresse mail"
     "|correo|correo electronico|correos|email adress"),
    (Role("languages"), "languages|language|langues|langue|idiomas|idioma|lenguas"),
    (Role("hours"), "hours|opening hours|horaires|horario|horarios"),
    (Role("notes"), "notes|note|remarks|remarques|comments|comment|commentaires"
     "|observaciones|notas|comentarios|observations"),
    (Role("source"), "source|fuente|sources"),
    (Role("verified"), "verified|date verified|last verified|verifie|verificado"),
    (Role("created"), "created"),
    (Role("updated"), "updated"),
    # ctdir's own export: what a hotline is for, its source's date, and the
    # histories (JSON arrays of dated objects).
    (Role("source_date"), "source date"),
    (Role("purpose"), "purpose"),
    (Role("verifications"), "verifications"),
    (Role("accepted"), "accepted"),
    # Address book columns ctdir has no field for.
    (Role(SKIP), "name prefix|name suffix|prefix|suffix|nickname|file as|phonetic first name"
     "|phonetic middle name|phonetic last name|yomi name|given name yomi|family name yomi"
     "|additional name yomi|company yomi|initials|short name|maiden name|birthday"
     "|anniversary|gender|location|billing information|directory server|mileage|hobby"
     "|sensitivity|priority|subject|photo|categories|spouse"
     "|children|web page|website|account|government id number|internet free busy"
     "|keywords|managers name|assistants name|organizational id number|private"
     "|profession|referred by|office location|user 1|user 2|user 3|user 4|telex"
     "|notes 2|home address po box|business address po box|other address po box"
     "|given yomi|surname yomi|company yomi|imaddress|im address|personal web page|schools"),
    (_QUIET, "labels|group membership|e mail type|e mail display name"),
)  # fmt: skip

_NUMBERED = re.compile(r"^(e ?mail|phone|address|organi[sz]ation) (\d+) (.+)$")
_GOOGLE_OTHER = re.compile(r"^[a-z ]+ \d+ [a-z ]+$")  # "Website 1 - Value", "Event 2 - Label"
_OUTLOOK_EMAIL = re.compile(r"^e ?mail(?: (\d+))? (address|type|display name)$")
_OUTLOOK_ADDRESS = re.compile(
    r"^(business|work|home|other) (street(?: \d)?|city|state|postal code|po box|country region"
    r"|country|address)$"
)
_PLACE_RANK = {"business": 1, "work": 1, "other": 2, "home": 3}
_PHONE_WORD = re.compile(r"^(?:(.+) )?(phone|fax|telephone|tel|telefono|numero)(?: (\d+))?$")
_PHONE_FIRST = re.compile(r"^(?:telephone|tel|telefono|phone|numero)(?: de)? (.+)$")
# "N° de téléphone", "Number of phone": words that say nothing of the line.
_NUMBER_WORDS = {"n", "no", "ndeg", "nr", "num", "number", "numero", "de", "du", "of", "the"}
_TRAILING_NUMBER = re.compile(r"^(.+?) ?\d+$")


def _phone_role(key: str) -> Role | None:
    """ "Mobile Phone", "Business Fax", "Home Phone 2", "Téléphone portable", "Tél. bureau"."""
    match = _PHONE_WORD.match(key)
    if match:
        words = [w for w in (match.group(1) or "").split() if w not in _NUMBER_WORDS]
        if match.group(2) == "fax":
            return Role("phones", "fax")
        if not words or words == ["primary"]:
            return _PHONES
        return Role("phones", phone_label(" ".join(words)))
    match = _PHONE_FIRST.match(key)
    if match and match.group(1) in PHONE_LABELS_BY_WORD:
        return Role("phones", PHONE_LABELS_BY_WORD[match.group(1)])
    return None


def _numbered(key: str) -> Role | None:
    """Google's "Phone 1 - Value", "E-mail 2 - Value", "Address 1 - Country"…"""
    match = _NUMBERED.match(key)
    if match is None:
        return Role(SKIP) if _GOOGLE_OTHER.match(key) else None
    what, number, part = match.group(1), int(match.group(2)), match.group(3)
    if what.startswith("e"):
        return Role("emails") if part == "value" else _QUIET
    if what == "phone":
        if part == "value":
            return Role("phones", group=number)
        return Role(PHONE_LABEL, group=number) if part in ("label", "type") else Role(SKIP)
    if what == "address":
        if part in ("city", "country"):
            return Role(part, rank=10 + number)
        return _QUIET if part in ("label", "type") else Role(SKIP)
    fields = {"name": "organization", "title": "title", "department": "department"}
    return Role(fields[part], rank=number) if part in fields else Role(SKIP)


def recognise(key: str) -> Role | None:
    """The role of a column from its folded header, or None when ctdir does not know it."""
    role = VOCABULARY.get(key)
    if role is not None:
        return role
    match = _OUTLOOK_EMAIL.match(key)
    if match:
        return Role("emails") if match.group(2) == "address" else _QUIET
    match = _OUTLOOK_ADDRESS.match(key)
    if match:
        place, part = match.groups()
        if part in ("city", "country region", "country"):
            return Role("city" if part == "city" else "country", rank=_PLACE_RANK[place])
        return Role(SKIP)
    role = _numbered(key) or _phone_role(key)
    if role is not None:
        return role
    base = _TRAILING_NUMBER.match(key)  # "Email 2", "Mobile 2", "Tel 2"
    if base:
        role = VOCABULARY.get(base.group(1))
        if role is not None and role.field in ("phones", "emails"):
            return role
    return None


def target_role(text: str) -> Role:
    """What ``--map "Column=FIELD"`` names: a ctdir field, ``phones:LABEL``, or a known header."""
    field, _, label = text.partition(":")
    key = word_key(field)
    if key in ("phone", "phones") and label.strip():
        return Role("phones", phone_label(label))
    if key in TARGETS:
        return Role(key)
    role = VOCABULARY.get(key)
    if role is not None and role.field != SKIP:
        return Role(role.field, role.label)
    raise InvalidInput(
        f"--map: unknown field {text!r}",
        [f"fields: {', '.join(TARGETS)}, or phones:LABEL (phones:mobile, phones:fax…)"],
    )


def layout_options(mapping: Iterable[str], ignore: Iterable[str], sheet: str | None) -> ReadOptions:
    """ReadOptions from the command line's ``--map "Column=field"`` and ``--ignore-column``."""
    options = ReadOptions(sheet=sheet, ignore=[c for c in ignore if c.strip()])
    for item in mapping:
        column, sep, field = item.rpartition("=")
        if not sep or not column.strip() or not field.strip():
            raise InvalidInput(f'--map takes "Column=field", not {item!r}')
        target_role(field)  # rejects an unknown field before the file is read
        options.mapping[column.strip()] = field.strip()
    return options


# -- the header ---------------------------------------------------------------


@dataclass
class Column:
    index: int
    header: str
    role: Role


class Layout:
    """The columns of one sheet, and how a row of it becomes a Record."""

    def __init__(self, header: Sequence[str], options: ReadOptions, where: str) -> None:
        self.width = len(header)
        self.columns: list[Column] = []
        self.skipped: list[Column] = []  # known columns without a ctdir field
        self.unnamed: list[int] = []
        mapped = {word_key(k): target_role(v) for k, v in options.mapping.items()}
        ignored = {word_key(c) for c in options.ignore}
        found: set[str] = set()
        unknown: list[str] = []
        for index, raw in enumerate(header):
            text = " ".join(str(raw).split())
            key = word_key(text)
            if not key:
                self.unnamed.append(index)
                continue
            found.add(key)
            if key in ignored:
                continue
            role = mapped.get(key) or recognise(key)
            if role is None:
                unknown.append(text)
            elif role.field == SKIP:
                if not role.quiet:
                    self.skipped.append(Column(index, text, role))
            else:
                self.columns.append(Column(index, text, role))
        missing = [c for c in [*options.mapping, *options.ignore] if word_key(c) not in found]
        if missing:
            raise InvalidInput(
                f"{where}: no column named {', '.join(repr(c) for c in missing)}",
                [f"the columns are: {', '.join(repr(str(h)) for h in header if str(h).strip())}"],
            )
        if unknown:
            names = ", ".join(repr(u) for u in unknown)
            first = unknown[0]
            raise InvalidInput(
                f"{where}: unknown column{'s' if len(unknown) > 1 else ''} {names}",
                [
                    f'say what it holds with --map "{first}=FIELD" (name, title, organization, '
                    "office, city, country, phones, phones:LABEL, emails, notes…), "
                    f'or leave it out with --ignore-column "{first}"'
                ],
            )
        self._settle(header)
        fields = {c.role.field for c in self.columns}
        if not fields & {"name", "given", "family", "middle", "organization"}:
            raise InvalidInput(
                f"{where}: no name column (name, full name, first/last name, organization…)"
            )
        # Counted, not compared pairwise: a header may hold 200,000 columns.
        roles = Counter(c.role for c in self.columns if c.role.field in TEXT)
        repeated = sorted({c.header for c in self.columns if roles.get(c.role, 0) > 1})
        if repeated:
            raise InvalidInput(
                f"{where}: repeated columns: {', '.join(repeated)}",
                ["keep one, or --ignore-column the others"],
            )
        self.labels = {c.role.group: c for c in self.columns if c.role.field == PHONE_LABEL}
        self.lists = [f for f in ("phones", "emails", "languages") if f in fields]

    def _settle(self, header: Sequence[str]) -> None:
        """Meanings that depend on the other columns."""
        fields = {c.role.field for c in self.columns}
        keys = {word_key(str(h)) for h in header}
        for column in self.columns:
            role = column.role
            if role.loose and "given" in fields and "family" not in fields:
                column.role = Role("family")  # "Prénom" + "Nom": Nom is the family name
            elif role.loose and "family" in fields and "given" not in fields:
                column.role = Role("given")  # "Nombre" + "Apellidos"
            elif word_key(column.header) == "title" and "job title" in keys:
                # Outlook: "Title" is Mr/Ms/Dr, "Job Title" the job.
                column.role = _QUIET
        self.columns = [c for c in self.columns if c.role.field != SKIP]

    # -- rows -----------------------------------------------------------------

    def record(self, cells: Sequence[Any], where: str) -> Record:
        record = Record(where)
        if len(cells) > self.width and any(_present(c) for c in cells[self.width :]):
            record.error = f"{len(cells)} cells, but the header names {self.width} columns"
        for index in self.unnamed:
            if index < len(cells) and _present(cells[index]):
                record.error = record.error or (
                    f"column {index + 1} has no header but holds {str(cells[index])[:40]!r}"
                )
        texts: dict[str, tuple[int, str]] = {}
        phones: list[dict[str, Any]] = []
        emails: list[str] = []
        languages: list[str] = []
        for column in self.columns:
            raw = cells[column.index] if column.index < len(cells) else None
            role = column.role
            try:
                cell = cell_text(raw, role.field == "phones")
            except ValueError as exc:
                record.error = record.error or f"{column.header}: {exc}"
                continue
            if not cell:
                continue
            if role.field == "phones":
                label = role.label
                if role.group is not None and role.group in self.labels:
                    label_cell = self.labels[role.group]
                    label = phone_label(cell_text(_at(cells, label_cell.index), False)) or label
                phones.extend(phone_values(cell, label))
            elif role.field == "emails":
                emails.extend(v for piece in split_values(cell, "emails") for v in _google(piece))
            elif role.field == "languages":
                languages.extend(split_values(cell, "languages"))
            elif role.field in HISTORY_FIELDS:
                try:
                    record.values[role.field] = orjson.loads(cell)
                except orjson.JSONDecodeError:
                    record.error = record.error or (
                        f"{role.field} must be a JSON array as ctdir exports it, not {cell[:60]!r}"
                    )
            elif role.field in TEXT:
                best = texts.get(role.field)
                if best is None or role.rank < best[0]:
                    texts[role.field] = (role.rank, cell)
        self._fill(record, {k: v for k, (_, v) in texts.items()}, phones, emails, languages)
        return record

    def _fill(
        self,
        record: Record,
        texts: dict[str, str],
        phones: list[dict[str, Any]],
        emails: list[str],
        languages: list[str],
    ) -> None:
        values = record.values
        name = texts.pop("name", None) or " ".join(
            texts[p] for p in ("given", "middle", "family") if texts.get(p)
        )
        for part in ("given", "middle", "family"):
            texts.pop(part, None)
        if not name and texts.get("organization"):
            name = texts["organization"]
            record.warnings.append("no name: the organization is taken as the name")
        department = texts.pop("department", None)
        if department and not texts.get("office"):
            texts["office"] = department
        record.entry_id = texts.pop("id", None)
        kind = texts.pop("kind", None)
        record.kind = kind.lower() if kind else None
        record.created = texts.pop("created", None)
        record.updated = texts.pop("updated", None)
        values["name"] = name or None
        values.update(texts)
        lists = {"phones": phones, "emails": emails, "languages": languages}
        for key in self.lists:  # a column the sheet has, even empty on this row
            values[key] = lists[key]


def _at(cells: Sequence[Any], index: int) -> Any:
    return cells[index] if index < len(cells) else None


def _present(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


# -- cells ----------------------------------------------------------------------

# Separators of values inside one cell, by column. Phones and emails never
# contain "," so hand-written "a, b" splits; a language may ("Chinese, Mandarin").
SEPARATORS = {"phones": ";,\n", "emails": ";,\n", "languages": ";\n"}


def split_values(text: str, column: str) -> list[str]:
    """Split a multi-valued cell; ``\\;`` is a literal ``;`` and ``\\\\`` a backslash."""
    seps = SEPARATORS[column]
    if "\\" not in text:
        return [v.strip() for v in re.split(f"[{re.escape(seps)}]", text) if v.strip()]
    items: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and (text[i + 1] in seps or text[i + 1] == "\\"):
            current.append(text[i + 1])
            i += 2
            continue
        if char in seps:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    items.append("".join(current))
    return [v.strip() for v in items if v.strip()]


def parse_phone_value(text: str) -> dict[str, Any]:
    """``"office: +258 21 310 779"`` -> number and label; numbers never hold a colon.

    The label is what comes before the last colon, but for a time ("12:30",
    "hotline: 12:30"): that stays the value, which the number rules then name for
    what it is.
    """
    head, sep, tail = text.partition(":")
    if sep and not_a_number(tail.strip()):
        label, number = head, tail
    elif not_a_number(text.strip()):
        label, sep, number = "", "", text
    else:
        label, sep, number = text.rpartition(":")
    if not sep:
        return {"number": text.strip(), "label": None}
    label = label.strip()
    if label.lower() == "tel":  # a tel: URI pasted into a cell
        label = ""
    return {"number": number.strip(), "label": label or None}


# Excel shows a long number as 2.54722E+11 and saves that text in a CSV: the digits are gone.
_SCIENTIFIC = re.compile(r"^[+-]?\d(?:[.,]\d+)?E\+?\d+$", re.IGNORECASE)
# Excel keeps 15 significant digits of a number.
EXCEL_DIGITS = 15


@dataclass(frozen=True)
class UnsavedFormula:
    """A workbook cell with a formula whose value was never saved: a workbook written by
    a program (a script, pandas), not by a spreadsheet, has no value to read."""

    formula: str


def cell_text(value: Any, phone: bool) -> str:
    """A cell as text; a spreadsheet's numbers and dates made readable, or ValueError.

    A phone typed into a spreadsheet becomes a number (254722123456, shown as
    2.54722E+11) or, in some locales, a date: the number is given back as its
    digits; a date, a fraction, or a number too long for Excel's 15 digits
    cannot be a phone number and is reported.
    """
    if value is None:
        return ""
    if isinstance(value, UnsavedFormula):
        raise ValueError(
            f"holds the formula {value.formula[:60]!r} with no saved value (the workbook was "
            "written by a program, not saved by a spreadsheet): open and save it in a "
            "spreadsheet, or type the value"
        )
    if isinstance(value, str):
        text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        if phone and _SCIENTIFIC.match(text):
            raise ValueError(
                f"{text} is a number in scientific notation: its last digits were lost when "
                "the spreadsheet was saved; format the column as text and type them again"
            )
        return text
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime | date | time):
        shown = _date_text(value)
        if phone:
            raise ValueError(
                f"holds the date {shown}, not a phone number (the spreadsheet read the "
                "number as a date; format the column as text and type it again)"
            )
        return shown
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not value.is_integer():
            if phone:
                raise ValueError(f"{value} is a number with decimals, not a phone number")
            return repr(value)
        digits = str(int(value))
        if phone and len(digits.lstrip("-")) > EXCEL_DIGITS:
            raise ValueError(
                f"{digits} was stored as a number and Excel keeps only {EXCEL_DIGITS} digits: "
                "its last digits may be wrong; format the column as text and type it again"
            )
        return digits
    return str(value).strip()


def _date_text(value: datetime | date | time) -> str:
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    return value.isoformat()


# Several numbers in one cell: "77 123 45 67 / 33 869 62 00", "… or …", Google's " ::: ".
_OR = re.compile(r"\s+(?:or|ou|o|y|and|et)\s+", re.IGNORECASE)
_SLASH = re.compile(r"\s*/\s*")
# Each side of a "/" must be a whole number for "/" to separate two: "044/123 45 67"
# (an area code) and "21 310 779/80" (a second line's last digits) stay one number.
_WHOLE = 6


def _google(text: str) -> list[str]:
    return [v.strip() for v in text.split(":::") if v.strip()]


def split_numbers(text: str) -> list[str]:
    """``"77 123 45 67 / 33 869 62 00"`` -> both numbers; ``"044/123 45 67"`` stays one."""
    numbers: list[str] = []
    for part in _OR.split(text):
        if "/" not in part:
            if part.strip():
                numbers.append(part.strip())
            continue
        pieces = _SLASH.split(part)
        digit_counts = [sum(c.isdigit() for c in p) for p in pieces]
        if len(pieces) > 1 and min(digit_counts) >= _WHOLE:
            numbers.extend(p.strip() for p in pieces if p.strip())
        elif part.strip():
            numbers.append(part.strip())
    return numbers


def phone_values(cell: str, label: str | None) -> list[dict[str, Any]]:
    """The numbers of a phone cell, each with its label ("office: …" in the cell wins)."""
    phones = []
    for piece in split_values(cell, "phones"):
        for value in _google(piece):
            parsed = parse_phone_value(value)
            for number in split_numbers(parsed["number"]):
                phones.append({"number": number, "label": parsed["label"] or label})
    return phones


# -- the whole sheet -------------------------------------------------------------


def read_table(
    header: Sequence[str],
    rows: Iterable[tuple[str, Sequence[Any]]],
    options: ReadOptions,
    header_where: str,
) -> tuple[list[Record], list[str]]:
    """Records of ``rows`` (each with where the user finds it), and warnings about the sheet."""
    layout = Layout(header, options, header_where)
    records: list[Record] = []
    pending = list(layout.skipped)  # known columns without a field, no data seen in them yet
    holding: list[Column] = []
    for where, cells in rows:
        if not any(_present(c) for c in cells):
            continue
        records.append(layout.record(cells, where))
        if pending:
            still: list[Column] = []
            for column in pending:
                (holding if _present(_at(cells, column.index)) else still).append(column)
            pending = still
    warnings = []
    if holding:
        names = ", ".join(c.header for c in sorted(holding, key=lambda c: c.index))
        warnings.append(f"columns not imported (ctdir has no field for them): {names}")
    return records, warnings


def is_known(cell: str) -> bool:
    """Whether a header cell names a column ctdir recognises (to find a CSV's delimiter)."""
    return recognise(word_key(cell)) is not None
