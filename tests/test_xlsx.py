"""Excel workbooks (ctdir.interop.xlsx): built here with openpyxl, as Excel would save them."""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import Result
from testkit import stored

from ctdir.errors import InvalidInput
from ctdir.interop import xlsx
from ctdir.interop.importer import read_file, sniff_format
from ctdir.interop.records import ReadOptions
from ctdir.interop.xlsx import read_xlsx

Run = Callable[..., Result]


def workbook(*sheets: tuple[str, Sequence[Sequence[Any]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """The workbook as Excel saves it: each formula cell also holds its last result."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                for ref, value in values.items():
                    text = re.sub(
                        rf'<c r="{ref}"><f>(.*?)</f><v\s*/>',
                        rf'<c r="{ref}" t="str"><f>\1</f><v>{value}</v>',
                        text,
                    )
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


HEADER = ["Full name", "Job title", "Organisation", "Mobile", "Tel", "E-mail", "Country"]


def test_a_workbook_imports_with_numbers_typed_as_numbers(
    run: Run, empty_store: Path, tmp_path: Path
) -> None:
    data = workbook(
        (
            "Staff",
            [
                ["Contacts of the Nairobi office"],  # a title above the table
                HEADER,
                ["Wanjiru Kamau", "Counsellor", "Example Helpline", 254722123456, "020 765 4321",
                 "w.kamau@example.org", "Kenya"],
                ["Otieno Ouma", "Driver", "Example Helpline", 2.54733987654e11, None,
                 "o.ouma@example.org", "KE"],
                [],
            ],
        ),
        ("Notes", [["anything"]]),
    )  # fmt: skip
    path = tmp_path / "staff.xlsx"
    path.write_bytes(data)
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert "read the first sheet, 'Staff', of 2 (choose another with --sheet NAME)" in result.stderr
    assert "row 1 above the header read as a title, not data" in result.stderr
    kamau, ouma = stored(empty_store)[::-1]
    assert kamau["name"] == "Wanjiru Kamau"
    assert (kamau["title"], kamau["organization"], kamau["country"]) == (
        "Counsellor",
        "Example Helpline",
        "KE",
    )
    assert [(p["number"], p["label"]) for p in kamau["phones"]] == [
        ("254722123456", "mobile"),
        ("020 765 4321", None),
    ]
    assert kamau["phones"][0]["e164"] == "+254722123456"  # the number typed without its +
    assert ouma["phones"][0]["number"] == "254733987654"
    assert ouma["emails"] == ["o.ouma@example.org"]


def test_formulas_give_their_saved_value_and_are_never_run() -> None:
    data = workbook(
        (
            "S",
            [
                ["Name", "Mobile", "Country"],
                ["Asha Patel", '="+254 "&"722 555 010"', "KE"],
                ["Ravi Patel", '=CONCATENATE("+254 ", "733 555 020")', "KE"],
            ],
        )
    )
    # Only the first formula has a saved value, as when a program other than a
    # spreadsheet filled the second after the last save.
    parsed = read_xlsx(with_cached_values(data, {"B2": "+254 722 555 010"}))
    first, second = parsed.records
    assert first.values["phones"] == [{"number": "+254 722 555 010", "label": "mobile"}]
    assert first.error is None
    # Never an empty cell in silence: the row is reported with the formula it holds.
    assert second.error is not None
    assert second.error.startswith(
        """Mobile: holds the formula '=CONCATENATE("+254 ", "733 555 020")' with no saved value"""
    )


def test_a_workbook_written_by_a_program_names_the_rows_it_cannot_read(
    run: Run, empty_store: Path, tmp_path: Path
) -> None:
    data = workbook(
        (
            "S",
            [
                ["Name", "Mobile", "Email", "Country"],
                ["Rana Aziz", '="+962 6 565 9660"', "rana@example.org", "JO"],
                ["Omar Haddad", "+962 6 565 9661", "omar@example.org", "JO"],
            ],
        )
    )
    path = tmp_path / "written.xlsx"
    path.write_bytes(data)
    result = run("import", str(path))
    assert result.exit_code == 2
    assert "row 2  Rana Aziz: Mobile: holds the formula" in result.stderr
    assert stored(empty_store) == []  # all or nothing
    result = run("import", str(path), "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert [e["name"] for e in stored(empty_store)] == ["Omar Haddad"]


def test_sheet_option_picks_a_sheet_by_name() -> None:
    data = workbook(
        ("Contacts", [["Name", "Country"], ["A", "MZ"]]),
        ("Hotlines", [["Name", "Hotline", "Country"], ["Linha Fala Criança", "116", "MZ"]]),
    )
    record = read_xlsx(data, ReadOptions(sheet="hotlines")).records[0]
    assert record.values["phones"] == [{"number": "116", "label": "hotline"}]
    with pytest.raises(InvalidInput, match="no sheet named 'Staff'") as caught:
        read_xlsx(data, ReadOptions(sheet="Staff"))
    assert caught.value.hints == ["the sheets are: 'Contacts', 'Hotlines'"]


def test_dates_and_long_numbers_in_a_phone_column_are_row_errors() -> None:
    data = workbook(
        (
            "S",
            [
                ["Name", "Mobile", "Country", "Verified"],
                ["A", datetime(2024, 3, 2), "KE", datetime(2025, 1, 5)],
                ["B", 12345678901234567890, "KE", None],
                ["C", "0722 123 456", "KE", datetime(2025, 1, 5)],
            ],
        )
    )
    a, b, c = read_xlsx(data).records
    assert a.where == "row 2"
    assert a.error is not None and "Mobile: holds the date 2024-03-02" in a.error
    assert b.error is not None and "Excel keeps only 15 digits" in b.error
    assert c.error is None
    assert c.values["verified"] == "2025-01-05"


def test_map_and_ignore_apply_to_workbooks() -> None:
    data = workbook(("S", [["Nom complet", "Cel. pro", "Pays", "Remarque interne"],
                           ["Ana Silva", "84 123 4567", "MZ", "x"]]))  # fmt: skip
    with pytest.raises(InvalidInput, match=r"unknown columns 'Cel\. pro', 'Remarque interne'"):
        read_xlsx(data)
    options = ReadOptions(mapping={"Cel. pro": "phones:mobile"}, ignore=["Remarque interne"])
    record = read_xlsx(data, options).records[0]
    assert record.values["phones"] == [{"number": "84 123 4567", "label": "mobile"}]


def test_unreadable_and_oversized_workbooks(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InvalidInput, match=r"not an \.xlsx workbook"):
        read_xlsx(b"name,country\n")
    with pytest.raises(InvalidInput, match=r"an old \.xls workbook"):
        read_xlsx(b"\xd0\xcf\x11\xe0" + bytes(100))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(InvalidInput, match="cannot read the workbook"):
        read_xlsx(broken.getvalue())
    with pytest.raises(InvalidInput, match="is empty"):
        read_xlsx(workbook(("S", [])))
    big = workbook(("S", [["Name", "Country"], *(["P", "MZ"] for _ in range(60))]))
    monkeypatch.setattr(xlsx, "MAX_ROWS", 50)
    with pytest.raises(InvalidInput, match="more than 50 rows"):
        read_xlsx(big)
    monkeypatch.setattr(xlsx, "MAX_UNPACKED", 1000)
    with pytest.raises(InvalidInput, match="unpacks to"):
        read_xlsx(big)


def _sheet_xml(rows: str, dimension: str = "A1:A1") -> bytes:
    """A workbook whose sheet holds ``rows`` (sheetData XML), as another program may write it."""
    source = zipfile.ZipFile(io.BytesIO(workbook(("S", [["Name"]]))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb"<sheetData>.*</sheetData>", b"<sheetData>" + rows.encode()
                                 + b"</sheetData>", content)  # fmt: skip
                content = content.replace(b'ref="A1:A1"', f'ref="{dimension}"'.encode())
            target.writestr(item.filename, content)
    return out.getvalue()


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def test_a_sheet_down_to_excels_last_row_or_column_is_refused_quickly() -> None:
    # Declared by the sheet (Excel counts formatted empty rows): refused before reading.
    declared = _sheet_xml(f'<row r="1">{_cell("A1", "Name")}</row>', "A1:B1048576")
    with pytest.raises(InvalidInput, match="delete the empty rows below the table"):
        read_xlsx(declared)
    # Not declared: refused once the limit is passed.
    last_row = _sheet_xml(f'<row r="1">{_cell("A1", "Name")}</row>'
                          f'<row r="1048576">{_cell("A1048576", "P")}</row>')  # fmt: skip
    started = time.monotonic()
    with pytest.raises(InvalidInput, match=f"more than {xlsx.MAX_ROWS:,} rows"):
        read_xlsx(last_row)
    assert time.monotonic() - started < 5
    last_column = _sheet_xml(f'<row r="1">{_cell("A1", "Name")}{_cell("XFD1", "x")}</row>')
    with pytest.raises(InvalidInput, match=f"more than {xlsx.MAX_COLUMNS:,} columns"):
        read_xlsx(last_column)


def test_stdin_and_extensions(run: Run, empty_store: Path, tmp_path: Path) -> None:
    data = workbook(("S", [["Name", "E-mail", "Country"], ["Bo Li", "bo@example.org", "CN"]]))
    assert sniff_format(data) == "xlsx"
    assert read_file(data, "xlsx").records[0].values["emails"] == ["bo@example.org"]
    result = run("import", "-", input=data)  # type: ignore[arg-type]
    assert result.exit_code == 0, result.output
    assert "stdin: 1 added" in result.stdout
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    refused = run("import", str(old))
    assert refused.exit_code == 2 and "save it as .xlsx" in refused.stderr
    csv_file = tmp_path / "a.csv"
    csv_file.write_text("Name,Country\nA,MZ\n")
    wrong = run("import", str(csv_file), "--sheet", "S")
    assert wrong.exit_code == 2 and "--sheet applies to .xlsx workbooks" in wrong.stderr


def test_rows_past_a_wrong_declared_dimension_are_read() -> None:
    # The sheet says it ends at A1 (written by a careless program): every row still counts.
    rows = "".join(
        f'<row r="{n}">{_cell(f"A{n}", name)}{_cell(f"B{n}", "MZ")}</row>'
        for n, name in [(1, "Name"), (2, "Ana Silva"), (4, "Bo Li")]
    )
    data = _sheet_xml(rows.replace(_cell("B1", "MZ"), _cell("B1", "Country")))
    assert b'<dimension ref="A1:A1"' in zipfile.ZipFile(io.BytesIO(data)).read(
        "xl/worksheets/sheet1.xml"
    )
    records = read_xlsx(data).records
    assert [(r.where, r.name) for r in records] == [("row 2", "Ana Silva"), ("row 4", "Bo Li")]


def test_one_cell_rows_above_the_header_unless_they_name_a_column() -> None:
    one_column = workbook(("S", [["Name"], ["Ana Silva"]]))
    assert [r.name for r in read_xlsx(one_column).records] == ["Ana Silva"]
    titled = workbook(("S", [["Staff list"], [None, "updated 2025-03"], [],
                             ["Name", "Country"], ["Ana Silva", "MZ"]]))  # fmt: skip
    parsed = read_xlsx(titled)
    assert [r.where for r in parsed.records] == ["row 5"]
    assert parsed.warnings == ["row 1, row 2 above the header read as a title, not data"]
    mapped = workbook(("S", [["Qui"], ["Ana Silva"]]))
    assert read_xlsx(mapped, ReadOptions(mapping={"Qui": "name"})).records[0].name == "Ana Silva"
