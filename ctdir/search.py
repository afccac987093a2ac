"""One search over everything: countries, cities, numbers, emails, names.

``lookup`` decides what the query is (an email, a phone number, a country or
city, or words of names/offices/titles), asks the index, and ranks:

* countries and cities resolve through ``ctdir.countries`` (codes, names in
  several languages, aliases, typos within two edits);
* numbers match on their digits however they were written: the E.164 digits or
  the digits as published, in full or by a tail of seven or more digits, with
  ``00``/``+`` international prefixes and a trunk ``0`` dropped;
* words are matched against the index vocabulary (exact, prefix, then fuzzy
  within about two edits) and each word is weighted by its rarity, so that a
  word every entry shares ("IOM") cannot swamp a surname.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ctdir.errors import InvalidInput
from ctdir.index import FIELD_WEIGHTS
from ctdir.model import Entry
from ctdir.phones import digits
from ctdir.text import fold, fold_words

if TYPE_CHECKING:
    from ctdir.countries import CountryMatch
    from ctdir.index import Index

_PHONE_QUERY = re.compile(r"^[+\d\s().\-/]+$")
_DOMAIN = re.compile(r"^@?[a-z0-9-]+(\.[a-z0-9-]+)+$")
MIN_TAIL = 7
NAME_THRESHOLD = 60.0
DEFAULT_LIMIT = 20
_POSTINGS_CAP = 5000


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


def _order_key(match: Match) -> tuple[float, bool, str, str]:
    entry = match.entry
    return (
        -round(match.score, 1),
        entry.get("kind") != "hotline",
        fold(entry.get("name") or ""),
        entry["id"],
    )


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
    if "@" in text and " " not in text:
        result = _by_email(index, text)
    elif _PHONE_QUERY.match(text) and len(digits(text)) >= 3:
        result = _by_phone(index, text)
    else:
        result = _by_words_or_country(index, text, limit)
    result.matches = [
        m
        for m in result.matches
        if (kind is None or m.entry.get("kind") == kind)
        and (country is None or m.entry.get("country") == country)
    ]
    result.matches.sort(key=_order_key)
    if limit is not None:
        result.matches = result.matches[:limit]
    elif result.country is None or result.country.how == "fuzzy":
        result.matches = result.matches[:DEFAULT_LIMIT]
    if not result.matches:
        result.suggestions = suggest(index, text)
    return result


# -- emails -----------------------------------------------------------------------


def _by_email(index: Index, text: str) -> SearchResult:
    lowered = text.lower().strip("<>")
    local, _, domain = lowered.rpartition("@")
    found: dict[int, float] = {}
    if local:
        for rid, _email in index.emails_matching("email", lowered):
            found[rid] = 100.0
        for rid, _email in index.emails_matching("local", local):
            found.setdefault(rid, 90.0)
    else:
        for rid, _email in index.emails_matching("domain", domain):
            found.setdefault(rid, 80.0)
    docs = index.by_rids(found)
    return SearchResult(
        "email",
        [Match(docs[rid], score, "email") for rid, score in found.items() if rid in docs],
    )


# -- phone numbers ---------------------------------------------------------------


def phone_query_forms(text: str) -> list[str]:
    """Digit strings a typed number may stand for, most specific first.

    "+670 723 1576" -> ["6707231576"]; "00670 7231576" -> ["6707231576"];
    "0700 066 041" -> ["0700066041", "700066041"].
    """
    raw = digits(text)
    stripped = text.strip()
    forms = []
    if stripped.startswith("+"):
        forms.append(raw)
    elif raw.startswith("00"):
        forms.append(raw[2:])
    else:
        forms.append(raw)
        if raw.startswith("0"):
            forms.append(raw.lstrip("0"))
    return [f for i, f in enumerate(forms) if f and f not in forms[:i]]


def _by_phone(index: Index, text: str) -> SearchResult:
    best: dict[int, float] = {}
    for form in phone_query_forms(text):
        candidates = index.phones_with_suffix(form)
        for rid, stored, keykind in candidates:
            if stored == form:
                score = 100.0
            elif len(form) >= MIN_TAIL:
                # A longer shared tail is stronger evidence.
                score = 90.0 + min(len(form) - MIN_TAIL, 3) * 2
            else:
                continue
            del keykind
            if score > best.get(rid, 0.0):
                best[rid] = score
    docs = index.by_rids(best)
    return SearchResult(
        "phone number",
        [Match(docs[rid], score, "phone") for rid, score in best.items() if rid in docs],
    )


# -- countries, cities and words --------------------------------------------------


def _by_words_or_country(index: Index, text: str, limit: int | None) -> SearchResult:
    from ctdir.countries import resolve_country

    place = resolve_country(text)
    # An exact country name needs no typo tolerance for names (and so no rapidfuzz);
    # a city may well be a misspelt surname ("Shahriar").
    exact_country = place is not None and place.how not in ("fuzzy", "city")
    words = name_matches(index, text, fuzzy=not exact_country)
    best_word = max(words.values(), default=0.0)
    understood = "name"
    if place is not None and (place.how != "fuzzy" or place.score > best_word):
        understood = (
            f"city: {place.city}, {place.name}" if place.how == "city" else f"country: {place.name}"
        )
        city_words = set(fold_words(place.city or "")) if place.how == "city" else set()
        # A city name may also be a surname: people matching it by name rank with them.
        base = {"fuzzy": place.score, "city": 95.0}.get(place.how, 100.0)
        by_id: dict[str, Match] = {}
        for entry in index.select(country=place.code):
            score = base
            if city_words:
                here = set(fold_words(f"{entry.get('city') or ''} {entry.get('office') or ''}"))
                score = base if city_words <= here else base - 5
            by_id[entry["id"]] = Match(entry, score, understood)
        strong = {rid: s for rid, s in words.items() if s >= 80 or not by_id}
        for rid, entry in index.by_rids(strong).items():
            if entry["id"] not in by_id:
                by_id[entry["id"]] = Match(entry, strong[rid], "name")
        if by_id and any(m.why != "name" for m in by_id.values()):
            return SearchResult(understood, list(by_id.values()), country=place)
        if by_id:
            return SearchResult("name", list(by_id.values()))
    docs = index.by_rids(words)
    result = SearchResult(
        understood, [Match(docs[rid], s, "name") for rid, s in words.items() if rid in docs]
    )
    return result


def _term_candidates(
    word: str, vocab: list[str], dfs: list[int], fuzzy: bool
) -> list[tuple[str, float, int]]:
    """Vocabulary terms that ``word`` may stand for: (term, similarity, document frequency)."""
    out: dict[str, tuple[float, int]] = {}
    if len(word) >= 3 and fuzzy:
        from rapidfuzz import fuzz, process

        cutoff = 80.0 if len(word) <= 5 else 74.0
        for term, score, pos in process.extract(
            word, vocab, scorer=fuzz.ratio, score_cutoff=cutoff, limit=25
        ):
            out[term] = (score, dfs[pos])
    if len(word) >= 3:
        for pos, term in enumerate(vocab):
            if term.startswith(word) and term != word:
                prefix_score = 85.0 + 10.0 * len(word) / len(term)
                if prefix_score > out.get(term, (0.0, 0))[0]:
                    out[term] = (prefix_score, dfs[pos])
    if word not in out:
        try:
            pos = vocab.index(word)
            out[word] = (100.0, dfs[pos])
        except ValueError:
            pass
    return [(t, s, df) for t, (s, df) in out.items()]


def name_matches(index: Index, text: str, fuzzy: bool = True) -> dict[int, float]:
    """Entries whose words match the query's words, scored 0-100."""
    query_words = [w for w in fold_words(text) if w]
    if not query_words:
        return {}
    exact_email: dict[int, float] = {}
    if len(query_words) == 1:
        # "nchimedza" is how people remember an address: its local part.
        exact_email = {rid: 100.0 for rid, _ in index.emails_matching("local", fold(text))}
    vocab, dfs = index.vocabulary()
    n = max(index.count(), 1)
    by_word: list[dict[str, float]] = []
    weights: list[float] = []
    for word in query_words:
        candidates = _term_candidates(word, vocab, dfs, fuzzy)
        by_word.append({t: s for t, s, _ in candidates})
        if candidates:
            # The word weighs what its best reading is worth: rare words decide.
            term, _score, df = max(candidates, key=lambda c: (c[1], -c[2]))
            weights.append(math.log(1 + n / df))
        else:
            weights.append(math.log(1 + n))
    wanted = sorted({t for cands in by_word for t in cands})
    postings = index.postings(wanted, _POSTINGS_CAP)
    per_entry: dict[int, dict[str, float]] = {}
    for term, rid, field_no in postings:
        per_entry.setdefault(rid, {})
        weight = FIELD_WEIGHTS[field_no]
        current = per_entry[rid].get(term, 0.0)
        per_entry[rid][term] = max(current, weight)
    total_weight = sum(weights)
    scores: dict[int, float] = {}
    for rid, terms in per_entry.items():
        got = 0.0
        for word_cands, weight in zip(by_word, weights, strict=True):
            best = 0.0
            for term, field_weight in terms.items():
                similarity = word_cands.get(term)
                if similarity is not None:
                    best = max(best, similarity * field_weight)
            got += best * weight
        score = got / total_weight
        if score >= NAME_THRESHOLD:
            scores[rid] = round(score, 1)
    scores.update(exact_email)
    return scores


def suggest(index: Index, text: str, limit: int = 3) -> list[str]:
    """'Did you mean' candidates: the closest countries and the closest names."""
    from rapidfuzz import fuzz, process

    from ctdir.countries import suggest_countries

    out = [m.name for m in suggest_countries(text, limit=limit)]
    names = [name for _id, name in index.ids()]
    for _folded, _score, pos in process.extract(
        fold(text), [fold(n) for n in names], scorer=fuzz.WRatio, limit=limit, score_cutoff=50
    ):
        out.append(names[pos])
    return out
