"""One search over everything: countries, cities, numbers, emails, names.

``lookup`` decides what the query is, asks the index, and ranks:

* an address ("nchimedza@iom.int") matches exactly, then by its local part,
  then as words of the local part among the entries of that domain (or, if
  nobody is at that domain, among all entries); a bare domain lists its entries;
* a number matches on its digits however it was written: the E.164 digits or
  the digits as published, in full or by a tail of seven or more digits, with
  ``00``/``+`` international prefixes, a trunk ``0`` and a bracketed ``(0)``
  dropped; with ``--country`` a national number is read as dialled there (its
  trunk prefix, 0 or 8 or 1, dropped); failing all that, by its own last digits;
* a country or city (``ctdir.countries``: codes, names in several languages,
  aliases, typos within two edits, capitals and large cities) lists every entry
  of that country, hotlines first (for a city, those in the city first); people
  or offices literally named like the place join them, ranked by their own score;
* anything else is words. Each query word is read as index terms: itself, the
  terms it begins, terms within one edit (up to five letters) or two (first
  letter kept, or swapped with the second), and terms with the same consonant
  skeleton, for names romanised from scripts that write few vowels
  ("Mohammed" ~ "mhmd" from "محمد", "Sharma" ~ "srma" from "शर्मा"). A place
  inside a longer query ("police Holland") also matches that country's entries.
  Words weigh by rarity (idf), so a word every entry shares ("IOM") cannot swamp
  a surname; a field's weight says how much a match there counts (name over
  office over organisation...). Of a score, a quarter is how well one field
  alone matches the words (an office "IOM Port Louis" beats a "Louis" in a name
  plus a "Port" in an office), and 5% how much of the entry's name the query
  covers ("Ali Khan" ranks "Ali Khan" above "Ali Khan Durrani").

Ties are broken by kind (hotlines first), folded name, then id: the order is
stable. Everything is bounded for large directories: terms are found by range
scans of the vocabulary (never a full scan); a word matching more than
``COMMON_DF`` entries is not enumerated but checked on the candidates the
rarer words found; documents are fetched only for the results shown.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ctdir.errors import InvalidInput
from ctdir.index import FIELD_COUNTRY, FIELD_WEIGHTS
from ctdir.model import Entry
from ctdir.phones import digits, without_extension
from ctdir.text import fold_words

if TYPE_CHECKING:
    from ctdir.countries import CountryMatch
    from ctdir.index import Index

_PHONE_QUERY = re.compile(r"^[+\d\s().\-/]+$")
_TRUNK_IN_BRACKETS = re.compile(r"\(\s*0\s*\)")
_EMAIL = re.compile(r"^[^@\s]+@(?:[a-z0-9-]+\.)+[a-z0-9-]+$")
# "iom.int", "@iom.int", "@iom": a domain, or the part of an address after "@".
_DOMAIN = re.compile(r"^(?:@[a-z0-9-]+(?:\.[a-z0-9-]+)*|(?:[a-z0-9-]+\.)+[a-z]{2,})$")
# Letters a consonant skeleton leaves out: vowels, and y and w, which Arabic
# script writes as long vowels; a following h joins these to make one sound.
_SKELETON_DROPS = frozenset("aeiouyw")
_DIGRAPH = re.compile(r"([bcdgkpstz])h")

MIN_TAIL = 7
# Longer than any name, number, address or place: past it a query is refused,
# which keeps the work of one lookup bounded (a 20,000-digit query took 16 s).
MAX_QUERY = 200
# E.164 allows 15 digits; with "00" and a bracketed trunk "(0)", a few more.
MAX_PHONE_DIGITS = 24
NAME_THRESHOLD = 60.0
DEFAULT_LIMIT = 20
# A word matching more entries than this is checked on candidates, not enumerated.
COMMON_DF = 2000
PREFIX_LIMIT = 50
FUZZY_LIMIT = 25
# A term with the same consonant skeleton: about as good as one edit.
SKELETON_SCORE = 85.0
# A name hit must be this good to join a place's entries.
NAME_BESIDE_PLACE = 80.0
# Entries of a city's country outside the city itself.
CITY_COUNTRY_SCORE = 90.0
# How much of a score is the share of the entry's name the query covers.
COVERAGE_SHARE = 0.05
# How much of a score is the best any single field does alone.
TOGETHER_SHARE = 0.25
# Single-letter words are initials: they count, but little.
INITIAL_WEIGHT = math.log(3)

Hits = dict[int, tuple[float, str]]  # rid -> (score, why)


@dataclass
class Match:
    entry: Entry
    score: float
    why: str = ""


@dataclass
class SearchResult:
    understood_as: str
    matches: list[Match] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    country: CountryMatch | None = None
    total: int = 0  # matches before --limit: "showing 3 of 3,296"
    number: str | None = None  # what a number found nowhere is ("a mobile number in Kenya")


@dataclass
class _Found:
    understood: str
    hits: Hits
    place: CountryMatch | None = None
    show_all: bool = False  # a place query lists every entry of the place


def lookup(
    index: Index,
    query: str,
    kind: str | None = None,
    country: str | None = None,
    limit: int | None = None,
) -> SearchResult:
    """Search the directory; ``country`` (alpha-2) and ``kind`` filter the results."""
    text = " ".join(query.split())
    if not text:
        raise InvalidInput("empty query: give a country, a name, a number or an email")
    if len(text) > MAX_QUERY:
        raise InvalidInput(
            f"the query is {len(text):,} characters long; a lookup takes at most {MAX_QUERY} "
            "(a country, a name, a number or an email)"
        )
    lowered = text.lower().strip("<>")
    number = without_extension(text)  # a number copied as shown: "+254 20 4444174 ext. 205"
    if _EMAIL.match(lowered):
        found = _by_email(index, lowered)
    elif _PHONE_QUERY.match(number) and len(digits(number)) >= 3:
        if len(digits(number)) > MAX_PHONE_DIGITS:
            raise InvalidInput(
                f"{len(digits(number))} digits is too many for a phone number (at most 15, "
                f"or {MAX_PHONE_DIGITS} written with 00 and a trunk prefix)"
            )
        found = _by_phone(index, number, country)
    else:
        found = _by_words_or_place(index, text, kind, country)
    cap = limit if limit is not None else (None if found.show_all else DEFAULT_LIMIT)
    keys = index.sort_keys(found.hits)
    rids = [
        rid
        for rid, key in keys.items()
        if (kind is None or key[1] == kind) and (country is None or key[2] == country)
    ]
    rids.sort(key=lambda r: _order_key(found.hits[r][0], keys[r]))
    total = len(rids)
    rids = rids[:cap]
    docs = index.by_rids(rids)
    result = SearchResult(
        found.understood,
        [Match(docs[r], *found.hits[r]) for r in rids if r in docs],
        country=found.place,
        total=total,
    )
    if not result.matches:
        result.suggestions = suggest(index, text, found)
        if found.understood.startswith("phone number"):
            from ctdir.numberinfo import describe_number

            result.number = describe_number(text, country)
    return result


def _order_key(score: float, key: tuple[str, str, str, str, str]) -> tuple[float, bool, str, str]:
    entry_id, kind, _country, sortname, _name = key
    return (-score, kind != "hotline", sortname, entry_id)


# -- emails -----------------------------------------------------------------------


def _by_email(index: Index, email: str) -> _Found:
    local, _, domain = email.rpartition("@")
    hits: Hits = {rid: (100.0, "email") for rid, _ in index.emails_matching("email", email)}
    if not hits:
        # The same person at another address of the organisation, or an old one.
        hits = {rid: (90.0, "email") for rid, _ in index.emails_matching("local", local)}
    if hits:
        return _Found("email", hits)
    # A misspelt address: its local part as words, among the domain's entries.
    words = " ".join(fold_words(local))
    found = _words_at_domain(index, words, domain) if words else None
    if found is None and words:
        # Nobody at that domain (a personal address?): the local part as a name.
        scores = name_matches(index, words)
        found = _Found(
            f"email (nobody at {domain}; read as a name)",
            {rid: (round(0.9 * s, 1), "name") for rid, s in scores.items()},
        )
    return found or _Found("email", {})


# -- phone numbers ---------------------------------------------------------------


def phone_query_forms(text: str) -> list[str]:
    """Digit strings a typed number may stand for, most specific first.

    "+670 723 1576" -> ["6707231576"]; "00670 7231576" -> ["6707231576"];
    "+93 (0) 700 066 041" -> ["93700066041"]; "0700 066 041" -> ["0700066041",
    "700066041"].
    """
    body = _TRUNK_IN_BRACKETS.sub(" ", text).strip()
    raw = digits(body)
    international = body.startswith("+")
    if not international and raw.startswith("00"):
        raw, international = raw[2:], True
    forms = [raw]
    if not international:
        forms.append(raw.lstrip("0"))
    return [f for i, f in enumerate(forms) if f and f not in forms[:i]]


def _national_forms(text: str, country: str) -> list[str]:
    """E.164 digits of a national number dialled in ``country`` (its trunk prefix dropped)."""
    import phonenumbers  # only for a national number with --country

    forms = []
    try:
        parsed = phonenumbers.parse(_TRUNK_IN_BRACKETS.sub(" ", text), country)
        forms.append(
            digits(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))
        )
    except phonenumbers.NumberParseException:
        pass
    code = phonenumbers.country_code_for_region(country)
    if code:  # "8 495..." in Russia: phonenumbers drops the 8; a plain 0 is dropped here too
        forms.append(f"{code}{digits(text).lstrip('0')}")
    return forms


def _by_phone(index: Index, text: str, country: str | None) -> _Found:
    body = digits(text)
    national = not text.strip().startswith("+") and not body.startswith("00")
    forms = phone_query_forms(text)
    if national and country:
        forms = list(dict.fromkeys([*_national_forms(text, country), *forms]))
    best: dict[int, float] = {}
    for form in forms:
        for rid, stored in index.phones_with_suffix(form):
            if stored == form:
                score = 100.0
            elif len(form) >= MIN_TAIL:
                # A longer shared tail is stronger evidence.
                score = 90.0 + min(len(form) - MIN_TAIL, 3) * 2
            else:
                continue
            best[rid] = max(score, best.get(rid, 0.0))
    understood = "phone number"
    raw = phone_query_forms(text)[0]
    # Nothing ends with the whole number: a wrong country code or a misparse
    # ("+27 79 501 7854" published as "+ 7 795 01 7854") still shares its tail.
    for size in range(len(raw) - 1, MIN_TAIL - 1, -1):
        if best:
            break
        for rid, _stored in index.phones_with_suffix(raw[-size:]):
            best[rid] = 80.0 + min(size - MIN_TAIL, 3) * 2
            understood = f"phone number (its last {size} digits)"
    return _Found(understood, {rid: (score, "phone") for rid, score in best.items()})


# -- countries, cities and words --------------------------------------------------


def _split_domains(text: str) -> tuple[str, str | None]:
    """("nely", "iom.int") from "nely @iom.int"; addresses give their local part's words."""
    from ctdir.countries import resolve_country

    words: list[str] = []
    domain: str | None = None
    for token in text.split():
        lowered = token.lower().strip("<>,;")
        if _EMAIL.match(lowered):
            local, _, domain = lowered.rpartition("@")
            words.extend(fold_words(local))
        elif _DOMAIN.match(lowered) and (
            lowered.startswith("@") or resolve_country(lowered, fuzzy=False) is None
        ):
            domain = lowered.lstrip("@")
        else:
            words.append(token)
    return " ".join(words), domain


def _by_words_or_place(
    index: Index, text: str, kind: str | None = None, country: str | None = None
) -> _Found:
    from ctdir.countries import resolve_country

    words_text, domain = _split_domains(text)
    if domain is not None:
        if not words_text:
            # Bounded like a common word: a domain thousands share lists a sample.
            rids = index.rids_at_domain(domain, limit=COMMON_DF, kind=kind, country=country)
            return _Found(f"email domain: {domain}", {rid: (80.0, "email") for rid in rids})
        found = _words_at_domain(index, words_text, domain, kind, country)
        return found or _Found(f"name at {domain}", {})

    place = resolve_country(text)
    # An exact country name needs no typo tolerance for names (and so no rapidfuzz);
    # a city may well be a misspelt surname ("Shahriar").
    exact_country = place is not None and place.how not in ("fuzzy", "city")
    words = name_matches(index, text, fuzzy=not exact_country, kind=kind, country=country)
    if place is None or (place.how == "fuzzy" and place.score <= max(words.values(), default=0)):
        return _Found("name", {rid: (s, "name") for rid, s in words.items()})

    label = f"city: {place.city}, {place.name}" if place.how == "city" else f"country: {place.name}"
    hits = _place_hits(index, place, label)
    if not hits:
        # Nothing in that country: people or offices named so are all there is.
        return _Found(
            "name" if words else label,
            {rid: (s, "name") for rid, s in words.items()},
            None if words else place,
        )
    named = False
    for rid, score in words.items():
        if rid not in hits and score >= NAME_BESIDE_PLACE:
            # Ranked by their own score: below a country's entries (100), above
            # those of a city's country outside the city (90).
            hits[rid] = (score, "name")
            named = True
    return _Found(label + (", and names" if named else ""), hits, place, show_all=True)


def _place_hits(index: Index, place: CountryMatch, why: str) -> Hits:
    rids = index.select_rids(country=place.code)
    if place.how == "fuzzy":
        return {rid: (place.score, why) for rid in rids}
    if place.how != "city":
        return {rid: (100.0, why) for rid in rids}
    # Entries whose office or city names the city (in either form typed) come first.
    forms = [fold_words(f) for f in {place.city or "", place.matched} if f]
    terms = sorted({w for f in forms for w in f})
    # From whichever side is smaller: the city's words, or the country's entries.
    listed = sum(index.term_df(t) or 0 for t in terms) <= len(rids)
    country_rids = set(rids)
    found: dict[int, set[str]] = {}
    for term, rid, field_no in index.postings_of(terms, None if listed else rids):
        if field_no in (1, 2) and rid in country_rids:  # office, city
            found.setdefault(rid, set()).add(term)
    return {
        rid: (
            100.0 if any(set(f) <= found.get(rid, set()) for f in forms) else CITY_COUNTRY_SCORE,
            why,
        )
        for rid in rids
    }


def _words_at_domain(
    index: Index, words: str, domain: str, kind: str | None = None, country: str | None = None
) -> _Found | None:
    scores = name_matches(index, words, kind=kind, country=country)
    at = index.rids_at_domain(domain, sorted(scores))
    hits = {rid: (s, "name") for rid, s in scores.items() if rid in at}
    return _Found(f"name at {domain}", hits) if hits else None


@dataclass
class _Word:
    text: str
    cands: dict[str, float] = field(default_factory=dict)  # term -> similarity 0-100
    df: int = 0  # entries matching the word's best reading
    total_df: int = 0  # entries matching any reading (an upper bound)
    country: str | None = None  # also matches this country's entries
    initial: bool = False
    weight: float = 0.0


def _skeleton(word: str) -> str:
    """The consonants of a romanised name, as a script that leaves vowels out writes it.

    "mohammed" and "muhammad" -> "mhmd", like the romanisation of "محمد";
    "sharma" -> "srm", like that of "शर्मा" ("srma"); "fatimah" -> "ftm".
    Digraphs count once (sh, kh, th...), doubles once, and a final h not at all.
    """
    out: list[str] = []
    for c in _DIGRAPH.sub(r"\1", word):
        if c not in _SKELETON_DROPS and (not out or out[-1] != c):
            out.append(c)
    if len(out) > 1 and out[-1] == "h":
        out.pop()
    return "".join(out)


def _term_candidates(
    index: Index, word: str, fuzzy: bool, relaxed: bool = False
) -> dict[str, tuple[float, int]]:
    """Vocabulary terms ``word`` may stand for: term -> (similarity 0-100, document frequency)."""
    out: dict[str, tuple[float, int]] = {}

    def offer(term: str, score: float, df: int) -> None:
        if score > out.get(term, (0.0, 0))[0]:
            out[term] = (score, df)

    exact = index.term_df(word)
    if exact:
        offer(word, 100.0, exact)
    if len(word) < 3:
        return out
    for term, df in index.terms_with_prefix(word, PREFIX_LIMIT):
        offer(term, 85.0 + 10.0 * len(word) / len(term), df)
    if not fuzzy or len(word) < 4:
        return out  # one edit in three letters is another word ("iom" / "im")
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    # Typos keep the first letter or swap it with the second ("hsahriar"): two
    # range scans of the vocabulary, not all of it. An edit is an insertion,
    # deletion, substitution or swap of neighbours ("jhon"): one up to five
    # letters, two from six.
    edits = (1 if len(word) <= 5 else 2) + (1 if relaxed else 0)
    pool: dict[str, int] = {}
    for initial in dict.fromkeys(word[:2]):
        pool.update(index.terms_starting(initial, len(word) - edits, len(word) + edits))
    for term, distance, _ in process.extract(
        word, list(pool), scorer=OSA.distance, score_cutoff=edits, limit=FUZZY_LIMIT
    ):
        if distance:
            offer(term, 100.0 * (1 - distance / max(len(word), len(term))), pool[term])
    skeleton = _skeleton(word)
    if len(skeleton) >= 3:
        # Names romanised from scripts that write few or no vowels ("محمد" ->
        # "mhmd", "शर्मा" -> "srma") share the consonants of their Latin spelling.
        for term, df in index.terms_starting(skeleton[0], len(skeleton), len(word) + 2):
            if _skeleton(term) == skeleton:
                offer(term, SKELETON_SCORE, df)
    return out


def _query_words(index: Index, text: str, fuzzy: bool, relaxed: bool) -> list[_Word]:
    from ctdir.countries import resolve_country

    folded = list(dict.fromkeys(fold_words(text)))
    out: list[_Word] = []
    i = 0
    while i < len(folded):
        word: _Word | None = None
        if len(folded) > 1:
            # A place inside a longer query ("police Holland", "IOM East Timor").
            for size in (3, 2, 1):
                span = folded[i : i + size]
                if len(span) < size:
                    continue
                joined = " ".join(span)
                place = resolve_country(joined, fuzzy=False)
                if place is None or place.how == "city":
                    continue
                if (place.how == "code" or len(joined) <= 3) and not re.search(
                    rf"\b{re.escape(joined.upper())}\b", text
                ):
                    continue  # "la", "de", "us" in lower case are words, not codes
                word = _Word(joined, country=place.code)
                i += size
                break
        if word is None:
            word = _Word(folded[i])
            i += 1
        if " " not in word.text:
            if len(word.text) == 1:
                word.initial = True
            else:
                found = _term_candidates(index, word.text, fuzzy, relaxed)
                word.cands = {t: s for t, (s, _df) in found.items()}
                if found:
                    _term, (_score, word.df) = max(
                        found.items(), key=lambda kv: (kv[1][0], -kv[1][1])
                    )
                word.total_df = sum(df for _s, df in found.values())
        if word.country:
            size = len(index.select_rids(country=word.country))
            word.df = min(word.df or size, size) if size else word.df
            word.total_df += size
        out.append(word)
    return out


def name_matches(
    index: Index,
    text: str,
    fuzzy: bool = True,
    relaxed: bool = False,
    kind: str | None = None,
    country: str | None = None,
) -> dict[int, float]:
    """Entries whose words match the query's words, scored 0-100 (see the module notes).

    ``kind`` and ``country`` narrow the candidates (a selective filter is applied
    before ranking, so that a common word cannot crowd its entries out).
    """
    n = max(index.count(), 1)
    words = _query_words(index, text, fuzzy, relaxed)
    if not words:
        return {}
    within: set[int] | None = None
    if country or kind == "hotline":
        selected = index.select_rids(country=country, kind=kind)
        if len(selected) <= 5 * COMMON_DF:
            within = set(selected)
    exact_email: dict[int, float] = {}
    if len(words) == 1 and not words[0].country:
        # "nchimedza" is how people remember an address: its local part.
        exact_email = {rid: 100.0 for rid, _ in index.emails_matching("local", words[0].text)}
    for word in words:
        if word.initial:
            word.weight = INITIAL_WEIGHT
        else:
            word.weight = math.log(1 + n / word.df) if word.df else math.log(1 + n)

    # Candidates come from the rarer words; common ones are only checked on them.
    readable = [w for w in words if w.cands or w.country]
    if not readable:
        return exact_email
    enumerable = [w for w in readable if w.total_df <= COMMON_DF]
    postings: list[tuple[str, int, int]] = []
    fetched: set[str] = set()
    candidates: set[int] = set(exact_email)
    if enumerable:
        fetched = {t for w in enumerable for t in w.cands}
        postings = index.postings_of(sorted(fetched))
        candidates.update(rid for _t, rid, _f in postings)
        for w in enumerable:
            if w.country:
                candidates.update(index.select_rids(country=w.country))
    elif within is not None:
        candidates.update(within)
    else:
        # Only words thousands of entries share ("IOM officer"): rank a bounded,
        # deterministic sample of the entries with the rarest of them.
        rarest = min(readable, key=lambda w: w.total_df)
        if rarest.cands:
            fetched = set(rarest.cands)
            postings = index.some_postings(sorted(fetched), COMMON_DF)
            candidates.update(rid for _t, rid, _f in postings)
        else:
            candidates.update(index.select_rids(country=rarest.country)[:COMMON_DF])
    if within is not None:
        candidates &= within
        postings = [p for p in postings if p[1] in within]
    rest = sorted({t for w in readable for t in w.cands} - fetched)
    if rest and candidates:
        postings.extend(index.postings_of(rest, sorted(candidates)))

    matched: dict[int, list[tuple[str, int]]] = {}
    for term, rid, field_no in postings:
        matched.setdefault(rid, []).append((term, field_no))
    keys = index.sort_keys(candidates)
    total_weight = sum(w.weight for w in words)
    scores: dict[int, float] = {}
    threshold = NAME_THRESHOLD - (20.0 if relaxed else 0.0)
    for rid, key in keys.items():
        name_words = key[3].split()
        # Per field, the weighted best reading of each word found there.
        by_field: dict[int, list[float]] = {}
        for term, field_no in matched.get(rid, ()):
            for i, word in enumerate(words):
                similarity = word.cands.get(term)
                if similarity is not None:
                    row = by_field.setdefault(field_no, [0.0] * len(words))
                    row[i] = max(row[i], similarity * FIELD_WEIGHTS[field_no])
        for i, word in enumerate(words):
            if word.country and key[2] == word.country:
                row = by_field.setdefault(FIELD_COUNTRY, [0.0] * len(words))
                row[i] = 100.0 * FIELD_WEIGHTS[FIELD_COUNTRY]
            elif word.initial and any(nw.startswith(word.text) for nw in name_words):
                row = by_field.setdefault(0, [0.0] * len(words))
                row[i] = 90.0
        rows = list(by_field.values())
        if not rows:
            continue
        best = [max(row[i] for row in rows) for i in range(len(words))]
        score = sum(b * w.weight for b, w in zip(best, words, strict=True)) / total_weight
        if score < threshold:
            continue
        # Words found together in one field ("IOM Port Louis" in an office) beat
        # the same words scattered over fields (a "Louis" in a name, a "Port"
        # in another office).
        together = (
            max(sum(v * w.weight for v, w in zip(row, words, strict=True)) for row in rows)
            / total_weight
        )
        score = (1 - TOGETHER_SHARE) * score + TOGETHER_SHARE * together
        covered = sum(
            max((w.cands.get(nw, 0.0) for w in words), default=0.0) / 100.0
            or (0.9 if any(w.initial and nw.startswith(w.text) for w in words) else 0.0)
            for nw in set(name_words)
        )
        coverage = covered / len(set(name_words)) if name_words else 0.0
        scores[rid] = round((1 - COVERAGE_SHARE) * score + 100 * COVERAGE_SHARE * coverage, 1)
    scores.update(exact_email)
    return scores


# -- nothing found ---------------------------------------------------------------


def suggest(index: Index, text: str, found: _Found | None = None, limit: int = 3) -> list[str]:
    """'Did you mean' candidates: the closest countries and the closest names.

    Countries the directory covers come first; a query that already resolved to
    a country does not get that country back. A number gets numbers a digit
    away, or sharing its longest tail; a domain, the closest domains.
    """
    if found is not None and found.understood == "phone number":
        return _phone_suggestions(index, text, limit)
    if found is not None and found.understood.startswith("email domain:"):
        return _domain_suggestions(index, found.understood.split(": ", 1)[1], limit)
    from ctdir.countries import suggest_countries

    skip = found.place.code if found is not None and found.place is not None else None
    resolved = found is not None and found.understood.startswith(("country:", "city:"))
    if resolved and found is not None and found.place is not None and found.place.how != "fuzzy":
        # "chad" is Chad, surely: other countries' names or lines would only mislead.
        return []
    covered = {code for code, _n, _h in index.coverage()}
    near = [m for m in suggest_countries(text, limit=10) if m.code != skip]
    countries = [m.name for m in near if m.code in covered and m.score >= 60][:2]
    if not countries and not resolved:
        countries = [m.name for m in near[:2]]
    scores = name_matches(index, " ".join(_split_domains(text)[0].split()), relaxed=True)
    keys = index.sort_keys(scores)
    best = sorted(keys, key=lambda r: _order_key(scores[r], keys[r]))[:limit]
    return list(dict.fromkeys(countries + [keys[r][4] for r in best]))


def _phone_suggestions(index: Index, text: str, limit: int) -> list[str]:
    """Numbers one mistyped or swapped digit away, else those sharing the longest tail
    (four digits at least): "Angela Sherwood (+670 723 1576)"."""
    raw = phone_query_forms(text)[-1]
    rids: set[int] = set()
    if len(raw) >= MIN_TAIL:
        variants = {raw[:i] + d + raw[i + 1 :] for i in range(len(raw)) for d in "0123456789"}
        variants |= {raw[:i] + raw[i + 1] + raw[i] + raw[i + 2 :] for i in range(len(raw) - 1)}
        variants.discard(raw)
        for variant in sorted(variants):  # about 10 short index range scans a digit
            rids.update(rid for rid, _d in index.phones_with_suffix(variant))
    if not rids:
        for size in range(len(raw), 3, -1):
            rids = {rid for rid, _d in index.phones_with_suffix(raw[-size:])}
            if rids:
                break
    docs = index.by_rids(sorted(rids)[: 5 * limit])
    keys = index.sort_keys(docs)
    best = sorted(docs, key=lambda r: _order_key(0.0, keys[r]))[:limit]
    return [_with_number(docs[r], raw) for r in best]


def _with_number(entry: Entry, raw: str) -> str:
    """ "Angela Sherwood (+670 723 1576)": the entry's number closest to ``raw``."""
    from rapidfuzz.distance import Levenshtein

    numbers = [p.get("number") or "" for p in entry.get("phones") or []]
    number = min(numbers, key=lambda n: (Levenshtein.distance(digits(n)[-len(raw) :], raw), n))
    return f"{entry.get('name')} ({number})"


def _domain_suggestions(index: Index, domain: str, limit: int) -> list[str]:
    from rapidfuzz import fuzz, process

    domains = index.email_domains()
    close = process.extract(domain, domains, scorer=fuzz.ratio, limit=limit, score_cutoff=60)
    return [f"@{d}" for d, _score, _ in close]
