"""`ctdir extract` through the CLI: printing findings and saving them."""

from __future__ import annotations

import json
from pathlib import Path

from testkit import SEEDS, needs_seeds, stdout_json

from ctdir.store import Directory

FIELDS = ("kind", "name", "title", "organization", "office", "city", "country", "emails", "source")


def make_empty(path: Path) -> None:
    Directory(path).create([], overwrite=True)


@needs_seeds
def test_extract_prints_findings_without_saving(run, store_path: Path) -> None:
    before = store_path.read_bytes()
    result = run("extract", str(SEEDS / "001_7a37f83cfcbd2cf5.txt"), "--json")
    assert result.exit_code == 0, result.stderr
    found = stdout_json(result)
    assert [f["name"] for f in found] == ["Nely Chimedza", "Michael Newson", "Mariam Khokhar"]
    assert all(0 < f["confidence"] <= 1 for f in found)
    assert found[0]["line"] > 0 and found[0]["reasons"]
    plain = run("extract", str(SEEDS / "001_7a37f83cfcbd2cf5.txt"))
    assert "Michael Newson" in plain.stdout
    assert "confidence" in plain.stderr
    assert store_path.read_bytes() == before  # printing findings never touches the directory


@needs_seeds
def test_extract_add_over_the_seeds_rebuilds_the_seed_directory(run, store_path: Path) -> None:
    make_empty(store_path)
    for release in sorted(SEEDS.glob("*.txt")):
        result = run("extract", str(release), "--add")
        assert result.exit_code == 0, result.stderr
    mine = {e["name"]: e for e in stdout_json(run("list", "--json"))}
    seed = {e["name"]: e for e in json.loads(Path("data/seed.json").read_text(encoding="utf-8"))}
    assert mine.keys() == seed.keys()
    for name, entry in seed.items():
        for field in FIELDS:
            assert mine[name][field] == entry[field], (name, field)
        assert [p["number"] for p in mine[name]["phones"]] == [p["number"] for p in entry["phones"]]


@needs_seeds
def test_extract_add_skips_duplicates(run) -> None:
    result = run("extract", str(SEEDS / "004_501e78fb8c8fe451.txt"), "--add")
    assert result.exit_code == 0
    assert "0 added, 0 merged, 2 skipped (duplicates)" in result.stdout
    assert len(stdout_json(run("list", "--json"))) == 11


def test_extract_from_stdin_and_nothing_found(run) -> None:
    text = (
        "For more information, please contact Jane Doe at IOM Vientiane. "
        "Tel. +856 21 267 734, Email: jdoe@iom.int"
    )
    result = run("extract", "-", "--json", input=text)
    assert result.exit_code == 0, result.stderr
    [finding] = stdout_json(result)
    assert finding["name"] == "Jane Doe"
    assert finding["country"] == "LA"
    assert finding["emails"] == ["jdoe@iom.int"]
    empty = run("extract", "-", input="No contacts in this text at all, since 1951.")
    assert empty.exit_code == 1
    assert "no contact or hotline found" in empty.stderr


def test_extract_unreadable_file(run, tmp_path: Path) -> None:
    result = run("extract", str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert "cannot read" in result.stderr


@needs_seeds
def test_extract_reads_non_utf8_stdin_and_add_tells_of_suspect_numbers(
    run, store_path: Path
) -> None:
    from click.testing import CliRunner

    from ctdir.cli import main

    make_empty(store_path)
    text = (SEEDS / "004_501e78fb8c8fe451.txt").read_text(encoding="utf-8").replace("Dili", "Díli")
    result = CliRunner().invoke(
        main, ["extract", "-", "--add"], input=text.encode("cp1252", "replace")
    )
    assert result.exit_code == 0, result.stderr
    assert "Angela Sherwood" in result.stdout
    assert "not valid under today's numbering plan" in result.stderr


UNSURE = (
    "Officers Train on Trafficking\n"
    "The freephone number 0800 783 0000 is for victims.\n"
    "For more information, please contact:\nJane Smith\nIOM Nairobi\nE-mail: jsmith@example.org\n"
)


def test_extract_marks_uncertain_findings_and_add_leaves_them_out(run, store_path: Path) -> None:
    make_empty(store_path)
    shown = stdout_json(run("extract", "-", "--json", input=UNSURE))
    assert [(f["name"], f["uncertain"]) for f in shown] == [
        ("Freephone", True),
        ("Jane Smith", False),
    ]
    plain = run("extract", "-", input=UNSURE)
    assert "(uncertain)" in plain.stderr
    added = run("extract", "-", "--add", "--json", input=UNSURE)
    assert added.exit_code == 0, added.stderr
    assert [e["name"] for e in stdout_json(added)] == ["Jane Smith"]
    assert "not added (uncertain): line 2" in added.stderr
    assert "--include-uncertain" in added.stderr
    both = run("extract", "-", "--add", "--include-uncertain", "--json", input=UNSURE)
    # Offered to the checks of `add` now, which want a country for it.
    assert "not added (uncertain)" not in both.stderr
    assert "line 2  Freephone: no country (use --country)" in both.stderr


def test_extract_add_keeps_unnamed_lines_of_one_text_apart(run, store_path: Path) -> None:
    make_empty(store_path)
    text = (
        "Patrol asks drivers to help\n\nTOLEDO, Ohio – Drivers can report trafficking by "
        "calling 911 or 877-555-0164 or text HELP to 455733.\n"
    )
    added = run("extract", "-", "--add", "--json", input=text)
    assert added.exit_code == 0, added.stderr
    saved = stdout_json(run("list", "--json"))
    names = {e["name"] for e in saved}
    assert names == {"Hotline 877-555-0164", "Hotline 911", "SMS line 455733"}
    # The short code is for texts: the entry says so, keyword and all.
    hours = {e["name"]: e["hours"] for e in saved}
    assert hours["SMS line 455733"] == "SMS only: text HELP to 455733"
    assert hours["Hotline 911"] is None and hours["Hotline 877-555-0164"] is None
    assert {e["country"] for e in saved} == {"US"}  # from the dateline's state


def test_an_unnamed_hotline_on_a_stored_hotlines_number_is_that_hotline(run) -> None:
    """A text that only gives a number names no new line: the directory's is met again."""
    text = (
        "Male, 3 May 2025 - A campaign against trafficking began.\n"
        "Anyone with information can call the hotline 9500125 at any time.\n"
    )
    added = run("extract", "-", "--country", "MV", "--add", input=text)
    assert added.exit_code == 0, added.stderr
    assert (
        "Hotline 9500125: already in the directory as Police Human Trafficking Hotline "
        "[mv2ph9tn] (the same number 9500125"
    ) in added.stdout
    names = [e["name"] for e in stdout_json(run("hotline", "maldives", "--json"))]
    assert sorted(names) == [
        "Ministry of Economic Development Hotline",
        "Police Human Trafficking Hotline",
    ]
