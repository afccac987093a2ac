"""Run the search evaluation: queries with their expected top results, against a directory.

A queries file has one query a line::

    query => expected | expected ... [--country C] [--kind K]

An expected result is an entry id, a name, ``name@CC`` where a name is not
unique, or a place's first entry by the contract's rule (``country:KE``,
``city:KE:Nairobi``; see ``expected_ids``). A query is answered right at rank
k when one of its expected entries is among the first k results. ``#`` starts
a comment line. Options are those of ``ctdir lookup``; ``--country`` takes any
form the CLI takes.

Used by ``tests/test_search_eval.py`` (every query must be right at rank 1) and
``scripts/eval_search.py`` (prints top-1 and top-3 accuracy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED_QUERIES = HERE / "queries_seed.txt"
WORLD_QUERIES = HERE / "queries_world.txt"

_OPTION = re.compile(r"\s+--(country|kind)\s+(\S+(?:\s+\S+)*?)(?=\s+--|$)")

Entry = dict[str, Any]


@dataclass(frozen=True)
class Query:
    text: str
    expected: tuple[str, ...]
    country: str | None
    kind: str | None
    line: int

    def label(self) -> str:
        opts = "".join(
            f" --{k} {v}" for k, v in (("country", self.country), ("kind", self.kind)) if v
        )
        return f"{self.text!r}{opts}"


@dataclass(frozen=True)
class Outcome:
    query: Query
    wanted: frozenset[str]  # ids
    got: tuple[str, ...]  # ids, best first (first ten)
    names: tuple[str, ...]
    understood: str

    @property
    def rank(self) -> int | None:
        for i, entry_id in enumerate(self.got, start=1):
            if entry_id in self.wanted:
                return i
        return None


def load(path: Path) -> list[Query]:
    queries = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        text, sep, rest = line.partition("=>")
        if not sep:
            raise ValueError(f"{path.name}:{number}: no '=>' in {raw!r}")
        options = dict(_OPTION.findall(rest))
        expected_part = _OPTION.sub("", rest)
        expected = tuple(e.strip() for e in expected_part.split("|") if e.strip())
        if not text.strip() or not expected:
            raise ValueError(f"{path.name}:{number}: empty query or expectation: {raw!r}")
        queries.append(
            Query(text.strip(), expected, options.get("country"), options.get("kind"), number)
        )
    return queries


def listing(entries: list[Entry], country: str, city: str | None = None) -> list[Entry]:
    """A place's entries in the order the contract gives, worked out naively.

    Hotlines first, then contacts by folded name, then id; for a city, the
    entries whose office or city name it come before the rest of the country.
    """
    from ctdir.index import sort_name
    from ctdir.text import fold_words

    def in_city(e: Entry) -> bool:
        words = set(fold_words(f"{e.get('office') or ''} {e.get('city') or ''}"))
        return city is not None and set(fold_words(city)) <= words

    return sorted(
        (e for e in entries if e["country"] == country),
        key=lambda e: (not in_city(e), e["kind"] != "hotline", sort_name(e), e["id"]),
    )


def expected_ids(entries: list[Entry], token: str) -> set[str]:
    """Ids an expectation stands for; ValueError if it names none, or a name twice.

    ``country:KE`` is the first entry of Kenya's listing, ``city:KE:Nairobi``
    the first of Nairobi's (see ``listing``); ``office:IOM Port Louis`` any
    entry of that office; otherwise an id, a name, or ``name@CC``.
    """
    kind, _, rest = token.partition(":")
    if kind in ("country", "city") and rest:
        code, _, city = rest.partition(":")
        found = listing(entries, code.upper(), city or None)
        if not found:
            raise ValueError(f"expectation {token!r}: no entries there")
        return {found[0]["id"]}
    if kind == "office" and rest:
        ids = {e["id"] for e in entries if e.get("office") == rest}
        if not ids:
            raise ValueError(f"expectation {token!r} matches no entry")
        return ids
    by_id = {e["id"] for e in entries}
    if token in by_id:
        return {token}
    name, _, country = token.partition("@")
    found = {
        e["id"]
        for e in entries
        if e["name"] == name and (not country or e["country"] == country.upper())
    }
    if len(found) != 1:
        raise ValueError(f"expectation {token!r} matches {len(found)} entries")
    return found


def run(index: Any, entries: list[Entry], queries: list[Query]) -> list[Outcome]:
    from ctdir.countries import resolve_country
    from ctdir.search import lookup

    outcomes = []
    for query in queries:
        wanted = frozenset().union(*(expected_ids(entries, t) for t in query.expected))
        country = None
        if query.country:
            match = resolve_country(query.country)
            if match is None:
                raise ValueError(f"unknown country option in {query.label()}")
            country = match.code
        result = lookup(index, query.text, kind=query.kind, country=country)
        top = result.matches[:10]
        outcomes.append(
            Outcome(
                query,
                wanted,
                tuple(m.entry["id"] for m in top),
                tuple(m.entry["name"] for m in top),
                result.understood_as,
            )
        )
    return outcomes


def accuracy(outcomes: list[Outcome], k: int) -> float:
    hits = sum(1 for o in outcomes if o.rank is not None and o.rank <= k)
    return hits / len(outcomes) if outcomes else 0.0


def memory_index(entries: list[Entry]) -> Any:
    """An index of ``entries`` that lives only in this process."""
    from ctdir.index import Index, batches
    from ctdir.store import row
    from ctdir.storefile import empty_meta

    rows = [row(str(n), e)[0] for n, e in enumerate(entries, start=1)]
    return Index.build(None, lambda: batches(rows), empty_meta(), "")


def seed_setup() -> tuple[Any, list[Entry], list[Query]]:
    from ctdir.store import bundled

    entries = bundled("seed")
    return memory_index(entries), entries, load(SEED_QUERIES)


def world_setup() -> tuple[Any, list[Entry], list[Query]]:
    import sys

    sys.path.insert(0, str(HERE))
    import world

    entries = world.build()
    return memory_index(entries), entries, load(WORLD_QUERIES)
