"""Export then import into an empty directory gives back the same entries, ids and dates included.

A property test drives arbitrary Unicode, separators, quotes, newlines, tabs and
cells a spreadsheet would run as formulas through all three formats.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctdir.interop import FORMATS, export_entries
from ctdir.interop.importer import ADDED, import_records, read_file
from ctdir.store import Directory
from ctdir.validate import check_entry

# Numbers by country, written as people publish them (several start with "+").
PHONES = {
    "MZ": ["+258 21 310 779", "+258 84 123 4567", "21 310 779"],
    "MV": ["9500125", "1696", "+960 332 2111"],
    "TL": ["+670 723 1576", "+670.723.0810"],
    "BD": ["+880.2.988.9765", "+880 1711-123456"],
    "AF": ["+ 93 (0) 700 066 041"],
    "ZA": ["+ 7 795 01 7854", "+27 12 342 2789"],
    "KR": ["+82 2 123 4567"],
    "US": ["+1 202 555 0143", "(202) 555-0100"],
}
# Labels as stored (lower case); ctdir's own and odd ones that need escaping somewhere.
LABELS = [None, "office", "mobile", "hotline", "fax", "home", "other", "front desk"]
LABELS += ["a;b", "x, y", "n: 2", 'q"d', "é\\", "c^'t"]
# The characters that break naive CSV and vCard writers, and formula triggers.
SPECIAL = [*",;:\"'\\=+-@ .", "é", "ç", "ت", "中", "ß", "\u200d", "😀", "ℕ", "\u00a0"]
FORMULA = ["", "=", "+", "-", "@", "'", "'=", "''@", "=cmd|' /C calc'!A0", "+1", "-2"]

_char = st.one_of(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf")), st.sampled_from(SPECIAL)
)


def _text(max_size: int, multiline: bool = False) -> st.SearchStrategy[str]:
    chars = st.one_of(_char, st.sampled_from(["\n", "\t"])) if multiline else _char
    body = st.text(chars, min_size=1, max_size=max_size)
    return st.builds(lambda prefix, rest: prefix + rest, st.sampled_from(FORMULA), body)


def _optional(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str | None]:
    return st.one_of(st.none(), strategy)


_timestamp = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2025, 12, 31)).map(
    lambda d: d.replace(microsecond=0, tzinfo=UTC).isoformat().replace("+00:00", "Z")
)
_local = st.tuples(
    st.sampled_from(["", "=", "+", "-", "@x", "o'"]),
    st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8),
).map(lambda t: t[0].replace("@", "") + t[1])


@st.composite
def entry_values(draw: st.DrawFn, country: str, number: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(["contact", "hotline"]))
    phones = draw(
        st.lists(
            st.tuples(st.sampled_from(PHONES[country]), st.sampled_from(LABELS)),
            min_size=1 if kind == "hotline" else 0,
            max_size=3,
        )
    )
    emails = draw(st.lists(_local, min_size=0 if phones else 1, max_size=2, unique=True))
    return {
        "kind": kind,
        "name": draw(_text(40)),
        "title": draw(_optional(_text(30))),
        "organization": draw(_optional(_text(30))),
        "office": draw(_optional(_text(30))),
        "city": draw(_optional(_text(20))),
        "country": country,
        "phones": [{"number": n, "label": label} for n, label in phones],
        "emails": [f"{local}@e{number}.example.org" for local in emails],
        "hours": draw(_optional(_text(20))),
        "languages": draw(st.lists(_text(15), max_size=3)),
        "notes": draw(_optional(_text(60, multiline=True))),
        "source": draw(_optional(_text(40))),
        "verified": draw(
            _optional(st.dates(date(2000, 1, 1), date(2025, 1, 1)).map(date.isoformat))
        ),
    }


@st.composite
def directories(draw: st.DrawFn) -> list[dict[str, Any]]:
    # One entry per country: entries of one country with near names would be
    # duplicates, which an import rightly skips.
    countries = draw(st.lists(st.sampled_from(sorted(PHONES)), min_size=1, max_size=3, unique=True))
    ids = draw(
        st.lists(
            st.text("23456789abcdefghjkmnpqrstuvwxyz", min_size=8, max_size=8),
            min_size=len(countries),
            max_size=len(countries),
            unique=True,
        )
    )
    out = []
    for number, (country, entry_id) in enumerate(zip(countries, ids, strict=True)):
        values = draw(entry_values(country, number))
        kind = values.pop("kind")
        entry = check_entry(kind, values).entry
        created = draw(_timestamp)
        entry.update(id=entry_id, created=created, updated=max(created, draw(_timestamp)))
        out.append(entry)
    return out


def round_trip(entries: list[dict[str, Any]], fmt: str) -> dict[str, dict[str, Any]]:
    data = export_entries(entries, fmt)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "directory.json"
        Directory(path).create([], overwrite=True)
        report = import_records(Directory(path), read_file(data, fmt, "export"))
        assert report.count(ADDED) == len(entries), [
            (o.where, o.action, o.detail) for o in report.outcomes
        ]
        return {e["id"]: e for e in Directory(path).entries()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=directories(), fmt=st.sampled_from(FORMATS))
def test_any_entries_survive_a_round_trip(entries: list[dict[str, Any]], fmt: str) -> None:
    # vCard is only promised names, numbers, emails and organizations; ctdir's
    # X-CTDIR-* properties happen to carry everything, so all formats compare whole.
    assert round_trip(entries, fmt) == {e["id"]: e for e in entries}


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_seed_directory_survives_a_round_trip_through_the_cli(
    run: Callable[..., Result], store_path: Path, tmp_path: Path, fmt: str
) -> None:
    exported = tmp_path / f"export.{'vcf' if fmt == 'vcard' else fmt}"
    assert run("export", "--format", fmt, "-o", str(exported)).exit_code == 0
    before = {e["id"]: e for e in Directory(store_path).entries()}
    Directory(store_path).create([], overwrite=True)
    result = run("import", str(exported))
    assert result.exit_code == 0, result.output
    assert "11 added" in result.stdout
    assert {e["id"]: e for e in Directory(store_path).entries()} == before
    again = run("import", str(exported))
    assert "0 added, 0 merged, 11 skipped (duplicates)" in again.stdout


def test_published_numbers_starting_with_plus_survive_csv(run: Callable[..., Result]) -> None:
    csv_text = run("export", "--format", "csv", "--country", "MZ").stdout
    assert "office: +258 21 310 779" in csv_text
    entry = check_entry("contact", {"name": "X", "country": "MZ", "phones": ["+258 21 310 779"]})
    stamped = dict(entry.entry, id="ab2cd3ef", created="2024-01-01T00:00:00Z")
    stamped["updated"] = stamped["created"]
    assert export_entries([stamped], "csv").splitlines()[1].split(b",")[8] == b"'+258 21 310 779"
    assert round_trip([stamped], "csv")["ab2cd3ef"]["phones"][0]["number"] == "+258 21 310 779"
