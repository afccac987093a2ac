"""The bundled hotlines in the product: a new directory, `import --bundled`, `check`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result

from ctdir.store import bundled

Run = Callable[..., Result]


def stored(path: Path) -> dict[str, dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {e["id"]: e for e in data["entries"].values()}


def test_a_new_directory_holds_the_seed_and_the_bundled_hotlines(
    run: Run, store_path: Path
) -> None:
    store_path.unlink()
    result = run("hotline", "thailand", "--json")
    assert result.exit_code == 0, result.stderr
    lines = json.loads(result.stdout)
    assert {"1300", "+66 99 130 1300"} <= {p["number"] for e in lines for p in e["phones"]}
    assert all(e["source"] and "http" in e["source"] for e in lines)
    every = stored(store_path)
    assert set(every) == {e["id"] for e in bundled("seed") + bundled("hotlines")}


def test_the_bundle_and_the_seed_never_list_one_line_twice() -> None:
    seen: set[tuple[str, str]] = set()
    for entry in bundled("seed") + bundled("hotlines"):
        for phone in entry["phones"]:
            key = (entry["country"], phone["e164"] or phone["number"].replace(" ", ""))
            assert key not in seen, key
            seen.add(key)


def test_import_bundled_adds_what_is_missing_and_keeps_edits(run: Run, store_path: Path) -> None:
    first = run("import", "--bundled", "hotlines")
    assert first.exit_code == 0, first.output
    count = len(bundled("hotlines"))
    assert f"{count} added, 0 merged, 0 skipped (duplicates), 0 conflicts" in first.stdout
    thai = next(e for e in bundled("hotlines") if e["country"] == "TH")
    edited = run("edit", thai["id"], "--hours", "08:00-20:00")
    assert edited.exit_code == 0, edited.stderr
    before = store_path.read_bytes()
    again = run("import", "--bundled", "hotlines")
    assert again.exit_code == 0, again.output
    assert f"0 added, 0 merged, {count} skipped (duplicates)" in again.stdout
    assert store_path.read_bytes() == before  # the edit stays, nothing is rewritten
    assert stored(store_path)[thai["id"]]["hours"] == "08:00-20:00"


def test_import_bundled_updates_an_older_copy(run: Run, store_path: Path) -> None:
    thai = dict(next(e for e in bundled("hotlines") if e["country"] == "TH"))
    thai.update(notes="an old copy", updated="2020-01-01T00:00:00Z")
    old = store_path.parent / "old.json"
    old.write_text(json.dumps([thai]), encoding="utf-8")
    assert run("import", str(old)).exit_code == 0
    result = run("import", "--bundled", "hotlines")
    assert result.exit_code == 0, result.output
    assert f"into {thai['name']} [{thai['id']}] as its newer version" in result.stdout
    assert stored(store_path)[thai["id"]]["notes"] != "an old copy"


def test_import_needs_a_file_or_the_bundle(run: Run) -> None:
    assert run("import").exit_code == 2
    both = run("import", "x.csv", "--bundled", "hotlines")
    assert both.exit_code == 2
    assert "not both" in both.stderr


def test_check_flags_sources_over_five_years_old(run: Run, store_path: Path) -> None:
    old = [e for e in bundled("hotlines") if (e["source_date"] or "9999") < "2021-12-01"]
    assert old, "the bundle has old sources"
    assert run("import", "--bundled", "hotlines").exit_code == 0
    result = run("check", "--json")
    flagged = {f["id"] for f in json.loads(result.stdout) if f["issue"] == "old-source"}
    assert flagged == {e["id"] for e in old}
    some = old[0]
    assert run("verify", some["id"], "--note", "called, it answers").exit_code == 0
    again = json.loads(run("check", "--json").stdout)
    assert some["id"] not in {f["id"] for f in again if f["issue"] == "old-source"}


def test_no_bundled_short_code_is_offered_as_an_international_number(
    run: Run, store_path: Path
) -> None:
    store_path.unlink()
    lines = json.loads(run("hotline", "philippines", "--from", "US", "--json").stdout)
    short = [p for e in lines for p in e["phones"] if p["number"] == "1343"]
    assert short and all(p["domestic_only"] and p["dialled"] is None for p in short)
    for entry in bundled("hotlines"):
        for phone in entry["phones"]:
            number = phone["number"]
            digits = sum(c.isdigit() for c in number)
            if digits <= 6 and all(c.isdigit() or c in " -" for c in number):
                assert phone["domestic_only"], phone


def test_a_country_with_only_general_lines_says_so(run: Run, store_path: Path) -> None:
    store_path.unlink()
    kenya = run("hotline", "kenya")
    assert kenya.exit_code == 0
    assert "no trafficking hotline recorded for Kenya" in kenya.stderr
    assert "(child helpline)" in kenya.stdout
    assert "source  2022" in kenya.stdout
    thailand = run("hotline", "thailand")
    assert "no trafficking hotline recorded" not in thailand.stderr
    assert "source  undated (see ctdir show)" in thailand.stdout


def test_add_and_edit_take_a_purpose_and_a_source_date(run: Run) -> None:
    added = run(
        "add", "hotline", "--number", "116", "--name", "Linha Fala Criança",
        "--country", "mozambique", "--purpose", "children", "--source-date", "2024-05-01",
        "--source", "https://example.org/linha", "--json",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    [entry] = json.loads(added.stdout)
    assert (entry["purpose"], entry["source_date"]) == ("children", "2024-05-01")
    shown = run("hotline", "mozambique")
    assert "Linha Fala Criança  (child helpline)" in shown.stdout
    edited = run("edit", entry["id"], "--purpose", "police", "--json")
    assert json.loads(edited.stdout)[0]["purpose"] == "police"
    assert run("edit", entry["id"], "--purpose", "astrology").exit_code == 2


def test_check_never_asks_to_replace_a_bundled_short_code(run: Run, store_path: Path) -> None:
    store_path.unlink()
    found = json.loads(run("check", "--json").stdout)
    invalid = {(f["id"], f["number"]) for f in found if f["issue"] == "invalid-number"}
    short = {
        (e["id"], p["number"])
        for e in bundled("hotlines")
        for p in e["phones"]
        if p["domestic_only"] and p["e164"] is None
    }
    assert short and not invalid & short
