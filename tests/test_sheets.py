"""Sheets people have: Google Contacts and Outlook exports, hand-made headers, --map.

The layouts below are those of real exports, filled with invented people.
Sources of the headers:
- Google Contacts, current export ("First Name,Middle Name,Last Name,Phonetic
  First Name,…,Organization Name,Organization Title,Organization Department,
  Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,…,Phone 1 -
  Label,Phone 1 - Value,…,Address 1 - City,…,Address 1 - Country"): the field
  list of github.com/sohamb117/ContactExtractor add-in/src/taskpane/api/consts.js
  ("Email 1 - Value" spelling), and the same header in the test fixtures of
  several Google Contacts CSV parsers found by code search (" ::: " between
  values of one cell, "* myContacts" labels, "* Mobile" for a starred number).
- Google Contacts, older "Google CSV" ("Name,Given Name,Additional Name,Family
  Name,…,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,
  Phone 1 - Value,…,Organization 1 - Name,Organization 1 - Title"): the same
  code search (Google CSV writers in contact tools).
- Outlook ("Title,First Name,Middle Name,Last Name,Suffix,Company,Department,
  Job Title,Business Street,…,Business City,…,Business Country/Region,…,
  Business Fax,Business Phone,…,Mobile Phone,…,E-mail Address,E-mail Type,
  E-mail Display Name,E-mail 2 Address,…,Notes"): the Outlook CSV schema in
  github.com/michalbe/csv2vcard README.md and
  https://www.spstechnical.com/outlook_contacts_schema.htm (Outlook's field names).
- LibreOffice Calc and Excel "CSV (semicolon)" saves: ";" delimiter, cells
  quoted only when needed, Windows-1252 from older Excel (as in test_csvio).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from testkit import stored

from ctdir.errors import InvalidInput
from ctdir.interop.columns import cell_text, layout_options, recognise, split_numbers
from ctdir.interop.csvio import read_csv
from ctdir.interop.records import ReadOptions, phone_label, word_key
from ctdir.store import Directory

Run = Callable[..., Result]

GOOGLE_HEADER = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
    "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
    "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,"
    "Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,"
    "Phone 3 - Label,Phone 3 - Value,Address 1 - Label,Address 1 - Formatted,"
    "Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,"
    "Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address,"
    "Website 1 - Label,Website 1 - Value,Custom Field 1 - Label,Custom Field 1 - Value"
)
GOOGLE_ROW = (
    "Amina,K.,Okonkwo,,,,,,,,Example Shelter Network,Case Manager,Protection Unit,"
    "1985-04-02,Met at the 2025 workshop,,* myContacts ::: Partners,"
    "Work,amina.okonkwo@example.org,Home,amina.k@example.net,"
    "* Mobile,+254 722 123 456 ::: +254 733 987 654,Work,+254 20 765 4321,"
    "Work Fax,+254 20 765 4399,Work,,,Nairobi,,,,Kenya,,,,,"
)

OLD_GOOGLE_HEADER = (
    "Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,"
    "Additional Name Yomi,Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,"
    "Short Name,Maiden Name,Birthday,Gender,Location,Billing Information,"
    "Directory Server,Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,"
    "Language,Photo,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
    "Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,"
    "Organization 1 - Type,Organization 1 - Name,Organization 1 - Yomi Name,"
    "Organization 1 - Title,Organization 1 - Department,Organization 1 - Symbol,"
    "Organization 1 - Location,Organization 1 - Job Description"
)
OLD_GOOGLE_ROW = (
    "Tomás Ferreira,Tomás,,Ferreira,,,,,,,,,,,,,,,,,,,,,,,Portuguese,,* My Contacts,"
    "* Work,tomas.ferreira@example.org,Mobile,+258 84 555 0101,Main,+258 21 555 010,"
    ",Example Aid,,Field Officer,,,,"
)

OUTLOOK_HEADER = (
    '"Title","First Name","Middle Name","Last Name","Suffix","Company","Department",'
    '"Job Title","Business Street","Business Street 2","Business Street 3",'
    '"Business City","Business State","Business Postal Code","Business Country/Region",'
    '"Home Street","Home City","Home State","Home Postal Code","Home Country/Region",'
    '"Assistant\'s Phone","Business Fax","Business Phone","Business Phone 2","Callback",'
    '"Car Phone","Company Main Phone","Home Fax","Home Phone","Home Phone 2","ISDN",'
    '"Mobile Phone","Other Fax","Other Phone","Pager","Primary Phone","Radio Phone",'
    '"TTY/TDD Phone","Telex","Anniversary","Birthday","E-mail Address","E-mail Type",'
    '"E-mail Display Name","E-mail 2 Address","E-mail 2 Type","E-mail 2 Display Name",'
    '"Notes","Office Location","Web Page"'
)
OUTLOOK_ROW = (
    '"Ms.","Léa","","Marchand","","Exemple Solidarité","Programme Traite","Coordinatrice",'
    '"12 rue Exemple","","","Lyon","","69001","France","","","","","",'
    '"","+33 4 72 00 00 99","+33 4 72 00 00 10","","","","","","","","",'
    '"+33 6 12 34 56 78","","","","","","","","","",'
    '"lea.marchand@example.org","SMTP","Léa Marchand (lea.marchand@example.org)",'
    '"l.marchand@example.net","SMTP","","Speaks French and English","Bureau 4",""'
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def refused(run: Run, store: Path, path: str) -> str:
    """Import ``path``, which must be refused whole: exit 2 and nothing stored. Its stderr."""
    result = run("import", path)
    assert result.exit_code == 2, result.output
    assert stored(store) == []
    return result.stderr


def phones(entry: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(p["number"], p["label"]) for p in entry["phones"]]


# -- recognised layouts, end to end -------------------------------------------


def test_google_contacts_export(run: Run, empty_store: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "contacts.csv", f"{GOOGLE_HEADER}\r\n{GOOGLE_ROW}\r\n")
    result = run("import", path)
    assert result.exit_code == 0, result.output
    # What ctdir has no field for is named, not dropped in silence.
    assert "columns not imported (ctdir has no field for them): Birthday" in result.stderr
    [entry] = stored(empty_store)
    assert entry["name"] == "Amina K. Okonkwo"
    assert entry["title"] == "Case Manager"
    assert entry["organization"] == "Example Shelter Network"
    assert entry["office"] == "Protection Unit"  # the department, for want of an office
    assert (entry["city"], entry["country"]) == ("Nairobi", "KE")
    assert entry["notes"] == "Met at the 2025 workshop"
    assert phones(entry) == [
        ("+254 722 123 456", "mobile"),
        ("+254 733 987 654", "mobile"),
        ("+254 20 765 4321", "office"),
        ("+254 20 765 4399", "fax"),
    ]
    assert entry["emails"] == ["amina.okonkwo@example.org", "amina.k@example.net"]


def test_older_google_csv(run: Run, empty_store: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "google.csv", f"{OLD_GOOGLE_HEADER}\n{OLD_GOOGLE_ROW}\n")
    result = run("import", path)
    assert result.exit_code == 0, result.output
    [entry] = stored(empty_store)
    assert entry["name"] == "Tomás Ferreira"
    assert (entry["title"], entry["organization"]) == ("Field Officer", "Example Aid")
    assert entry["country"] == "MZ"  # from the first international number
    assert phones(entry) == [("+258 84 555 0101", "mobile"), ("+258 21 555 010", "office")]
    assert entry["emails"] == ["tomas.ferreira@example.org"]
    assert entry["languages"] == ["Portuguese"]


def test_outlook_export(run: Run, empty_store: Path, tmp_path: Path) -> None:
    # Outlook writes the ANSI code page: Windows-1252 here.
    text = f"{OUTLOOK_HEADER}\r\n{OUTLOOK_ROW}\r\n"
    result = run("import", write(tmp_path, "outlook.csv", text, "cp1252"))
    assert result.exit_code == 0, result.output
    [entry] = stored(empty_store)
    assert entry["name"] == "Léa Marchand"  # "Title" is Ms./Mr. when "Job Title" is there
    assert (entry["title"], entry["organization"]) == ("Coordinatrice", "Exemple Solidarité")
    assert entry["office"] == "Programme Traite"
    assert (entry["city"], entry["country"]) == ("Lyon", "FR")
    assert phones(entry) == [
        ("+33 4 72 00 00 99", "fax"),
        ("+33 4 72 00 00 10", "office"),
        ("+33 6 12 34 56 78", "mobile"),
    ]
    assert entry["emails"] == ["lea.marchand@example.org", "l.marchand@example.net"]
    assert entry["notes"] == "Speaks French and English"
    assert "Office Location" in result.stderr  # held data, not imported: said so


@pytest.mark.parametrize(
    ("header", "row"),
    [
        # English, an Excel "CSV (comma)" save
        (
            "Full name,Job title,Organisation,Mobile,Tel,E-mail,Country",
            "Grace Mwangi,Counsellor,Example Helpline,0722 123 456,020 765 4321,"
            "grace@example.org,Kenya",
        ),
        # French, ";" as Excel and LibreOffice write it in French locales
        (
            "Nom;Prénom;Poste;Organisme;Portable;Téléphone;Courriel;Pays",
            "Mwangi;Grace;Counsellor;Example Helpline;0722 123 456;020 765 4321;"
            "grace@example.org;Kenia",
        ),
        # Spanish
        (
            "Nombre;Apellidos;Cargo;Empresa;Móvil;Teléfono;Correo;País",
            "Grace;Mwangi;Counsellor;Example Helpline;0722 123 456;020 765 4321;"
            "grace@example.org;Kenia",
        ),
    ],
)
def test_hand_made_headers_in_three_languages(
    run: Run, empty_store: Path, tmp_path: Path, header: str, row: str
) -> None:
    result = run("import", write(tmp_path, "sheet.csv", f"{header}\n{row}\n"))
    assert result.exit_code == 0, result.output
    [entry] = stored(empty_store)
    assert entry["name"] == "Grace Mwangi"
    assert (entry["title"], entry["organization"]) == ("Counsellor", "Example Helpline")
    assert entry["country"] == "KE"
    assert phones(entry) == [("0722 123 456", "mobile"), ("020 765 4321", None)]
    assert entry["emails"] == ["grace@example.org"]


def test_the_issues_excel_csv_keeps_its_mobile_numbers() -> None:
    data = b"Name;Job title;Mobile;Tel;E-mail\nAna Silva;Officer;84 123 4567;21 310 779;a@x.org\n"
    values = read_csv(data).records[0].values
    assert values["phones"] == [
        {"number": "84 123 4567", "label": "mobile"},
        {"number": "21 310 779", "label": None},
    ]


# -- header variants, one by one --------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field", "label"),
    [
        # Google Contacts (both layouts) and the "Email N" spelling of some tools
        ("E-mail 2 - Value", "emails", None),
        ("Email 1 - Value", "emails", None),
        ("Phone 3 - Value", "phones", None),
        ("Phone 3 - Type", "phone label", None),
        ("Address 2 - Country", "country", None),
        ("Organization 1 - Title", "title", None),
        ("Given Name", "given", None),
        ("Additional Name", "middle", None),
        ("Family Name", "family", None),
        ("Website 1 - Value", "skip", None),
        # Outlook
        ("E-mail 3 Address", "emails", None),
        ("Business Country/Region", "country", None),
        ("Home City", "city", None),
        ("Assistant's Phone", "phones", "other"),
        ("TTY/TDD Phone", "phones", "other"),
        ("Home Phone 2", "phones", "home"),
        ("Company Main Phone", "phones", "office"),
        ("Car Phone", "phones", "mobile"),
        ("Other Fax", "phones", "fax"),
        ("Primary Phone", "phones", None),
        ("Pager", "phones", "other"),
        # by hand: English, French, Spanish
        ("Full name", "name", None),
        ("Nom complet", "name", None),
        ("Nombre y apellidos", "name", None),
        ("Position", "title", None),
        ("Fonction", "title", None),
        ("Puesto", "title", None),
        ("Cell", "phones", "mobile"),
        ("Mobile 2", "phones", "mobile"),
        ("WhatsApp", "phones", "mobile"),
        ("Tél. bureau", "phones", "office"),
        ("Téléphone fixe", "phones", None),
        ("N° de téléphone", "phones", None),
        ("Teléfono móvil", "phones", "mobile"),
        ("Numéro de portable", "phones", "mobile"),
        ("Ligne verte", "phones", "hotline"),
        ("Correo electrónico", "emails", None),
        ("Email 2", "emails", None),
        ("Ville", "city", None),
        ("Ciudad", "city", None),
    ],
)
def test_header_variants(header: str, field: str, label: str | None) -> None:
    role = recognise(word_key(header))
    assert role is not None
    assert (role.field, role.label) == (field, label)


# -- unknown columns, --map, --ignore-column ----------------------------------


def test_unknown_column_is_an_error_then_mapped_or_ignored(
    run: Run, empty_store: Path, tmp_path: Path
) -> None:
    text = "Full name,Cellulaire pro,Entité,Pays,Couleur\nAna Silva,84 123 4567,IOM,MZ,bleu\n"
    path = write(tmp_path, "s.csv", text)
    stderr = refused(run, empty_store, path)
    assert "unknown columns 'Cellulaire pro', 'Entité', 'Couleur'" in stderr
    assert '--map "Cellulaire pro=FIELD"' in stderr
    args = ["--map", "Cellulaire pro=phones:mobile", "--map", "entité=organization"]
    result = run("import", path, *args, "--ignore-column", "COULEUR")
    assert result.exit_code == 0, result.output
    [entry] = stored(empty_store)
    assert entry["organization"] == "IOM"
    assert phones(entry) == [("84 123 4567", "mobile")]


def test_map_overrides_a_recognised_column() -> None:
    data = b"Name,Office,Country\nA,Maputo,MZ\n"
    assert read_csv(data).records[0].values["office"] == "Maputo"
    mapped = read_csv(data, ReadOptions(mapping={"office": "city"})).records[0].values
    assert mapped["city"] == "Maputo" and "office" not in mapped


@pytest.mark.parametrize(
    ("maps", "ignores", "message"),
    [
        (["Phone"], [], 'takes "Column=field"'),
        (["Phone=colour"], [], "unknown field 'colour'"),
        (["=name"], [], 'takes "Column=field"'),
    ],
)
def test_bad_map_options(maps: list[str], ignores: list[str], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        layout_options(maps, ignores, None)


def test_map_or_ignore_of_a_missing_column_names_the_columns() -> None:
    with pytest.raises(InvalidInput, match="no column named 'Portable'") as caught:
        read_csv(b"Name,Country\nA,MZ\n", ReadOptions(ignore=["Portable"]))
    assert "'Name', 'Country'" in caught.value.hints[0]


def test_no_name_column_and_repeated_columns() -> None:
    with pytest.raises(InvalidInput, match="no name column"):
        read_csv(b"Mobile,Country\n1,MZ\n")
    with pytest.raises(InvalidInput, match="repeated columns: Job title, Position"):
        read_csv(b"Name,Job title,Position\nA,B,C\n")


def test_organization_stands_in_for_a_missing_name() -> None:
    record = read_csv(b"First Name,Last Name,Company,Tel\n,,Example Helpline,116\n").records[0]
    assert record.values["name"] == "Example Helpline"
    assert record.warnings == ["no name: the organization is taken as the name"]
    hotlines = read_csv(b"Organisation,Hotline,Pays\nExample Helpline,116,SN\n").records[0]
    assert hotlines.values["name"] == "Example Helpline"
    assert hotlines.values["phones"] == [{"number": "116", "label": "hotline"}]


# -- several numbers in one cell ------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "numbers"),
    [
        ("77 123 45 67 / 33 869 62 00", ["77 123 45 67", "33 869 62 00"]),
        ("77 123 45 67 or 33 869 62 00", ["77 123 45 67", "33 869 62 00"]),
        ("77 123 45 67 ou 33 869 62 00", ["77 123 45 67", "33 869 62 00"]),
        ("044/123 45 67", ["044/123 45 67"]),  # an area code
        ("+258 21 310 779/80", ["+258 21 310 779/80"]),  # a second line's last digits
        ("1696", ["1696"]),
    ],
)
def test_split_numbers(cell: str, numbers: list[str]) -> None:
    assert split_numbers(cell) == numbers


def test_every_separator_in_a_phone_cell(run: Run, empty_store: Path, tmp_path: Path) -> None:
    cell = '"77 123 45 67 / 33 869 62 00; 70 111 22 33, 76 222 33 44\nbureau: 33 800 11 22"'
    path = write(tmp_path, "s.csv", f"Name,Phones,Country\nAwa Diop,{cell},Senegal\n")
    result = run("import", path)
    assert result.exit_code == 0, result.output
    [entry] = stored(empty_store)
    assert phones(entry) == [
        ("77 123 45 67", None),
        ("33 869 62 00", None),
        ("70 111 22 33", None),
        ("76 222 33 44", None),
        ("33 800 11 22", "bureau"),
    ]


# -- numbers a spreadsheet mangled -----------------------------------------------


def test_scientific_notation_in_a_csv_is_reported_not_imported(
    run: Run, empty_store: Path, tmp_path: Path
) -> None:
    text = "Name,Mobile,Country\nA B,2.54722E+11,KE\nC D,0722 123 456,KE\n"
    stderr = refused(run, empty_store, write(tmp_path, "s.csv", text))
    assert "line 2  A B: Mobile: 2.54722E+11 is a number in scientific notation" in stderr


def test_cell_text_of_typed_values() -> None:
    from datetime import date, datetime

    assert cell_text(254722123456, True) == "254722123456"
    assert cell_text(2.54722123456e11, True) == "254722123456"
    assert cell_text(datetime(2025, 3, 2), False) == "2025-03-02"
    assert cell_text(date(2025, 3, 2), False) == "2025-03-02"
    for bad, message in [
        (datetime(2025, 3, 2), "holds the date 2025-03-02"),
        (7712345.5, "with decimals"),
        (1234567890123456789.0, "Excel keeps only 15 digits"),
    ]:
        with pytest.raises(ValueError, match=message):
            cell_text(bad, True)


@pytest.mark.parametrize(
    ("written", "label"),
    [
        ("* Mobile", "mobile"),
        ("Work Fax", "fax"),
        ("Business", "office"),
        ("Main", "office"),
        ("Home", "home"),
        ("Pager", "other"),
        ("Front desk", "front desk"),
        ("", None),
    ],
)
def test_phone_labels(written: str, label: str | None) -> None:
    assert phone_label(written) == label


# -- --dry-run: every row -------------------------------------------------------


def test_dry_run_lists_every_row_with_its_fate(
    run: Run, directory: Directory, store_path: Path, tmp_path: Path
) -> None:
    before = store_path.read_bytes()
    text = (
        "Full name,Mobile,E-mail,Country\n"
        "Nely Chimedza,,nchimedza@iom.int,MZ\n"  # in the seed: same email
        "Zola Banda,84 555 0199,zola@example.org,MZ\n"
        "Bad Number,abc,,MZ\n"
    )
    result = run("import", write(tmp_path, "s.csv", text), "--dry-run", "--skip-invalid")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "  line 2  Nely Chimedza: would be skipped: already in the directory as Nely Chimedza"
    )
    assert "[mz4nc8re]" in lines[0]  # the entry met
    assert lines[1] == "  line 3  Zola Banda: would be added"
    assert lines[2].startswith("  line 4  Bad Number: refused: not a phone number")
    assert "would be 1 added, 0 merged, 1 skipped (duplicates), 0 conflicts, 1 invalid" in lines[3]
    assert store_path.read_bytes() == before


def test_outlook_desktop_and_outlook_com_columns_ctdir_has_no_field_for(
    run: Run, directory: Directory, tmp_path: Path
) -> None:
    """Real Outlook exports carry PO boxes, Yomi names and web pages: left out, not refused."""
    text = (
        "First Name,Last Name,E-mail Address,Business Phone,Business Country/Region,"
        "Home Address PO Box,Business Address PO Box,Other Address PO Box,Given Yomi,"
        "Surname Yomi,IMAddress,Personal Web Page,Schools\n"
        "Awa,Diallo,awa.diallo@example.org,+221 33 869 62 00,Senegal,,BP 123,,,,,,\n"
    )
    result = run("import", write(tmp_path, "outlook.csv", text))
    assert result.exit_code == 0, result.output
    assert "1 added" in result.stdout
