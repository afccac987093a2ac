"""CSV reading and writing (ctdir.interop.csvio): formula safety, separators, spreadsheet files."""

from __future__ import annotations

import csv
import io

import pytest

from ctdir.errors import InvalidInput
from ctdir.interop.columns import parse_phone_value, split_values
from ctdir.interop.csvio import (
    COLUMNS,
    EXPORT_COLUMNS,
    export_csv,
    join_values,
    neutralise_cell,
    read_csv,
    restore_cell,
)
from ctdir.interop.records import ReadOptions
from ctdir.model import blank_entry


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+258 21 310 779", "'+258 21 310 779"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),  # a quote we did not add survives the round trip
        ("''+x", "'''+x"),
        ("'plain", "'plain"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise_then_restore_gives_back_the_value(value: str, written: str) -> None:
    assert neutralise_cell(value) == written
    assert restore_cell(written) == value


def test_restore_strips_exactly_one_quote_and_only_before_a_formula() -> None:
    assert restore_cell("'=1+1") == "=1+1"
    assert restore_cell("'hello") == "'hello"  # hand-written apostrophe kept
    assert restore_cell("'") == "'"


def test_multi_values_escape_their_separators() -> None:
    languages = ["Chinese, Mandarin", "a;b", "back\\slash", "Dhivehi"]
    cell = join_values(languages, "languages")
    assert cell == "Chinese, Mandarin; a\\;b; back\\\\slash; Dhivehi"
    assert split_values(cell, "languages") == languages


def test_hand_written_separators() -> None:
    assert split_values("a@x.org, b@x.org;c@x.org\nd@x.org", "emails") == [
        "a@x.org",
        "b@x.org",
        "c@x.org",
        "d@x.org",
    ]
    assert split_values(" ; ;", "phones") == []
    assert split_values("C:\\path\\x", "languages") == ["C:\\path\\x"]


def test_phone_labels() -> None:
    assert parse_phone_value("office: +258 21 310 779") == {
        "number": "+258 21 310 779",
        "label": "office",
    }
    assert parse_phone_value("+258 21 310 779") == {"number": "+258 21 310 779", "label": None}
    assert parse_phone_value("tel:+2582131") == {"number": "+2582131", "label": None}
    assert parse_phone_value("front desk: 1696") == {"number": "1696", "label": "front desk"}


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_export_header_and_neutralised_cells() -> None:
    entry = blank_entry("contact")
    entry.update(
        id="ab3cd4ef",
        name='=HYPERLINK("http://x")',
        country="MZ",
        phones=[{"number": "+258 21 310 779", "label": None, "e164": "+25821310779"}],
        emails=["@a@example.org"],
        notes="line one\nline two",
        created="2024-01-01T00:00:00Z",
        updated="2024-01-02T00:00:00Z",
    )
    rows = _rows(export_csv([entry]))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    assert tuple(rows[0][: len(COLUMNS)]) == COLUMNS  # design.md's columns come first
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["name"] == '\'=HYPERLINK("http://x")'
    assert row["phones"] == "'+258 21 310 779"
    assert row["emails"] == "'@a@example.org"
    assert row["notes"] == "line one\nline two"
    assert row["created"] == "2024-01-01T00:00:00Z"
    for cell in rows[1]:
        assert not cell or cell[0] not in "=+-@\t\r"


def test_read_hand_written_csv() -> None:
    data = (
        b"Name,Country,Phone,E-mail,Organisation\n"
        b'Nely Chimedza,Mozambique,"office: +258 21 310 779; mobile: +258 84 000 0000",'
        b"nchimedza@iom.int,IOM\n"
        b"\n"
        b"Police Hotline,MV,9500125,,Maldives Police Service\n"
    )
    parsed = read_csv(data)
    assert [r.where for r in parsed.records] == ["line 2", "line 4"]
    first = parsed.records[0]
    assert first.kind is None and first.entry_id is None
    assert first.values["country"] == "Mozambique"
    assert first.values["organization"] == "IOM"
    assert first.values["phones"] == [
        {"number": "+258 21 310 779", "label": "office"},
        {"number": "+258 84 000 0000", "label": "mobile"},
    ]
    assert parsed.records[1].values["emails"] == []


def test_read_semicolon_csv_with_bom_and_crlf() -> None:
    text = (
        "name;country;phones;emails;notes\r\n"
        'Nely Chimedza;MZ;+258 21 310 779;nchimedza@iom.int;"first, line\r\nsecond"\r\n'
    )
    parsed = read_csv(b"\xef\xbb\xbf" + text.encode())
    record = parsed.records[0]
    assert record.values["name"] == "Nely Chimedza"
    assert record.values["notes"] == "first, line\nsecond"
    assert any("';'" in w for w in parsed.warnings)


def test_read_excel_sep_line_and_windows_1252() -> None:
    data = "sep=;\r\nname;country;emails\r\nJosé Ferreira;Moçambique;jf@iom.int\r\n".encode(
        "cp1252"
    )
    parsed = read_csv(data)
    assert parsed.records[0].values["name"] == "José Ferreira"
    assert parsed.records[0].values["country"] == "Moçambique"
    assert parsed.records[0].where == "line 3"
    assert any("Windows-1252" in w for w in parsed.warnings)


def test_read_utf16_tab_separated() -> None:
    data = "name\tcountry\temails\r\nAnna\tMZ\ta@x.org\r\n".encode("utf-16")
    assert read_csv(data).records[0].values["emails"] == ["a@x.org"]


def test_read_line_numbers_count_multiline_cells() -> None:
    data = b'name,country,notes\nA,MZ,"one\ntwo\nthree"\nB,MZ,x\n'
    assert [r.where for r in read_csv(data).records] == ["line 2", "line 5"]


def test_an_unknown_column_is_an_error_naming_it_unless_ignored() -> None:
    data = b"name,country,emails,favourite colour\nA,MZ,a@x.org,blue\n"
    with pytest.raises(InvalidInput, match="unknown column 'favourite colour'") as caught:
        read_csv(data)
    assert "--ignore-column" in caught.value.hints[0]
    parsed = read_csv(data, ReadOptions(ignore=["Favourite Colour"]))
    assert parsed.records[0].values == {"name": "A", "country": "MZ", "emails": ["a@x.org"]}
    assert parsed.warnings == []


def test_too_many_cells_is_a_record_error() -> None:
    parsed = read_csv(b"name,country\nA,MZ,extra\n")
    assert parsed.records[0].error == "3 cells, but the header names 2 columns"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\n\n", "empty"),
        (b"foo,bar\n1,2\n", "must name the columns"),
        (b"country,emails\nMZ,a@x.org\n", "no name column"),
        (b"name,name\nA,B\n", "repeated columns"),
        (b"name\x00,country\n", "NUL"),
    ],
)
def test_unreadable_files(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        read_csv(data)


def test_neutralised_id_kind_and_timestamps_are_restored() -> None:
    data = b"id,kind,name,country,emails,created\n'-x,HOTLINE,A,MZ,a@x.org,'=2020\n"
    record = read_csv(data).records[0]
    assert record.entry_id == "-x"
    assert record.kind == "hotline"
    assert record.created == "=2020"
