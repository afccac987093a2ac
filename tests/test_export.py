"""`ctdir export`: JSON, CSV and vCard, to stdout or a file, filtered by country and kind."""

from __future__ import annotations

import csv
import io
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import vobject
from click.testing import Result
from testkit import stdout_json

from ctdir.interop.csvio import COLUMNS, EXPORT_COLUMNS

Run = Callable[..., Result]


def test_json_is_what_list_json_prints(run: Run) -> None:
    exported = run("export")
    assert exported.exit_code == 0
    assert exported.stdout == run("list", "--json").stdout
    assert len(stdout_json(exported)) == 11
    assert run("export", "--format", "json", "--country", "MZ").stdout == (
        run("list", "--json", "--country", "MZ").stdout
    )


def test_csv_has_the_contract_columns_and_is_formula_safe(run: Run) -> None:
    result = run("export", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    assert tuple(rows[0][: len(COLUMNS)]) == COLUMNS
    assert len(rows) == 12
    nely = next(dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[2] == "Nely Chimedza")
    assert nely["phones"] == "office: +258 21 310 779"
    assert nely["country"] == "MZ"
    assert nely["created"] == "2026-11-23T00:00:00Z"
    for row in rows[1:]:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r"


def test_csv_cells_that_start_with_a_number_are_neutralised(run: Run) -> None:
    assert run(
        "add", "contact", "--name", "=1+1", "--country", "MZ", "--phone", "+258 84 123 4567",
        "--yes", "--force",
    ).exit_code == 0  # fmt: skip
    rows = list(csv.reader(io.StringIO(run("export", "--format", "csv").stdout, newline="")))
    row = next(dict(zip(rows[0], r, strict=True)) for r in rows[1:] if "1+1" in r[2])
    assert row["name"] == "'=1+1"
    assert row["phones"] == "'+258 84 123 4567"


def test_vcard_of_one_country(run: Run) -> None:
    result = run("export", "--format", "vcard", "--country", "Maldives")
    assert result.exit_code == 0
    cards = list(vobject.readComponents(result.stdout))
    assert {c.fn.value for c in cards} == {
        "Shareen Tuladhar",
        "Police Human Trafficking Hotline",
        "Ministry of Economic Development Hotline",
    }
    police = next(c for c in cards if c.fn.value.startswith("Police"))
    assert police.kind.value == "org"
    assert police.tel.value == "tel:+9609500125"
    assert police.uid.value == "mv2ph9tn"
    assert police.categories.value == ["hotline", "MV"]
    assert all(c.version.value == "4.0" for c in cards)


def test_kind_filter(run: Run) -> None:
    hotlines = stdout_json(run("export", "--kind", "hotline"))
    assert {e["kind"] for e in hotlines} == {"hotline"}
    assert len(hotlines) == 2


def test_output_file_is_written_atomically_and_privately(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "directory.vcf"
    result = run("export", "-o", str(target))  # format from the extension
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "exported 11 entries" in result.stderr
    assert target.read_bytes().startswith(b"BEGIN:VCARD\r\nVERSION:4.0\r\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    explicit = tmp_path / "directory.txt"
    assert run("export", "--format", "csv", "-o", str(explicit)).exit_code == 0
    assert explicit.read_text(encoding="utf-8").startswith("id,kind,name")


def test_nothing_matches(run: Run) -> None:
    result = run("export", "--country", "Brazil")
    assert result.exit_code == 1
    assert "no entries match" in result.stderr
    assert result.stdout == ""
    assert run("export", "--country", "Gnuland").exit_code == 2


def test_an_empty_directory_exports_an_empty_document(run: Run, store_path: Path) -> None:
    from ctdir.store import Directory

    Directory(store_path).create([], overwrite=True)
    assert run("export").stdout == "[]\n"
    assert run("export", "--format", "csv").stdout.startswith("id,kind,name")
    assert run("export", "--format", "vcard").stdout == ""


def test_export_never_overwrites_the_directory_itself(
    run: Run, directory: object, store_path: Path
) -> None:
    before = store_path.read_bytes()
    result = run("export", "-o", str(store_path))
    assert result.exit_code == 2
    assert "is the directory itself" in result.stderr
    assert store_path.read_bytes() == before


def test_csv_and_vcard_stream_in_pieces_that_join_to_the_whole() -> None:
    from ctdir.interop import export_chunks, export_entries
    from ctdir.store import seed_entries

    entries = seed_entries()
    for fmt in ("csv", "vcard"):
        pieces = list(export_chunks(iter(entries), fmt))
        assert len(pieces) > 1 if fmt == "vcard" else len(pieces) >= 1
        assert b"".join(pieces) == export_entries(entries, fmt)
    from ctdir.interop.csvio import csv_chunks

    rows = list(csv_chunks(iter(entries), rows_per_chunk=10))
    assert len(rows) == len(entries) // 10 + 1
    assert b"".join(rows).count(b"\r\n") == len(entries) + 1  # the header, a line each


def test_an_export_that_fails_midway_leaves_no_file(tmp_path: Path) -> None:
    import pytest

    from ctdir.errors import InvalidInput
    from ctdir.fsutil import atomic_write

    def chunks() -> Iterator[bytes]:
        yield b"name,country\r\n"
        raise InvalidInput("a record that cannot be written")

    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(InvalidInput):
        atomic_write(folder / "out.csv", chunks())
    assert list(folder.iterdir()) == []
