"""ctdir.validate: the checks every written entry passes (add, edit, import, extract)."""

from __future__ import annotations

import socket
from datetime import date, timedelta
from typing import Any

import pytest

from ctdir.errors import InvalidInput, UnknownCountry
from ctdir.model import Entry
from ctdir.store import Directory
from ctdir.validate import (
    MAX_ITEMS,
    Checked,
    check_date,
    check_email,
    check_entry,
    check_phone,
    clean_text,
    resolve_country_strict,
    stamp_new,
)

# -- text --------------------------------------------------------------------------------


def test_clean_text_trims_and_empties_to_none() -> None:
    assert clean_text("name", "  Nely Chimedza \n") == "Nely Chimedza"
    assert clean_text("title", "   ") is None
    assert clean_text("title", None) is None


@pytest.mark.parametrize(
    "bad",
    [
        "Nely\x1b[2JChimedza",  # an escape sequence
        "Nely\x07",  # bell
        "Nely\nChimedza",  # newline outside notes
        "Nely\u202eazdemihC",  # right-to-left override
        "Nely\u200bChimedza",  # zero-width space
        "Nely\u2028Chimedza",  # line separator
        "Nely\x85Chimedza",  # C1 next line
        "Nely\udcffChimedza",  # lone surrogate (undecodable argv)
        "Nely\U000e0041",  # tag character (hidden text)
    ],
)
def test_clean_text_rejects_control_and_invisible_characters(bad: str) -> None:
    with pytest.raises(InvalidInput, match="control or invisible"):
        clean_text("name", bad)


def test_clean_text_keeps_joiners_that_scripts_need() -> None:
    persian = "نرگس\u200cمحمدی"  # ZWNJ inside a Persian name
    assert clean_text("name", persian) == persian
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert clean_text("notes", family) == family


def test_notes_keep_newlines_and_tabs_and_normalise_crlf() -> None:
    assert clean_text("notes", "line one\r\n\tline two") == "line one\n\tline two"
    with pytest.raises(InvalidInput):
        clean_text("notes", "lone\rcarriage return")


@pytest.mark.parametrize(("field", "limit"), [("name", 200), ("city", 100), ("notes", 4000)])
def test_length_limits(field: str, limit: int) -> None:
    assert clean_text(field, "x" * limit) == "x" * limit
    with pytest.raises(InvalidInput, match="too long"):
        clean_text(field, "x" * (limit + 1))


# -- countries -----------------------------------------------------------------------------


def test_country_any_form() -> None:
    assert resolve_country_strict("MZ") == "MZ"
    assert resolve_country_strict("moz") == "MZ"
    assert resolve_country_strict("Moçambique") == "MZ"
    assert resolve_country_strict("East Timor") == "TL"


def test_unknown_country_has_suggestions() -> None:
    with pytest.raises(UnknownCountry) as info:
        resolve_country_strict("Narnia")
    assert info.value.exit_code == 2
    assert info.value.hints and all("did you mean" in h for h in info.value.hints)


def test_a_city_is_not_taken_for_a_country_without_asking() -> None:
    with pytest.raises(UnknownCountry) as info:
        resolve_country_strict("Dili")
    assert "city in Timor-Leste (TL)" in info.value.hints[0]


def test_a_misspelt_country_is_accepted_with_a_note() -> None:
    checked = check_entry("contact", {"name": "A B", "country": "mozambik", "emails": ["a@b.org"]})
    assert checked.entry["country"] == "MZ"
    assert any("read as Mozambique (MZ)" in n for n in checked.notes)


# -- phones -------------------------------------------------------------------------------


def test_phone_stored_as_typed_with_e164_and_region() -> None:
    phone, warnings, notes = check_phone("office: +258 21 310 779", "MZ")
    assert phone == {
        "number": "+258 21 310 779",
        "e164": "+25821310779",
        "label": "office",
        "valid": True,
        "region": "MZ",
        "domestic_only": False,
    }
    assert warnings == [] and notes == []


def test_default_region_is_the_entry_country() -> None:
    phone, _, _ = check_phone("9500125", "MV")
    assert phone["e164"] == "+9609500125" and phone["valid"]


def test_number_invalid_today_is_accepted_with_a_warning() -> None:
    phone, warnings, _ = check_phone("+670 723 1576", "TL")
    assert phone["valid"] is False and phone["e164"] == "+6707231576"
    assert len(warnings) == 1 and "not valid under today's numbering plan" in warnings[0]


def test_number_of_another_country_is_accepted_with_a_note() -> None:
    phone, warnings, notes = check_phone("+94 11 532 5300", "MV")
    assert phone["region"] == "LK" and phone["valid"]
    assert warnings == []
    assert notes == ["+94 11 532 5300: a Sri Lanka number, while the entry is in the Maldives"]


def test_short_code_is_domestic_only() -> None:
    phone, warnings, notes = check_phone("1696", "MV")
    assert phone["domestic_only"] and phone["e164"] is None and phone["region"] == "MV"
    assert warnings == [] and notes == ["1696: only from inside the Maldives"]


def test_vanity_number_is_accepted() -> None:
    phone, warnings, _ = check_phone("416-222-TIPS", "CA")
    assert phone["number"] == "416-222-TIPS"
    assert phone["e164"] == "+14162228477" and phone["valid"] and warnings == []


def test_extension_is_not_taken_for_letters() -> None:
    phone, warnings, _ = check_phone("+1 416 222 8477 ext. 12", "CA")
    assert phone["valid"] and phone["e164"] == "+14162228477" and warnings == []


@pytest.mark.parametrize("prefix", ["tel:", "TEL:", "Tel. ", "Phone: "])
def test_pasted_prefixes_are_dropped(prefix: str) -> None:
    phone, _, _ = check_phone(f"{prefix}+258 21 310 779", "MZ")
    assert phone["number"] == "+258 21 310 779"


@pytest.mark.parametrize(
    "text",
    [
        "call us",  # no digits
        "",  # nothing
        "+258 21 31O 779",  # a letter O for a zero
        "+258 2l 310 779",  # a letter l for a one
        "+258 21 310 779 office",  # stray word after a number
        "12abc34",
        "+258\x1b21 310 779",
    ],
)
def test_text_that_is_not_a_number_is_rejected(text: str) -> None:
    with pytest.raises(InvalidInput):
        check_phone(text, "MZ")


# -- emails and dates ----------------------------------------------------------------------


def test_email_kept_as_typed() -> None:
    assert check_email(" NChimedza@IOM.int ") == "NChimedza@IOM.int"
    assert check_email("mailto:nchimedza@iom.int") == "nchimedza@iom.int"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("nchimedza", "must have an @-sign"),
        ("nchimedza@", "something after the @-sign"),
        ("Nely <nchimedza@iom.int>", ""),
        ("a..b@iom.int", "period"),
    ],
)
def test_invalid_email_rejected_with_the_library_reason(text: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as info:
        check_email(text)
    assert info.value.message.startswith(f"invalid email {text!r}: ")
    assert reason in info.value.message


def test_email_check_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("DNS lookup attempted")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket, "gethostbyname", no_network)
    assert check_email("someone@no-such-domain-ctdir.example") == (
        "someone@no-such-domain-ctdir.example"
    )


def test_dates() -> None:
    assert check_date("2024-03-02") == "2024-03-02"
    assert check_date("2024-03-02T10:00:00Z") == "2024-03-02"
    assert check_date("today") == date.today().isoformat()
    assert check_date("") is None
    for bad in ("2024-03-02garbage", "02/03/2024", "yesterday"):
        with pytest.raises(InvalidInput):
            check_date(bad)
    with pytest.raises(InvalidInput, match="future"):
        check_date((date.today() + timedelta(days=2)).isoformat())


# -- whole entries -------------------------------------------------------------------------


def contact(**values: Any) -> Checked:
    base: dict[str, Any] = {"name": "Nely Chimedza", "country": "MZ", "emails": ["n@iom.int"]}
    base.update(values)
    return check_entry("contact", base)


def test_contact_needs_name_country_and_a_phone_or_email() -> None:
    with pytest.raises(InvalidInput, match="needs a name"):
        contact(name="  ")
    with pytest.raises(InvalidInput, match="country is required"):
        contact(country="")
    with pytest.raises(InvalidInput, match="at least one phone number or email"):
        contact(emails=[])
    assert contact(emails=[], phones=["+258 21 310 779"]).entry["phones"][0]["valid"]


def test_hotline_needs_a_number() -> None:
    with pytest.raises(InvalidInput, match="needs at least one number"):
        check_entry("hotline", {"name": "Hotline", "country": "MV"})


def test_lists_deduplicated() -> None:
    entry = contact(
        emails=["n@iom.int", "N@IOM.INT"],
        phones=["+258 21 310 779", "+258 21-310-779"],
        languages=["English", "english", " Portuguese "],
    ).entry
    assert entry["emails"] == ["n@iom.int"]
    assert [p["number"] for p in entry["phones"]] == ["+258 21 310 779"]
    assert entry["languages"] == ["English", "Portuguese"]


def test_too_many_items() -> None:
    with pytest.raises(InvalidInput, match="too many emails"):
        contact(emails=[f"a{i}@iom.int" for i in range(MAX_ITEMS + 1)])


def test_new_country_rechecks_the_numbers() -> None:
    first = contact(phones=["+258 21 310 779"]).entry
    moved = check_entry("contact", {"country": "ZA"}, base=first)
    assert moved.entry["country"] == "ZA"
    assert moved.entry["phones"][0]["e164"] == "+25821310779"
    assert any("Mozambique number" in n for n in moved.notes)


def test_a_number_without_country_code_is_read_in_the_new_country() -> None:
    first = check_entry("hotline", {"name": "Hot", "country": "MV", "phones": ["9500125"]}).entry
    moved = check_entry("hotline", {"country": "MU"}, base=first)
    assert moved.entry["phones"][0]["number"] == "9500125"
    assert moved.entry["phones"][0]["e164"] != "+9609500125"


def test_edit_does_not_repeat_warnings_for_numbers_already_there() -> None:
    first = check_entry("contact", {"name": "A", "country": "TL", "phones": ["+670 723 1576"]})
    assert first.warnings
    again = check_entry(
        "contact", {"title": "Officer", "phones": first.entry["phones"]}, base=first.entry
    )
    assert again.warnings == [] and again.entry["title"] == "Officer"


def test_stamp_new_avoids_taken_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctdir.model

    ids = iter(["aaaaaaaa", "bbbbbbbb", "cccccccc"])
    monkeypatch.setattr(ctdir.model, "new_id", lambda taken: next(i for i in ids if i not in taken))
    monkeypatch.setattr("ctdir.validate.new_id", ctdir.model.new_id)
    entry = stamp_new(contact().entry, taken={"aaaaaaaa", "bbbbbbbb"})
    assert entry["id"] == "cccccccc"
    assert entry["created"] == entry["updated"]


def test_new_id_never_returns_a_taken_one() -> None:
    from ctdir.model import new_id

    taken = {new_id() for _ in range(200)}
    for _ in range(200):
        assert new_id(taken) not in taken


# -- duplicates: the identity rules as add and edit apply them --------------------------------


def dup_reasons(directory: Directory, entry: Entry) -> dict[str, str]:
    from ctdir.core import matches, neighbours

    return {str(m.ref): m.reason for m in matches(neighbours(directory.index(), [entry]), entry)}


def test_a_shared_number_is_no_duplicate(directory: Directory) -> None:
    entry = contact(name="Someone Else", emails=["x@y.org"], phones=["+258 21-310-779"]).entry
    assert dup_reasons(directory, entry) == {}


def test_duplicate_by_email_any_case(directory: Directory) -> None:
    entry = check_entry(
        "contact", {"name": "Someone", "country": "FR", "emails": ["NChimedza@IOM.int"]}
    ).entry
    assert dup_reasons(directory, entry) == {"mz4nc8re": "same email NChimedza@IOM.int"}


def test_near_identical_name_in_the_same_country_is_a_possible_duplicate(
    directory: Directory,
) -> None:
    near = contact(name="Nelly Chimedza", emails=["other@x.org"]).entry
    assert dup_reasons(directory, near) == {"mz4nc8re": "similar name: Nely Chimedza"}
    same = contact(name="CHIMEDZA, Nély", emails=["other@x.org"]).entry
    assert dup_reasons(directory, same) == {"mz4nc8re": "same name in MZ"}
    elsewhere = check_entry(
        "contact", {"name": "Nely Chimedza", "country": "FR", "emails": ["other@x.org"]}
    ).entry
    assert dup_reasons(directory, elsewhere) == {}
    different = contact(name="Nadia Chambers", emails=["other@x.org"]).entry
    assert dup_reasons(directory, different) == {}


def test_hotlines_of_one_operator_sharing_a_short_code_are_not_duplicates(
    directory: Directory,
) -> None:
    same = check_entry("hotline", {"name": "Other", "country": "MV", "phones": ["1696"]}).entry
    assert dup_reasons(directory, same) == {}


def test_an_entry_is_not_its_own_duplicate(directory: Directory) -> None:
    entry = directory.index().get("mz4nc8re")
    assert entry is not None
    assert dup_reasons(directory, entry) == {}
