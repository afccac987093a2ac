"""vCards of phones and Apple Contacts in; vCard 3.0 and 4.0 out to phones.

The Apple layout (grouped ``item1.TEL`` with ``item1.X-ABLabel:_$!<Mobile>!$_``,
``TYPE=CELL,VOICE,pref``, a base64 PHOTO) is as in khard's labels.vcf and
photov3.vcf and vobject's Android-style photo-test.pr48.vcf (in
../shared/testdata/vcards, see SOURCES.txt there); the people are invented.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import vobject
from click.testing import Result
from testkit import VCARDS, present, stored

from ctdir.interop.vcard import read_vcard

Run = Callable[..., Result]

APPLE = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "PRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n"
    "N:Rahman;Farida;;;\r\n"
    "FN:Farida Rahman\r\n"
    "ORG:Example Shelter;Dhaka Office\r\n"
    "TITLE:Outreach Lead\r\n"
    "EMAIL;type=INTERNET;type=WORK;type=pref:farida@example.org\r\n"
    "item1.TEL;type=pref:+880 1711-123456\r\n"
    "item1.X-ABLabel:_$!<Mobile>!$_\r\n"
    "item2.TEL:+880 2 988 1234\r\n"
    "item2.X-ABLabel:Standard\r\n"
    "item3.TEL:+880 2 988 1299\r\n"
    "item3.X-ABLabel:Night desk\r\n"
    "TEL;type=CELL;type=VOICE;type=pref:+880 1811-654321\r\n"
    "TEL;TYPE=CELL,VOICE,pref:+880 1911-000111\r\n"
    "item4.ADR;type=WORK:;;1 Example Road;Dhaka;;1212;Bangladesh\r\n"
    "item4.X-ABADR:bd\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ\r\n"  # cut short: not valid base64
    " AAAQABAAD\r\n"
    "END:VCARD\r\n"
)
ANDROID = (
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N:Banda;Zola;;;\r\n"
    "FN:Zola Banda\r\n"
    "TEL;CELL;PREF:+258 84 555 0199\r\n"
    "TEL;WORK:+258 21 555 010\r\n"
    "PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\r\n"  # cut short too
    " AAAQABAA\r\n"
    "\r\n"
    "EMAIL;HOME:zola@example.org\r\n"
    "END:VCARD\r\n"
)


def test_the_photos_here_are_broken() -> None:
    for card in (APPLE, ANDROID):
        with pytest.raises(Exception, match=r"'base64' codec failed"):
            vobject.readOne(card)


def test_an_apple_card_with_grouped_labels_and_a_broken_photo() -> None:
    [record] = read_vcard(APPLE.encode()).records
    assert record.error is None
    values = record.values
    assert values["name"] == "Farida Rahman"
    assert (values["organization"], values["office"]) == ("Example Shelter", "Dhaka Office")
    assert values["title"] == "Outreach Lead"
    assert values["phones"] == [
        {"number": "+880 1711-123456", "label": "mobile"},
        {"number": "+880 2 988 1234", "label": "office"},
        {"number": "+880 2 988 1299", "label": "night desk"},
        {"number": "+880 1811-654321", "label": "mobile"},
        {"number": "+880 1911-000111", "label": "mobile"},
    ]
    assert values["emails"] == ["farida@example.org"]
    assert (values["city"], values["country"]) == ("Dhaka", "BD")


def test_an_android_card_with_a_broken_photo_imports(
    run: Run, empty_store: Path, tmp_path: Path
) -> None:
    path = tmp_path / "phone.vcf"
    path.write_text(ANDROID + APPLE, encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert "2 added" in result.stdout
    zola = stored(empty_store)[1]
    assert [(p["number"], p["label"]) for p in zola["phones"]] == [
        ("+258 84 555 0199", "mobile"),
        ("+258 21 555 010", "office"),
    ]
    assert zola["emails"] == ["zola@example.org"]
    assert zola["country"] == "MZ"


def _shared(name: str) -> bytes:
    path = VCARDS / name
    if not present(path):
        pytest.skip(f"{path} is missing (../shared/testdata/vcards is not next to the repo)")
    return path.read_bytes()


def test_real_apple_and_android_exports() -> None:
    [labelled] = read_vcard(_shared("khard/labels.vcf")).records
    assert labelled.error is None and labelled.values["organization"] == "Test Inc"
    [android] = read_vcard(_shared("vobject-py/photo-test.pr48.vcf")).records
    assert android.error is None
    assert android.values["phones"] == [{"number": "+49123456789", "label": "home"}]
    for name in ("khard/photov3.vcf", "khard/photov4.vcf"):
        [card] = read_vcard(_shared(name)).records
        assert card.error is None, name


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_exported_cards_parse_back_in_their_version(
    run: Run, empty_store: Path, tmp_path: Path, version: str
) -> None:
    source = tmp_path / "in.vcf"
    source.write_text(ANDROID + APPLE, encoding="utf-8")
    hotline = tmp_path / "h.csv"
    hotline.write_text("kind,name,country,phones\nhotline,Linha Verde,MZ,hotline: 1458\n")
    assert run("import", str(source)).exit_code == 0
    assert run("import", str(hotline)).exit_code == 0
    result = run("export", "--format", "vcard", "--vcard-version", version, "-o", "-")
    assert result.exit_code == 0, result.output
    cards = list(vobject.readComponents(result.stdout))
    assert [c.version.value for c in cards] == [version] * 3
    by_name = {c.fn.value: c for c in cards}
    for entry in stored(empty_store):
        card = by_name[entry["name"]]
        numbers = [t.params["X-CTDIR-NUMBER"][0] for t in card.contents.get("tel", [])]
        assert numbers == [p["number"] for p in entry["phones"]]
        assert [e.value for e in card.contents.get("email", [])] == entry["emails"]
    farida = by_name["Farida Rahman"]
    if version == "3.0":
        assert "kind" not in farida.contents
        assert farida.tel.value == "+880 1711-123456"  # international format, not a tel: URI
        assert by_name["Linha Verde"].x_abshowas.value == "COMPANY"
    else:
        assert farida.kind.value == "individual"
        assert farida.tel.value == "tel:+8801711123456"
    # And ctdir reads its own export back with every number and label.
    again = read_vcard(result.stdout_bytes).records
    assert sorted(p["label"] or "" for r in again for p in r.values["phones"]) == sorted(
        p["label"] or "" for e in stored(empty_store) for p in e["phones"]
    )
    assert {r.kind for r in again} == {"contact", "hotline"}


def test_export_to_a_spreadsheet_name_asks_for_csv(run: Run, tmp_path: Path) -> None:
    for name in ("out.xlsx", "out.ods"):
        result = run("export", "-o", str(tmp_path / name))
        assert result.exit_code == 2
        assert "export CSV (--format csv)" in result.stderr
        assert not (tmp_path / name).exists()


def test_vcard_version_is_for_vcard_export_only(run: Run) -> None:
    result = run("export", "--format", "csv", "--vcard-version", "3.0")
    assert result.exit_code == 2
    assert "--vcard-version applies to vCard export, not csv" in result.stderr
    default = run("export", "--format", "vcard", "-o", "-")
    assert default.exit_code == 0
    assert default.stdout.splitlines()[:2] == ["BEGIN:VCARD", "VERSION:4.0"]
