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

from ctdir.errors import UnknownCountry
from ctdir.extract import Finding, extract, release_title

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
RELEASES = Path(__file__).resolve().parent / "data" / "releases"
FIELDS = ("kind", "name", "title", "organization", "office", "city", "country", "emails", "source")
PHONE_KEYS = ("number", "label", "e164", "valid", "region", "domestic_only")


def needs_seeds(test: Any) -> Any:
    """The seed releases are part of the test environment (../shared/seeds): never skipped."""
    assert SEEDS.is_dir(), f"{SEEDS} is missing"
    return test


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
    if SEEDS.is_dir():
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
        ("Call the hotline 1-888-373-7888 today.", "Hotline", "1-888-373-7888", None),
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
    ],
)
def test_figures_near_the_word_hotline_are_not_hotlines(sentence: str) -> None:
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


def _one_long_line(n: int) -> str:
    return "a%" * (20 * n) + " hotline " + "9 " * (10 * n)


@pytest.mark.parametrize(
    "make, n",
    [
        (_opener_with_email, 250),
        (_opener_alone, 1000),
        (_hotline_sentences, 100),
        (_contacts_after_a_long_body, 60),
        (_one_long_line, 1000),
    ],
)
def test_time_grows_linearly_with_the_input(make: Any, n: int) -> None:
    """Four times the text takes about four times as long, never sixteen (quadratic)."""
    extract(make(n))  # warm-up: imports and phonenumbers' metadata
    small, large = _best_of_three(make(n)), _best_of_three(make(4 * n))
    assert large / max(small, 0.002) < 8, f"{small * 1000:.1f} ms -> {large * 1000:.1f} ms"
