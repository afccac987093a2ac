"""Deterministic synthetic directories for the ctdir benchmarks.

``generate(size)`` builds ``size`` entries (contacts and a few hotlines per
country) from a seeded random generator, with names in many scripts, phone
numbers that phonenumbers accepts as valid for the entry's country, and the
probe values each timed command needs. ``write_store`` writes them in ctdir's
TinyDB format; ``write_csv`` writes rows in ctdir's CSV import format.

Usage (what bench/run.py does, by hand)::

    python bench/gen.py --size 10000 --out bench/work/gen-10000 [--csv 10000]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType, re_util, shortnumberinfo

# The entry layout and CSV columns are ctdir's own: a generator must not drift from them.
from ctdir.interop.csvio import COLUMNS
from ctdir.model import ID_ALPHABET, ID_LENGTH, LIST_FIELDS, STORED_FIELDS
from ctdir.schema import SCHEMA_VERSION

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _countries import COUNTRIES
from _names import COUNTRY_POOLS, LATIN_POOLS, POOLS, PoolSpec

Entry = dict[str, Any]

# Numbers from 240 regions overflow the re module's cache of compiled patterns;
# phonenumbers can keep its own (a 10x speed-up for generation).
if hasattr(re_util, "enable_pattern_cache"):
    re_util.enable_pattern_cache()

DEFAULT_SEED = 20261123
# Names in one country stay below this similarity (ctdir: >= 92 is a duplicate).
NEAR_NAME = 88.0
PHONE_FIELDS = ("number", "e164", "label", "valid", "region", "domestic_only")
CSV_HEADER = list(COLUMNS)
EMPTY_STORE: dict[str, Any] = {
    "entries": {},
    "meta": {"1": {"retired_ids": [], "schema": SCHEMA_VERSION}},
}

_EPOCH = datetime(2019, 1, 1, tzinfo=UTC)
_NOW = datetime(2026, 11, 22, 18, 0, tzinfo=UTC)


# --------------------------------------------------------------------------- countries


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    cities: tuple[str, ...]
    pool: str | None  # the local name pool, None for "any Latin pool"


def countries() -> list[Country]:
    """The countries to generate: the static table, less any code ctdir does not know."""
    known: set[str] | None = None
    try:
        from ctdir.countries import all_countries

        known = {str(row[0]) for row in all_countries()}
    except Exception:  # ctdir.countries missing or changed: use the static table
        known = None
    out = []
    for code, name, cities in COUNTRIES:
        if known is not None and code not in known:
            continue
        out.append(Country(code, name, cities, COUNTRY_POOLS.get(code)))
    return out


# --------------------------------------------------------------------------- probes


@dataclass
class NewContact:
    """A contact that is not in the store yet, for ``ctdir add contact``."""

    name: str
    country: str
    phone: str
    email: str


@dataclass
class Probes:
    """What each timed command looks up, and what it should find."""

    size: int
    seed: int
    hotline_country: str  # as a user types it: "kenya"
    hotline_country_code: str
    hotline_ids: list[str]
    surname: str
    surname_ids: list[str]  # entries whose name has the surname as a word
    country_name: str  # "Kenya"
    country_code: str
    country_count: int
    phone: str  # "00254..." (digits only, 00 prefix)
    phone_id: str
    phone_stored: str  # the number as stored
    misspelt: str
    misspelt_target: str
    misspelt_id: str
    show_id: str
    new_contacts: list[NewContact] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["surname_count"] = len(self.surname_ids)
        data["surname_ids"] = self.surname_ids[:50]
        return data


@dataclass
class Directory:
    entries: list[Entry]
    probes: Probes


# --------------------------------------------------------------------------- text pools

_TITLES_IOM = (
    "Project Manager",
    "Programme Officer",
    "Counter-Trafficking Specialist",
    "Counter-Trafficking Project Manager",
    "Chief of Mission",
    "Head of Office",
    "Protection Officer",
    "Public Information Officer",
    "Migration Health Officer",
    "Senior Programme Assistant",
    "Case Management Officer",
    "Regional Thematic Specialist",
    "Trainer",
    "Project Assistant",
    "Labour Mobility Officer",
)
_TITLES_GOV = (
    "Police Liaison Officer",
    "Head, Anti-Trafficking Unit",
    "Labour Inspector",
    "Prosecutor",
    "Immigration Officer",
    "Director, Social Protection",
    "Focal Point for Trafficking in Persons",
    "Border Management Officer",
    "Detective Inspector",
)
_TITLES_NGO = (
    "Shelter Coordinator",
    "Social Worker",
    "Legal Adviser",
    "Executive Director",
    "Outreach Worker",
    "Case Manager",
    "Psychosocial Counsellor",
    "Hotline Supervisor",
    "Programme Coordinator",
)
_UN_ORGS = (
    ("UNODC", "unodc.org"),
    ("UNICEF", "unicef.org"),
    ("UNHCR", "unhcr.org"),
    ("ILO", "ilo.org"),
    ("UN Women", "unwomen.org"),
)
_GOV_ORGS = (
    "Ministry of Labour and Social Protection",
    "Ministry of Interior",
    "National Police",
    "Anti-Trafficking Police Unit",
    "Department of Immigration",
    "National Committee to Combat Trafficking in Persons",
    "Office of the Public Prosecutor",
    "Ministry of Gender and Family Affairs",
)
_NGO_PATTERNS = (
    "{city} Women's Shelter",
    "Safe Passage {country}",
    "Caritas {country}",
    "{country} Red Cross Society",
    "Migrant Rights Centre {city}",
    "Legal Aid Clinic {city}",
    "Hope Alliance {country}",
    "Terre des hommes {country}",
    "{city} Child Protection Network",
    "La Strada {country}",
)
_HOTLINES = (
    ("National Anti-Trafficking Hotline", "National Committee to Combat Trafficking in Persons"),
    ("Police Human Trafficking Hotline", "{country} Police Service"),
    ("Child Helpline", "Ministry of Gender and Family Affairs"),
    ("Migrant Worker Helpline", "Ministry of Labour and Social Protection"),
    ("Women's Crisis Line", "{country} Women's Federation"),
    ("Labour Exploitation Hotline", "Labour Inspectorate"),
)
_HOURS = ("24/7", "24/7", "Mon–Fri 08:00–17:00", "Daily 07:00–22:00", "Mon–Sat 09:00–18:00")
_NOTES = (
    "Focal point for returns and reintegration.",
    "Prefers email; phone answered in office hours only.",
    "Number taken from a 2019 press release; not yet called.",
    "Covers the northern provinces.",
    "Speaks French and Portuguese.",
    "On leave until further notice; contact the head of office.",
    "Also handles smuggling of migrants cases.",
    "Call the mobile number after hours.",
)
_RELEASES = (
    "Maldives Police Build Counter Trafficking Capacity",
    "Bringing Law Enforcement and Social Workers Together to Fight Human Trafficking",
    "IOM Trains Labour Inspectors on Victim Identification",
    "New Shelter for Victims of Trafficking Opens",
    "Regional Conference on Safe Migration Ends with Joint Declaration",
    "Hotline Launched for Migrant Workers in Distress",
)
_WEBMAIL = ("gmail.com", "outlook.com", "yahoo.fr", "proton.me", "hotmail.com")


def _number(country_code: int, nsn: str) -> phonenumbers.PhoneNumber:
    """The number +<country_code><nsn> (what parse would give, without parsing)."""
    zeros = len(nsn) - len(nsn.lstrip("0"))
    return phonenumbers.PhoneNumber(
        country_code=country_code,
        national_number=int(nsn),
        italian_leading_zero=zeros > 0 or None,
        number_of_leading_zeros=zeros if zeros > 1 else None,
    )


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _region(number: phonenumbers.PhoneNumber) -> str | None:
    region = phonenumbers.region_code_for_number(number)
    return None if region in (None, "ZZ", "001") else region


def _ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.encode("ascii", "ignore").decode()


def name_key(text: str) -> str:
    """``"Максим Иванов"`` -> ``"maksim ivanov"``: how a name compares, in any script."""
    from anyascii import anyascii

    words = "".join(c if c.isalnum() else " " for c in anyascii(text).casefold())
    return " ".join(words.split())


def _slug(text: str) -> str:
    return "".join(c for c in _ascii_fold(text).lower() if c.isalnum())


def _parse_pool(words: str) -> list[tuple[str, str]]:
    out = []
    for word in words.split():
        native, _, latin = word.partition(":")
        out.append((native.replace("_", " "), (latin or native).replace("_", " ")))
    return out


@dataclass(frozen=True)
class _Pool:
    spec: PoolSpec
    given_m: list[tuple[str, str]]
    given_f: list[tuple[str, str]]
    surnames: list[tuple[tuple[str, str], tuple[str, str]]]  # (male form, female form)
    middle_m: list[tuple[str, str]]
    middle_f: list[tuple[str, str]]


def _build_pool(spec: PoolSpec) -> _Pool:
    surnames = []
    for word in spec.surnames.split():
        male, _, female = word.partition("|")
        m = _parse_pool(male)[0]
        f = _parse_pool(female)[0] if female else m
        if not female and spec.native and m[0].endswith(("ов", "ев", "ин")):
            f = (m[0] + "а", m[1] + "a")  # Петров -> Петрова
        surnames.append((m, f))
    return _Pool(
        spec=spec,
        given_m=_parse_pool(spec.given_m),
        given_f=_parse_pool(spec.given_f),
        surnames=surnames,
        middle_m=_parse_pool(spec.middle_m),
        middle_f=_parse_pool(spec.middle_f),
    )


_POOLS = {key: _build_pool(spec) for key, spec in POOLS.items()}


@dataclass(frozen=True)
class Person:
    name: str  # as stored
    latin: str  # the Latin-script form (same as name for Latin pools)
    given_latin: str
    surname: str | None  # in the script of ``name``; None for a single name
    surname_latin: str | None
    pool: str
    latin_script: bool  # whether ``name`` is written in Latin script


# --------------------------------------------------------------------------- generator


class Generator:
    """Seeded generator; every value it hands out (id, name, number, email) is unique."""

    def __init__(self, seed: int = DEFAULT_SEED, country_list: list[Country] | None = None):
        self.seed = seed
        self.rng = random.Random(seed)
        self.countries = country_list if country_list is not None else countries()
        self.ids: set[str] = set()
        self.names: set[str] = set()
        self.e164s: set[str] = set()
        self.emails: set[str] = set()
        self.short_codes: set[str] = set()
        self._templates: dict[tuple[str, str], list[str]] = {}
        self._foreign: set[tuple[str, str]] = set()
        self._good: dict[tuple[str, str], list[str]] = {}
        self._country_names: dict[str, list[str]] = {}
        self.near_check = True

    # ---- ids and dates

    def new_id(self) -> str:
        while True:
            candidate = "".join(self.rng.choice(ID_ALPHABET) for _ in range(ID_LENGTH))
            if candidate not in self.ids:
                self.ids.add(candidate)
                return candidate

    def _timestamps(self) -> tuple[str, str]:
        span = int((_NOW - _EPOCH).total_seconds())
        created = _EPOCH + timedelta(seconds=self.rng.randrange(span))
        left = int((_NOW - created).total_seconds())
        updated = created + timedelta(seconds=self.rng.randrange(left + 1))
        if self.rng.random() < 0.5:
            updated = created
        fmt = "%Y-%m-%dT%H:%M:%SZ"
        return created.strftime(fmt), updated.strftime(fmt)

    def _verified(self) -> str | None:
        if self.rng.random() < 0.4:
            return None
        start = date(2022, 1, 1)
        days = self.rng.randrange((date(2026, 11, 20) - start).days)
        return (start + timedelta(days=days)).isoformat()

    # ---- names

    def _pool_for(self, country: Country, force_latin: bool = False) -> str:
        if force_latin:
            if country.pool in LATIN_POOLS and country.pool not in ("vi", "id"):
                return country.pool
            return self.rng.choice(("en", "es", "fr", "pt", "af", "de"))
        if country.pool is not None and self.rng.random() < 0.85:
            return country.pool
        return self.rng.choice(LATIN_POOLS)

    def claim_name(self, country: str, *forms: str) -> bool:
        """Take a name unless it (nearly) duplicates one already taken.

        ctdir counts "Максим Иванов" and "Maksim Ivanov" as one person, and a name
        within a few letters of another in the same country ("Olga Kovalenko",
        "Oleg Kovalenko") as a duplicate (token sort ratio >= 92), which import
        skips and add refuses. So: unique on the folded ASCII forms everywhere,
        and, once ``near_check`` is on, below ``NEAR_NAME`` similarity within a
        country. The store itself may hold near-duplicates (real directories do,
        and checking 100,000 names so costs minutes); the rows to import and the
        contacts to add are checked against everything.
        """
        from rapidfuzz import fuzz, process

        keys = {name_key(form) for form in forms}
        if keys & self.names:
            return False
        sorted_keys = [" ".join(sorted(k.split())) for k in keys]
        taken = self._country_names.setdefault(country, [])
        for key in sorted_keys if self.near_check else ():
            if process.extractOne(key, taken, scorer=fuzz.ratio, score_cutoff=NEAR_NAME):
                return False
        self.names.update(keys)
        taken.extend(sorted_keys)
        return True

    def person(self, country: Country, force_latin: bool = False) -> Person:
        key = self._pool_for(country, force_latin)
        for attempt in range(40):
            if attempt == 20:  # a small pool is exhausted: international staff
                key = self.rng.choice(("en", "es", "fr", "pt", "af", "de"))
            person = self._compose(key, force_latin, extra=attempt >= 30)
            if self.claim_name(country.code, person.name, person.latin):
                return person
        # Practically unreachable: add a numbered middle initial until unique.
        n = 0
        while True:
            n += 1
            initial = "ABCDEFGHJKLMNPRSTVW"[n % 19]
            given, _, rest = person.name.partition(" ")
            name = f"{given} {initial}{n}. {rest}"
            if self.claim_name(country.code, name):
                return Person(
                    name,
                    name,
                    person.given_latin,
                    person.surname,
                    person.surname_latin,
                    person.pool,
                    person.latin_script,
                )

    def _compose(self, key: str, force_latin: bool, extra: bool) -> Person:
        rng = self.rng
        pool = _POOLS[key]
        spec = pool.spec
        female = rng.random() < 0.5
        givens = pool.given_f if female else pool.given_m
        given = rng.choice(givens)
        if key == "chinese" and rng.random() < 0.6:  # two-character given names
            second = rng.choice(givens)
            given = (given[0] + second[0], given[1] + second[1].lower())
        if (extra or rng.random() < spec.second_given) and spec.order == "given_first":
            other = rng.choice(givens)
            if other != given:
                sep = "-" if key == "fr" and rng.random() < 0.5 else " "
                given = (given[0] + sep + other[0], given[1] + sep + other[1])
        if rng.random() < spec.mononym and not extra:
            latin_name = given[1]
            return Person(given[1], latin_name, given[1], None, None, key, True)
        male_form, female_form = rng.choice(pool.surnames)
        surname = female_form if female else male_form
        full_surname = surname
        if rng.random() < spec.second_surname or (extra and spec.second_surname):
            m2, f2 = rng.choice(pool.surnames)
            s2 = f2 if female else m2
            if s2 != surname:
                full_surname = (surname[0] + " " + s2[0], surname[1] + " " + s2[1])
        if spec.order == "given_first":
            native = f"{given[0]} {full_surname[0]}"
            latin = f"{given[1]} {full_surname[1]}"
        elif spec.order == "surname_first":
            middles = pool.middle_f if female else pool.middle_m
            if middles:
                mid = rng.choice(middles)
                native = f"{full_surname[0]} {mid[0]} {given[0]}"
                latin = f"{full_surname[1]} {mid[1]} {given[1]}"
            else:
                native = f"{full_surname[0]} {given[0]}"
                latin = f"{given[1]} {full_surname[1]}"  # "Kenichi Sato" in English lists
        else:  # surname_first_joined: 王伟 / 김민준, "Wang Wei" / "Kim Min-jun"
            native = f"{full_surname[0]}{given[0]}"
            latin = f"{full_surname[1]} {given[1]}"
        use_native = spec.native and not force_latin and rng.random() < 0.65
        if use_native:
            return Person(native, latin, given[1], surname[0], surname[1], key, False)
        if spec.native:
            return Person(latin, latin, given[1], surname[1], surname[1], key, True)
        return Person(native, latin, given[1], surname[0], surname[1], key, True)

    # ---- phones

    def _template_numbers(self, region: str, kind: str) -> list[str]:
        key = (region, kind)
        if key not in self._templates:
            types = (
                (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
                if kind == "mobile"
                else (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
            )
            found = []
            for t in (*types, PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE):
                example = phonenumbers.example_number_for_type(region, t)
                if example is not None:
                    found.append(phonenumbers.national_significant_number(example))
                    break
            self._templates[key] = found
        return self._templates[key]

    def phone(self, region: str, label: str | None) -> dict[str, Any]:
        """A number valid for ``region``, unique in this generator, as published.

        Random digits after the prefix of phonenumbers' example number; the prefix
        kept grows when the region's numbering plan is narrow (Montserrat: 664 491).
        Regions that share a country code and have no numbers of their own of this
        kind (Åland mobiles are Finnish ones) get a valid number of the main region.
        """
        rng = self.rng
        kind = "mobile" if label == "mobile" else "fixed"
        templates = self._template_numbers(region, kind) or ["23456789"]
        cc = phonenumbers.country_code_for_region(region)
        shared_code = len(phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(cc, ())) > 1
        foreign = (region, kind) in self._foreign
        # Prefixes of numbers found valid: offices share exchanges, and a known-good
        # prefix with random last digits is valid far more often than random digits.
        good = self._good.setdefault((region, kind), [])
        parsed = None
        region_found: str | None = region
        for attempt in range(80):
            if good and attempt < 6 and (len(good) >= 40 or rng.random() < 0.5):
                prefix = rng.choice(good)
                tail = 4 if len(prefix) >= 4 else 3
                candidate = prefix + "".join(rng.choice("0123456789") for _ in range(tail))
            else:
                nsn = rng.choice(templates)
                left = (len(nsn) - 3, 5, 4, 3)[attempt // 10 % 4]  # digits made random
                keep = max(1, len(nsn) - max(2, left))
                candidate = nsn[:keep] + "".join(rng.choice("0123456789") for _ in nsn[keep:])
            number = _number(cc, candidate)
            e164 = _e164(number)
            if e164 in self.e164s:
                continue
            if foreign:
                if phonenumbers.is_valid_number(number):
                    parsed, region_found = number, _region(number)
                    break
                continue
            if phonenumbers.is_valid_number_for_region(number, region) and (
                not shared_code or _region(number) == region
            ):
                parsed = number
                if len(good) < 60:
                    cut = len(candidate) - (4 if len(candidate) >= 8 else 3)
                    if cut >= 2 and candidate[:cut] not in good:
                        good.append(candidate[:cut])
                break
            if attempt >= 40 and phonenumbers.is_valid_number(number):
                # This region has no such numbers of its own (Åland mobiles are Finnish).
                self._foreign.add((region, kind))
                parsed, region_found = number, _region(number)
                break
        valid = parsed is not None
        if parsed is None:  # keep going with an invalid number: messy data exists
            while parsed is None or _e164(parsed) in self.e164s:
                parsed = _number(cc, str(rng.randrange(10**7, 10**8)))
            region_found = _region(parsed)
        e164 = _e164(parsed)
        self.e164s.add(e164)
        domestic_only = valid and not phonenumbers.can_be_internationally_dialled(parsed)
        style = rng.random()
        if style < 0.65:
            shown = phonenumbers.format_number(parsed, PhoneNumberFormat.INTERNATIONAL)
        elif style < 0.8:
            shown = phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL)
        elif style < 0.92:
            intl = phonenumbers.format_number(parsed, PhoneNumberFormat.INTERNATIONAL)
            shown = intl.replace(" ", ".").replace("-", ".")
        else:
            shown = e164
        return {
            "number": shown,
            "e164": e164,
            "label": label,
            "valid": valid,
            "region": region_found,
            "domestic_only": domestic_only,
        }

    def short_code(self, region: str) -> dict[str, Any] | None:
        """A short hotline code (such as 1696) valid only inside ``region``, or None."""
        for _ in range(40):
            digits = str(self.rng.choice((1, 1, 1, 8, 9))) + "".join(
                self.rng.choice("0123456789") for _ in range(self.rng.choice((2, 3, 3, 4)))
            )
            if f"{region}:{digits}" in self.short_codes:
                continue
            try:
                number = phonenumbers.parse(digits, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                continue  # a full number, not a short code
            if shortnumberinfo.is_valid_short_number_for_region(number, region):
                self.short_codes.add(f"{region}:{digits}")
                return {
                    "number": digits,
                    "e164": None,
                    "label": "hotline",
                    "valid": True,
                    "region": region,
                    "domestic_only": True,
                }
        return None

    # ---- emails

    def email(self, person: Person, domain: str, personal: bool = False) -> str:
        given = _slug(person.given_latin.split(" ")[0].split("-")[0]) or "info"
        surname = _slug((person.surname_latin or "").replace(" ", "")) or "office"
        if personal:
            pattern = self.rng.choice(("{g}.{s}", "{g}{s}", "{s}.{g}"))
            domain = self.rng.choice(_WEBMAIL)
        else:
            pattern = self.rng.choice(("{i}{s}", "{i}{s}", "{g}.{s}", "{i}.{s}"))
        local = pattern.format(g=given, s=surname, i=given[0])
        address = f"{local}@{domain}"
        n = 1
        while address in self.emails:
            n += 1
            address = f"{local}{n}@{domain}"
        self.emails.add(address)
        return address

    # ---- entries

    def _blank(self, kind: str) -> Entry:
        entry: Entry = {f: [] if f in LIST_FIELDS else None for f in STORED_FIELDS}
        entry["kind"] = kind
        entry["id"] = self.new_id()
        entry["created"], entry["updated"] = self._timestamps()
        entry["verified"] = self._verified()
        if entry["verified"]:
            entry["verifications"] = [{"date": entry["verified"], "note": None}]
        return entry

    def _source(self) -> str | None:
        rng = self.rng
        r = rng.random()
        if r < 0.3:
            return None
        if r < 0.65:
            n = rng.randrange(1000)
            return (
                f"Press release “{rng.choice(_RELEASES)}” ({n:03d}_{rng.getrandbits(64):016x}.txt)"
            )
        if r < 0.85:
            return f"IOM regional contact list {rng.randrange(2018, 2027)}.xlsx"
        return f"https://www.iom.int/news/{rng.getrandbits(32):08x}"

    def contact(self, country: Country, force_latin: bool = False) -> tuple[Entry, Person]:
        rng = self.rng
        entry = self._blank("contact")
        person = self.person(country, force_latin)
        city = rng.choice(country.cities)
        r = rng.random()
        if r < 0.45:
            org, domain = "IOM", "iom.int"
            entry["office"] = f"IOM {city}"
            titles: tuple[str, ...] = _TITLES_IOM
        elif r < 0.6:
            org, domain = rng.choice(_UN_ORGS)
            entry["office"] = rng.choice((f"{org} {city}", f"{org} {country.name} Country Office"))
            titles = _TITLES_IOM
        elif r < 0.8:
            org = rng.choice(_GOV_ORGS)
            domain = f"{_slug(org)[:12]}.gov.{country.code.lower()}"
            entry["office"] = rng.choice((None, f"{org}, {city}"))
            titles = _TITLES_GOV
        else:
            org = rng.choice(_NGO_PATTERNS).format(city=city, country=country.name)
            domain = f"{_slug(org)[:16]}.org"
            entry["office"] = rng.choice((None, city))
            titles = _TITLES_NGO
        entry.update(
            name=person.name,
            title=rng.choice(titles) if rng.random() < 0.8 else None,
            organization=org,
            city=city if rng.random() < 0.85 else None,
            country=country.code,
        )
        n_phones = rng.choices((1, 2, 3), (60, 30, 10))[0]
        labels = ["office", "mobile", rng.choice(("office", "fax", None))]
        if rng.random() < 0.3:
            labels[0] = "mobile"
            labels[1] = "office"
        entry["phones"] = [self.phone(country.code, labels[i]) for i in range(n_phones)]
        n_emails = rng.choices((1, 2, 3), (70, 22, 8))[0]
        emails = [self.email(person, domain)]
        if n_emails >= 2:
            emails.append(self.email(person, domain, personal=True))
        if n_emails >= 3:
            emails.append(self.email(person, f"{country.code.lower()}.{domain}"))
        entry["emails"] = emails
        if rng.random() < 0.25:
            langs = ["English", POOLS[person.pool].language]
            entry["languages"] = sorted(set(langs))
        if rng.random() < 0.15:
            entry["notes"] = rng.choice(_NOTES)
        entry["source"] = self._source()
        return entry, person

    def hotline(self, country: Country, slot: int, short: bool = True) -> Entry:
        rng = self.rng
        entry = self._blank("hotline")
        name, operator = _HOTLINES[(slot + sum(map(ord, country.code))) % len(_HOTLINES)]
        entry.update(
            name=name,
            organization=operator.format(country=country.name),
            country=country.code,
            hours=rng.choice(_HOURS),
        )
        phones = []
        if short and slot == 0:
            code = self.short_code(country.code)
            if code is not None:
                phones.append(code)
        if not phones or rng.random() < 0.5:
            phones.append(self.phone(country.code, "hotline"))
        entry["phones"] = phones
        local = POOLS[country.pool].language if country.pool else "English"
        entry["languages"] = sorted({"English", local})
        if rng.random() < 0.3:
            entry["emails"] = [
                f"hotline{len(self.emails)}@{_slug(entry['organization'])[:14]}.{country.code.lower()}"
            ]
            self.emails.update(entry["emails"])
        entry["source"] = self._source()
        if rng.random() < 0.2:
            entry["notes"] = "Free of charge from landlines and mobiles."
        return entry


# --------------------------------------------------------------------------- the directory


def _misspell(rng: random.Random, name: str, existing: set[str]) -> str | None:
    """One or two edits (transposition, deletion, vowel swap) inside words of ``name``."""
    vowels = "aeiou"
    for _ in range(50):
        words = name.split(" ")
        candidates = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
        candidates = candidates or [i for i, w in enumerate(words) if len(w) >= 3 and w.isalpha()]
        if not candidates:
            return None
        # Two edits only in long names, and never two in one word.
        edits = 1 if len(name) < 12 else min(2, len(candidates))
        for i in rng.sample(candidates, edits):
            w = words[i]
            pos = rng.randrange(1, max(2, len(w) - 2))
            op = rng.choice(("swap", "delete", "vowel"))
            if op == "swap" and w[pos] != w[pos + 1]:
                w = w[:pos] + w[pos + 1] + w[pos] + w[pos + 2 :]
            elif op == "vowel" and w[pos] in vowels:
                w = w[:pos] + rng.choice([v for v in vowels if v != w[pos]]) + w[pos + 1 :]
            else:
                w = w[:pos] + w[pos + 1 :]
            words[i] = w
        result = " ".join(words)
        if result != name and result.casefold() not in existing:
            return result
    return None


def _words(text: str) -> list[str]:
    return _ascii_fold(text).casefold().replace("-", " ").split()


def generate(size: int, seed: int = DEFAULT_SEED, n_new: int = 16) -> Directory:
    """``size`` entries and the probes; deterministic for a given (size, seed)."""
    if size < 2:
        raise ValueError("size must be at least 2 (a contact and a hotline)")
    gen = Generator(seed)
    rng = gen.rng
    n_countries = len(gen.countries)
    n_hot = min(3 * n_countries, max(1, size // 10))
    n_contacts = size - n_hot

    # Hotlines: every country one, then a second, then a third, as numbers allow.
    order = list(gen.countries)
    rng.shuffle(order)
    hot_countries = [order[i % n_countries] for i in range(n_hot)]
    # Contacts: every country at least once, then a Zipf-like spread (big and small).
    order2 = list(gen.countries)
    rng.shuffle(order2)
    weights = [1.0 / (rank + 1) ** 0.7 for rank in range(n_countries)]
    contact_countries = [order2[i % n_countries] for i in range(min(n_contacts, n_countries))]
    contact_countries += rng.choices(order2, weights, k=n_contacts - len(contact_countries))

    entries: list[Entry] = []
    people: list[tuple[Entry, Person]] = []
    gen.near_check = False
    for i, country in enumerate(contact_countries):
        # The first few contacts are in Latin script, so that probes exist at any size.
        entry, person = gen.contact(country, force_latin=i < 3)
        entries.append(entry)
        people.append((entry, person))
    slots: Counter[str] = Counter()
    for country in hot_countries:
        entries.append(gen.hotline(country, slots[country.code]))
        slots[country.code] += 1
    rng.shuffle(entries)

    probes = _probes(gen, size, seed, entries, people, n_new)
    return Directory(entries, probes)


def _single_word(name: str) -> bool:
    return name.isascii() and name.isalpha()


def _probes(
    gen: Generator,
    size: int,
    seed: int,
    entries: list[Entry],
    people: list[tuple[Entry, Person]],
    n_new: int,
) -> Probes:
    rng = random.Random(seed + 1)  # probes do not shift the data
    by_code = {c.code: c for c in gen.countries}

    # A country with the most hotlines (and a name one word long, as people type it).
    hot: dict[str, list[str]] = {}
    for e in entries:
        if e["kind"] == "hotline":
            hot.setdefault(e["country"], []).append(e["id"])
    most = max(len(v) for v in hot.values())
    choices = sorted(c for c, v in hot.items() if len(v) == most)
    simple = [c for c in choices if _single_word(by_code[c].name)] or choices
    hot_code = rng.choice(simple)

    # A surname of a Latin-script contact, with every entry that has it as a word.
    latin_people = [
        (e, p) for e, p in people if p.latin_script and p.surname and p.surname.isascii()
    ] or [(e, p) for e, p in people if p.surname]
    _, who = rng.choice(latin_people)
    assert who.surname is not None
    surname = who.surname.split(" ")[0]
    key = _words(surname)
    surname_ids = [
        e["id"]
        for e in entries
        if any(_words(e["name"])[i : i + len(key)] == key for i in range(len(_words(e["name"]))))
    ]

    # A country to look up by name: a fairly big one (75th percentile of entry counts).
    counts = Counter(e["country"] for e in entries)
    named = sorted(
        (n, c) for c, n in counts.items() if _single_word(by_code[c].name) and c != hot_code
    ) or sorted((n, c) for c, n in counts.items())
    count, country_code = named[min(len(named) - 1, (len(named) * 3) // 4)]

    # A stored number, written differently: digits only with the 00 prefix.
    with_e164 = [
        (e, p) for e in entries if e["kind"] == "contact" for p in e["phones"] if p["e164"]
    ]
    phone_entry, phone = rng.choice(with_e164)

    # A misspelt full name (ASCII Latin names, so that the edit count is exact).
    existing = {e["name"].casefold() for e in entries}
    candidates = [(e, p) for e, p in people if p.latin_script and p.name.isascii()]
    candidates = [c for c in candidates if len(c[1].name) >= 9] or candidates
    candidates = [c for c in candidates if c[1].name.replace(" ", "").isalpha()] or candidates
    misspelt = None
    target: Entry | None = None
    for _ in range(20):
        target, person = rng.choice(candidates)
        misspelt = _misspell(rng, person.name, existing)
        if misspelt:
            break
    assert misspelt is not None and target is not None

    show = rng.choice(entries)

    new_contacts = []
    gen.near_check = True  # ctdir add refuses a name this close to one in the country
    for _ in range(n_new):
        country = rng.choice(gen.countries)
        entry, person = gen.contact(country, force_latin=True)
        new_contacts.append(
            NewContact(
                name=person.name,
                country=country.code,
                phone=phonenumbers.format_number(
                    phonenumbers.parse(entry["phones"][0]["e164"], None),
                    PhoneNumberFormat.INTERNATIONAL,
                ),
                email=entry["emails"][0],
            )
        )

    return Probes(
        size=size,
        seed=seed,
        hotline_country=by_code[hot_code].name.lower(),
        hotline_country_code=hot_code,
        hotline_ids=sorted(hot[hot_code]),
        surname=surname,
        surname_ids=surname_ids,
        country_name=by_code[country_code].name,
        country_code=country_code,
        country_count=count,
        phone="00" + phone["e164"][1:],
        phone_id=phone_entry["id"],
        phone_stored=phone["number"],
        misspelt=misspelt,
        misspelt_target=target["name"],
        misspelt_id=target["id"],
        show_id=show["id"],
        new_contacts=new_contacts,
    )


# --------------------------------------------------------------------------- writers


def _dump(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)


def write_store(entries: list[Entry], path: Path) -> None:
    """Write ``entries`` as a ctdir store (TinyDB layout, doc ids "1".."N").

    The text is exactly ``json.dumps(data, indent=2, sort_keys=True,
    ensure_ascii=False)``, streamed so that 100,000 entries need no 100 MB string.
    """
    data = {
        "entries": {str(i): e for i, e in enumerate(entries, start=1)},
        "meta": EMPTY_STORE["meta"],
    }
    _write_private(path, data)


def write_empty_store(path: Path) -> None:
    _write_private(path, EMPTY_STORE)


def _write_private(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", buffering=1 << 20) as fh:
        json.dump(data, fh, indent=2, sort_keys=True, ensure_ascii=False)


def csv_rows(rows: int, seed: int = DEFAULT_SEED + 7) -> list[Entry]:
    """``rows`` new entries for import: unique names, numbers and emails, no ids."""
    gen = Generator(seed)
    rng = gen.rng
    order = list(gen.countries)
    weights = [1.0 / (rank + 1) ** 0.7 for rank in range(len(order))]
    rng.shuffle(order)
    out: list[Entry] = []
    for i in range(rows):
        country = order[i] if i < len(order) else rng.choices(order, weights)[0]
        if rng.random() < 0.03:
            entry = gen.hotline(country, rng.randrange(6), short=False)
            name = f"{entry['name']} ({rng.choice(country.cities)})"
            if gen.claim_name(country.code, name):
                entry["name"] = name
                out.append(entry)
                continue
        out.append(gen.contact(country)[0])
    return out


def write_csv(path: Path, rows: int, seed: int = DEFAULT_SEED + 7) -> list[Entry]:
    """Write ``rows`` rows in ctdir's CSV import format; returns the entries written."""
    entries = csv_rows(rows, seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, CSV_HEADER, restval="")
        writer.writeheader()
        for e in entries:
            phones = "; ".join(
                f"{p['label']}: {p['number']}" if p["label"] else p["number"] for p in e["phones"]
            )
            text = {f: e[f] or "" for f in CSV_HEADER if isinstance(e.get(f), (str, type(None)))}
            text.update(id="", phones=phones, emails=";".join(e["emails"]))
            writer.writerow({**text, "languages": ";".join(e["languages"])})
    return entries


def _vcard_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def write_vcards(entries: list[Entry], directory: Path) -> int:
    """One vCard 3.0 file per entry (for peer tools such as khard); returns the count."""
    directory.mkdir(parents=True, exist_ok=True)
    for e in entries:
        words = e["name"].split(" ")
        family, given = (words[-1], " ".join(words[:-1])) if len(words) > 1 else (e["name"], "")
        lines = [
            "BEGIN:VCARD",
            "VERSION:3.0",
            f"UID:{e['id']}",
            f"FN:{_vcard_escape(e['name'])}",
            f"N:{_vcard_escape(family)};{_vcard_escape(given)};;;",
        ]
        if e["organization"]:
            lines.append(f"ORG:{_vcard_escape(e['organization'])}")
        if e["title"]:
            lines.append(f"TITLE:{_vcard_escape(e['title'])}")
        for p in e["phones"]:
            kind = {"mobile": "CELL", "fax": "FAX"}.get(p["label"] or "", "WORK")
            lines.append(f"TEL;TYPE={kind}:{p['e164'] or p['number']}")
        lines.extend(f"EMAIL;TYPE=INTERNET:{m}" for m in e["emails"])
        if e["notes"]:
            lines.append(f"NOTE:{_vcard_escape(e['notes'])}")
        lines.append("END:VCARD")
        (directory / f"{e['id']}.vcf").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return len(entries)


def write_probes(probes: Probes, path: Path) -> None:
    path.write_text(_dump(probes.to_json()) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True, help="directory to write into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--csv", type=int, default=0, help="also write N CSV import rows")
    args = parser.parse_args(argv)
    directory = generate(args.size, args.seed)
    write_store(directory.entries, args.out / "store.json")
    write_probes(directory.probes, args.out / "probes.json")
    if args.csv:
        write_csv(args.out / "import.csv", args.csv)
    print(f"wrote {args.size} entries to {args.out / 'store.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
