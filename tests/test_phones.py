"""Phone numbers as a caller needs them: extensions, text that is not a number,
corrections that are not guesses, numbers that ring only inside their country,
and short codes that take texts, not calls. The people and numbers are invented."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from testkit import stdout_json

from ctdir.errors import InvalidInput
from ctdir.extract import extract
from ctdir.phones import check_phone_text, extension, parse_phone, shown
from ctdir.store import Directory

Run = Callable[..., Result]

PHONE_KEYS = {"number", "e164", "label", "valid", "region", "domestic_only"}


def _empty(store_path: Path) -> None:
    store_path.unlink()
    Directory(store_path).create([])


def _unfolded(card: str) -> str:
    """vCard text with its folded lines joined again (RFC 6350 3.2)."""
    return re.sub(r"\r?\n[ \t]", "", card)


def _add(run: Run, *args: str) -> str:
    result = run("add", *args, "--yes", "--json")
    assert result.exit_code == 0, result.stderr
    entry_id: str = stdout_json(result)[0]["id"]
    return entry_id


# -- 1. extensions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "country", "international", "from_us"),
    [
        (
            "office: +254 20 4444 174 ext. 205",
            "KE",
            "+254 20 4444174 ext. 205",
            "011 254 20 4444174 ext. 205",
        ),
        ("office: (202) 555-0143 x12", "US", "+1 202-555-0143 ext. 12", "1 (202) 555-0143 ext. 12"),
        (
            "mobile: 0722 123456 ext 12",
            "KE",
            "+254 722 123456 ext. 12",
            "011 254 722 123456 ext. 12",
        ),
    ],
)
def test_the_extension_is_in_every_shown_and_dialled_form(
    run: Run, number: str, country: str, international: str, from_us: str
) -> None:
    entry_id = _add(
        run, "contact", "--name", "Wanjiru Testperson", "--country", country, "--phone", number
    )
    label = number.split(":")[0]
    for command in (("show", entry_id), ("lookup", "Wanjiru Testperson")):
        result = run(*command)
        assert f"{international} ({label})" in result.stdout, result.stdout
        dialled = run(*command, "--from", "US")
        assert f"{from_us} ({label})" in dialled.stdout, dialled.stdout
    [phone] = stdout_json(run("show", entry_id, "--json", "--from", "US"))[0]["phones"]
    assert phone["dialled"] == from_us
    assert phone["number"] == " ".join(number.split(":", 1)[1].split())  # as published
    [phone] = stdout_json(run("show", entry_id, "--json"))[0]["phones"]
    assert set(phone) == PHONE_KEYS  # the JSON contract gains nothing
    # The number as shown, copied into a reverse lookup, finds its entry.
    found = run("lookup", international, "--json")
    assert [e["id"] for e in stdout_json(found)] == [entry_id], found.stderr


def test_two_extensions_of_one_switchboard_are_two_numbers(run: Run) -> None:
    entry_id = _add(
        run, "contact", "--name", "Achieng Example", "--country", "KE",
        "--phone", "+254 20 4444 174 ext. 205", "--phone", "+254 20 4444 174 ext. 206",
        "--phone", "+254 20 4444174 ext 205",  # the first again, written otherwise
    )  # fmt: skip
    [entry] = stdout_json(run("show", entry_id, "--json"))
    assert [p["number"] for p in entry["phones"]] == [
        "+254 20 4444 174 ext. 205",
        "+254 20 4444 174 ext. 206",
    ]


def test_removing_one_extension_leaves_the_others_and_the_switchboard(run: Run) -> None:
    entry_id = _add(
        run, "contact", "--name", "Achieng Example", "--country", "KE",
        "--phone", "office: +254 20 4444 174", "--phone", "+254 20 4444 174 ext. 205",
        "--phone", "+254 20 4444 174 ext. 206",
    )  # fmt: skip

    def numbers() -> list[str]:
        [entry] = stdout_json(run("show", entry_id, "--json"))
        return [p["number"] for p in entry["phones"]]

    assert run("edit", entry_id, "--remove-phone", "+254 20 4444174 ext 205").exit_code == 0
    assert numbers() == ["+254 20 4444 174", "+254 20 4444 174 ext. 206"]
    # Without an extension: the switchboard itself, not its extensions.
    assert run("edit", entry_id, "--remove-phone", "020 4444174").exit_code == 0
    assert numbers() == ["+254 20 4444 174 ext. 206"]
    refused = run("edit", entry_id, "--remove-phone", "+254 20 4444174")
    assert refused.exit_code == 2
    assert "its numbers: +254 20 4444 174 ext. 206" in refused.stderr
    assert numbers() == ["+254 20 4444 174 ext. 206"]


def _only_otieno(run: Run, store_path: Path) -> None:
    """A directory of one contact whose office number has an extension."""
    _empty(store_path)
    _add(run, "contact", "--name", "Otieno Sample", "--country", "KE",
         "--phone", "office: +254 20 4444 174 ext. 205")  # fmt: skip


def test_vcard_keeps_the_extension_as_rfc3966_and_as_text(run: Run, store_path: Path) -> None:
    _only_otieno(run, store_path)
    v4 = _unfolded(run("export", "--format", "vcard", "-o", "-").stdout)
    assert re.search(r"^TEL;.*:tel:\+254204444174;ext=205\r?$", v4, re.MULTILINE), v4
    v3 = _unfolded(run("export", "--format", "vcard", "--vcard-version", "3.0", "-o", "-").stdout)
    assert re.search(r"^TEL;.*:\+254 20 4444174 ext\. 205\r?$", v3, re.MULTILINE), v3


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_vcard_round_trip_gives_the_extension_back(
    run: Run, store_path: Path, tmp_path: Path, version: str
) -> None:
    """Through another address book, which keeps TEL but drops ctdir's own parameters."""
    _only_otieno(run, store_path)
    card = _unfolded(
        run("export", "--format", "vcard", "--vcard-version", version, "-o", "-").stdout
    )
    foreign = re.sub(r";X-CTDIR-NUMBER=[^;:]*", "", card)
    assert "X-CTDIR-NUMBER" not in foreign
    _empty(store_path)
    path = tmp_path / "other-app.vcf"
    path.write_text(foreign, encoding="utf-8")
    assert run("import", str(path)).exit_code == 0
    [entry] = stdout_json(run("list", "--json"))
    [phone] = entry["phones"]
    assert extension(phone["number"]) == "205"
    assert phone["e164"] == "+254204444174"
    assert "+254 20 4444174 ext. 205 (office)" in run("lookup", "Otieno Sample").stdout


def test_a_synced_card_keeps_the_extension_in_its_text(run: Run, store_path: Path) -> None:
    """CardDAV cards are 3.0 with TEL as text, which phones dial as written."""
    from ctdir.sync import entry_card

    _only_otieno(run, store_path)
    [entry] = Directory(store_path).entries()
    [tel] = [x for x in _unfolded(entry_card(entry)).splitlines() if x.startswith("TEL")]
    assert tel.endswith(":+254204444174 ext. 205"), tel


# -- 2. text that is not a number ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("24/7", "a time of availability"),
        ("24 x 7", "a time of availability"),
        ("24/7/365", "a time of availability"),
        ("24h", "a time of availability"),
        ("24 hours", "a time of availability"),
        ("2024-05-01", "a date"),
        ("01/05/2024", "a date"),
        ("1.5.2024", "a date"),
        ("12:30", "a time of day"),
        ("09:00-17:00", "a time of day"),
        ("12:30:00", "a time of day"),
    ],
)
def test_times_and_dates_are_not_numbers(text: str, what: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape(f"not a phone number: {text!r} is {what}")):
        check_phone_text(text)


@pytest.mark.parametrize(
    "number", ["+230 213-3304", "+880.2.988.9765", "0800 800 800", "+43/677/61343434", "116 000"]
)
def test_numbers_that_look_a_little_like_them_are_kept(number: str) -> None:
    assert check_phone_text(number) == number


@pytest.mark.parametrize("text", ["24/7", "2024-05-01"])
def test_add_refuses_them_in_one_line_and_writes_nothing(
    run: Run, store_path: Path, text: str
) -> None:
    before = store_path.read_bytes()
    result = run("add", "hotline", "--name", "Line Test", "--country", "SN", "--number", text,
                 "--yes")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert f"not a phone number: {text!r}" in result.stderr
    assert "Traceback" not in result.stderr
    assert store_path.read_bytes() == before


def test_the_number_prompt_asks_again(run: Run) -> None:
    result = run(
        "add", "hotline", "--name", "Line Test", "--country", "SN", "--json",
        tty=True, input="24/7\n+221 33 889 1234\n\n\n\n\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "not a phone number: '24/7' is a time of availability" in result.stderr
    assert [p["number"] for p in stdout_json(result)[0]["phones"]] == ["+221 33 889 1234"]


def test_import_reports_the_row(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text(
        "name,kind,country,phones\n"
        "Line One,hotline,SN,+221 33 889 1234\n"
        "Line Two,hotline,SN,24/7\n"
        # The colon of a time is not a label's: the row says what the cell holds.
        "Line Three,hotline,SN,9:00\n"
        "Line Four,hotline,SN,hotline: 12:30\n"
        "Line Five,hotline,SN,Work: +221 33 889 1235\n",
        encoding="utf-8",
    )
    result = run("import", str(path), "--dry-run")
    assert "line 3  Line Two: refused: not a phone number: '24/7'" in result.stdout
    assert "line 2  Line One: would be added" in result.stdout
    assert "line 4  Line Three: refused: not a phone number: '9:00' is a time" in result.stdout
    assert "line 5  Line Four: refused: not a phone number: '12:30' is a time" in result.stdout
    assert "line 6  Line Five: would be added" in result.stdout


def test_extract_finds_no_number_in_them() -> None:
    text = (
        "DAKAR, Senegal - The helpline opened on 2024-05-01.\n"
        "Hotline: 24/7\n"
        "Call the hotline on 33 889 12 34 at any time.\n"
    )
    numbers = [p["number"] for f in extract(text) for p in f.entry["phones"]]
    assert numbers == ["33 889 12 34"]


def test_one_stored_before_the_rule_is_marked(run: Run, store_path: Path) -> None:
    from ctdir.validate import check_entry, stamp_new

    line = stamp_new(
        check_entry("hotline", {"name": "Old Line Test", "country": "SN", "phones": ["1515"]}).entry
    )
    line["phones"] = [dict(line["phones"][0], number="24/7")]  # as an older ctdir stored it
    store_path.unlink()
    Directory(store_path).create([line])
    out = run("show", line["id"]).stdout
    assert "24/7 ! not a phone number: a time of availability" in out, out
    [found] = [f for f in stdout_json(run("check", "--json")) if f["number"] == "24/7"]
    assert found["issue"] == "invalid-number"


# -- 3. corrections, not guesses ----------------------------------------------------------


def test_a_hotline_short_of_a_digit_gets_no_strangers_number(run: Run, store_path: Path) -> None:
    _empty(store_path)
    # A UAN: +92 311 1247786 would be valid, and is somebody's mobile.
    entry_id = _add(run, "hotline", "--name", "UAN Line Test", "--country", "PK",
                    "--number", "111-247-786")  # fmt: skip
    assert "perhaps" not in run("show", entry_id).stdout
    [found] = [f for f in stdout_json(run("check", "--json")) if f["issue"] == "invalid-number"]
    assert found["suggestion"] is None
    assert "+92 311" not in json.dumps(found)
    assert found["command"].endswith("--phone NUMBER")


def test_a_guess_is_never_pasted_over_a_hotline(run: Run, store_path: Path) -> None:
    """Timor-Leste's kind of change is still suggested, as a "perhaps" to verify."""
    _empty(store_path)
    _add(run, "hotline", "--name", "Dili Line Test", "--country", "TL",
         "--number", "hotline: +670 723 1599")  # fmt: skip
    [found] = [f for f in stdout_json(run("check", "--json")) if f["issue"] == "invalid-number"]
    assert found["suggestion"] == "+670 7723 1599"
    assert "perhaps" in found["detail"]
    assert found["action"].startswith("verify")
    assert "7723" not in found["command"]
    assert found["command"].endswith("--phone 'hotline: NUMBER'")


# -- 4. numbers that ring only inside their country ---------------------------------------


@pytest.mark.parametrize(
    ("written", "national"),
    [("0800 800 800", "0800 800 800"), ("+233 800 800 800", "080 080 0800")],
)
def test_a_domestic_only_number_is_shown_as_dialled_inside(
    run: Run, store_path: Path, written: str, national: str
) -> None:
    _empty(store_path)
    entry_id = _add(run, "hotline", "--name", "Accra Line Test", "--country", "GH",
                    "--number", f"hotline: {written}")  # fmt: skip
    for command in (("show", entry_id), ("hotline", "ghana"), ("lookup", "Accra Line Test")):
        out = run(*command).stdout
        assert f"{national} (hotline) ! only from inside Ghana" in out, out
        assert "+233 80 080 0800" not in out
    assert f"{national} (hotline)" in run("show", entry_id, "--from", "GH").stdout
    [phone] = stdout_json(run("show", entry_id, "--json"))[0]["phones"]
    assert phone == {
        "number": written,
        "e164": "+233800800800",
        "label": "hotline",
        "valid": True,
        "region": "GH",
        "domestic_only": True,
    }


def test_shown_keeps_other_numbers_international() -> None:
    assert shown(parse_phone("0722 123456", "KE")) == "+254 722 123456"
    assert shown(parse_phone("1696", "MV")) == "1696"


def test_vcard_writes_a_domestic_only_number_as_dialled_inside(run: Run, store_path: Path) -> None:
    _empty(store_path)
    _add(run, "hotline", "--name", "Accra Line Test", "--country", "GH",
         "--number", "hotline: +233 800 800 800")  # fmt: skip
    for version in ("4.0", "3.0"):
        card = _unfolded(run("export", "--format", "vcard", "--vcard-version", version).stdout)
        [tel] = [line for line in card.splitlines() if line.startswith("TEL")]
        assert tel.endswith(":080 080 0800"), tel
        assert "tel:+233" not in tel


# -- 5. short codes for texts ---------------------------------------------------------------


def test_a_number_to_text_is_marked_sms_only(run: Run, store_path: Path) -> None:
    _empty(store_path)
    text = (
        "Patrol asks drivers to help\n\nDENVER, Colorado - Report trafficking by calling "
        "877-555-0164 or text HELP to 455733.\n"
    )
    found = {f.entry["phones"][0]["number"]: f.entry for f in extract(text)}
    assert found["455733"]["hours"] == "SMS only: text HELP to 455733"
    assert found["455733"]["name"] == "SMS line 455733"
    assert found["455733"]["phones"][0]["label"] == "hotline"  # within the contract
    assert found["877-555-0164"]["hours"] is None
    assert run("extract", "-", "--add", input=text).exit_code == 0
    out = run("hotline", "united states").stdout
    assert "SMS only: text HELP to 455733" in out


def test_call_or_text_is_not_sms_only() -> None:
    text = "MIAMI, Florida - Victims can call or text 877-555-0164 at any time.\n"
    [finding] = extract(text)
    assert finding.entry["hours"] is None


def test_an_sms_to_a_named_line_keeps_its_name() -> None:
    text = (
        "Cómo denunciar\n\nSAN JUAN, Puerto Rico - Informar por texto:\n"
        "  • Envía un SMS a la Línea Nacional de Prueba contra la Trata I 455733\n"
    )
    [finding] = [f for f in extract(text) if f.entry["phones"][0]["number"] == "455733"]
    assert finding.entry["name"].endswith("(SMS)")
    assert finding.entry["hours"] == "SMS only: send a text message to 455733"
