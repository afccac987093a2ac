"""The search evaluation suites: every query must give its expected top result.

``python scripts/eval_search.py`` prints the same suites' top-1 and top-3
accuracy; this test is what keeps them at 100% top-1.
"""

from __future__ import annotations

from typing import Any

import harness
import pytest
import world

SEED = harness.load(harness.SEED_QUERIES)
WORLD = harness.load(harness.WORLD_QUERIES)


@pytest.fixture(scope="module")
def seed() -> tuple[Any, list[dict[str, Any]]]:
    index, entries, _queries = harness.seed_setup()
    return index, entries


@pytest.fixture(scope="module")
def world_dir() -> tuple[Any, list[dict[str, Any]]]:
    index, entries, _queries = harness.world_setup()
    return index, entries


def _check(setup: tuple[Any, list[dict[str, Any]]], query: harness.Query) -> None:
    index, entries = setup
    [outcome] = harness.run(index, entries, [query])
    assert outcome.rank == 1, (
        f"line {query.line}: {query.label()} read as {outcome.understood!r} "
        f"gave {list(outcome.names[:3])}, expected {list(query.expected)}"
    )


@pytest.mark.parametrize("query", SEED, ids=[f"{q.line}:{q.text}" for q in SEED])
def test_seed_query(seed: tuple[Any, list[dict[str, Any]]], query: harness.Query) -> None:
    _check(seed, query)


@pytest.mark.parametrize("query", WORLD, ids=[f"{q.line}:{q.text}" for q in WORLD])
def test_world_query(world_dir: tuple[Any, list[dict[str, Any]]], query: harness.Query) -> None:
    _check(world_dir, query)


def test_suites_are_large_enough() -> None:
    assert len(SEED) >= 80
    assert len(WORLD) >= 200


def test_world_directory_is_deterministic_and_varied() -> None:
    entries = world.build()
    assert entries == world.build()
    assert entries != world.build(seed=1)
    assert 500 <= len(entries) <= 1000
    assert len({e["id"] for e in entries}) == len(entries)
    countries = {e["country"] for e in entries}
    # Every inhabited continent.
    for code in ("KE", "IN", "GB", "US", "BR", "AU", "JO"):
        assert code in countries
    names = " ".join(e["name"] for e in entries)
    scripts = {
        "Cyrillic": "\u0400",
        "Arabic": "\u0600",
        "Greek": "\u0370",
        "CJK": "\u4e00",
        "Devanagari": "\u0900",
    }
    for script, start in scripts.items():
        block = range(ord(start), ord(start) + (0x5200 if script == "CJK" else 0x100))
        assert any(ord(c) in block for c in names), script
    assert any(c in names for c in "éçãñøłş")  # Latin with diacritics
    assert {e["kind"] for e in entries} == {"contact", "hotline"}
    assert len({e["country"] for e in entries if e["kind"] == "hotline"}) >= 10


def test_expectations_are_unambiguous() -> None:
    _index, entries, queries = harness.world_setup()
    for query in queries:
        for token in query.expected:
            assert harness.expected_ids(entries, token)  # raises when ambiguous


def test_harness_parses_options() -> None:
    [query] = [q for q in SEED if q.country == "MZ"]
    assert query.text == "21 310 779" and query.expected == ("Nely Chimedza",)
    [kinded] = [q for q in SEED if q.kind]
    assert kinded.kind == "contact"
