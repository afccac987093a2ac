"""The small promises of reading output: [] on nothing found, dialled per phone,
multi-word countries, a truthful count, and what an unknown number is."""

from __future__ import annotations

import json

import phonenumbers
import pytest
from phonenumbers import PhoneNumberType

from ctdir.numberinfo import describe_number


@pytest.mark.parametrize(
    "args",
    [
        ("lookup", "xyzzy", "--json"),
        ("lookup", "maldives", "--kind", "contact", "--country", "MZ", "--json"),
        ("lookup", "+254722123456", "--json"),
        ("hotline", "mozambique", "--json"),
        ("list", "--country", "south africa", "--kind", "hotline", "--json"),
    ],
)
def test_json_nothing_found_is_an_empty_array(run, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []
    assert result.stderr.startswith("ctdir: ")


def test_lookup_json_has_dialled_per_phone_with_from(run) -> None:
    entries = json.loads(run("lookup", "maldives", "--json", "--from", "sri lanka").stdout)
    dialled = {p["number"]: p["dialled"] for e in entries for p in e["phones"]}
    assert dialled == {
        "1696": None,  # a Maldivian short code: not from Sri Lanka
        "9500125": "00 960 950-0125",
        "+94 11 532 5300": "0115 325 300",  # a Sri Lankan number, dialled inside Sri Lanka
    }
    plain = json.loads(run("lookup", "maldives", "--json").stdout)
    assert all("dialled" not in p for e in plain for p in e["phones"])


def test_show_json_has_dialled_with_from(run) -> None:
    [entry] = json.loads(run("show", "mz4nc8re", "--json", "--from", "south africa").stdout)
    assert [p["dialled"] for p in entry["phones"]] == ["00 258 21 310 779"]


@pytest.mark.parametrize(
    "args",
    [
        ("hotline", "south", "africa"),
        ("lookup", "khokhar", "--country", "south", "africa"),
        ("lookup", "--country", "south", "africa", "khokhar"),
        ("list", "--country", "south", "africa"),
        ("show", "za9mk5hd", "--from", "sri", "lanka"),
        ("lookup", "khokhar", "--from", "sri", "lanka", "--country", "south", "africa"),
    ],
)
def test_countries_of_several_words(run, args: tuple[str, ...]) -> None:
    result = run(*args)
    if args[0] == "hotline":
        assert result.exit_code == 1  # no hotline in the seed for South Africa ...
        assert "no hotline recorded for South Africa" in result.stderr  # ... but understood
        return
    assert result.exit_code == 0, result.stderr
    assert "Mariam Khokhar" in result.stdout
    if "--from" in args:
        assert "numbers as dialled from Sri Lanka (LK)" in result.stderr


def test_hotline_of_several_words_with_from(run) -> None:
    result = run("hotline", "maldives", "--from", "united", "states")
    assert result.exit_code == 0, result.stderr
    assert "011 960 950-0125" in result.stdout


def test_count_says_how_many_are_shown(run) -> None:
    result = run("lookup", "maldives", "--limit", "1")
    assert result.stderr.startswith("showing 1 of 3 · query read as country: Maldives")
    assert run("lookup", "maldives").stderr.startswith("3 found ·")


def test_unknown_number_is_described(run) -> None:
    result = run("lookup", "+254722123456")
    assert result.exit_code == 1
    assert "it is a mobile number in Kenya" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("region", "kind", "words"),
    [
        ("KE", PhoneNumberType.MOBILE, "a mobile number in Kenya"),
        ("GB", PhoneNumberType.TOLL_FREE, "a toll-free number in the United Kingdom"),
        ("US", PhoneNumberType.PREMIUM_RATE, "a premium-rate number in the United States"),
        ("FR", PhoneNumberType.SHARED_COST, "a shared-cost number in France"),
        ("FR", PhoneNumberType.FIXED_LINE, "a landline number in France"),
    ],
)
def test_describe_number(region: str, kind: int, words: str) -> None:
    example = phonenumbers.example_number_for_type(region, kind)
    text = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    assert describe_number(text).startswith(words)


def test_describe_short_code_invalid_and_nonsense() -> None:
    assert describe_number("1696", "MV") == "a short code in the Maldives"
    assert describe_number("+670 723 1576").startswith("not a valid number in Timor-Leste")
    assert describe_number("+254 722 123 456") == "a mobile number in Kenya (Safaricom)"
    assert describe_number("no digits") is None


def test_add_takes_a_country_of_several_words(run) -> None:
    result = run(
        "add", "contact", "--name", "Lindiwe Example", "--country", "south", "africa",
        "--email", "lindiwe@example.org", "--yes", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["country"] == "ZA"
