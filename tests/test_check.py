"""ctdir check: one purpose-built entry per problem, a clean directory, the seed."""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import phonenumbers
import pytest

from ctdir import check
from ctdir.check import Finding, check_entries
from ctdir.model import Entry, blank_entry
from ctdir.phones import parse_phone
from ctdir.store import Directory, bundled

TODAY = date(2026, 11, 23)
RECENT = (TODAY - timedelta(days=30)).isoformat()
_ids = iter(range(10_000))


def entry(
    name: str,
    country: str,
    phones: tuple[str, ...] = (),
    emails: tuple[str, ...] = (),
    kind: str = "contact",
    verified: str | None = RECENT,
    **fields: Any,
) -> Entry:
    """An entry as `ctdir add` stores it (phones parsed with the entry's country)."""
    e = blank_entry(kind)
    e.update(
        id=f"t{next(_ids):07d}",
        name=name,
        country=country,
        phones=[parse_phone(p, country, "office") for p in phones],
        emails=list(emails),
        verified=verified,
        created="2026-01-01T00:00:00Z",
        updated="2026-01-01T00:00:00Z",
        **fields,
    )
    return e


def clean_directory() -> list[Entry]:
    return [
        entry("Nely Chimedza", "MZ", ("+258 21 310 779",), ("nchimedza@iom.int",)),
        entry("Michael Newson", "MU", ("+230 213-3304",), ("mnewson@iom.int",)),
        entry("Asif Munier", "BD", (), ("amunier@iom.int",)),
        entry("Police Human Trafficking Hotline", "MV", ("9500125",), kind="hotline"),
        # A London number for a Jersey office: +44 both, so the country code is right.
        entry("Jersey Liaison", "JE", ("+44 20 7946 0958",), ("liaison@example.org",)),
        # Rome's 06 698 block is the Vatican's; +39 both.
        entry("Roma Focal Point", "IT", ("+39 06 6982 1234",), ("roma@example.org",)),
    ]


def run_check(entries: list[Entry], max_age: int = 365) -> list[Finding]:
    return check_entries(entries, today=TODAY, max_age=max_age).findings


def only(findings: list[Finding], issue: str) -> list[Finding]:
    return [f for f in findings if f.issue == issue]


def write_store(path: Path, entries: list[Entry]) -> None:
    Directory(path).create(entries, overwrite=True)


# -- a clean directory ------------------------------------------------------------


def test_clean_directory_has_no_findings() -> None:
    assert run_check(clean_directory()) == []


def test_clean_directory_exits_0(run, store_path: Path) -> None:
    write_store(store_path, clean_directory())
    result = run("check")
    assert result.exit_code == 0, result.stdout
    assert "No problems found in 6 entries." in result.stdout
    result = run("check", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


# -- numbers ----------------------------------------------------------------------


def test_invalid_number_with_the_one_digit_the_plan_added() -> None:
    angela = entry("Angela Sherwood", "TL", ("+670 723 1576",), ("asherwood@iom.int",))
    [found] = run_check([angela])
    assert found.issue == "invalid-number"
    assert found.id == angela["id"]
    assert found.number == "+670 723 1576"
    # Timor-Leste's mobiles gained a leading 7 in 2012.
    assert found.suggestion == "+670 7723 1576"
    assert "not valid under today's numbering plan" in found.detail
    assert found.command == (
        f"ctdir edit {angela['id']} --remove-phone '+670 723 1576' --phone 'office: +670 7723 1576'"
    )


def test_the_suggested_number_keeps_the_extension_of_the_one_it_replaces() -> None:
    angela = entry("Angela Sherwood", "TL", ("+670 723 1576 ext. 12",))
    [found] = run_check([angela])
    assert found.command == (
        f"ctdir edit {angela['id']} --remove-phone '+670 723 1576 ext. 12' "
        "--phone 'office: +670 7723 1576 ext. 12'"
    )


def test_invalid_number_without_a_unique_fix_gets_no_suggestion() -> None:
    [found] = run_check([entry("Someone", "TL", ("+670 123 4567",), ("s@example.org",))])
    assert found.issue == "invalid-number"
    assert found.suggestion is None
    assert "find the current number" in found.action
    assert found.command is not None and found.command.endswith("--phone 'office: NUMBER'")


def test_wrong_country_with_suggestion() -> None:
    mariam = entry("Mariam Khokhar", "ZA", ("+ 7 795 01 7854",), ("mkhokhar@iom.int",))
    findings = run_check([mariam])
    # One problem, one fix: not also reported as invalid.
    assert [f.issue for f in findings] == ["wrong-country"]
    [found] = findings
    assert found.suggestion == "+27 79 501 7854"
    assert "Kazakhstan" in found.detail and "South Africa" in found.detail
    assert found.command == (
        f"ctdir edit {mariam['id']} --remove-phone '+ 7 795 01 7854' "
        "--phone 'office: +27 79 501 7854'"
    )
    # A suggestion only: the stored number is untouched.
    assert mariam["phones"][0]["number"] == "+ 7 795 01 7854"


@pytest.mark.parametrize(
    ("country", "written", "expected"),
    [
        ("ZA", "+ 7 795 01 7854", "+27 79 501 7854"),  # "+27" lost its 2
        ("MZ", "+58 21 310 779", "+258 21 310 779"),  # "+258" lost its 2
        ("MU", "+30 213 3304", "+230 213 3304"),  # "+230" lost its 2
        ("MV", "+60 9500125", "+960 950-0125"),  # "+960" lost its 9
        ("MZ", "+21 310 779", "+258 21 310 779"),  # no country code at all
    ],
)
def test_country_code_suggestions(country: str, written: str, expected: str) -> None:
    [found] = run_check([entry("X Y", country, (written,), ("x@example.org",))])
    assert found.issue == "wrong-country"
    assert found.suggestion == expected


def test_wrong_country_valid_there_gets_no_guess() -> None:
    # IOM Maldives published a Colombo number: real, valid, and not to be "corrected".
    shareen = entry("Shareen Tuladhar", "MV", ("+94 11 532 5300",), ("s@iom.int",))
    kenya = entry("Nairobi Office", "KE", ("+255 712 345 678",), ("n@example.org",))
    findings = run_check([shareen, kenya])
    assert [(f.id, f.issue, f.suggestion) for f in findings] == [
        (kenya["id"], "wrong-country", None),
        (shareen["id"], "wrong-country", None),
    ]
    assert "the country code of Sri Lanka" in findings[1].detail
    assert "keep it if the office really uses a line in Sri Lanka" in findings[1].action


def test_domestic_only_short_code() -> None:
    hotline = entry("Ministry of Economic Development Hotline", "MV", ("1696",), kind="hotline")
    [found] = run_check([hotline])
    assert found.issue == "domestic-only"
    assert found.number == "1696"
    assert "only from inside the Maldives" in found.detail


def test_numbers_are_judged_again_not_by_stored_flags() -> None:
    # Flags stored by an older phonenumbers: this TL number was valid then.
    old = entry("Angela Sherwood", "TL", ("+670 723 1576",), ("a@iom.int",))
    old["phones"][0]["valid"] = True
    assert only(run_check([old]), "invalid-number")
    # And a number stored as invalid that today's plan accepts is not reported.
    fine = entry("Nely Chimedza", "MZ", ("+258 21 310 779",), ("n@iom.int",))
    fine["phones"][0]["valid"] = False
    assert run_check([fine]) == []


def test_e164_fast_path_matches_phonenumbers_parse() -> None:
    """check's own E.164 reading: what phonenumbers.parse gives, for every region."""
    judge = check._Judge()
    samples = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in (
            phonenumbers.PhoneNumberType.FIXED_LINE,
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.TOLL_FREE,
        ):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is not None:
                samples.append(
                    phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
                )
    samples.append("+390669821234")  # Rome: a leading zero kept
    for e164 in samples:
        assert judge._from_e164(e164) == phonenumbers.parse(e164, None), e164


@pytest.mark.parametrize(
    "e164", ["+8800012345", "+3900012345", "+2250123456789", "+4402079460958", "+6707231576"]
)
def test_judge_agrees_with_phonenumbers_on_odd_numbers(e164: str) -> None:
    """Where parse strips a national prefix (invalid as written), the verdict still agrees."""
    parsed = phonenumbers.parse(e164, None)
    phone = {"number": e164, "e164": e164, "label": None, "valid": True, "region": None}
    judged = check._Judge().current(phone | {"domestic_only": False}, None)
    assert judged["valid"] == phonenumbers.is_valid_number(parsed)
    region = phonenumbers.region_code_for_number(parsed)
    assert judged["region"] == (None if region in (None, "ZZ", "001") else region)


# -- duplicates -------------------------------------------------------------------


def test_colleagues_sharing_a_switchboard_are_not_duplicates() -> None:
    first = entry("Nely Chimedza", "MZ", ("+258 21 310 779",), ("nchimedza@iom.int",))
    second = entry("Joao Matsinhe", "MZ", ("+25821310779",), ("jmatsinhe@iom.int",))
    third = entry("IOM Maputo reception", "MZ", ("+258 21 310 779",), ("maputo@iom.int",))
    assert run_check([first, second, third]) == []


def test_hotlines_of_one_operator_sharing_a_number_are_not_duplicates() -> None:
    a = entry("Police Hotline", "MV", ("+960 950-0125",), kind="hotline")
    b = entry("Child Protection Line", "MV", ("9500125",), kind="hotline")
    assert run_check([a, b]) == []


def test_duplicate_email_ignores_case() -> None:
    a = entry("Nely Chimedza", "MZ", (), ("nchimedza@iom.int",))
    b = entry("N. Chimedza (Maputo)", "MZ", (), ("NChimedza@IOM.int",))
    [found] = run_check([a, b])
    assert found.issue == "duplicate-email"
    assert found.id == b["id"] and found.related == (a["id"],)


@pytest.mark.parametrize(
    "other", ["Shahryar Tanya Huq", "tanya huq SHAHRYAR", "Tánya Huq Shahryar"]
)
def test_duplicate_name_in_one_country(other: str) -> None:
    a = entry("Tanya Huq Shahryar", "BD", (), ("tanya@iom.int",))
    b = entry(other, "BD", (), ("other@iom.int",))
    [found] = run_check([a, b])
    assert found.issue == "duplicate-name"
    assert found.id == b["id"] and found.related == (a["id"],)
    assert found.command == f"ctdir show {a['id']}"


@pytest.mark.parametrize(
    ("one", "other"),
    [("Tanya Huq Shahryar", "Tanya Huq Shahriar"), ("Fariba Ahmadi", "Fariba Mohammadi")],
)
def test_similar_names_are_possible_duplicates_to_accept(one: str, other: str) -> None:
    a = entry(one, "BD", (), ("tanya@iom.int",))
    b = entry(other, "BD", (), ("other@iom.int",))
    [found] = run_check([a, b])
    assert found.issue == "possible-duplicate"
    assert found.id == b["id"] and found.related == (a["id"],)
    assert found.command == f"ctdir check --accept {b['id']} possible-duplicate"


def test_numbered_and_han_names_are_not_similar() -> None:
    people = [
        entry("Imported Person 10 Q130", "KE", (), ("p10@example.org",)),
        entry("Imported Person 1 Q13", "KE", (), ("p1@example.org",)),
        entry("朱涛华", "CN", (), ("zhu@example.org",)),
        entry("周华涛", "CN", (), ("zhou@example.org",)),
    ]
    assert run_check(people) == []


def test_hostile_ids_are_quoted_in_suggested_commands() -> None:
    import shlex

    e = entry("Nely Chimedza", "MZ", ("+258 21 310 779",), verified=None)
    e["id"] = "tl5as9fv;touch /tmp/PWNED;#"
    [found] = run_check([e])
    assert found.command is not None
    assert shlex.split(found.command) == ["ctdir", "verify", e["id"]]


def test_same_name_in_two_countries_is_not_a_duplicate() -> None:
    a = entry("Tanya Huq Shahryar", "BD", (), ("a@iom.int",))
    b = entry("Tanya Huq Shahryar", "MV", (), ("b@iom.int",))
    assert run_check([a, b]) == []


def _random_name(rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return " ".join(
        "".join(rng.choice(letters) for _ in range(rng.randint(5, 9))).title() for _ in range(2)
    )


def test_duplicate_name_typo_in_first_letter_among_many() -> None:
    """A typo at the start of the name sorts far away; the reversed order finds it."""
    rng = random.Random(7)
    crowd = [entry(_random_name(rng), "BD", (), (f"p{i}@example.org",)) for i in range(400)]
    a = entry("Bartholomew Quigley", "BD", (), ("a@example.org",))
    b = entry("Bartholomew Zuigley", "BD", (), ("b@example.org",))
    findings = only(run_check([*crowd, a, b]), "possible-duplicate")
    assert [(f.id, f.related) for f in findings] == [(b["id"], (a["id"],))]


# -- fields and verification ------------------------------------------------------


def test_contact_with_no_phone_and_no_email() -> None:
    lonely = entry("Nobody Reachable", "MZ")
    [found] = run_check([lonely])
    assert found.issue == "no-contact-method"
    assert found.command == f"ctdir edit {lonely['id']} --phone NUMBER --email ADDRESS"


def test_hotline_with_no_number() -> None:
    silent = entry("Silent Hotline", "MV", kind="hotline")
    [found] = run_check([silent])
    assert found.issue == "no-number"


def test_never_verified() -> None:
    e = entry("Nely Chimedza", "MZ", ("+258 21 310 779",), verified=None)
    [found] = run_check([e])
    assert found.issue == "never-verified"
    assert found.command == f"ctdir verify {e['id']}"


def test_stale_and_max_age() -> None:
    old = (TODAY - timedelta(days=400)).isoformat()
    e = entry("Nely Chimedza", "MZ", ("+258 21 310 779",), verified=old)
    [found] = run_check([e])
    assert found.issue == "stale"
    assert old in found.detail and "400 days ago" in found.detail
    assert run_check([e], max_age=500) == []
    recent = entry("Michael Newson", "MU", ("+230 213-3304",), verified=RECENT)
    assert [f.issue for f in run_check([recent], max_age=10)] == ["stale"]


def test_unreadable_verified_date_counts_as_never_verified() -> None:
    e = entry("Nely Chimedza", "MZ", ("+258 21 310 779",), verified="last spring")
    [found] = run_check([e])
    assert found.issue == "never-verified"
    assert "last spring" in found.detail


# -- the seed directory (the issue's definition of done) --------------------------


def test_seed_directory_report() -> None:
    findings = check_entries(bundled("seed")).findings
    by_issue: dict[str, list[Finding]] = {}
    for f in findings:
        by_issue.setdefault(f.issue, []).append(f)
    assert {f.id for f in by_issue["invalid-number"]} == {"tl5as9fv", "tl8hk2cz"}
    wrong = {f.id: f for f in by_issue["wrong-country"]}
    assert wrong["za9mk5hd"].suggestion == "+27 79 501 7854"
    assert wrong["mv7tq2ka"].suggestion is None  # the Sri Lankan line
    [domestic] = by_issue["domestic-only"]
    assert (domestic.id, domestic.number) == ("mv6me4dw", "1696")
    assert {f.id for f in by_issue["never-verified"]} == {e["id"] for e in bundled("seed")}
    assert set(by_issue) == {"invalid-number", "wrong-country", "domestic-only", "never-verified"}


def test_cli_check_on_seed(run) -> None:
    result = run("check")
    assert result.exit_code == 1
    out = result.stdout
    headings = [
        "Numbers not valid under today's numbering plan (2) [invalid-number]",
        "Numbers with another country's code (2) [wrong-country]",
        "Numbers that can only be dialled inside their country (1) [domestic-only]",
        "Never verified (11) [never-verified]",
    ]
    positions = [out.index(h) for h in headings]
    assert positions == sorted(positions)  # grouped, most urgent first
    assert "+27 79 501 7854" in out
    assert "1696 can be dialled only from inside the Maldives" in out
    assert "  → check it against its source or with the office, then record that:\n" in out
    assert "\n    ctdir verify ID\n" in out  # said once for the group
    assert (
        "\n      ctdir edit za9mk5hd --remove-phone '+ 7 795 01 7854' "
        "--phone 'office: +27 79 501 7854'\n"
    ) in out
    assert out.rstrip().endswith(
        "16 problems in 11 of 11 entries: 2 invalid-number, 2 wrong-country, "
        "1 domestic-only, 11 never-verified."
    )


def test_cli_check_json(run) -> None:
    result = run("check", "--json")
    assert result.exit_code == 1
    rows = json.loads(result.stdout)  # nothing but JSON on stdout
    assert all(set(r) >= {"issue", "id", "name", "detail", "action", "command"} for r in rows)
    mariam = next(r for r in rows if r["id"] == "za9mk5hd" and r["issue"] == "wrong-country")
    assert mariam["suggestion"] == "+27 79 501 7854"
    assert mariam["number"] == "+ 7 795 01 7854"
    assert mariam["country_name"] == "South Africa"
    assert sum(r["issue"] == "never-verified" for r in rows) == 11


def test_cli_check_max_age(run, store_path: Path) -> None:
    e = entry("Nely Chimedza", "MZ", ("+258 21 310 779",), ("n@iom.int",))
    e["verified"] = (date.today() - timedelta(days=100)).isoformat()
    write_store(store_path, [e])
    assert run("check").exit_code == 0
    result = run("check", "--max-age", "30")
    assert result.exit_code == 1
    assert "Verified more than 30 days ago (1) [stale]" in result.stdout
    assert run("check", "--max-age", "-1").exit_code == 2


def test_cli_check_on_a_terminal(run) -> None:
    result = run("check", env={"CTDIR_OUTPUT": "table"})
    assert result.exit_code == 1
    assert "Mariam Khokhar" in result.stdout
    assert "+27 79 501 7854" in result.stdout


def test_cli_check_never_writes(run, store_path: Path) -> None:
    run("check")
    before = store_path.read_bytes()
    run("check", "--json")
    assert store_path.read_bytes() == before


@pytest.mark.parametrize("width", [40, 80, 120])
def test_terminal_report_never_breaks_a_number(run, width: int) -> None:
    findings = json.loads(run("check", "--json").stdout)
    numbers = {n for f in findings for n in (f["number"], f["suggestion"]) if n and " " in n}
    assert "+670 7723 1576" in numbers  # broken after "+670 7723" at 40 columns once
    result = run("check", env={"CTDIR_OUTPUT": "table", "COLUMNS": str(width)})
    assert result.exit_code == 1
    out = result.stdout
    # A line break between two parts of a number would make it appear fewer times.
    flat = re.sub(r" \\?\n *|\n *", " ", out)
    for number in numbers:
        assert out.count(number) == flat.count(number) > 0, number
    lines = out.splitlines()
    assert all(len(line) <= width for line in lines)
    assert not [line for line in lines if line.endswith(" ")]


@pytest.mark.parametrize("width", [40, 80, 120])
def test_suggested_commands_break_only_between_shell_words(width: int) -> None:
    import shlex

    from ctdir.cli.quality import command_lines

    command = check._command(
        "ctdir", "edit", "za9mk5hd", "--remove-phone", "+ 7 795 01 7854",
        "--phone", "office: +27 79 501 7854",
    )  # fmt: skip
    lines = command_lines(command, width, 6)
    assert all(len(line) <= width for line in lines if " " in line.strip())
    assert all(line.endswith(" \\") for line in lines[:-1])
    pasted = " ".join(line.removesuffix(" \\").strip() for line in lines)
    assert shlex.split(pasted) == shlex.split(command)
    assert any("'office: +27 79 501 7854'" in line for line in lines)
