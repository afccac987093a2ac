"""Staleness and suspect numbers, shown on every lookup/hotline/show result."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from ctdir.phones import parse_phone
from ctdir.quality import (
    is_stale,
    needs_attention,
    phone_problems,
    phone_warnings,
    verified_label,
    with_article,
)
from ctdir.store import Directory, bundled

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("verified", "label"),
    [
        (None, "never verified"),
        ("", "never verified"),
        ("2026-11-23", "verified 2026-11-23"),
        ("2026-03-02", "verified 2026-03-02"),
        ("2025-11-23", "verified 2025-11-23"),  # 365 days: not yet stale
        ("2025-11-22", "verified 2025-11-22, over a year ago"),
        ("2023-01-05", "verified 2023-01-05, over 3 years ago"),
        ("2024-03-02T10:00:00Z", "verified 2024-03-02, over 2 years ago"),
        ("not a date", "never verified"),
    ],
)
def test_verified_label(verified: str | None, label: str) -> None:
    assert verified_label({"verified": verified}, today=TODAY) == label


def test_verified_label_with_a_shorter_max_age() -> None:
    entry = {"verified": (TODAY - timedelta(days=90)).isoformat()}
    assert verified_label(entry, today=TODAY) == f"verified {entry['verified']}"
    assert verified_label(entry, today=TODAY, max_age=30).endswith("over 3 months ago")
    entry = {"verified": (TODAY - timedelta(days=40)).isoformat()}
    assert verified_label(entry, today=TODAY, max_age=30).endswith(", 40 days ago")


def test_stale_and_attention() -> None:
    old = {"verified": "2024-01-01"}
    fresh = {"verified": "2026-10-01"}
    assert is_stale(old, TODAY) and not is_stale(fresh, TODAY)
    assert not is_stale({"verified": None}, TODAY)  # never verified is its own case
    assert needs_attention(old, TODAY) and needs_attention({"verified": None}, TODAY)
    assert not needs_attention(fresh, TODAY)


@pytest.mark.parametrize(
    ("number", "country", "mark"),
    [
        (
            "+ 7 795 01 7854",
            "ZA",
            "a Kazakhstan number (not valid there either); perhaps +27 79 501 7854",
        ),
        ("+94 11 532 5300", "MV", "a Sri Lanka number"),
        (
            "+21 310 779",
            "MZ",
            "an Algeria number (not valid there either); perhaps +258 21 310 779",
        ),
        ("+670 723 1576", "TL", "not valid under today's numbering plan; perhaps +670 7723 1576"),
        ("+670 123 4567", "TL", "not valid under today's numbering plan"),
        ("1696", "MV", "only from inside the Maldives"),
    ],
)
def test_inline_marks(number: str, country: str, mark: str) -> None:
    assert phone_warnings(parse_phone(number, country), country) == [mark]


def test_no_mark_for_a_good_number_or_a_shared_country_code() -> None:
    assert phone_warnings(parse_phone("+258 21 310 779", "MZ"), "MZ") == []
    assert phone_warnings(parse_phone("+44 20 7946 0958", "JE"), "JE") == []


def test_marks_and_check_agree_on_the_seed() -> None:
    """Inline marks are check's number findings, number for number."""
    from ctdir.check import check_entries

    inline = {
        (e["id"], p["number"], problem.issue, problem.suggestion)
        for e in bundled("seed")
        for p in e["phones"]
        for problem in phone_problems(p, e["country"])
    }
    found = {
        (f.id, f.number, f.issue, f.suggestion)
        for f in check_entries(bundled("seed")).findings
        if f.number is not None
    }
    assert inline == found


@pytest.mark.parametrize(
    ("code", "text"), [("MV", "the Maldives"), ("US", "the United States"), ("MZ", "Mozambique")]
)
def test_with_article(code: str, text: str) -> None:
    assert with_article(code) == text


# -- on the command line ----------------------------------------------------------


def _verify(store_path: Path, ids_dates: dict[str, str]) -> None:
    entries = bundled("seed")
    for e in entries:
        if e["id"] in ids_dates:
            e["verified"] = ids_dates[e["id"]]
    Directory(store_path).create(entries, overwrite=True)


def test_lookup_shows_verification_and_marks(run) -> None:
    result = run("lookup", "south africa")
    assert result.exit_code == 0
    assert "never verified" in result.stdout
    assert "! a Kazakhstan number (not valid there either); perhaps +27 79 501 7854" in (
        result.stdout
    )


def test_hotline_and_show_show_dates(run, store_path: Path) -> None:
    recent = (date.today() - timedelta(days=10)).isoformat()
    old = (date.today() - timedelta(days=800)).isoformat()
    _verify(store_path, {"mv2ph9tn": recent, "mv6me4dw": old})
    out = run("hotline", "maldives").stdout
    assert f"verified {recent}\n" in out
    assert f"verified {old}, over 2 years ago" in out
    assert "1696 (hotline) ! only from inside the Maldives" in out
    show = run("show", "mv6me4dw").stdout
    assert f"verified {old}, over 2 years ago" in show


def test_table_output_shows_dates_and_marks(run, store_path: Path) -> None:
    old = (date.today() - timedelta(days=400)).isoformat()
    _verify(store_path, {"tl5as9fv": old})
    result = run("lookup", "timor", env={"CTDIR_OUTPUT": "table", "COLUMNS": "200"})
    assert result.exit_code == 0
    assert f"verified {old}, over a year ago" in result.stdout
    assert "never verified" in result.stdout
    assert "perhaps +670 7723 1576" in result.stdout


def test_json_output_is_the_entry_schema_only(run) -> None:
    [entry] = json.loads(run("show", "za9mk5hd", "--json").stdout)
    assert entry["verified"] is None
    assert "warnings" not in entry and "local_time" not in entry
    assert entry["phones"][0]["number"] == "+ 7 795 01 7854"  # never rewritten


def test_json_path_imports_no_heavy_module(tmp_path: Path) -> None:
    """--json stays cheap: no phonenumbers, rich, vobject or segno."""
    code = (
        "import sys\n"
        "from ctdir.cli import main\n"
        "for args in (['hotline', 'maldives', '--json'], ['show', 'za9mk5hd', '--json'],\n"
        "             ['lookup', 'timor', '--json']):\n"
        "    assert main(args, standalone_mode=False) is None, args\n"
        "heavy = [m for m in ('phonenumbers', 'rich', 'vobject', 'segno', 'filelock',\n"
        "                     'email_validator', 'tinydb') if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    env = {"CTDIR_DB": str(tmp_path / "d.json"), "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [sys.executable, "-c", "from ctdir.cli import main; main(['list', '--json'])"],
        env=env,
        capture_output=True,
        check=True,
    )  # first run builds the store and index
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert "HEAVY []" in done.stderr, done.stderr
