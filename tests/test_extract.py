"""Tests of ctdir.extract: the seed releases, the annotated test releases, and the rules."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from testkit import SEEDS, needs_seeds, present

from ctdir.errors import UnknownCountry
from ctdir.extract import Finding, extract, release_title

ROOT = Path(__file__).resolve().parent.parent
RELEASES = Path(__file__).resolve().parent / "data" / "releases"
FIELDS = ("kind", "name", "title", "organization", "office", "city", "country", "emails", "source")
PHONE_KEYS = ("number", "label", "e164", "valid", "region", "domestic_only")


def comparable(entry: dict[str, Any]) -> dict[str, Any]:
    out = {k: entry[k] for k in FIELDS}
    out["phones"] = [{k: p[k] for k in PHONE_KEYS} for p in entry["phones"]]
    return out


def run(name: str, text: str, country: str | None = None) -> list[Finding]:
    return extract(text, source_name=name, country=country)


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def by_name(findings: list[Finding]) -> dict[str, Finding]:
    return {f.entry["name"]: f for f in findings}


# --- the seed releases: exactly data/seed.json --------------------------------


@needs_seeds
def test_seed_releases_give_exactly_the_seed_directory() -> None:
    seed = json.loads((ROOT / "data" / "seed.json").read_text(encoding="utf-8"))
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        found += [comparable(f.entry) for f in run(path.name, path.read_text(encoding="utf-8"))]
    expected = [comparable(e) for e in seed]
    key = lambda e: (e["source"], e["kind"], e["name"])  # noqa: E731
    assert sorted(found, key=key) == sorted(expected, key=key)
    assert len(found) == 11


@needs_seeds
def test_seed_quoted_officials_are_not_contacts() -> None:
    names = set()
    for path in SEEDS.glob("*.txt"):
        names |= {f.entry["name"] for f in run(path.name, path.read_text(encoding="utf-8"))}
    for official in ("Azleen Ahmed", "Luiz Vieira", "Abdus Salam", "Rabab Fatima"):
        assert not any(official in name for name in names)


@needs_seeds
def test_counts_dates_and_years_never_become_numbers() -> None:
    numbers = []
    for path in SEEDS.glob("*.txt"):
        for f in run(path.name, path.read_text(encoding="utf-8")):
            numbers += [p["number"] for p in f.entry["phones"]]
    for bogus in ("1951", "175", "171", "1,250", "1250", "22", "2030", "25", "50", "60"):
        assert bogus not in numbers


@needs_seeds
def test_office_beats_phone_country_and_says_so() -> None:
    maldives = by_name(run("000.txt", seed_text("000_fedf988e27bc076d.txt")))
    shareen = maldives["Shareen Tuladhar"]
    assert shareen.entry["country"] == "MV" and shareen.entry["phones"][0]["region"] == "LK"
    assert any("LK" in r for r in shareen.reasons)
    assert shareen.line == 33
    assert any("inline contact sentence" in r for r in shareen.reasons)
    mozambique = by_name(run("001.txt", seed_text("001_7a37f83cfcbd2cf5.txt")))
    mariam = mozambique["Mariam Khokhar"]
    assert mariam.entry["country"] == "ZA" and mariam.entry["phones"][0]["region"] == "KZ"
    assert "country from office city Pretoria" in mariam.reasons


@needs_seeds
def test_seed_hotline_operators_and_reasons() -> None:
    found = by_name(run("000.txt", seed_text("000_fedf988e27bc076d.txt")))
    police = found["Police Human Trafficking Hotline"]
    assert police.entry["organization"] == "Maldives Police Service"
    assert police.entry["kind"] == "hotline" and police.entry["phones"][0]["label"] == "hotline"
    ministry = found["Ministry of Economic Development Hotline"]
    assert ministry.entry["phones"][0]["domestic_only"] is True
    assert any("dateline Maldives" in r for r in ministry.reasons)


@needs_seeds
def test_seed_titles_and_offices_from_the_body() -> None:
    dhaka = by_name(run("002.txt", seed_text("002_ef97b4fa79aaff20.txt")))
    assert dhaka["Asif Munier"].entry["office"] == "IOM Dhaka"
    assert any("only office it names" in r for r in dhaka["Asif Munier"].reasons)
    kabul = by_name(run("003.txt", seed_text("003_58774796a3e93825.txt")))
    assert kabul["Nigina Mamadjonova"].entry["title"] == "Trainer"


@needs_seeds
def test_release_titles_of_the_seeds() -> None:
    assert release_title(seed_text("000_fedf988e27bc076d.txt")) == (
        "Maldives Police Build Counter Trafficking Capacity"
    )
    assert release_title(seed_text("004_501e78fb8c8fe451.txt")) == (
        "First Counter-Trafficking Seminar in Timor-Leste Aims to Mobilize"
    )


# --- the annotated test releases ------------------------------------------------

EXPECTED: dict[str, Any] = json.loads((RELEASES / "expected.json").read_text(encoding="utf-8"))


def test_there_are_enough_test_releases() -> None:
    files = {p.name for p in RELEASES.glob("*.txt")}
    assert files == set(EXPECTED)
    assert len(files) >= 10


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_release_matches_expectations(name: str) -> None:
    spec = EXPECTED[name]
    text = (RELEASES / name).read_text(encoding="utf-8")
    found = [comparable(f.entry) for f in run(name, text, spec["country"])]
    assert found == spec["entries"]


@pytest.mark.parametrize("name", ["06_en_no_contact.txt", "07_en_quoted_officials_only.txt"])
def test_releases_without_contacts_yield_nothing(name: str) -> None:
    assert run(name, (RELEASES / name).read_text(encoding="utf-8")) == []


def all_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in RELEASES.rglob("*.txt")]
    if present(SEEDS):
        texts += [p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")]
    return texts


def test_nothing_is_invented() -> None:
    for text in all_texts():
        flat = " ".join(text.split())
        for finding in extract(text):
            for phone in finding.entry["phones"]:
                assert phone["number"] in flat
            for email in finding.entry["emails"]:
                assert email in text
            assert 0.0 <= finding.confidence <= 1.0
            assert finding.reasons and finding.line >= 1


def test_eval_script_reports_precision_and_recall(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location(
        "eval_extract", ROOT / "scripts" / "eval_extract.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_extract"] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        assert module.main([]) == 0
    finally:
        del sys.modules["eval_extract"]
    out = capsys.readouterr().out
    assert "releases: 24 expected entries, 24 found, 24 matched" in out
    assert "precision" in out and "recall" in out


# --- rules, one at a time -------------------------------------------------------

BLOCK = """Police Academy Opens New Course on Trafficking
Dili - The academy opened a course on Monday.
For more information, please contact:
Jane Smith
Media Officer
IOM Dili
Tel: +670 331 2811
E-mail:
"mailto:jsmith@iom.int">jsmith@iom.int
or
John Brown
Mobile: ++670 7723 4567
Fax: +670 331 2812
"""


def test_block_fields_labels_and_mailto_debris() -> None:
    jane, john = run("x.txt", BLOCK)
    assert jane.entry["title"] == "Media Officer" and jane.entry["office"] == "IOM Dili"
    assert jane.entry["city"] == "Dili" and jane.entry["country"] == "TL"
    assert jane.entry["emails"] == ["jsmith@iom.int"]
    assert [(p["number"], p["label"]) for p in jane.entry["phones"]] == [
        ("+670 331 2811", "office")
    ]
    assert [(p["number"], p["label"]) for p in john.entry["phones"]] == [
        ("++670 7723 4567", "mobile"),
        ("+670 331 2812", "fax"),
    ]
    # John's block names no office: the release's dateline gives the country.
    assert john.entry["office"] is None and john.entry["country"] == "TL"
    assert jane.confidence > john.confidence > 0
    assert jane.line == 4 and john.line == 11


def test_source_formats() -> None:
    text = BLOCK
    assert run("r.txt", text)[0].entry["source"] == (
        "Press release \u201cPolice Academy Opens New Course on Trafficking\u201d (r.txt)"
    )
    assert extract(text)[0].entry["source"] == "Police Academy Opens New Course on Trafficking"
    untitled = "For more information, please contact Jane Smith, Tel: +670 331 2811."
    assert release_title(untitled) is None
    assert extract(untitled, source_name="u.txt")[0].entry["source"] == "u.txt"
    assert extract(untitled)[0].entry["source"] is None


def test_country_hint_is_a_default_not_an_override() -> None:
    text = "For more information, please contact Jane Smith, Tel: 21 310 779."
    (jane,) = extract(text, country="mozambique")
    assert jane.entry["country"] == "MZ" and jane.entry["phones"][0]["e164"] == "+25821310779"
    assert "country from the --country hint" in jane.reasons
    (block_jane, _) = extract(BLOCK, country="MZ")
    assert block_jane.entry["country"] == "TL"
    with pytest.raises(UnknownCountry):
        extract(text, country="Atlantis")


def test_country_from_the_number_when_nothing_else_says() -> None:
    (jane,) = extract("For further information please contact: Jane Smith, Tel. +41 22 717 9111")
    assert jane.entry["country"] == "CH"
    (local,) = extract("For further information please contact: Jane Smith, Tel. 022 717 9111")
    assert local.entry["country"] is None and local.entry["phones"][0]["e164"] is None


def test_inline_contacts_separated_by_or() -> None:
    text = (
        "For more information, please contact Ana Ruiz at IOM Lima (Tel: +51 1 633 0000) "
        "or Luis Soto at IOM Quito (Email: lsoto@iom.int)."
    )
    ana, luis = extract(text)
    assert (ana.entry["office"], ana.entry["country"]) == ("IOM Lima", "PE")
    assert (luis.entry["office"], luis.entry["country"]) == ("IOM Quito", "EC")
    assert luis.entry["emails"] == ["lsoto@iom.int"] and luis.entry["phones"] == []


def test_wrapped_inline_sentence() -> None:
    text = (
        "For further information, please contact Jane Doe at IOM\n"
        "Vientiane. Tel. +856 21 267 734, Email: jdoe@iom.int\n"
    )
    (jane,) = extract(text)
    assert jane.entry["office"] == "IOM Vientiane" and jane.entry["city"] == "Vientiane"
    assert jane.entry["emails"] == ["jdoe@iom.int"]


@pytest.mark.parametrize(
    "line, number",
    [
        ("Tel: + 93 (0) 700 066 041", "+ 93 (0) 700 066 041"),
        ("Tel. +880.2.988.9765", "+880.2.988.9765"),
        ("Phone: +1 212 555 0100 ext. 123", "+1 212 555 0100 ext. 123"),
        ("Tél. : +41 22 717 9111 x123", "+41 22 717 9111 x123"),
        ("Teléfono: +57 601 639 7777", "+57 601 639 7777"),
        ("T: ++41 22 717 91 11", "++41 22 717 91 11"),
    ],
)
def test_numbers_are_kept_as_published(line: str, number: str) -> None:
    (finding,) = extract(f"For more information, please contact:\nJane Smith\n{line}\n")
    assert finding.entry["phones"][0]["number"] == number


def test_tel_fax_chain_keeps_both_numbers() -> None:
    text = "Contact:\nJane Smith\nTel/Fax: +977.1.442.6250 / +977.1.442.6251\n"
    (jane,) = extract(text)
    assert [p["number"] for p in jane.entry["phones"]] == ["+977.1.442.6250", "+977.1.442.6251"]


def test_contacts_listed_one_per_line() -> None:
    text = "Contacts:\nJane Doe: jdoe@iom.int, +41 22 717 9111\nJohn Roe: jroe@iom.int\n"
    jane, john = extract(text)
    assert (jane.entry["name"], jane.entry["emails"]) == ("Jane Doe", ["jdoe@iom.int"])
    assert jane.entry["phones"][0]["label"] is None  # unlabelled, written internationally
    assert (john.entry["name"], john.entry["emails"]) == ("John Roe", ["jroe@iom.int"])
    assert john.entry["organization"] == "IOM"  # from the e-mail domain
    assert "organization IOM from the e-mail domain" in john.reasons


def test_an_office_line_before_the_name_belongs_to_the_contact() -> None:
    text = "For more information, please contact:\nIOM Press Office\nJane Doe\nTel: +41 22 717 9111"
    (jane,) = extract(text)
    assert (jane.entry["name"], jane.entry["office"]) == ("Jane Doe", "IOM Press Office")


def test_a_contact_without_a_person_is_named_after_its_office() -> None:
    (office,) = extract("For more information, please contact IOM Geneva: Tel +41 22 717 9111")
    assert office.entry["name"] == "IOM Geneva" and office.entry["country"] == "CH"
    assert office.confidence < 0.7


def test_addresses_and_dates_in_a_block_are_not_numbers() -> None:
    text = (
        "For more information, please contact:\nJane Smith\n"
        "17 Route des Morillons, CH-1211 Geneva 19\nTel: +41 22 717 9111\n12 March 2019\n"
    )
    (jane,) = extract(text)
    assert [p["number"] for p in jane.entry["phones"]] == ["+41 22 717 9111"]


def test_quoted_people_and_titles() -> None:
    text = (
        "Training Ends in Kabul for Border Officers\n"
        '"It went well," said IOM trainer, Nigina Mamadjonova.\n'
        '"We agree," said Minister of Interior Ahmad Khan.\n'
        "For further information, please contact:\nNigina Mamadjonova\nIOM Kabul\n"
    )
    (nigina,) = extract(text)
    assert nigina.entry["title"] == "Trainer" and nigina.entry["country"] == "AF"
    assert nigina.entry["phones"] == [] and nigina.confidence < 0.6
    assert "no phone or e-mail next to the name" in nigina.reasons


def test_body_office_only_when_the_release_names_one() -> None:
    one = "IOM Dhaka Trains Officers on Trafficking\nIOM Dhaka said.\nContact:\nAsif Munier\n"
    assert extract(one)[0].entry["office"] == "IOM Dhaka"
    two = (
        "IOM Dhaka and IOM Kabul Train Officers Together\nIOM Dhaka said.\nContact:\nAsif Munier\n"
    )
    assert extract(two)[0].entry["office"] is None


@pytest.mark.parametrize(
    "sentence, name, number, operator",
    [
        (
            "Call 1696 (Ministry of Economic Development Hotline).",
            "Ministry of Economic Development Hotline",
            "1696",
            "Ministry of Economic Development",
        ),
        # No name in the text: named after its number, so unnamed lines stay apart.
        (
            "Call the hotline 1-888-373-7888 today.",
            "Hotline 1-888-373-7888",
            "1-888-373-7888",
            None,
        ),
        (
            "Call the Crime Stoppers hotline (416-222-TIPS).",
            "Crime Stoppers Hotline",
            "416-222-TIPS",
            None,
        ),
        (
            "Victims can call the National Hotline at 1-888-373-7888, "
            "which is run by Polaris Project.",
            "National Hotline",
            "1-888-373-7888",
            "Polaris Project",
        ),
    ],
)
def test_hotlines_in_running_text(
    sentence: str, name: str, number: str, operator: str | None
) -> None:
    (hotline,) = extract(sentence, country="US")
    assert hotline.entry["kind"] == "hotline" and hotline.entry["name"] == name
    assert hotline.entry["phones"][0]["number"] == number
    assert hotline.entry["organization"] == operator


@pytest.mark.parametrize(
    "sentence",
    [
        "The hotline received 1,250 calls in 2019.",
        "Calls to the hotline in 2018 rose by 40 per cent.",
        "The hotline, set up in 2012, has 22 operators.",
        "A hotline since 1951 (the year IOM was founded).",
        "Topics included how to manage a trafficking hotline, how to improve the response.",
        "The hotline received 100 000 calls and 2 371 visits since 2016.",
        "The helpline costs USD 1,500 a month and EUR 180.000 a year.",
        "Call the hotline office at 1445 K Street, Lincoln, on 2023-01-20 at 10:30.",
        "The hotline case No. 4471 was closed on 01.03.2015.",
        "Calls to the hotline in 2018 rose by 40 per cent to 7,000 calls.",
    ],
)
def test_figures_near_the_word_hotline_are_not_hotlines(sentence: str) -> None:
    """Counts, years, dates, times, sums, addresses and case numbers are not numbers."""
    assert extract(sentence, country="MV") == []


def test_empty_and_contactless_texts() -> None:
    assert extract("") == []
    assert extract("For more information, please contact") == []
    assert release_title("") is None


def test_core_does_not_import_the_cli_libraries() -> None:
    code = "import sys, ctdir.extract; sys.exit('click' in sys.modules or 'rich' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0


def test_a_5kb_release_takes_a_few_milliseconds() -> None:
    text = (RELEASES / "04_en_toronto_hotlines.txt").read_text(encoding="utf-8")
    body, _, block = text.partition("Media contact:")
    big = body + (body.split("\n", 1)[1] * 7) + "Media contact:" + block
    assert len(big) > 5000
    extract(big)  # pays for importing phonenumbers and the country table
    best = min(_timed(big) for _ in range(5))
    assert best < 0.025, f"{best * 1000:.1f} ms"


def _timed(text: str) -> float:
    start = time.perf_counter()
    extract(text)
    return time.perf_counter() - start


# --- properties -------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "For more information, please contact:\n",
        "please contact ",
        "Tel: ",
        "Fax ",
        "E-mail:\n",
        '"mailto:a@b.org">a@b.org',
        "+41 22 717 9111",
        "(0)",
        " or ",
        "\nor\n",
        "IOM Dili",
        "Jane Smith",
        "hotline ",
        "1696 (Police Hotline)",
        "1,250",
        " 2019 ",
        "x123",
        "\n",
        ", ",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=25))
def test_random_texts_never_crash_or_invent(parts: list[str]) -> None:
    text = "".join(parts)
    flat = " ".join(text.split())
    for finding in extract(text):
        assert finding.entry["name"]
        for phone in finding.entry["phones"]:
            assert phone["number"] in flat
        for email in finding.entry["emails"]:
            assert email in text


# --- bounded work ------------------------------------------------------------------


def _best_of_three(text: str) -> float:
    return min(_timed(text) for _ in range(3))


def _opener_with_email(n: int) -> str:
    return "For more information, please contact: x@iom.int " * n


def _opener_alone(n: int) -> str:
    return "For more information, please contact: " * n


def _hotline_sentences(n: int) -> str:
    return "Call the hotline at 1-800-555-0100 or 1696 (Police Hotline). " * n


def _contacts_after_a_long_body(n: int) -> str:
    body = "".join(f"Officer Ann Smith{i:05d} said the work goes on.\n" for i in range(n))
    blocks = "".join(
        f"Contact:\nAnn Smith{i:05d}\nTel: +41 22 717 {i % 10000:04d}\n\n" for i in range(n)
    )
    return "Officers Meet in Geneva on Trafficking Work\n" + body + blocks


def _label(i: int) -> str:
    return "".join(chr(97 + (i // 26**k) % 26) for k in range(3))


def _bylines(n: int) -> str:
    """Many authors' bylines: each contact's name and domain looked up in the text."""
    return "Notes From the Field\n" + "".join(
        f"By Ama Kofi{_label(i)}, Office of Peace; e-mail: ama@{_label(i)}.test\n" for i in range(n)
    )


def _email_only_contacts(n: int) -> str:
    return "Notes From the Field\n" + "".join(
        f"Contact: media@{_label(i)}.test\n\nThe Group of Ama ({_label(i).upper()}) met.\n\n"
        for i in range(n)
    )


def _one_long_line(n: int) -> str:
    return "a%" * (20 * n) + " hotline " + "9 " * (10 * n)


@pytest.mark.parametrize(
    "make, n",
    [
        (_opener_with_email, 250),
        (_opener_alone, 1000),
        (_hotline_sentences, 100),
        (_contacts_after_a_long_body, 240),
        (_one_long_line, 250),
        (_bylines, 200),
        (_email_only_contacts, 150),
    ],
)
def test_time_grows_linearly_with_the_input(make: Any, n: int) -> None:
    """Four times the text takes about four times as long, never sixteen (quadratic)."""
    extract(make(n))  # warm-up: imports and phonenumbers' metadata
    small, large = _best_of_three(make(n)), _best_of_three(make(4 * n))
    assert large / max(small, 0.002) < 8, f"{small * 1000:.1f} ms -> {large * 1000:.1f} ms"


# --- layouts of real releases (texts written for these tests) --------------------


def entries(text: str, country: str | None = None) -> list[dict[str, Any]]:
    return [f.entry for f in extract(text, country=country)]


def numbers(entry: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(p["number"], p["label"]) for p in entry["phones"]]


def test_press_information_block_with_a_phone_menu_choice() -> None:
    text = (
        "Shelter Opens New Office for Survivors\n"
        "For press information, please contact:\nMaria Lopez\nDirector of Outreach\n"
        "817-555-0142, press 0\n"
    )
    (maria,) = entries(text, "US")
    assert maria["name"] == "Maria Lopez" and maria["title"] == "Director of Outreach"
    assert numbers(maria) == [("817-555-0142", None)]


def test_contacts_separated_by_blank_lines_with_name_and_number_on_one_line() -> None:
    text = (
        "FOR IMMEDIATE RELEASE\n\nCONTACT:\n\nPeter Quill, (402) 555-0143\n\n"
        "Ann Vole, (531) 555-0178\n\nGovernor to Sign a Proclamation on Trafficking\n\n"
        "LINCOLN – Tomorrow the Governor will sign it at 1445 K Street at 10:30 a.m.\n"
    )
    peter, ann = entries(text)
    assert (peter["name"], numbers(peter)) == ("Peter Quill", [("(402) 555-0143", None)])
    assert (ann["name"], numbers(ann)) == ("Ann Vole", [("(531) 555-0178", None)])


def test_fields_of_one_block_separated_by_blank_lines() -> None:
    text = (
        "For more information, please contact:\n\nJane Smith\n\nMedia Officer\n\n"
        "Tel: +41 22 717 9111\n\nE-mail: jsmith@example.org\n"
    )
    (jane,) = entries(text)
    assert jane["title"] == "Media Officer" and jane["emails"] == ["jsmith@example.org"]
    assert numbers(jane) == [("+41 22 717 9111", "office")]


def test_one_line_contact_with_dash_separators_and_no_trigger() -> None:
    text = (
        "Coordination : Claire Dupont - claire.dupont@example.fr - 06 12 34 56 78\n\n"
        "Agir ensemble contre la traite en France\n"
        "La soirée organisée à Paris le 12 février 2025 a réuni 70 participants en France.\n"
    )
    (claire,) = entries(text)
    assert claire["name"] == "Claire Dupont" and claire["emails"] == ["claire.dupont@example.fr"]
    assert numbers(claire) == [("06 12 34 56 78", None)] and claire["country"] == "FR"


def test_press_office_header_line_keeps_fax_apart_and_ignores_the_handle() -> None:
    text = (
        "Police ask the public to look out for trafficking\n"
        "Police HQ, Hinton Park, Exeter, Twitter @county_press, Tel: 01392 225555, "
        "Fax: 01392 225556, E-Mail: press.office@county.police.example.uk\n"
        'Detective Sergeant Alan Marsh said: "Open your eyes to the signs."\n'
    )
    (office,) = entries(text)
    assert office["emails"] == ["press.office@county.police.example.uk"]
    assert numbers(office) == [("01392 225555", "office"), ("01392 225556", "fax")]
    assert "Marsh" not in office["name"]


def test_media_contact_sentence_inside_the_body() -> None:
    text = (
        "Agencies Meet on Trafficking Tools\n"
        "Reporters who wish to attend must send their names to Deputy Special Agent in "
        "Charge Roberta Kline at roberta.kline@agency.example.gov. Or call 973-555-0199 "
        "to register.\n"
        '"We will share new tools," said Special Agent in Charge Tom Reyes.\n'
    )
    (roberta,) = entries(text, "US")
    assert roberta["name"] == "Roberta Kline"
    assert roberta["title"] == "Deputy Special Agent in Charge"
    assert roberta["emails"] == ["roberta.kline@agency.example.gov"]
    assert [p["number"] for p in roberta["phones"]] == ["973-555-0199"]


def test_contacts_joined_by_et_and_y_with_labels_in_their_language() -> None:
    fr = (
        "Pour plus d'informations, veuillez contacter Marie Dubois, Tél. : +221 33 869 62 00, "
        "Courriel : mdubois@example.org et Paul Martin, Mob. : +221 77 123 45 67."
    )
    marie, paul = entries(fr)
    assert marie["emails"] == ["mdubois@example.org"] and paul["emails"] == []
    assert numbers(paul) == [("+221 77 123 45 67", "mobile")]
    es = (
        "Para más información, contactar a Ana Ruiz, Correo: aruiz@example.org "
        "y Luis Soto, Tel: +51 1 633 0000."
    )
    ana, luis = entries(es)
    assert (ana["emails"], luis["phones"][0]["number"]) == (["aruiz@example.org"], "+51 1 633 0000")


def test_and_inside_an_organisation_name_does_not_split_a_contact() -> None:
    text = (
        "For more information, contact the Department of Health and Human Services "
        "at +1 202 690 6343."
    )
    (office,) = entries(text)
    assert office["name"] == "Department of Health and Human Services"


def test_ranks_and_honorifics_are_not_part_of_names() -> None:
    text = (
        "Media contact:\nSgt. Jane Doe\nCell: +1 902 555 0134\nor\n"
        "Dr. John Roe\nE-mail: jroe@example.org\n"
    )
    jane, john = entries(text)
    assert (jane["name"], john["name"]) == ("Jane Doe", "John Roe")
    assert numbers(jane) == [("+1 902 555 0134", "mobile")]


def test_navigation_debris_after_an_inline_contact_is_not_people() -> None:
    text = (
        "For further information, please contact IOM Guinea, Awa Keita, Tel: +224 628 00 11 22, "
        "Email: or Sekou Bah, Tel: +224 628 33 44 55, Email:\n\n"
        "Posted: Friday, June 2, 2017 - 16:51Image: Region-Country: GuineaThemes: "
        "Integrated Border ManagementDefault: \nCategories: PBN\n\nLanguage Engli\n"
    )
    awa, sekou = entries(text)
    assert (awa["name"], sekou["name"]) == ("Awa Keita", "Sekou Bah")
    assert awa["emails"] == sekou["emails"] == []
    assert sekou["organization"] == "IOM"  # the office named before the first contact


# --- hotlines in running text, six languages -----------------------------------------


def hotlines(text: str, country: str | None = None) -> list[tuple[str, str | None]]:
    return [
        (e["phones"][0]["number"], e["country"])
        for e in entries(text, country)
        if e["kind"] == "hotline"
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Le service national d'assistance téléphonique gratuit (01 8000 91 11 22) a reçu "
            "6 000 appels en 2008. L'OIM Colombie a aidé 300 victimes depuis 2001.",
            [("01 8000 91 11 22", "CO")],
        ),
        (
            "Il numero verde antitratta 800.123.456, è di nuovo attivo in Italia "
            "dal bando 2016/2017.",
            [("800.123.456", "IT")],
        ),
        (
            "Die Anlaufstelle bietet in Deutschland Hilfe via Chat oder Telefon (0800 1234567) "
            "an, mit 180.000 Euro pro Jahr gefördert. "
            "Wir antworten telefonisch unter 089 12 34 56.",
            [("0800 1234567", "DE")],
        ),
        ("Die Hotline hat die Nummer 0800/1234567.\n01.03.2015 dpa", [("0800/1234567", "DE")]),
        (
            "As denúncias podem ser feitas pelo Disque 100, pelo telefone 180 ou pelo 191 nas "
            "rodovias do Brasil, no dia (28).",
            [("100", "BR"), ("180", "BR"), ("191", "BR")],
        ),
        (
            "No de tel gratuit : 0800 20 00 20, le 07.06.2008, à Genève en Suisse.",
            [("0800 20 00 20", "CH")],
        ),
    ],
)
def test_hotlines_in_running_text_in_other_languages(
    text: str, expected: list[tuple[str, str]]
) -> None:
    country = "DE" if "Hotline hat" in text else None
    assert hotlines(text, country) == expected


def test_hotline_names_come_from_their_context() -> None:
    it = entries("Il numero verde antitratta 800.123.456 è attivo in Italia.")
    pt = entries("Ligue para o Disque 100 no Brasil.")
    assert it[0]["name"] == "Numero verde antitratta" and pt[0]["name"] == "Disque 100"


def test_vanity_numbers_are_kept_as_written() -> None:
    text = (
        "Report tips to the state tip line at 844-END-TRAF. Or contact Crime Stoppers "
        "anonymously toll free at 1-800-222-TIPS (8477)."
    )
    assert hotlines(text, "US") == [("844-END-TRAF", "US"), ("1-800-222-TIPS (8477)", "US")]
    tips = [e for e in entries(text, "US") if e["phones"][0]["number"].endswith("(8477)")]
    # The digits in brackets spell the word again: the number is read, not rejected.
    assert tips[0]["phones"][0]["e164"] == "+18002228477" and tips[0]["phones"][0]["valid"]


def test_digits_in_brackets_after_a_vanity_word_must_spell_it() -> None:
    from ctdir.errors import InvalidInput
    from ctdir.phones import check_phone_text, parse_phone

    assert parse_phone("1-800-555-KIDS (5437)", "US")["e164"] == "+18005555437"
    assert check_phone_text("1-800-555-KIDS (5437)") == "1-800-555-KIDS (5437)"
    with pytest.raises(InvalidInput):
        check_phone_text("1-800-555-KIDS (9999)")  # not the word on the keypad
    # Kept whole as published after a line word and in a contact block.
    assert hotlines("Call the tip line at 1-800-555-KIDS (5437) any time.", "US") == [
        ("1-800-555-KIDS (5437)", "US")
    ]
    (jane,) = extract("Contact:\nJane Roe\nTel: 416-555-HELP (4357)\n", country="CA")
    assert [p["e164"] for p in jane.entry["phones"]] == ["+14165554357"]


def test_several_hotlines_in_one_sentence_with_an_sms_number() -> None:
    text = "Report trafficking by calling 911 or 888-3737-888 or text HELP to 233733."
    assert hotlines(text, "US") == [("911", "US"), ("888-3737-888", "US"), ("233733", "US")]


def test_a_list_of_countries_and_their_short_codes() -> None:
    text = (
        "The posters give the hotline numbers "
        "(Guatemala 1552; El Salvador 911; and Costa Rica 911)."
    )
    assert hotlines(text) == [("1552", "GT"), ("911", "SV"), ("911", "CR")]


def test_bullets_with_a_capital_i_separator() -> None:
    text = (
        "Informar por teléfono\n"
        "  • Llama a la Línea Nacional contra la Trata I 1-888-373-7888\n"
        "  • Llama al Centro Nacional para Menores (NCMEC) I 1-800-843-5678\n"
        "  • Llama al Departamento de Seguridad de EE.UU. I 1-866-347-2423\n"
    )
    found = entries(text)
    assert [(e["phones"][0]["number"], e["country"]) for e in found] == [
        ("1-888-373-7888", "US"),
        ("1-800-843-5678", "US"),
        ("1-866-347-2423", "US"),
    ]
    assert found[0]["name"] == "Línea Nacional contra la Trata"


def test_the_number_gives_the_country_before_the_text_does() -> None:
    text = (
        "Calls to the Hotline\nThe Hotline for safe migration – 0 800 12345, recently got call "
        "number 100 000. Workers went to Israel; Israel and Israel signed. Calls from abroad "
        "can be made at the number +373 (22) 11 22 33.\n"
    )
    assert hotlines(text) == [("0 800 12345", "MD"), ("+373 (22) 11 22 33", "MD")]


def test_fax_in_running_text_is_not_a_hotline() -> None:
    text = (
        "All enquiries for the Modern Slavery Unit can be directed to:\n"
        "Telephone: 0300 123 4567 / Fax: 0300 123 4568\n"
    )
    assert hotlines(text, "GB") == [("0300 123 4567", "GB")]


def test_a_block_address_is_not_given_to_a_person_quoted_in_the_body() -> None:
    text = (
        "Police Launch a Trafficking Campaign\n"
        '"Open your eyes," said Inspector Jane Ward of the county police.\n'
        "For more information, please contact:\nPress Office\nTel: +44 1392 225555\n"
        "E-mail: press@county.example.uk\n"
    )
    for entry in entries(text):
        assert entry["name"] != "Jane Ward"


def test_low_confidence_findings_are_marked_uncertain() -> None:
    # No country anywhere: the number cannot be read, the finding is uncertain.
    (found,) = extract("The freephone number 0800 783 0000 is for victims.")
    assert found.uncertain and found.confidence < 0.5
    assert any("uncertain" in r for r in found.reasons)
    (sure,) = extract("The freephone number 0800 783 0000 is for victims.", country="GB")
    assert not sure.uncertain


def _eval_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "eval_extract", ROOT / "scripts" / "eval_extract.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_extract"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_eval_scores_a_folder_in_the_press_layout(tmp_path: Path) -> None:
    module = _eval_module()
    try:
        texts = {
            "01_block.txt": (
                "https://example.org/a\n\nPolice HQ, Exeter, Tel: +44 1392 225555, "
                "Fax: +44 1392 225556, E-Mail: press@county.example.uk\n"
            ),
            "02_vanity.txt": "Call the state tip line at 1-800-222-TIPS (8477) in the USA.\n",
            "03_negative.txt": "The hotline received 6 000 calls in 2019.\n",
            "04_list.txt": "Hotline numbers: (Guatemala 1552; El Salvador 911; Costa Rica 911).\n",
        }
        for name, text in texts.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        expected = [
            {
                "file": "01_block.txt",
                "contacts": [
                    {
                        "name": None,
                        "title": None,
                        "organization": None,
                        "office_city": None,
                        "country_iso2": "GB",
                        "phones": ["+44 1392 225555"],
                        "emails": ["press@county.example.uk"],
                    }
                ],
                "hotlines": [],
            },
            {
                "file": "02_vanity.txt",
                "contacts": [],
                "hotlines": [{"number": "1-800-222-8477", "label": "x", "country_iso2": "US"}],
            },
            {"file": "03_negative.txt", "contacts": [], "hotlines": []},
            {
                "file": "04_list.txt",
                "contacts": [],
                "hotlines": [
                    {"number": "1552", "label": "x", "country_iso2": "GT"},
                    {"number": "911", "label": "x", "country_iso2": "SV"},
                    {"number": "911", "label": "x", "country_iso2": "CR"},
                ],
            },
        ]
        (tmp_path / "expected.json").write_text(json.dumps(expected), encoding="utf-8")
        # Every third file (the 3rd, 6th, ...) is held out.
        assert [p.name for p, _ in module.press_files(tmp_path, "holdout")] == ["03_negative.txt"]
        assert len(module.press_files(tmp_path, "dev")) == 3
        total = module.PressScore()
        for path, spec in module.press_files(tmp_path, "all"):
            total.add(module.score_press_file(path, spec))
        assert (total.found, total.expected, total.matched) == (5, 5, 5), total.problems
        # The fax is not counted as a number to call; the one wrong field is the name
        # the extractor gives a contact the annotation leaves nameless.
        assert total.units_correct == total.units_found - 1, total.problems
        assert total.problems == ["01_block.txt: 'Police HQ' name: got 'Police HQ', want nothing"]
        assert module.phone_key("844-END-OHHT") == "8443636448"
        assert module.phone_key("817-555-0142, press 0") == "8175550142"
        assert module.same_number("888-3737-888", "1-888-373-7888", "US")
    finally:
        del sys.modules["eval_extract"]


def test_a_number_for_the_press_in_running_text_is_uncertain() -> None:
    text = "Reporters who wish to attend should call 973-555-0199 to register."
    (found,) = extract(text, country="US")
    assert found.uncertain and "the sentence speaks to the press" in found.reasons[0]


def test_us_with_dots_is_a_country_and_new_jersey_is_not_jersey() -> None:
    text = (
        "Officials Meet in New Jersey on Trafficking\n"
        "The U.S. Attorney for New Jersey and the New Jersey police met on Monday.\n"
        "For more information, please contact:\nJane Doe\nTel: 973-555-0142\n"
    )
    (jane,) = extract(text)
    assert jane.entry["country"] == "US"
    # "U.S." and the state New Jersey, three times (the headline counts): never Jersey.
    assert "country from the release's most-mentioned country in the release (4 mentions)" in (
        jane.reasons
    )


def test_a_state_in_the_dateline_or_the_text_gives_the_country() -> None:
    block = "CONTACT:\n\nMara Quill, (402) 555-0117\n\nGovernor to open the awareness week\n\n"
    dateline = block + "OMAHA, NE – The coalition will meet on Friday.\n"
    (found,) = extract(dateline)
    assert found.entry["country"] == "US"
    assert "country from the release's dateline OMAHA, NE" in found.reasons
    mentions = block + "The coalition meets across Ontario on Friday.\n"
    (found,) = extract(mentions)
    assert found.entry["country"] == "CA"
    # A state's postal code alone is never read as a place ("NE" is also Niger's code).
    plain = block + "The NE coalition meets on Friday.\n"
    (found,) = extract(plain)
    assert "country from the number's North American area code (US)" in found.reasons


def test_an_email_only_contact_takes_the_organization_its_domain_names() -> None:
    text = (
        "FOR IMMEDIATE RELEASE\nCONTACT: press@wrl.test\n"
        "Springfield, May 2, 2025 — The Alliance of Watchful Riverside Lawyers (WRL) sent "
        "a letter to the Secretary about the hotline operator. The letter was signed by "
        "forty members and asks for quicker cooperation with the police.\n"
    )
    (found,) = extract(text, country="US")
    entry = found.entry
    assert entry["organization"] == "Alliance of Watchful Riverside Lawyers (WRL)"
    assert entry["name"] == entry["organization"] and entry["emails"] == ["press@wrl.test"]
    assert not found.uncertain
    # The block ends with its address: the dateline paragraph is not part of it.
    assert not any("Secretary" in r for r in found.reasons)


def test_the_release_web_address_names_the_organization() -> None:
    text = (
        "https://www.shelterline42.test/press\n\n"
        "For press information, please contact:\nNoor Aldane\nDirector of Outreach\n"
        "212-555-0148, press 2\n\nShelterline42 never brings survivors to interviews.\n"
    )
    (found,) = extract(text, country="US")
    assert found.entry["organization"] == "Shelterline42"
    # An ordinary word of a domain ("police") names no organization.
    other = text.replace("shelterline42", "police").replace("Shelterline42", "Police")
    assert extract(other, country="US")[0].entry["organization"] is None


@pytest.mark.parametrize(
    ("number", "country"),
    [
        ("(902) 555-0143", "CA"),
        ("416-555-0190", "CA"),
        ("(402) 555-0117", "US"),
        ("0800 555 0100", None),
    ],
)
def test_a_north_american_area_code_gives_the_country(number: str, country: str | None) -> None:
    text = f"For press information, please contact:\nIlse Varga\nCommunications Officer\n{number}\n"
    (found,) = extract(text)
    assert found.entry["country"] == country
    assert found.entry["phones"][0]["number"] == number
    # The number is read once the country is known: no stale "could not be parsed".
    assert (country is None) == any("could not be parsed" in r for r in found.reasons)


@pytest.mark.parametrize(
    "byline",
    [
        "By Tomas Erlend, IOM Office in Ghana; e-mail: terlend@iom.int",
        "Por Tomas Erlend, Oficina de la OIM en Ghana; correo electrónico: terlend@iom.int",
    ],
)
def test_an_authors_byline_with_an_address_is_a_contact(byline: str) -> None:
    text = (
        f"Campaign on safe migration\n{byline}\nThe workshop met for three days in the capital.\n"
    )
    (found,) = extract(text)
    entry = found.entry
    assert (entry["name"], entry["country"], entry["emails"]) == (
        "Tomas Erlend",
        "GH",
        ["terlend@iom.int"],
    )
    assert entry["organization"] in ("IOM", "OIM")
    assert found.reasons[0] == "an author's byline with an e-mail address"
    # A byline with no address is only an author.
    assert (
        extract(
            text.replace("; e-mail: terlend@iom.int", "").replace(
                "; correo electrónico: terlend@iom.int", ""
            )
        )
        == []
    )


def test_short_codes_listed_by_country_after_the_line_word() -> None:
    text = (
        "The posters advertise the helpline numbers\nof each country (Honduras 1552; "
        "Panama 311;\nand Ecuador 1800) to young travellers."
    )
    found = extract(text)
    assert [(f.entry["phones"][0]["number"], f.entry["country"]) for f in found] == [
        ("1552", "HN"),
        ("311", "PA"),
        ("1800", "EC"),
    ]
    assert not any(f.uncertain for f in found)
    # Without a word for a line, a country and a figure are only a figure.
    assert extract("The survey counted workers in each country (Honduras 1552; Panama 311).") == []


def test_a_short_code_offered_as_another_way_to_call() -> None:
    text = (
        "Além do Disque 100, as pessoas podem denunciar através do telefone 180, "
        "da central de apoio, ou pelo 193, para crimes nas estradas. Em 2023 houve 240 casos."
    )
    assert hotlines(text, "BR") == [("100", "BR"), ("180", "BR"), ("193", "BR")]
    # A preposition without an alternative ("or") before it is not enough.
    assert hotlines("Ligue para o telefone 180, que atende pelo 24 horas.", "BR") == [("180", "BR")]


def test_an_acronym_in_any_part_of_the_email_domain_names_the_organization() -> None:
    text = (
        "Media day at the port\nThe Coastal Trafficking Taskforce (CTT) Halifax team and "
        "the mayor will speak. Reporters must write to CTT Agent Rowan Pell at "
        "rowan.pell@ctt.coast.test. Or call 902-555-0175 to register.\n"
    )
    (found,) = extract(text)
    assert found.entry["organization"] == "Coastal Trafficking Taskforce (CTT)"
    assert (found.entry["city"], found.entry["country"]) == ("Halifax", "CA")


def test_a_hyphenated_email_domain_names_the_organization_the_text_spells() -> None:
    text = (
        "Coordination : Maëlle Forgeron - m.forgeron@aube-solidaire.test - 06 12 00 45 78\n\n"
        "Le réseau réunit Aube Solidaire, Main Tendue et vingt autres associations en France.\n"
    )
    (found,) = extract(text)
    assert found.entry["organization"] == "Aube Solidaire"
    # One ordinary word of an e-mail domain is not an organization (it may be a place).
    one_word = text.replace("aube-solidaire", "aube").replace("Aube Solidaire", "Aube")
    assert extract(one_word)[0].entry["organization"] is None


@pytest.mark.parametrize(
    ("block", "title", "country"),
    [
        (
            "Berlin, 3. März 2025 – Der Verein startet heute.\n\nPressekontakt:\nLene Vogtmann\n"
            "Pressesprecherin\nTel.: 030 2345678\nE-Mail: presse@lichtweg.test\n",
            "Pressesprecherin",
            "DE",
        ),
        (
            "Roma, 3 marzo 2025 – L'associazione parte oggi.\n\nPer informazioni:\nLene Vogtmann\n"
            "Addetta stampa\nTel. 06 1234 5678\nEmail: stampa@lichtweg.test\n",
            "Addetta stampa",
            "IT",
        ),
        (
            "Lisboa, 3 de março de 2025 – A associação lança hoje.\n\n"
            "Contato para a imprensa:\nLene Vogtmann\nAssessora de imprensa\n"
            "Tel.: 21 123 4567\nE-mail: imprensa@lichtweg.test\n",
            "Assessora de imprensa",
            "PT",
        ),
    ],
)
def test_contact_blocks_in_german_italian_and_portuguese(
    block: str, title: str, country: str
) -> None:
    (found,) = extract("A new campaign against trafficking opens this week\n" + block)
    entry = found.entry
    assert (entry["name"], entry["title"], entry["country"]) == ("Lene Vogtmann", title, country)
    assert len(entry["phones"]) == 1 and len(entry["emails"]) == 1


def test_a_press_office_before_the_person_is_the_organization() -> None:
    text = (
        "Campanha nacional\nBrasília, 3 de março de 2025 – A associação lança hoje.\n\n"
        "Mais informações: Assessoria de Imprensa – Lene Vogtmann – (61) 3333-4444 – "
        "imprensa@lichtweg.test\n"
    )
    (found,) = extract(text)
    assert (found.entry["name"], found.entry["organization"]) == (
        "Lene Vogtmann",
        "Assessoria de Imprensa",
    )


@pytest.mark.parametrize(
    ("sentence", "country", "found"),
    [
        (
            "Le numéro vert 0 800 123 456 est gratuit et anonyme.",
            "FR",
            ("Numéro vert", "0 800 123 456"),
        ),
        (
            "Victims can call the 116 000 hotline for missing children.",
            "BE",
            ("Hotline 116 000", "116 000"),
        ),
        (
            "Das Hilfetelefon 116 016 ist rund um die Uhr erreichbar.",
            "DE",
            ("Hilfetelefon 116 016", "116 016"),
        ),
        (
            "Unter der Servicenummer 0800 123 4567 gibt es Hilfe.",
            "DE",
            ("Servicenummer 0800 123 4567", "0800 123 4567"),
        ),
    ],
)
def test_national_number_formats_and_german_compounds(
    sentence: str, country: str, found: tuple[str, str]
) -> None:
    (hotline,) = extract(sentence, country=country)
    assert (hotline.entry["name"], hotline.entry["phones"][0]["number"]) == found
    assert hotline.entry["country"] == country and not hotline.uncertain


@pytest.mark.parametrize(
    "sentence",
    [
        "Plus de 116 000 appels ont été reçus par la ligne en 2023.",
        "La ligne a reçu 116 000 appels.",
        "Die Hausnummer 12 und die Telefonnummer fehlen.",
        "En 2023, la ligne a aidé 6 000 victimes.",
        "Call us for the report No. 2023/145 or the file 145/2023.",
    ],
)
def test_counts_are_still_not_numbers(sentence: str) -> None:
    assert extract(sentence, country="FR") == []


def test_a_vanity_hotline_with_no_other_clue_takes_its_north_american_country() -> None:
    (found,) = extract("Report tips to the new state tip hotline: 844-END-TRAF.")
    phone = found.entry["phones"][0]
    assert (found.entry["country"], phone["number"], phone["e164"]) == (
        "US",
        "844-END-TRAF",
        "+18443638723",  # E-N-D, T-R-A-F on the keypad
    )
    assert "country from the number's North American area code (US)" in found.reasons
    assert not any("could not be parsed" in r for r in found.reasons)


@pytest.mark.parametrize(
    ("sentence", "country", "operator"),
    [
        ("La Vela Norte operates the anti-trafficking hotline 0 800 55555.", "MD", "La Vela Norte"),
        ("Caritas Moldova runs the hotline 0 800 55555 day and night.", "MD", "Caritas Moldova"),
        ("The hotline 0 800 55555 is operated by La Vela Norte.", "MD", "La Vela Norte"),
        (
            "Il numero verde 800 111 222, gestito dal Dipartimento per le Pari "
            "Opportunità, è attivo.",
            "IT",
            "Dipartimento per le Pari Opportunità",
        ),
        (
            "A linha 800 111 222 é gerida pela Comissão de Igualdade.",
            "PT",
            "Comissão de Igualdade",
        ),
        # A person who launched a line is not its operator.
        ("Governor Smith launched the state hotline 1-800-555-0199 last year.", "US", None),
    ],
)
def test_the_operator_named_in_the_same_sentence(
    sentence: str, country: str, operator: str | None
) -> None:
    (hotline,) = extract(sentence, country=country)
    assert hotline.entry["organization"] == operator
