"""`ctdir import`: the checks of `add` for every record, all-or-nothing, duplicates, merge."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from testkit import stdout_json, stored

from ctdir.store import Directory

Run = Callable[..., Result]
HEADER = "name,country,phones,emails,title,office\n"


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def entries(store_path: Path) -> dict[str, dict[str, object]]:
    data = json.loads(store_path.read_text(encoding="utf-8"))
    return {e["id"]: e for e in data["entries"].values()}


def test_hand_written_csv(run: Run, empty_store: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "people.csv",
        "Name,Country,Phones,Emails,Kind\n"
        "Ana Silva,Moçambique,office: +258 21 310 779; +258 84 123 4567,ana@example.org,\n"
        "Police Hotline,maldives,9500125,,Hotline\n",
    )
    result = run("import", path)
    assert result.exit_code == 0, result.output
    assert (
        "people.csv: 2 added, 0 merged, 0 skipped (duplicates), 0 conflicts, 0 invalid"
        in result.stdout
    )
    by_name = {e["name"]: e for e in entries(empty_store).values()}
    ana = by_name["Ana Silva"]
    assert ana["kind"] == "contact" and ana["country"] == "MZ"
    assert [(p["number"], p["label"]) for p in ana["phones"]] == [  # type: ignore[attr-defined]
        ("+258 21 310 779", "office"),
        ("+258 84 123 4567", None),
    ]
    assert by_name["Police Hotline"]["kind"] == "hotline"
    assert by_name["Police Hotline"]["country"] == "MV"


def test_all_or_nothing_lists_every_problem(
    run: Run, directory: Directory, store_path: Path, tmp_path: Path
) -> None:
    before = store_path.read_bytes()
    path = write(
        tmp_path,
        "mixed.csv",
        HEADER
        + "Good Person,MZ,+258 84 123 4567,,,\n"
        + "Bad Email,MZ,,not-an-email,,\n"
        + "Nowhere Man,Gnuland,+1 202 555 0143,,,\n"
        + ",MZ,+258 84 765 4321,,,\n",
    )
    result = run("import", path)
    assert result.exit_code == 2
    assert "line 3  Bad Email: invalid email 'not-an-email'" in result.stderr
    assert "line 4  Nowhere Man: unknown country: 'Gnuland'" in result.stderr
    assert "line 5  (no name): a contact needs a name" in result.stderr
    assert "3 of 4 records in mixed.csv are invalid; nothing was written" in result.stderr
    assert "--skip-invalid" in result.stderr
    assert store_path.read_bytes() == before


def test_skip_invalid_writes_the_valid_ones(run: Run, empty_store: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path, "mixed.csv", HEADER + "Good Person,MZ,+258 84 123 4567,,,\nBad,MZ,,x,,\n"
    )
    result = run("import", path, "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "1 added, 0 merged, 0 skipped (duplicates), 0 conflicts, 1 invalid" in result.stdout
    assert "line 3  Bad: invalid email" in result.stderr
    assert [e["name"] for e in entries(empty_store).values()] == ["Good Person"]


def test_dry_run_writes_nothing(
    run: Run, directory: Directory, store_path: Path, tmp_path: Path
) -> None:
    before = store_path.read_bytes()
    path = write(tmp_path, "new.csv", HEADER + "Good Person,MZ,+258 84 123 4567,,,\n")
    result = run("import", path, "--dry-run")
    assert result.exit_code == 0
    assert "dry run, nothing written; would be 1 added" in result.stdout
    assert store_path.read_bytes() == before
    bad = write(tmp_path, "bad.csv", HEADER + "Bad,MZ,,x,,\n")
    result = run("import", bad, "--dry-run")
    assert result.exit_code == 2
    assert "would stop" in result.stderr
    assert store_path.read_bytes() == before


def test_dry_run_report_speaks_of_what_would_happen(
    run: Run, directory: Directory, store_path: Path, tmp_path: Path
) -> None:
    one_bad = write(tmp_path, "one.csv", HEADER + "Bad,MZ,,x,,\n")
    result = run("import", one_bad, "--dry-run")
    assert "the import would stop on 1 invalid record; nothing would be written" in result.stderr
    two_bad = write(tmp_path, "two.csv", HEADER + "Bad,MZ,,x,,\nWorse,MZ,,y,,\n")
    result = run("import", two_bad, "--dry-run")
    assert "the import would stop on 2 invalid records; nothing" in result.stderr
    # A number not valid today is imported with a warning.
    old_number = write(tmp_path, "old.csv", HEADER + "Ana Sousa,TL,+670 723 9999,,,\n")
    result = run("import", old_number, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "1 warning (would be imported all the same):" in result.stderr
    result = run("import", old_number)
    assert "1 warning (imported all the same):" in result.stderr
    # A newer export of an entry replaces it: "merged into", never "merged brought".
    newer = dict(entries(store_path)["mz4nc8re"], updated="2030-01-01T00:00:00Z", title="Head")
    export = write(tmp_path, "newer.json", json.dumps([newer]))
    result = run("import", export, "--merge", "--dry-run")
    assert result.exit_code == 0, result.output
    assert (
        "Nely Chimedza: would be merged into Nely Chimedza [mz4nc8re] as its newer version ("
    ) in result.stdout + result.stderr


def test_duplicates_of_existing_entries_are_skipped_and_counted(
    run: Run, directory: Directory, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "dups.csv",
        HEADER
        + "Someone Else,MZ,+258 21 310 779,,,\n"  # Nely Chimedza's number
        + "N. Person,BD,,AMUNIER@iom.int,,\n"  # Asif Munier's email, other case
        + "Nely Chimedza,Mozambique,+258 84 000 1111,,,\n"  # same name, same country
        + "Brand New,MZ,+258 84 123 4567,,,\n",
    )
    result = run("import", path)
    assert result.exit_code == 0, result.output
    # A shared number is no identity: "Someone Else" is added.
    assert "2 added, 0 merged, 2 skipped (duplicates), 0 conflicts, 0 invalid" in result.stdout
    out = result.stdout
    assert "Someone Else" not in out
    assert "line 3  N. Person: already in the directory as Asif Munier [bd2am7uy] (same em" in out
    assert "line 4  Nely Chimedza: already in the directory as Nely Chimedza [mz4nc8re] (same " in (
        out
    )


def test_merge_fills_empty_fields_and_adds_numbers_and_emails(
    run: Run, directory: Directory, store_path: Path, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "more.csv",
        HEADER + "Nely C.,MZ,mobile: +258 84 123 4567,nchimedza@iom.int; nely@example.org,"
        "Programme Officer,Another Office\n",
    )
    result = run("import", path, "--merge")
    assert result.exit_code == 0, result.output
    assert "0 added, 1 merged, 0 skipped" in result.stdout
    assert "line 2  Nely C.: into Nely Chimedza [mz4nc8re] (same email" in result.stdout
    nely = entries(store_path)["mz4nc8re"]
    assert nely["name"] == "Nely Chimedza"  # filled only where empty
    assert nely["office"] == "IOM Maputo"
    assert nely["title"] == "Programme Officer"
    assert [p["number"] for p in nely["phones"]] == [  # type: ignore[attr-defined]
        "+258 21 310 779",
        "+258 84 123 4567",
    ]
    assert nely["emails"] == ["nchimedza@iom.int", "nely@example.org"]
    assert nely["created"] == "2026-11-23T00:00:00Z"
    assert nely["updated"] != "2026-11-23T00:00:00Z"
    again = run("import", path, "--merge")
    assert "0 added, 0 merged, 1 skipped" in again.stdout
    assert "has it all already" in again.stdout


def test_similar_names_are_added_and_listed_never_merged(
    run: Run, directory: Directory, store_path: Path, tmp_path: Path
) -> None:
    path = write(tmp_path, "near.csv", HEADER + "Nelly Chimedza,MZ,+258 84 123 4567,,,\n")
    result = run("import", path, "--merge")
    assert result.exit_code == 0
    assert "1 added, 0 merged, 0 skipped" in result.stdout
    assert "added, but possibly the same as an entry already there:" in result.stdout
    assert "line 2  Nelly Chimedza: added; possible duplicate of Nely Chimedza [mz4nc8re]" in (
        result.stdout
    )
    assert len(entries(store_path)["mz4nc8re"]["phones"]) == 1  # type: ignore[arg-type]


def test_ids(run: Run, directory: Directory, store_path: Path, tmp_path: Path) -> None:
    assert run("remove", "mv6me4dw", "--yes").exit_code == 0  # its id is retired
    path = write(
        tmp_path,
        "ids.csv",
        "id,name,country,emails\n"
        "mz4nc8re,Renamed,MZ,renamed@example.org\n"  # an existing id: that entry
        "kept2id9,Kept Id,MZ,kept@example.org\n"  # a new, well-formed id: kept
        "urn:uuid:F81D4FAE,Uuid Person,MZ,uuid@example.org\n"  # not an id: a new one
        "mv6me4dw,Reborn,MV,reborn@example.org\n",  # retired: never reused
    )
    result = run("import", path)
    assert result.exit_code == 0, result.output
    assert "line 2  Renamed: id mz4nc8re is the contact 'Nely Chimedza' in MZ" in result.stdout
    assert "1 conflicts" in result.stdout
    stored = entries(store_path)
    assert stored["mz4nc8re"]["name"] == "Nely Chimedza"
    assert stored["kept2id9"]["name"] == "Kept Id"
    by_name = {e["name"]: i for i, e in stored.items()}
    assert by_name["Uuid Person"] not in ("urn:uuid:F81D4FAE", "urn:uuid:f81d4fae")
    assert by_name["Reborn"] != "mv6me4dw"
    assert "belonged to a removed entry" in result.stderr
    merged = run("import", path, "--merge")
    assert "0 merged" in merged.stdout and "1 conflicts" in merged.stdout
    assert entries(store_path)["mz4nc8re"]["emails"] == ["nchimedza@iom.int"]


def test_duplicates_within_the_file(run: Run, empty_store: Path, tmp_path: Path) -> None:
    rows = (
        HEADER
        + "Ana Silva,MZ,+258 84 123 4567,,,\n"
        + "Ana Maria,MZ,+258 84 123 4567,ana@example.org,,\n"  # same number as line 2
        + "SILVA Ana,Mozambique,+258 84 765 4321,,,\n"  # same name as line 2
        + "Ana Silva,BR,+55 11 2345 6789,,,\n"  # same name, another country: someone else
    )
    path = write(tmp_path, "file.csv", rows)
    result = run("import", path)
    assert "3 added, 0 merged, 1 skipped" in result.stdout
    assert "Ana Maria" not in result.stdout  # a shared number: someone else
    assert "line 4  SILVA Ana: the same entry as Ana Silva (line 2 of this file) (same name" in (
        result.stdout
    )
    Directory(empty_store).create([], overwrite=True)
    merged = run("import", path, "--merge")
    assert "3 added, 1 merged, 0 skipped" in merged.stdout
    ana = next(e for e in entries(empty_store).values() if e["name"] == "Ana Silva")
    assert [p["number"] for p in ana["phones"]] == ["+258 84 123 4567", "+258 84 765 4321"]


def test_country_default_inferred_or_required(run: Run, empty_store: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "c.csv",
        "name,phones,emails\n"
        "Local Number,21 310 779,\n"
        "International,+258 21 310 779,\n"
        "Email Only,,a@example.org\n",
    )
    result = run("import", path)
    assert result.exit_code == 2
    assert "line 2  Local Number: no country (use --country)" in result.stderr
    assert "line 4  Email Only: no country (use --country)" in result.stderr
    assert "International" not in result.stderr
    result = run("import", path, "--country", "Mozambique")
    assert result.exit_code == 0, result.output
    assert {e["country"] for e in entries(empty_store).values()} == {"MZ"}
    bad = run("import", path, "--country", "Gnuland")
    assert bad.exit_code == 2 and "unknown country" in bad.stderr


def test_inferred_country_is_a_warning(run: Run, empty_store: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "i.csv", "name,phones\nInternational,+258 21 310 779\n")
    result = run("import", path)
    assert result.exit_code == 0
    assert "country MZ taken from the number +258 21 310 779" in result.stderr


def test_one_batch_one_write(
    run: Run, empty_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ctdir.storefile

    writes: list[int] = []
    original = ctdir.storefile.snapshot_chunks

    def counting(bodies: Iterable[tuple[str, bytes]], *args: Any) -> Iterator[bytes]:
        rows = list(bodies)
        writes.append(len(rows))
        return original(rows, *args)

    monkeypatch.setattr(ctdir.storefile, "snapshot_chunks", counting)
    rows = "".join(
        f"Person {i:04d},MZ,+258 84 {i:03d} {i:04d},p{i}@example.org,,\n" for i in range(300)
    )
    result = run("import", write(tmp_path, "many.csv", HEADER + rows))
    assert result.exit_code == 0, result.output
    assert "300 added" in result.stdout
    assert writes == [300]
    found = run("lookup", "Person 0123", "--json")  # the index was updated in the same batch
    assert stdout_json(found)[0]["emails"] == ["p123@example.org"]


def test_formats_extensions_and_stdin(run: Run, empty_store: Path, tmp_path: Path) -> None:
    text = HEADER + "Ana Silva,MZ,+258 84 123 4567,,,\n"
    unknown = write(tmp_path, "people.txt", text)
    result = run("import", unknown)
    assert result.exit_code == 2
    assert "use --format" in result.stderr
    assert run("import", unknown, "--format", "csv", "--dry-run").exit_code == 0
    entry = {"name": "Bo Li", "country": "CN", "emails": ["bo@example.org"]}
    result = run("import", "-", input=json.dumps([entry]))
    assert result.exit_code == 0, result.output
    assert "stdin: 1 added" in result.stdout
    missing = run("import", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and "cannot read" in missing.stderr


def test_json_import_errors(run: Run, empty_store: Path, tmp_path: Path) -> None:
    assert "not valid JSON" in run("import", write(tmp_path, "a.json", "[{")).stderr
    assert "array of entry objects" in run("import", write(tmp_path, "b.json", '"x"')).stderr
    result = run(
        "import",
        write(
            tmp_path,
            "c.json",
            '[{"name": "A", "country": "MZ", "emails": ["a@example.org"], "colour": 1},'
            ' 7, {"name": ["x"], "country": "MZ"}]',
        ),
    )
    assert result.exit_code == 2
    assert "entry 2  (no name): not an object but int" in result.stderr
    assert "entry 3  (no name): name must be text, not list" in result.stderr
    assert "ignored unknown fields: colour" in result.stderr


def test_a_store_file_imports_as_json(run: Run, empty_store: Path, tmp_path: Path) -> None:
    from ctdir.store import bundled

    other = tmp_path / "other-team.json"
    Directory(other).create(bundled("seed"))
    result = run("import", str(other))
    assert result.exit_code == 0, result.output
    assert "11 added" in result.stdout
    assert sorted(entries(empty_store)) == sorted(e["id"] for e in bundled("seed"))


def test_bad_timestamps_are_invalid(run: Run, empty_store: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", "name,country,emails,created\nA,MZ,a@example.org,yesterday\n")
    result = run("import", path)
    assert result.exit_code == 2
    assert "created must be an ISO timestamp" in result.stderr


def test_import_and_export_have_help_with_examples(run: Run) -> None:
    for command in ("import", "export"):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "Example" in result.stdout


def test_capitalised_ids_and_misspelt_countries(
    run: Run, directory: Directory, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "s.csv",
        "id,name,country,emails\n"
        "MZ4NC8RE,Nely Chimedza,MZ,nchimedza@iom.int\n"  # a spreadsheet capitalised the id
        ",Ana Silva,mozambik,ana@example.org\n",
    )
    result = run("import", path)
    assert result.exit_code == 0, result.output
    assert "already in the directory as Nely Chimedza [mz4nc8re] (same id mz4nc8re)" in (
        result.stdout
    )
    assert "country 'mozambik' read as Mozambique (MZ)" in result.stderr


def test_rows_meet_the_stored_entries_they_can_be_and_no_others(
    run: Run, directory: Directory, store_path: Path, tmp_path: Path
) -> None:
    """An email is the same person anywhere; a name only in its own country and kind."""
    path = write(
        tmp_path,
        "mixed.csv",
        HEADER
        # Nely Chimedza's address, but filed under another country: the same person.
        + "N. Chimedza,KE,,nchimedza@iom.int,,\n"
        # Her name in another country: someone else.
        + "Nely Chimedza,KE,,nely.ke@example.org,,\n"
        # A near name in her country: added, and listed as a possible duplicate.
        + "Nely Chimedze,MZ,,nely.mz@example.org,,\n",
    )
    result = run("import", path)
    assert result.exit_code == 0, result.output
    assert "2 added, 0 merged, 1 skipped" in result.stdout
    assert "line 2  N. Chimedza: already in the directory as Nely Chimedza [mz4nc8re] (same " in (
        result.stdout
    )
    assert "possible duplicate of Nely Chimedza [mz4nc8re]" in result.stdout
    kenyan = [e for e in entries(store_path).values() if e["name"] == "Nely Chimedza"]
    assert sorted(str(e["country"]) for e in kenyan) == ["KE", "MZ"]


def test_a_timestamp_the_store_would_refuse_is_reported_on_its_row(
    run: Run, empty_store: Path, tmp_path: Path
) -> None:
    """The import checks timestamps with the store's own rule: a date alone is not one."""
    path = write(
        tmp_path,
        "dated.csv",
        "name,country,emails,created\n"
        "Ana Silva,MZ,ana@example.org,2024-03-02\n"
        "Bo Li,CN,bo@example.org,2024-03-02T10:00:00Z\n",
    )
    result = run("import", path)
    assert result.exit_code == 2
    assert "line 2  Ana Silva: created must be an ISO timestamp" in result.stderr
    assert stored(empty_store) == []
    assert run("import", path, "--skip-invalid").exit_code == 0
    assert [e["name"] for e in stored(empty_store)] == ["Bo Li"]
