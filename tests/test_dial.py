"""Dialling from where the caller is (--from, CTDIR_FROM), and local time in show."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from ctdir.dial import (
    PREMIUM_RATE,
    SHARED_COST,
    SHORT_CODE,
    TOLL_FREE,
    can_dial_from,
    dial_format,
    dialling_advice,
    entry_zones,
    local_time_text,
    local_times,
)
from ctdir.model import blank_entry
from ctdir.phones import parse_phone


@pytest.mark.parametrize(
    ("number", "country", "caller", "dialled"),
    [
        # The Maldives police hotline from abroad and from home.
        ("9500125", "MV", "US", "011 960 950-0125"),
        ("9500125", "MV", "GB", "00 960 950-0125"),
        ("9500125", "MV", "AU", "0011 960 950-0125"),
        ("9500125", "MV", "JP", "010 960 950-0125"),
        ("9500125", "MV", "MV", "950-0125"),
        # IOM Maputo from its neighbours, from the US and from Mozambique.
        ("+258 21 310 779", "MZ", "ZA", "00 258 21 310 779"),
        ("+258 21 310 779", "MZ", "US", "011 258 21 310 779"),
        ("+258 21 310 779", "MZ", "MZ", "21 310 779"),
        # A London number from Mozambique and from the UK (trunk 0 put back).
        ("+44 20 7946 0958", "GB", "MZ", "00 44 20 7946 0958"),
        ("+44 20 7946 0958", "GB", "GB", "020 7946 0958"),
        # Rome from Timor-Leste keeps its leading 0.
        ("+39 06 6982 1234", "IT", "TL", "00 39 06 6982 1234"),
    ],
)
def test_dial_format(number: str, country: str, caller: str, dialled: str) -> None:
    assert dial_format(parse_phone(number, country), caller) == dialled


def test_domestic_only_number() -> None:
    short = parse_phone("1696", "MV")
    assert short["domestic_only"]
    assert can_dial_from(short, "MV")
    assert not can_dial_from(short, "US")
    # Given as published either way; the inline mark says where it works.
    assert dial_format(short, "US") == "1696"
    assert dial_format(short, "MV") == "1696"


def test_unreadable_number_is_given_as_published() -> None:
    phone = {
        "number": "+670 723 1576",
        "e164": None,
        "label": None,
        "valid": False,
        "region": None,
        "domestic_only": False,
    }
    assert dial_format(phone, "US") == "+670 723 1576"


# -- on the command line ----------------------------------------------------------


def test_hotline_from_us(run) -> None:
    result = run("hotline", "maldives", "--from", "US")
    assert result.exit_code == 0, result.stderr
    assert "phone  011 960 950-0125 (hotline)" in result.stdout
    assert (
        "phone  1696 (hotline) ! from abroad: a short code can only be dialled inside the "
        "Maldives; instead: Police Human Trafficking Hotline: 011 960 950-0125"
    ) in result.stdout
    assert "numbers as dialled from the United States (US)" in result.stderr


@pytest.mark.parametrize("caller", ["mozambique", "MZ", "MOZ", "Moçambique", "mozambik", "Maputo"])
def test_from_takes_any_country_form(run, caller: str) -> None:
    result = run("lookup", "maldives", "--kind", "hotline", "--from", caller)
    assert result.exit_code == 0, result.stderr
    assert "00 960 950-0125" in result.stdout
    assert "numbers as dialled from Mozambique (MZ)" in result.stderr


def test_from_the_same_country_gives_the_national_form(run) -> None:
    result = run("show", "mz4nc8re", "--from", "MZ")
    assert "phone  21 310 779 (office)" in result.stdout


def test_ctdir_from_environment(run) -> None:
    result = run("hotline", "MV", env={"CTDIR_FROM": "GB"})
    assert "00 960 950-0125" in result.stdout
    # --from wins over the environment.
    result = run("hotline", "MV", "--from", "US", env={"CTDIR_FROM": "GB"})
    assert "011 960 950-0125" in result.stdout
    # No --from and no CTDIR_FROM: international format.
    assert "+960 950-0125" in run("hotline", "MV").stdout


def test_unknown_from_is_a_usage_error(run) -> None:
    result = run("lookup", "maldives", "--from", "atlantis")
    assert result.exit_code == 2
    assert "unknown country: 'atlantis'" in result.stderr
    assert "did you mean" in result.stderr
    assert result.stdout == ""
    result = run("show", "mz4nc8re", env={"CTDIR_FROM": "mozambiqe-land"})
    assert result.exit_code == 2
    assert "in CTDIR_FROM" in result.stderr


def test_json_gains_dialled_with_from(run) -> None:
    plain = {e["id"]: e for e in json.loads(run("hotline", "MV", "--json").stdout)}
    dialled = json.loads(run("hotline", "MV", "--json", "--from", "US").stdout)
    for entry in dialled:
        for phone, before in zip(entry["phones"], plain[entry["id"]]["phones"], strict=True):
            assert {k: v for k, v in phone.items() if k != "dialled"} == before
            assert "dialled" not in before
    by_number = {p["number"]: p["dialled"] for e in dialled for p in e["phones"]}
    assert by_number == {"9500125": "011 960 950-0125", "1696": None}
    # From inside the Maldives the short code is dialled as it is.
    inside = json.loads(run("hotline", "MV", "--json", "--from", "maldives").stdout)
    assert {p["number"]: p["dialled"] for e in inside for p in e["phones"]} == {
        "9500125": "950-0125",
        "1696": "1696",
    }


# -- local time -------------------------------------------------------------------


def _entry(country: str, *numbers: str) -> dict[str, object]:
    e = blank_entry("contact")
    e.update(id="x", name="X", country=country, phones=[parse_phone(n, country) for n in numbers])
    return e


def test_zones() -> None:
    # The Timor-Leste numbers are invalid today; the country still has one zone.
    assert entry_zones(_entry("TL", "+670 723 1576")) == ["Asia/Dili"]
    # IOM Maldives with a Colombo number: where the office is, then where it rings.
    assert entry_zones(_entry("MV", "+94 11 532 5300")) == ["Indian/Maldives", "Asia/Colombo"]
    # +1 spans many zones: the number's area code decides.
    assert entry_zones(_entry("US", "+1 415 555 0132")) == ["America/Los_Angeles"]
    assert entry_zones(_entry("US")) == []


def test_local_time_text() -> None:
    now = datetime(2026, 11, 24, 3, 5, tzinfo=UTC)  # a Tuesday
    assert local_time_text(_entry("TL"), now) == "12:05 Tue (Asia/Dili)"
    assert (
        local_time_text(_entry("MV", "+94 11 532 5300"), now)
        == "08:05 Tue (Indian/Maldives), 08:35 Tue (Asia/Colombo)"
    )
    assert local_time_text(_entry("US"), now) is None
    [(zone, moment)] = local_times(_entry("MZ", "+258 21 310 779"), now)
    assert zone == "Africa/Maputo" and moment.utcoffset().total_seconds() == 2 * 3600


def test_show_gives_local_time(run) -> None:
    out = run("show", "tl5as9fv").stdout
    assert re.search(r"local time  \d\d:\d\d (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \(Asia/Dili\)", out)
    table = run("show", "tl5as9fv", env={"CTDIR_OUTPUT": "table"}).stdout
    assert "local time  " in table and "(Asia/Dili)" in table


# -- numbers that may not ring from abroad ------------------------------------------


def _example(region: str, kind: int) -> str:
    import phonenumbers

    number = phonenumbers.example_number_for_type(region, kind)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _line(entry_id: str, country: str, *numbers: str) -> dict[str, object]:
    e = blank_entry("hotline")
    e.update(id=entry_id, name=f"Line {entry_id}", country=country)
    e["phones"] = [parse_phone(n, country) for n in numbers]
    return e


@pytest.mark.parametrize(
    ("region", "kind", "caveat", "words"),
    [
        ("GB", 3, TOLL_FREE, "toll-free numbers are rarely reachable from abroad"),
        ("US", 4, PREMIUM_RATE, "premium-rate numbers are often blocked from abroad"),
        ("FR", 5, SHARED_COST, "shared-cost numbers are often unreachable from abroad"),
    ],
)
def test_caveat_by_number_type(region: str, kind: int, caveat: str, words: str) -> None:
    entry = _line("a", region, _example(region, kind))
    [(key, advice)] = dialling_advice([entry], "MZ", lambda _: []).items()
    assert key == ("a", 0)
    assert advice.kind == caveat and advice.text.startswith(words)
    assert advice.instead == ()  # the directory knows nothing better
    # From inside the country, no caveat.
    assert dialling_advice([entry], region, lambda _: []) == {}


def test_caveat_offers_another_number_of_the_entry() -> None:
    entry = _line("a", "GB", _example("GB", 3), "+44 20 7946 0958")
    entry["phones"][1]["label"] = "office"
    advice = dialling_advice([entry], "US", lambda _: [])
    assert list(advice) == [("a", 0)]
    assert advice[("a", 0)].instead == ("011 44 20 7946 0958 (office), on this entry",)


def test_short_code_offers_the_countrys_other_hotlines() -> None:
    short = _line("a", "MV", "1696")
    police = _line("b", "MV", "9500125")
    other_short = _line("c", "MV", "119")
    hotlines = [short, police, other_short]
    advice = dialling_advice([short], "US", lambda code: hotlines if code == "MV" else [])
    caveat = advice[("a", 0)]
    assert caveat.kind == SHORT_CODE
    assert caveat.text == "a short code can only be dialled inside the Maldives"
    assert caveat.instead == ("Line b: 011 960 950-0125",)
    assert dialling_advice([short], "MV", lambda code: hotlines) == {}


def test_hotline_from_abroad_on_the_command_line(run) -> None:
    result = run("show", "mv6me4dw", "--from", "mozambique")
    assert (
        "! from abroad: a short code can only be dialled inside the Maldives; "
        "instead: Police Human Trafficking Hotline: 00 960 950-0125"
    ) in result.stdout


def test_a_whole_number_that_rings_only_at_home_is_not_called_a_short_code() -> None:
    """Ghana's 0800 numbers are valid toll-free lines that cannot be dialled from abroad."""
    free = _line("a", "GH", "0800 800 800")
    assert free["phones"][0]["domestic_only"] and free["phones"][0]["e164"]
    caveat = dialling_advice([free], "US", lambda code: [])[("a", 0)]
    assert caveat.text == "this number can only be dialled inside Ghana"
