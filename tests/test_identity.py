"""One identity rule set (ctdir.identity) as add, import, check and restore apply it."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from ctdir.identity import Registry, name_key, same_identity, similar_names
from ctdir.store import Directory, backup_path, bundled

Run = Callable[..., Result]


def entries(path: Path) -> dict[str, dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {e["id"]: e for e in data["entries"].values()}


def csv_file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# -- the rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nely Chimedza", "CHIMEDZA Nély"),
        ("Tanya Huq Shahryar", "tanya  huq   shahryar"),
        ("Mohammad Reza", "Reza, Mohammad"),
    ],
)
def test_the_folded_name_ignores_case_accents_spacing_and_order(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Fariba Ahmadi", "Fariba Mohammadi"),
        ("Nely Chimedza", "Nelly Chimedza"),
        ("Jon Smith", "John Smith"),
    ],
)
def test_similar_names(a: str, b: str) -> None:
    assert similar_names(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Imported Person 10 Q130", "Imported Person 1 Q13"),
        ("朱涛华", "周华涛"),
        ("Ana Silva", "Ana Souza"),
        ("Ali Hassan", "Ali Hussein"),
    ],
)
def test_different_names(a: str, b: str) -> None:
    assert not similar_names(a, b)


def test_same_id_needs_the_same_identity() -> None:
    stored = {"kind": "hotline", "name": "Police Human Trafficking Hotline", "emails": []}
    assert same_identity(stored, {**stored, "name": "police human trafficking  hotline"})
    assert not same_identity(stored, {**stored, "kind": "contact"})
    assert not same_identity(stored, {**stored, "name": "Premium Line"})
    person = {"kind": "contact", "name": "Nely Chimedza", "emails": ["nchimedza@iom.int"]}
    renamed = {**person, "name": "Nely Chimedza-Banda", "emails": ["NChimedza@iom.int"]}
    assert same_identity(person, renamed)  # a new name, the same address


def test_a_shared_number_is_no_identity() -> None:
    office = {"phones": [{"number": "+254 20 4444 174", "e164": "+254204444174"}]}
    a = {"kind": "contact", "country": "KE", "name": "Amina Yusuf", **office}
    b = {"kind": "contact", "country": "KE", "name": "Peter Otieno", **office}
    registry = Registry([{**a, "id": "a"}])
    assert registry.same(b) is None
    assert registry.possible(b) == []


# -- the scenarios that lost or mixed up records ----------------------------------------

OFFICE = (
    "name,title,office,country,phones,emails\n"
    "Amina Yusuf,Project Officer,IOM Nairobi,KE,+254 20 4444 174,ayusuf@iom.int\n"
    "Peter Otieno,Programme Assistant,IOM Nairobi,KE,+254 20 4444 174,potieno@iom.int\n"
    "Grace Wanjiru,Migration Health,IOM Nairobi,KE,+254 20 4444 174,gwanjiru@iom.int\n"
)


@pytest.mark.parametrize("merge", [False, True])
def test_three_colleagues_on_one_switchboard_are_three_entries(
    run: Run, directory: Directory, store_path: Path, tmp_path: Path, merge: bool
) -> None:
    path = csv_file(tmp_path, "office.csv", OFFICE)
    result = run("import", path, *(["--merge"] if merge else []))
    assert result.exit_code == 0, result.output
    assert "3 added, 0 merged, 0 skipped (duplicates), 0 conflicts, 0 invalid" in result.stdout
    kenya = [e for e in entries(store_path).values() if e["country"] == "KE"]
    assert sorted(e["emails"][0] for e in kenya) == [
        "ayusuf@iom.int",
        "gwanjiru@iom.int",
        "potieno@iom.int",
    ]
    assert run("check", "--json").stdout.count("duplicate") == 0


def _similar_people(count: int) -> str:
    rng = random.Random(5)
    han = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    rows = ["name,country,emails"]
    taken: set[str] = set()
    for i in range(count):
        name = f"Imported Person {i // 10} Q{i}"
        if i % 2 == 0:
            for _ in range(20):  # a Han name not drawn before, if one comes soon
                drawn = rng.choice(surnames) + "".join(rng.choice(han) for _ in range(2))
                if drawn not in taken:
                    name = drawn
                    break
        taken.add(name)
        rows.append(f"{name},KE,person{i}@example.org")
    return "\n".join(rows) + "\n"


def test_thousands_of_distinct_similar_names_are_all_kept(
    run: Run, empty_store: Path, tmp_path: Path
) -> None:
    path = csv_file(tmp_path, "people.csv", _similar_people(3000))
    result = run("import", path)
    assert result.exit_code == 0, result.output
    assert "3,000 added, 0 merged, 0 skipped (duplicates), 0 conflicts, 0 invalid" in (
        result.stdout
    )
    assert len(entries(empty_store)) == 3000
    assert "possible duplicate" not in result.stdout


def test_an_id_with_another_identity_is_a_conflict_never_a_merge(
    run: Run, directory: Directory, store_path: Path, tmp_path: Path
) -> None:
    before = entries(store_path)["mv2ph9tn"]
    path = csv_file(
        tmp_path,
        "stranger.csv",
        "id,kind,name,country,phones,emails\n"
        "mv2ph9tn,contact,Win Big Prizes,US,+1 900 555 0199,stranger@example.com\n",
    )
    for args in ([], ["--merge"]):
        result = run("import", path, *args)
        assert result.exit_code == 0, result.output
        assert "1 conflicts" in result.stdout
        assert "id mv2ph9tn is the hotline 'Police Human Trafficking Hotline' in MV" in (
            result.stdout
        )
        assert "contact 'Win Big Prizes' in US: not merged" in result.stdout
        assert entries(store_path)["mv2ph9tn"] == before


def test_merge_brings_an_entry_up_to_date_by_updated(
    run: Run, directory: Directory, store_path: Path, tmp_path: Path
) -> None:
    newer = dict(entries(store_path)["mz4nc8re"])
    newer.update(title="Head of Office", updated="2030-01-01T00:00:00Z")
    older = dict(newer, title="Intern", updated="2020-01-01T00:00:00Z")
    for version, title in ((older, None), (newer, "Head of Office")):
        path = tmp_path / "one.json"
        path.write_text(json.dumps([version]), encoding="utf-8")
        result = run("import", str(path), "--merge")
        assert result.exit_code == 0, result.output
        assert entries(store_path)["mz4nc8re"]["title"] == title
    assert "into Nely Chimedza [mz4nc8re] as its newer version" in result.stdout


def test_a_merge_says_field_by_field_what_it_replaces_and_what_it_keeps(
    run: Run, directory: Directory, store_path: Path, tmp_path: Path
) -> None:
    """Nothing overwritten or passed over in silence: a later export wins whole, and says so."""
    assert run("edit", "mu3mn6wp", "--title", "Local title").exit_code == 0
    theirs = dict(entries(store_path)["mu3mn6wp"])
    theirs.update(title=None, notes="remote note", updated="2030-01-01T00:00:00Z")
    later = tmp_path / "later.json"
    later.write_text(json.dumps([theirs]), encoding="utf-8")
    result = run("import", str(later), "--merge")
    assert result.exit_code == 0, result.output
    assert (
        "into Michael Newson [mu3mn6wp] as its newer version (same id mu3mn6wp): "
        "title 'Local title' -> none; notes none -> 'remote note'"
    ) in result.stdout
    # A record without an id only fills what is empty: what it disagrees on is listed as kept.
    path = csv_file(
        tmp_path,
        "sheet.csv",
        "name,country,office,emails\nMichael Newson,MU,Elsewhere,newson2@example.org\n",
    )
    result = run("import", path, "--merge")
    assert "kept office 'IOM Port Louis' (the file has 'Elsewhere')" in result.stdout
    # What it filled in or added is said too.
    assert "emails 'mnewson@iom.int' -> 'mnewson@iom.int; newson2@example.org'" in result.stdout
    assert entries(store_path)["mu3mn6wp"]["office"] == "IOM Port Louis"


# -- init, backups and restore ---------------------------------------------------------


def test_init_creates_the_seed_or_an_empty_directory_and_never_overwrites(
    run: Run, store_path: Path, tmp_path: Path
) -> None:
    store_path.unlink()
    assert run("init").exit_code == 0
    # The seed directory and the bundled hotlines.
    assert len(entries(store_path)) == len(bundled("seed")) + len(bundled("hotlines"))
    before = store_path.read_bytes()
    again = run("init", "--empty")
    assert again.exit_code == 2
    assert "already exists" in again.stderr
    assert store_path.read_bytes() == before
    other = tmp_path / "team.json"
    assert run("--db", str(other), "init", "--empty").exit_code == 0
    assert entries(other) == {}


HOSTILE = "Ünïcode \u202e‮ evil; $(rm -rf ~) 'quote' \"dq\" =1+1"


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_restore_on_a_fresh_machine_gives_identical_entries(
    run: Run, directory: Directory, store_path: Path, tmp_path: Path, fmt: str
) -> None:
    assert run("edit", "mz4nc8re", "--title", "Programme Officer").exit_code == 0
    assert run("verify", "mu3mn6wp", "--note", "called, still valid").exit_code == 0
    assert run("remove", "mv6me4dw", "--yes").exit_code == 0
    added = run(
        "add", "contact", "--name", "Amina Yusuf", "--country", "KE",
        "--email", "ayusuf@iom.int", "--note", "=cmd|' /C calc'!A0 and a tab\there",
        "--title", "Officer, \"field\"; office", "--yes",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    backup = tmp_path / f"backup.{fmt}"
    assert run("export", "-o", str(backup)).exit_code == 0
    fresh = tmp_path / "fresh" / "directory.json"
    fresh.parent.mkdir()
    restored = run("--db", str(fresh), "restore", str(backup), "--yes")
    assert restored.exit_code == 0, restored.output
    assert entries(fresh) == entries(store_path)
    # No directory there yet: the backup becomes it (no seed made first, no backup of one).
    assert f"created the directory {fresh} with the 11 entries of backup.{fmt}" in (restored.stderr)
    assert not backup_path(fresh).exists()
    assert json.loads(fresh.read_text(encoding="utf-8"))["meta"]["1"]["retired_ids"] == []


def test_restore_is_all_or_nothing(run: Run, store_path: Path, tmp_path: Path) -> None:
    run("list")
    before = store_path.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,name,country,emails\nab3cd4ef,Good Person,KE,good@example.org\n"
        "ab3cd4ef,Same Id,KE,same@example.org\nzz9yy8xx,No Contact,KE,\n",
        encoding="utf-8",
    )
    result = run("restore", str(bad), "--yes")
    assert result.exit_code == 2
    assert "line 3  Same Id: id ab3cd4ef again (see line 2)" in result.stderr
    assert "line 4  No Contact" in result.stderr
    assert "nothing was changed" in result.stderr
    assert store_path.read_bytes() == before


def test_restore_asks_first_and_needs_yes_off_a_terminal(
    run: Run, store_path: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "b.json"
    backup.write_text("[]", encoding="utf-8")
    run("list")
    before = store_path.read_bytes()
    result = run("restore", str(backup))
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert store_path.read_bytes() == before


def test_restored_ids_of_removed_entries_stay_retired(
    run: Run, store_path: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "b.json"
    backup.write_text("[]", encoding="utf-8")
    assert run("restore", str(backup), "--yes").exit_code == 0
    data = json.loads(store_path.read_text(encoding="utf-8"))
    assert "mz4nc8re" in data["meta"]["1"]["retired_ids"]
    assert entries(store_path) == {}


def test_restore_takes_ctdir_exports_only(run: Run, store_path: Path, tmp_path: Path) -> None:
    before = store_path.read_bytes()
    cards = tmp_path / "all.vcf"
    assert run("export", "--format", "vcard", "-o", str(cards)).exit_code == 0
    result = run("restore", str(cards), "--yes")
    assert result.exit_code == 2
    assert "restore takes a ctdir export in JSON or CSV" in result.stderr
    assert store_path.read_bytes() == before


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_list_json_is_byte_identical_after_export_and_restore(
    run: Run, store_path: Path, tmp_path: Path, fmt: str
) -> None:
    assert run("add", "contact", "--name", "Amina Yusuf", "--country", "KE",
               "--phone", "mobile: +254 722 123456", "--yes").exit_code == 0  # fmt: skip
    backup = tmp_path / f"backup.{fmt}"
    assert run("export", "-o", str(backup)).exit_code == 0
    fresh = tmp_path / "fresh.json"
    assert run("--db", str(fresh), "restore", str(backup), "--yes").exit_code == 0
    assert run("--db", str(fresh), "list", "--json").stdout == run("list", "--json").stdout


def test_a_possible_duplicate_is_accepted_on_either_entry(run: Run) -> None:
    added = run("add", "contact", "--name", "Nelly Chimedza", "--country", "MZ",
                "--email", "nelly@example.org", "--force", "--json")  # fmt: skip
    new_id = json.loads(added.stdout)[0]["id"]

    def pairs() -> list[tuple[str, str]]:
        found = json.loads(run("check", "--json").stdout)
        return [(f["id"], f["issue"]) for f in found if f["issue"] == "possible-duplicate"]

    [(flagged, _)] = pairs()
    other = new_id if flagged == "mz4nc8re" else "mz4nc8re"
    assert run("check", "--accept", other, "possible-duplicate").exit_code == 0
    assert pairs() == []


def test_the_cheap_screen_never_hides_a_match_the_rules_would_find() -> None:
    """Differential: the rules over every candidate, and over the screened ones, agree."""
    from ctdir.core import matches
    from ctdir.identity import Registry

    rng = random.Random(11)
    first = ["Nely", "Nelly", "Fariba", "Jon", "John", "Ana", "Anna", "José", "Jose", "Amina"]
    last = ["Chimedza", "Chimdza", "Ahmadi", "Mohammadi", "Smith", "Smyth", "Silva", "O'Brien",
            "OBrien", "Yusuf", "Yusuff", "Иванов", "周明洋", "Ahmadi-Khan"]  # fmt: skip
    people = [
        {"id": f"p{i:04d}", "kind": "contact", "country": "KE",
         "name": f"{rng.choice(first)} {rng.choice(last)}", "emails": [f"p{i}@example.org"]}
        for i in range(400)
    ]  # fmt: skip
    for entry in people[:80]:
        query = {**entry, "id": "query", "emails": []}
        everyone = Registry(people)
        whole = ([everyone.same(query)] if everyone.same(query) else []) + everyone.possible(
            query, limit=1000
        )
        screened = matches(people, query)
        assert {m.ref for m in screened} <= {m.ref for m in whole}
        assert bool(screened) == bool(whole)  # a match is never hidden by the screen
        assert (whole[0].ref if whole and whole[0].level == "same" else None) == (
            screened[0].ref if screened and screened[0].level == "same" else None
        )


def test_a_hint_names_the_directory_given_with_db(run: Run, tmp_path: Path) -> None:
    """A command line pasted back from a hint acts on the same file."""
    backup = tmp_path / "b.json"
    assert run("export", "-o", str(backup)).exit_code == 0
    other = tmp_path / "other dir" / "team.json"
    other.parent.mkdir()
    assert run("--db", str(other), "init").exit_code == 0
    result = run("--db", str(other), "restore", str(backup))
    assert result.exit_code == 2
    assert f"ctdir --db '{other}' restore {backup} --yes" in result.stderr
    # Where there is no directory yet there is nothing to replace: no question.
    fresh = tmp_path / "fresh.json"
    assert run("--db", str(fresh), "restore", str(backup)).exit_code == 0
    assert fresh.exists()
