"""`ctdir extract` through the CLI: printing findings and saving them."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SEEDS, stdout_json

from ctdir.store import Directory

FIELDS = ("kind", "name", "title", "organization", "office", "city", "country", "emails", "source")


def make_empty(path: Path) -> None:
    Directory(path).create([], overwrite=True)


def test_extract_prints_findings_without_saving(run, store_path: Path) -> None:
    result = run("extract", str(SEEDS / "001_7a37f83cfcbd2cf5.txt"), "--json")
    assert result.exit_code == 0, result.stderr
    found = stdout_json(result)
    assert [f["name"] for f in found] == ["Nely Chimedza", "Michael Newson", "Mariam Khokhar"]
    assert all(0 < f["confidence"] <= 1 for f in found)
    assert found[0]["line"] > 0 and found[0]["reasons"]
    plain = run("extract", str(SEEDS / "001_7a37f83cfcbd2cf5.txt"))
    assert "Michael Newson" in plain.stdout
    assert "confidence" in plain.stderr
    assert not store_path.exists()  # printing findings never touches the directory


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


def test_extract_add_skips_duplicates(run) -> None:
    result = run("extract", str(SEEDS / "004_501e78fb8c8fe451.txt"), "--add")
    assert result.exit_code == 0
    assert "added 0, skipped 2 duplicates" in result.stderr
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
