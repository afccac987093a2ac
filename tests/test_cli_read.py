"""The reading commands against the seed directory, through the CLI."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from testkit import stdout_json

SEED_NAMES = {
    "Shareen Tuladhar",
    "Nely Chimedza",
    "Michael Newson",
    "Mariam Khokhar",
    "Asif Munier",
    "Tanya Huq Shahryar",
    "Nigina Mamadjonova",
    "Angela Sherwood",
    "Heather Komenda",
    "Police Human Trafficking Hotline",
    "Ministry of Economic Development Hotline",
}


def names(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [e["name"] for e in stdout_json(result)]


@pytest.mark.parametrize("query", ["mozambique", "MZ", "moz", "mozambik", "maputo", "Moçambique"])
def test_lookup_mozambique_in_any_form(run, query: str) -> None:
    result = run("lookup", query, "--json")
    assert result.exit_code == 0, result.stderr
    assert names(result) == ["Nely Chimedza"]


@pytest.mark.parametrize("query", ["Timor-Leste", "East Timor", "dili", "timor leste"])
def test_lookup_timor_leste(run, query: str) -> None:
    result = run("lookup", query, "--json")
    assert result.exit_code == 0, result.stderr
    assert names(result) == ["Angela Sherwood", "Heather Komenda"]


@pytest.mark.parametrize(
    "query", ["chimedza", "nely chimeza", "Nely Chimedza", "nchimedza@iom.int"]
)
def test_lookup_person(run, query: str) -> None:
    result = run("lookup", query, "--json")
    assert result.exit_code == 0, result.stderr
    assert names(result)[0] == "Nely Chimedza"


@pytest.mark.parametrize("query", ["+670 723 1576", "7231576", "00670 7231576", "670-723-1576"])
def test_reverse_phone_lookup(run, query: str) -> None:
    result = run("lookup", query, "--json")
    assert result.exit_code == 0, result.stderr
    assert names(result) == ["Angela Sherwood"]


def test_lookup_nothing_found_exits_1_with_hint(run) -> None:
    result = run("lookup", "qwzxv")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "nothing found" in result.stderr
    assert "did you mean" in result.stderr


def test_lookup_json_has_schema_fields_and_score(run) -> None:
    [entry] = stdout_json(run("lookup", "chimedza", "--json"))
    assert entry["id"] == "mz4nc8re"
    assert entry["country"] == "MZ"
    assert entry["country_name"] == "Mozambique"
    assert entry["phones"][0]["number"] == "+258 21 310 779"
    assert entry["phones"][0]["e164"] == "+25821310779"
    assert isinstance(entry["score"], float | int) and entry["score"] > 50
    for field in (
        "title",
        "organization",
        "office",
        "city",
        "emails",
        "hours",
        "languages",
        "notes",
        "source",
        "verified",
        "created",
        "updated",
        "kind",
        "name",
    ):
        assert field in entry


def test_lookup_filters_kind_and_country(run) -> None:
    assert names(run("lookup", "maldives", "--kind", "hotline", "--json")) == [
        "Ministry of Economic Development Hotline",
        "Police Human Trafficking Hotline",
    ]
    assert names(run("lookup", "maldives", "--kind", "contact", "--json")) == ["Shareen Tuladhar"]
    assert names(run("lookup", "iom", "--country", "east timor", "--json")) == [
        "Angela Sherwood",
        "Heather Komenda",
    ]
    assert len(names(run("lookup", "iom", "--limit", "2", "--json"))) == 2


def test_country_query_lists_hotlines_first(run) -> None:
    assert names(run("lookup", "MV", "--json")) == [
        "Ministry of Economic Development Hotline",
        "Police Human Trafficking Hotline",
        "Shareen Tuladhar",
    ]


def test_lookup_says_how_the_query_was_read(run) -> None:
    assert "country: Timor-Leste" in run("lookup", "East Timor").stderr
    assert "city: Dili" in run("lookup", "dili").stderr
    assert "phone number" in run("lookup", "7231576").stderr
    assert "name" in run("lookup", "komenda").stderr


@pytest.mark.parametrize("query", ["maldives", "MV", "maldivs", "Maldives"])
def test_hotline_maldives(run, query: str) -> None:
    result = run("hotline", query)
    assert result.exit_code == 0, result.stderr
    assert "9500125" in result.stdout or "950-0125" in result.stdout
    assert "1696" in result.stdout
    assert "Police Human Trafficking Hotline" in result.stdout
    assert "only from inside the Maldives" in result.stdout


def test_hotline_json_is_only_json(run) -> None:
    result = run("hotline", "maldives", "--json")
    data = json.loads(result.stdout)
    assert {e["name"] for e in data} == {
        "Police Human Trafficking Hotline",
        "Ministry of Economic Development Hotline",
    }
    numbers = {p["number"] for e in data for p in e["phones"]}
    assert numbers == {"9500125", "1696"}
    short = next(p for e in data for p in e["phones"] if p["number"] == "1696")
    assert short["domestic_only"] is True


def test_hotline_without_country_groups_all(run) -> None:
    result = run("hotline")
    assert result.exit_code == 0
    assert "== Maldives (MV)" in result.stdout


def test_hotline_none_recorded(run) -> None:
    result = run("hotline", "mozambique")
    assert result.exit_code == 1
    assert "no hotline recorded for Mozambique" in result.stderr
    assert result.stdout == ""


def test_hotline_unknown_country_is_usage_error(run) -> None:
    result = run("hotline", "qwzxv")
    assert result.exit_code == 2
    assert "unknown country" in result.stderr
    assert "did you mean" in result.stderr


def test_show_and_unknown_id(run) -> None:
    result = run("show", "tl5as9fv")
    assert result.exit_code == 0
    assert "Angela Sherwood" in result.stdout
    assert "Public Information Officer" in result.stdout
    assert "source" in result.stdout
    missing = run("show", "tl5as9fx")
    assert missing.exit_code == 2
    assert "no entry with id 'tl5as9fx'" in missing.stderr
    assert "tl5as9fv" in missing.stderr  # the closest id is suggested


def test_list_and_countries(run) -> None:
    everything = stdout_json(run("list", "--json"))
    assert {e["name"] for e in everything} == SEED_NAMES
    assert names(run("list", "--country", "bangladesh", "--json")) == [
        "Asif Munier",
        "Tanya Huq Shahryar",
    ]
    assert {e["kind"] for e in stdout_json(run("list", "--kind", "hotline", "--json"))} == {
        "hotline"
    }
    coverage = {row["country"]: row for row in stdout_json(run("countries", "--json"))}
    assert coverage["MV"] == {
        "country": "MV",
        "country_name": "Maldives",
        "contacts": 1,
        "hotlines": 2,
    }
    assert coverage["TL"]["contacts"] == 2
    plain = run("countries").stdout
    assert "Timor-Leste" in plain and "TL" in plain


def test_unknown_country_option(run) -> None:
    result = run("list", "--country", "atlantis")
    assert result.exit_code == 2
    assert "unknown country: 'atlantis'" in result.stderr


def test_version_and_help(run) -> None:
    from ctdir import __version__

    assert run("--version").stdout.strip().endswith(__version__)
    assert "lookup" in run("--help").stdout


def test_missing_db_folder_is_a_clear_error(run, tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "nope" / "dir.json"), "hotline", "maldives")
    assert result.exit_code == 3
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_corrupt_store_is_reported_and_left_alone(run, store_path: Path) -> None:
    store_path.write_text('{"entries": {"1": {"name": ', encoding="utf-8")
    before = store_path.read_bytes()
    result = run("lookup", "maldives")
    assert result.exit_code == 3
    assert str(store_path) in result.stderr
    assert "not valid JSON" in result.stderr
    assert store_path.read_bytes() == before


def test_unknown_schema_version_is_refused(run, store_path: Path) -> None:
    store_path.write_text('{"entries": {}, "meta": {"1": {"schema": 99}}}', encoding="utf-8")
    result = run("list")
    assert result.exit_code == 3
    assert "schema version 99" in result.stderr


def test_unreadable_store(run, store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run("list")
    import os

    real = os.open

    def denied(path: Any, flags: int, *args: Any) -> int:
        if Path(path) == store_path and not flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(13, "Permission denied")
        return real(path, flags, *args)

    store_path.with_name(store_path.name + ".index").unlink()
    monkeypatch.setattr(os, "open", denied)
    result = run("list")
    assert result.exit_code == 3
    assert f"cannot read the store {store_path}: Permission denied" in result.stderr


def test_db_option_beats_environment(run, tmp_path: Path, store_path: Path) -> None:
    other = tmp_path / "other.json"
    before = store_path.read_bytes()
    assert run("--db", str(other), "list", "--json").exit_code == 0
    assert other.exists()
    assert store_path.read_bytes() == before


def test_db_after_the_command_says_where_it_goes(run, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    result = run("lookup", "kenya", "--db", str(other))
    assert result.exit_code == 2
    assert "--db goes before the command: ctdir --db PATH lookup" in result.stderr
    assert "Did you mean" not in result.stderr
    assert not other.exists()
    nested = run("add", "hotline", "--name", "X", "--db", str(other))
    assert "--db goes before the command: ctdir --db PATH add hotline" in nested.stderr
    # Any other unknown option keeps click's suggestion.
    assert "Did you mean '--kind'?" in run("lookup", "kenya", "--kindd", "x").stderr


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (b'"id": "tl8hk2cz"', b'"id": "tl5as9fv"', "two entries with id tl5as9fv"),
        (
            b'"emails": [\n        "hkomenda@iom.int"\n      ]',
            b'"emails": "hkomenda@iom.int"',
            "emails",
        ),
        (b'"number": "+670.723.0810"', b'"number": 6707230810', '"number" must be text'),
    ],
)
def test_hand_broken_entries_are_reported_not_crashed_on(
    run, store_path: Path, old: bytes, new: bytes, message: str
) -> None:
    run("list")
    raw = store_path.read_bytes()
    assert old in raw
    store_path.write_bytes(raw.replace(old, new))
    for args in (("lookup", "dili"), ("verify", "mz4nc8re")):
        result = run(*args)
        assert result.exit_code == 3, result.stderr
        assert message in result.stderr and str(store_path) in result.stderr
        assert "internal error" not in result.stderr
    assert store_path.read_bytes() == raw.replace(old, new)  # never written over


def test_a_country_with_no_entries_says_so_without_guessing(run) -> None:
    result = run("lookup", "chad")
    assert result.exit_code == 1
    assert "read as country: Chad" in result.stderr
    assert "did you mean" not in result.stderr
    assert "ctdir countries" in result.stderr


def test_hotline_lists_the_lines_for_trafficking_first(run) -> None:
    """Then lines of no stated purpose, then those for other purposes; by name within each."""
    for name, number, purpose in [
        ("Aaa Police Line", "999", "police"),
        ("Mmm Line", "+254 800 720 000", None),
        ("Zzz Trafficking Line", "+254 800 720 001", "trafficking"),
        ("Bbb Line", "+254 800 720 002", None),
    ]:
        args = ["add", "hotline", "--name", name, "--country", "KE", "--number", number]
        args += ["--purpose", purpose] if purpose else []
        assert run(*args, "--yes").exit_code == 0
    listed = [e["name"] for e in stdout_json(run("hotline", "kenya", "--json"))]
    assert listed == ["Zzz Trafficking Line", "Bbb Line", "Mmm Line", "Aaa Police Line"]
    everywhere = [e["name"] for e in stdout_json(run("hotline", "--json")) if e["country"] == "KE"]
    assert everywhere == listed


# -- countries ----------------------------------------------------------------------


def _first_run(store_path: Path) -> None:
    """The store a first run makes: the seed and the bundled hotlines (90-odd countries)."""
    store_path.unlink()


def test_countries_sort_by_folded_name(run, store_path: Path) -> None:
    _first_run(store_path)
    listed = [row["country_name"] for row in stdout_json(run("countries", "--json"))]
    assert listed.index("Côte d'Ivoire") < listed.index("Croatia") < listed.index("Czechia")
    assert listed.index("Türkiye") < listed.index("Uganda")
    plain = run("countries").stdout
    assert plain.index("Côte d'Ivoire") < plain.index("Czechia")


@pytest.mark.parametrize("width", [40, 50])
def test_countries_on_a_narrow_terminal_keep_names_whole(run, store_path: Path, width: int) -> None:
    _first_run(store_path)
    rows = stdout_json(run("countries", "--json"))
    result = run("countries", env={"CTDIR_OUTPUT": "table", "COLUMNS": str(width)})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["country", "code", "contacts", "hotlines"]
    assert "…" not in result.stdout
    assert all(len(line) <= width and not line.endswith(" ") for line in lines)
    # A name that wraps goes on under itself, indented; its counts are on its first line.
    names: list[str] = []
    for line in lines[1:]:
        if line.startswith("  "):
            names[-1] += " " + line.strip()
        else:
            names.append(line.rsplit(maxsplit=3)[0])
    assert names == [row["country_name"] for row in rows]
    # United Arab Emirates (20) wraps at 40 columns; at 50 the plain list fits.
    assert any(line.startswith("  ") for line in lines) is (width == 40)
    maldives = next(line for line in lines if line.startswith("Maldives"))
    assert maldives.split()[1:] == ["MV", "1", "2"]


def test_countries_on_a_wide_terminal_is_a_table(run, store_path: Path) -> None:
    _first_run(store_path)
    result = run("countries", env={"CTDIR_OUTPUT": "table", "COLUMNS": "80"})
    assert "┃ Country" in result.stdout and "Hotlines ┃" in result.stdout
    assert "│ United Arab Emirates │" in result.stdout


def test_countries_of_an_empty_directory_is_nothing_found(run, empty_store: Path) -> None:
    result = run("countries")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("ctdir: no entries yet\n")
    as_json = run("countries", "--json")
    assert (as_json.exit_code, as_json.stdout) == (1, "[]\n")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("columns", [120, 40, 20])
def test_the_index_progress_fits_one_line_of_the_terminal_and_goes_at_the_end(
    monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    from ctdir.cli.app import IndexProgress

    screen = _Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setenv("COLUMNS", str(columns))
    progress = IndexProgress(delay=0)
    for done in (0, 300, 301, 600, 1000):
        progress(done, 1000)
    out = screen.getvalue()
    drawn = [line for line in out.split("\r") if line.strip()]
    assert [line.split()[-1] for line in drawn] == ["0%", "30%", "60%"]  # 301 redraws nothing
    assert all(len(line) < columns for line in out.split("\r"))
    assert "\n" not in out and out.endswith("\r") and out.split("\r")[-2].strip() == ""
    if columns >= 40:
        assert "ctdir: indexing the directory: 60%" in out


def test_the_index_progress_stays_off_what_is_not_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ctdir.cli.app import IndexProgress

    screen = io.StringIO()
    monkeypatch.setattr(sys, "stderr", screen)
    progress = IndexProgress(delay=0)
    for done in (0, 500, 1000):
        progress(done, 1000)
    assert screen.getvalue() == ""
