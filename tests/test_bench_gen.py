"""The benchmark generator (bench/gen.py): shapes and probes, no timings."""

from __future__ import annotations

import csv
import json
import re
import stat
import unicodedata
from pathlib import Path
from typing import Any

import gen
import pytest

from ctdir.interop.csvio import COLUMNS
from ctdir.schema import SCHEMA_VERSION

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TEXT_FIELDS = ("title", "organization", "office", "city", "hours", "notes", "source")


@pytest.fixture(scope="module")
def big() -> gen.Directory:
    # Large enough for every country to have contacts and a hotline (242 countries).
    return gen.generate(2500)


@pytest.mark.parametrize("size", [2, 10, 257])
def test_sizes_are_honoured(size: int) -> None:
    directory = gen.generate(size)
    assert len(directory.entries) == size
    assert {e["kind"] for e in directory.entries} == {"contact", "hotline"}


def test_generation_is_deterministic() -> None:
    assert gen.generate(60).entries == gen.generate(60).entries
    assert gen.generate(60).entries != gen.generate(60, seed=1).entries


def test_ids_are_unique_and_well_formed(big: gen.Directory) -> None:
    ids = [e["id"] for e in big.entries]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[23456789abcdefghjkmnpqrstuvwxyz]{8}", i) for i in ids)


def test_every_entry_has_exactly_the_stored_fields(big: gen.Directory) -> None:
    for e in big.entries:
        assert set(e) == set(gen.STORED_FIELDS)
        assert isinstance(e["name"], str) and e["name"]
        assert e["kind"] in ("contact", "hotline")
        assert re.fullmatch(r"[A-Z]{2}", e["country"])
        assert all(e[f] is None or (isinstance(e[f], str) and e[f]) for f in TEXT_FIELDS)
        assert all(isinstance(m, str) and "@" in m for m in e["emails"])
        assert all(isinstance(lang, str) for lang in e["languages"])
        assert e["verified"] is None or DATE.match(e["verified"])
        assert TIMESTAMP.match(e["created"]) and TIMESTAMP.match(e["updated"])
        assert e["created"] <= e["updated"]
        assert 1 <= len(e["phones"]) <= 3
        for p in e["phones"]:
            assert set(p) == set(gen.PHONE_FIELDS)
            assert p["e164"] is None or re.fullmatch(r"\+\d{6,16}", p["e164"])
        if e["kind"] == "contact":
            assert 1 <= len(e["emails"]) <= 3


def test_stored_fields_match_ctdir() -> None:
    import ctdir.model as model

    assert set(gen.STORED_FIELDS) == set(model.STORED_FIELDS)


def test_names_phones_emails_unique(big: gen.Directory) -> None:
    contacts = [e for e in big.entries if e["kind"] == "contact"]
    # Unique even once transliterated: ctdir sees "Максим Иванов" as "Maksim Ivanov".
    names = [gen.name_key(e["name"]) for e in contacts]
    assert len(set(names)) == len(names)
    numbers = [p["e164"] for e in big.entries for p in e["phones"] if p["e164"]]
    assert len(set(numbers)) == len(numbers)
    emails = [m for e in big.entries for m in e["emails"]]
    assert len(set(emails)) == len(emails)


def test_every_country_and_many_scripts(big: gen.Directory) -> None:
    codes = {c.code for c in gen.countries()}
    assert len(codes) >= 200
    assert {e["country"] for e in big.entries if e["kind"] == "contact"} == codes
    assert {e["country"] for e in big.entries if e["kind"] == "hotline"} == codes
    scripts = set()
    for e in big.entries:
        for ch in e["name"]:
            if ch.isalpha():
                scripts.add(unicodedata.name(ch).split()[0])
                break
    assert {"LATIN", "CYRILLIC", "ARABIC", "CJK", "DEVANAGARI", "GREEK"} <= scripts
    assert any(set("éáíóúçãñüøłő") & set(e["name"]) for e in big.entries)  # accented Latin


def test_phones_agree_with_ctdir(big: gen.Directory) -> None:
    import ctdir.phones as phones

    sample = big.entries[::25]
    for e in sample:
        for p in e["phones"]:
            assert dict(phones.parse_phone(p["number"], e["country"], p["label"])) == p


def test_probes_exist_in_the_data(big: gen.Directory) -> None:
    from rapidfuzz import fuzz
    from rapidfuzz.distance import OSA

    p = big.probes
    by_id = {e["id"]: e for e in big.entries}
    hotlines = [e for e in big.entries if e["kind"] == "hotline"]
    assert sorted(e["id"] for e in hotlines if e["country"] == p.hotline_country_code) == sorted(
        p.hotline_ids
    )
    assert p.hotline_ids
    assert p.surname_ids and all(p.surname in by_id[i]["name"] for i in p.surname_ids)
    assert p.country_count == sum(e["country"] == p.country_code for e in big.entries)
    assert p.country_count > 0
    assert p.phone.startswith("00") and p.phone.isdigit()
    assert "+" + p.phone[2:] in [ph["e164"] for ph in by_id[p.phone_id]["phones"]]
    assert p.phone != p.phone_stored
    assert by_id[p.misspelt_id]["name"] == p.misspelt_target
    assert 1 <= OSA.distance(p.misspelt, p.misspelt_target) <= 2
    assert p.misspelt.casefold() not in {e["name"].casefold() for e in big.entries}
    assert p.show_id in by_id
    names = {e["name"].casefold() for e in big.entries}
    emails = {m for e in big.entries for m in e["emails"]}
    assert len(p.new_contacts) == 16
    for c in p.new_contacts:
        assert c.name.casefold() not in names and c.email not in emails
        assert c.phone.startswith("+")
        # ctdir add refuses a name this close to one already in the country.
        key = gen.name_key(c.name)
        assert all(
            fuzz.token_sort_ratio(key, gen.name_key(e["name"])) < 92
            for e in big.entries
            if e["country"] == c.country
        )


def test_small_sizes_still_have_probes() -> None:
    p = gen.generate(10).probes
    assert p.hotline_ids and p.surname_ids and p.misspelt and p.phone_id and p.show_id


def test_store_file_format(tmp_path: Path) -> None:
    directory = gen.generate(12)
    path = tmp_path / "store.json"
    gen.write_store(directory.entries, path)
    text = path.read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    assert data["meta"] == {"1": {"retired_ids": [], "schema": SCHEMA_VERSION}}
    assert sorted(data["entries"], key=int) == [str(i) for i in range(1, 13)]
    assert data["entries"]["1"] == directory.entries[0]
    assert sorted(data["entries"].values(), key=lambda e: e["id"]) == sorted(
        directory.entries, key=lambda e: e["id"]
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    empty = tmp_path / "empty.json"
    gen.write_empty_store(empty)
    assert json.loads(empty.read_text(encoding="utf-8")) == {
        "entries": {},
        "meta": {"1": {"retired_ids": [], "schema": SCHEMA_VERSION}},
    }


def test_csv_rows(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    written = gen.write_csv(path, 300)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(COLUMNS)  # what `ctdir export --format csv` writes
    body = rows[1:]
    assert len(body) == len(written) == 300
    assert all(
        len(r) == len(COLUMNS) and r[0] == "" and r[1] in ("contact", "hotline") for r in body
    )
    assert len({gen.name_key(r[2]) for r in body}) == 300
    phones = [ph.split(": ")[-1] for r in body for ph in r[8].split("; ")]
    assert len(set(phones)) == len(phones) and all(phones)
    emails = [m for r in body for m in r[9].split(";") if m]
    assert len(set(emails)) == len(emails)
    # ctdir skips a row whose name is this close to another's in the same country.
    assert not _near_pairs([(r[7], r[2]) for r in body])


def _near_pairs(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    from rapidfuzz import fuzz

    by_country: dict[str, list[str]] = {}
    pairs = []
    for country, name in rows:
        key = gen.name_key(name)
        for other in by_country.get(country, []):
            if fuzz.token_sort_ratio(key, other) >= 92:
                pairs.append((key, other))
        by_country.setdefault(country, []).append(key)
    return pairs
