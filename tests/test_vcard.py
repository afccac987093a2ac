"""vCard (ctdir.interop.vcard): export as 4.0, import 2.1/3.0/4.0, every real-world test file."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import vobject
from click.testing import Result
from testkit import VCARDS, needs_vcards, present

from ctdir.errors import InvalidInput
from ctdir.interop.vcard import export_vcard, read_vcard, split_cards
from ctdir.model import blank_entry


def _entry(**fields: object) -> dict[str, object]:
    entry = blank_entry(str(fields.pop("kind", "contact")))
    entry.update(id="mz4nc8re", created="2024-01-01T00:00:00Z", updated="2024-01-02T00:00:00Z")
    entry.update(fields)
    return entry


NELY = _entry(
    name="Nely Chimedza",
    title="Officer",
    organization="IOM",
    office="IOM Maputo",
    city="Maputo",
    country="MZ",
    phones=[
        {
            "number": "+258 21 310 779",
            "e164": "+25821310779",
            "label": "office",
            "valid": True,
            "region": "MZ",
            "domestic_only": False,
        }
    ],
    emails=["nchimedza@iom.int"],
    notes="Speaks Portuguese.\nCall mornings.",
)
HOTLINE = _entry(
    id="mv6me4dw",
    kind="hotline",
    name="Ministry of Economic Development Hotline",
    organization="Ministry of Economic Development",
    country="MV",
    phones=[
        {
            "number": "1696",
            "e164": None,
            "label": "hotline",
            "valid": True,
            "region": "MV",
            "domestic_only": True,
        }
    ],
)


def test_export_is_vcard_4_with_the_expected_properties() -> None:
    cards = list(vobject.readComponents(export_vcard([NELY, HOTLINE]).decode()))
    assert len(cards) == 2
    card = cards[0]
    assert card.version.value == "4.0"
    assert card.uid.value == "mz4nc8re"
    assert card.fn.value == "Nely Chimedza"
    assert card.n.value.family == "Chimedza" and card.n.value.given == "Nely"
    assert card.org.value == ["IOM", "IOM Maputo"]
    assert card.title.value == "Officer"
    assert card.tel.value == "tel:+25821310779"
    assert card.tel.params["VALUE"] == ["uri"]
    assert card.tel.params["TYPE"] == ["work"]
    assert card.tel.params["X-CTDIR-NUMBER"] == ["+258 21 310 779"]  # as published
    assert card.email.value == "nchimedza@iom.int"
    assert card.note.value == "Speaks Portuguese.\nCall mornings."
    assert card.categories.value == ["contact", "MZ"]
    assert card.adr.value.city == "Maputo" and card.adr.value.country == "Mozambique"
    assert card.kind.value == "individual"
    hotline = cards[1]
    assert hotline.kind.value == "org"
    assert "n" not in hotline.contents
    assert hotline.tel.value == "1696" and hotline.tel.params["VALUE"] == ["text"]
    assert hotline.categories.value == ["hotline", "MV"]


def test_export_reads_back_with_the_same_values() -> None:
    records = read_vcard(export_vcard([NELY, HOTLINE])).records
    nely, hotline = records
    assert nely.entry_id == "mz4nc8re" and nely.kind == "contact"
    assert nely.values["country"] == "MZ"
    assert nely.values["phones"] == [{"number": "+258 21 310 779", "label": "office"}]
    assert nely.values["office"] == "IOM Maputo"
    assert nely.created == "2024-01-01T00:00:00Z" and nely.updated == "2024-01-02T00:00:00Z"
    assert nely.values["source"] is None  # ctdir's own card: no "vCard file" source
    assert hotline.kind == "hotline" and hotline.values["country"] == "MV"


def test_split_cards_isolates_broken_cards() -> None:
    text = (
        "junk before\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:One\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Two\\, broken\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Three\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nFN:Four\r\n"
    )
    cards = split_cards(text)
    assert [(line, error is None) for line, error, _ in cards] == [
        (2, True),
        (6, False),
        (9, True),
        (13, False),
    ]
    assert cards[1][2] == "Two, broken"  # named in the error
    assert "before END:VCARD" in (cards[3][1] or "")


def test_vcard_21_quoted_printable_soft_breaks_and_bare_types() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        b"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=98=D0=B2=D0=B0=D0=BD=D0=BE=D0=B2;"
        b"=D0=98=D0=B2=D0=B0=D0=BD;;;\r\n"
        b"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=98=D0=B2=D0=B0=D0=BD =D0=98=D0=B2=\r\n"
        b"=D0=B0=D0=BD=D0=BE=D0=B2\r\n"
        b"TEL;CELL;PREF:+7 912 345 67 89\r\n"
        b"EMAIL;INTERNET:ivan@example.ru\r\n"
        b"END:VCARD\r\n"
    )
    (record,) = read_vcard(data, "phone.vcf").records
    assert record.error is None
    assert record.values["name"] == "Иван Иванов"
    assert record.values["phones"] == [{"number": "+7 912 345 67 89", "label": "mobile"}]
    assert record.values["emails"] == ["ivan@example.ru"]
    assert record.values["source"] == "vCard file phone.vcf"


def test_grouped_properties_folded_lines_and_tel_uris() -> None:
    data = (
        b"BEGIN:VCARD\nVERSION:4.0\nFN:Ana\n  Silva\n"
        b"item1.TEL;VALUE=uri;TYPE=work:tel:+258-21-310-779;ext=12\n"
        b"item1.X-ABLabel:Work\nTEL;VALUE=uri:tel:%2B258843000000\n"
        b"ORG:A\\, B;Unit;Team\nEND:VCARD\n"
    )
    (record,) = read_vcard(data).records
    assert record.values["name"] == "Ana Silva"
    assert record.values["phones"] == [
        {"number": "+258-21-310-779 ext. 12", "label": "office"},
        {"number": "+258843000000", "label": None},
    ]
    assert record.values["organization"] == "A, B"
    assert record.values["office"] == "Unit, Team"


def test_name_from_n_when_there_is_no_fn() -> None:
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Smith;Michael;;Dr.;\r\nEND:VCARD\r\n"
    assert read_vcard(data).records[0].values["name"] == "Dr. Michael Smith"


def test_country_from_categories_only_on_ctdir_cards_else_from_address() -> None:
    foreign = (
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nCATEGORIES:IT,work\r\n"
        b"ADR;TYPE=work:;;;Maputo;;;Mo\xc3\xa7ambique\r\nEND:VCARD\r\n"
    )
    assert read_vcard(foreign).records[0].values["country"] == "MZ"
    home_only = (
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nCATEGORIES:IT\r\n"
        b"ADR;TYPE=home:;;;Paris;;;France\r\nEND:VCARD\r\n"
    )
    assert "country" not in read_vcard(home_only).records[0].values  # private address ignored
    unknown = b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nADR:;;;;;;Gnuland\r\nEND:VCARD\r\n"
    record = read_vcard(unknown).records[0]
    assert "country" not in record.values
    assert "Gnuland" in record.warnings[0]


def test_a_file_without_cards_is_refused() -> None:
    with pytest.raises(InvalidInput, match="no vCard"):
        read_vcard(b"name,country\nA,MZ\n")


# -- every real-world file ------------------------------------------------------------

FILES = (
    sorted(p.relative_to(VCARDS).as_posix() for p in VCARDS.glob("*/*.vcf"))
    if present(VCARDS)
    else []
)

# Files that import without --country: their country comes from an address or a number.
IMPORTED = {
    "vobject-eventable/vcard_with_groups.vcf": "DE",  # +49 3581 123456
    "vobject-py/photo-test.pr48.vcf": "DE",  # +49123456789
    "vobject-py/vcard40_full.pr124.vcf": "US",  # ADR ... U.S.A.
    "vobject-py/vcard40_location.pr124.vcf": "US",
    "vobject-py/vcard40_org.pr124.vcf": "US",
}
# Files that import once --country gives the country (they have a number or email).
NEED_COUNTRY = {
    "khard/category.vcf",
    "khard/contact1.vcf",
    "khard/joe.vcf",
    "khard/multiemail-main.pr261.vcf",
    "khard/nickname.vcf",
    "khard/no-nickname.vcf",
    "khard/tel-value-uri.vcf",
}
# Every other file is rejected even with --country, for this reason.
REJECTED = {
    "khard/unparsable.vcf": "incomplete card: the file ends before END:VCARD",
    "vobject-py/vcard40_group.pr124.vcf": "a group card (KIND:group)",
    "khard/org.vcf": "a hotline needs at least one number",
    "vobject-eventable/simple_3_0_test.vcf": "not a phone number: '+01-(0)2-765.43.21'",
}


@needs_vcards
def test_the_test_files_are_there() -> None:
    assert len(FILES) >= 30, f"missing {VCARDS}?"


@needs_vcards
@pytest.mark.parametrize("name", FILES)
def test_every_file_imports_or_is_rejected_with_a_reason(
    run: Callable[..., Result], empty_store: Path, name: str
) -> None:
    path = str(VCARDS / name)
    result = run("import", path)
    assert "Traceback" not in result.output and "internal error" not in result.output
    if name in IMPORTED:
        assert result.exit_code == 0, result.output
        assert "1 added" in result.stdout
        listed = run("list", "--json").stdout
        assert f'"country": "{IMPORTED[name]}"' in listed
        return
    assert result.exit_code == 2, result.output
    assert "card 1 (line 1)" in result.stderr  # where, per card
    assert "nothing was written" in result.stderr
    with_country = run("import", path, "--country", "MV")
    if name in NEED_COUNTRY:
        assert "no country (use --country)" in result.stderr
        assert with_country.exit_code == 0, with_country.output
        return
    assert with_country.exit_code == 2
    reason = REJECTED.get(name, "a contact needs at least one phone number or email")
    assert reason in with_country.stderr
    if name not in REJECTED:
        assert "no phone number or email; no country (use --country)" in result.stderr


@needs_vcards
def test_all_files_at_once_with_skip_invalid(
    run: Callable[..., Result], empty_store: Path, tmp_path: Path
) -> None:
    combined = tmp_path / "all.vcf"
    combined.write_bytes(b"\r\n".join((VCARDS / name).read_bytes() for name in FILES))
    result = run("import", str(combined), "--skip-invalid", "--country", "MV")
    assert result.exit_code == 0, result.output
    # unparsable.vcf has no END: it is reported, and the card after it still imports.
    assert "incomplete card: BEGIN:VCARD again before END:VCARD" in result.stderr
    counts = [
        int(n)
        for n in re.findall(r"(\d+) (?:added|merged|skipped|conflicts|invalid)", result.stdout)
    ]
    assert sum(counts) == len(FILES)  # one card per file, each accounted for
