"""Provenance and coverage of the bundled hotline list (data/hotlines.json).

Every entry must say where its numbers come from and how old that page is, use
numbers that phonenumbers accepts for its country (or short codes its source
documents), and the build script must reproduce the file byte for byte.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ctdir.countries import is_country_code
from ctdir.model import ID_ALPHABET, ID_LENGTH
from ctdir.phones import digits, parse_phone

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "hotlines.json"
SOURCES = ROOT / "scripts" / "hotline_sources.json"
BUILD = ROOT / "scripts" / "build_hotlines.py"

PURPOSES = {
    "trafficking",
    "police",
    "emergency",
    "labour",
    "migrants",
    "women",
    "children",
    "victims",
    "human_rights",
}

# Continent of every country in the list, kept by hand (no extra dependency).
# "Middle East" holds West Asia plus Egypt; Turkey is counted there, Cyprus and
# Georgia in Europe. A country added to the data must be added here.
CONTINENTS = {
    "Africa": "CI ET GH GM KE LR MA NA NG TN TZ UG ZA ZM",
    "Americas": "AR BR CA CL EC GT GY HN JM MX PA PE TT US",
    "Asia": "BD HK ID IN JP KG KH KR LA LK MN MV MY NP PH PK SG TH TJ TW VN",
    "Europe": (
        "AL AT BE BG BY CY CZ DE DK EE ES FI GB GE GR HR IE IT LT LU LV MD ME MT NL NO PL "
        "PT RO RS SE SK UA XK"
    ),
    "Middle East": "AE BH EG TR",
    "Oceania": "AU NZ PG",
}
CONTINENT = {code: name for name, codes in CONTINENTS.items() for code in codes.split()}

YEAR = re.compile(r"\b(19|20)\d\d\b")


def _entries() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(DATA.read_text(encoding="utf-8"))
    return entries


def _sources() -> dict[str, dict[str, Any]]:
    data = json.loads(SOURCES.read_text(encoding="utf-8"))
    return {row["url"]: row for row in data["sources"]}


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_hotlines", BUILD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the class is built.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


ENTRIES = _entries()
SOURCE_BY_URL = _sources()


def _source_row(entry: dict[str, Any]) -> dict[str, Any]:
    title, sep, url = entry["source"].rpartition(" — ")
    assert sep and title, f"{entry['id']}: source should read '<title> — <URL>'"
    assert url.startswith(("http://", "https://")), f"{entry['id']}: no URL in source"
    row = SOURCE_BY_URL.get(url)
    assert row is not None, f"{entry['id']}: {url} is not in hotline_sources.json"
    return row


def test_build_script_reproduces_the_file_byte_for_byte() -> None:
    build = _build_module()
    assert build.render(build.build()).encode("utf-8") == DATA.read_bytes()


def test_file_is_written_like_the_seed() -> None:
    text = DATA.read_text(encoding="utf-8")
    assert text == json.dumps(ENTRIES, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert "\\u00" not in text  # UTF-8, not escaped


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_entry_names_a_used_source_of_its_country(entry: dict[str, Any]) -> None:
    row = _source_row(entry)
    assert row["status"] == "used"
    assert row["country"] == entry["country"]
    assert entry["source_date"] == row["date"]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_entry_has_a_source_date_or_a_year_in_its_notes(entry: dict[str, Any]) -> None:
    if entry["source_date"] is None:
        assert entry["notes"] and YEAR.search(entry["notes"]), (
            f"{entry['id']}: undated source and no year in the notes"
        )
    else:
        when = date.fromisoformat(entry["source_date"])
        assert date(1990, 1, 1) < when <= date.today()


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_entry_fields(entry: dict[str, Any]) -> None:
    assert entry["kind"] == "hotline"
    assert is_country_code(entry["country"])
    assert entry["purpose"] in PURPOSES
    assert entry["name"] and entry["phones"]
    assert len(entry["id"]) == ID_LENGTH
    assert set(entry["id"]) <= set(ID_ALPHABET)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_numbers_are_valid_or_documented_short_codes(entry: dict[str, Any]) -> None:
    codes = _source_row(entry).get("domestic_codes", [])
    for phone in entry["phones"]:
        # The stored description is exactly what ctdir's own phone code computes.
        assert phone == parse_phone(phone["number"], entry["country"], phone["label"])
        if not phone["valid"]:
            assert digits(phone["number"]) in codes, (
                f"{entry['id']}: {phone['number']} is neither valid nor a documented code"
            )
            assert phone["number"] in entry["notes"]


def test_documented_codes_are_short_and_numeric() -> None:
    for row in SOURCE_BY_URL.values():
        for code in row.get("domestic_codes", []):
            assert code.isdigit() and 3 <= len(code) <= 9, (row["id"], code)


def test_no_number_twice_in_one_country() -> None:
    seen: Counter[tuple[str, str]] = Counter()
    for entry in ENTRIES:
        for phone in entry["phones"]:
            seen[(entry["country"], phone["e164"] or digits(phone["number"]))] += 1
    assert [key for key, count in seen.items() if count > 1] == []


def test_ids_are_unique() -> None:
    ids = [entry["id"] for entry in ENTRIES]
    assert len(ids) == len(set(ids))


def test_every_source_row_is_complete() -> None:
    data = json.loads(SOURCES.read_text(encoding="utf-8"))
    ids = [row["id"] for row in data["sources"]]
    assert len(ids) == len(set(ids))
    for row in data["sources"]:
        assert row["status"] in {"used", "corroboration", "rejected"}
        assert row["url"].startswith(("http://", "https://"))
        assert row["title"] and row["states"]
        assert row["date"] or row["date_note"], row["id"]
        if row["status"] == "rejected":
            assert row.get("reason"), row["id"]


def test_at_least_80_countries_on_every_continent() -> None:
    countries = {entry["country"] for entry in ENTRIES}
    missing = countries - CONTINENT.keys()
    assert not missing, f"add {sorted(missing)} to CONTINENTS"
    per_continent = Counter(CONTINENT[code] for code in countries)
    assert len(countries) >= 80
    assert set(per_continent) == set(CONTINENTS)
    assert min(per_continent.values()) >= 3


def test_hotlines_ship_with_the_package_data() -> None:
    from ctdir.resources import data_file

    assert data_file("hotlines.json").exists()
