"""The ranking (ctdir.search) against the core: readings, scores, order, bounds."""

from __future__ import annotations

import random
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctdir.errors import InvalidInput
from ctdir.index import Index, batches
from ctdir.model import blank_entry
from ctdir.phones import digits
from ctdir.search import _skeleton, lookup, phone_query_forms, suggest
from ctdir.store import bundled, row
from ctdir.storefile import empty_meta
from ctdir.text import fold, fold_words


def make(name: str, country: str, **fields: Any) -> dict[str, Any]:
    entry = blank_entry(fields.pop("kind", "contact"))
    entry.update(id=fields.pop("id", fold(name).replace(" ", "")[:8]), name=name, country=country)
    phones = fields.pop("phones", [])
    entry["phones"] = [
        {
            "number": n,
            "e164": "+" + "".join(c for c in n if c.isdigit()) if n.startswith("+") else None,
            "label": None,
            "valid": True,
            "region": country,
            "domestic_only": False,
        }
        for n in phones
    ]
    entry.update(fields)
    entry.update(created="2026-01-01T00:00:00Z", updated="2026-01-01T00:00:00Z")
    return entry


def index_of(entries: list[dict[str, Any]]) -> Index:
    rows = [row(str(n), e)[0] for n, e in enumerate(entries, start=1)]
    return Index.build(None, lambda: batches(rows), empty_meta(), "")


@pytest.fixture(scope="module")
def seed() -> Index:
    return index_of(bundled("seed"))


def names(index: Index, query: str, **kw: Any) -> list[str]:
    return [m.entry["name"] for m in lookup(index, query, **kw).matches]


# --- what the query is understood as ---------------------------------------------


@pytest.mark.parametrize(
    ("query", "understood"),
    [
        ("East Timor", "country: Timor-Leste"),
        ("maldievs", "country: Maldives"),
        ("Dhaka", "city: Dhaka, Bangladesh"),
        ("+670 723 1576", "phone number"),
        ("+27 79 501 7854", "phone number (its last 10 digits)"),
        ("nchimedza@iom.int", "email"),
        ("@iom.int", "email domain: iom.int"),
        ("nely @iom.int", "name at iom.int"),
        ("komenda", "name"),
        ("Laos", "country: Laos"),  # understood, though nothing is there
    ],
)
def test_understood_as(seed: Index, query: str, understood: str) -> None:
    assert lookup(seed, query).understood_as == understood


def test_empty_query_is_bad_input(seed: Index) -> None:
    from ctdir.errors import InvalidInput

    with pytest.raises(InvalidInput):
        lookup(seed, "   ")


# --- countries, cities, and names that are also places -----------------------------


def test_country_query_lists_every_entry_hotlines_first(seed: Index) -> None:
    result = lookup(seed, "maldives")
    assert [m.entry["name"] for m in result.matches] == [
        "Ministry of Economic Development Hotline",
        "Police Human Trafficking Hotline",
        "Shareen Tuladhar",
    ]
    assert {m.score for m in result.matches} == {100.0}
    assert result.country is not None and result.country.code == "MV"


def test_country_query_is_not_cut_at_the_default_limit() -> None:
    entries = [make(f"Person {i:03d}", "KE", id=f"ke{i:06d}") for i in range(45)]
    assert len(lookup(index_of(entries), "Kenya").matches) == 45
    assert len(lookup(index_of(entries), "person").matches) == 20


def test_person_named_like_a_country_follows_its_entries() -> None:
    index = index_of(
        [
            make("Hassan Haddad", "JO", id="jo000001"),
            make("Police Hotline", "JO", id="jo000002", kind="hotline"),
            make("Jordan Miller", "CA", id="ca000001"),
        ]
    )
    result = lookup(index, "jordan")
    assert [m.entry["name"] for m in result.matches] == [
        "Police Hotline",
        "Hassan Haddad",
        "Jordan Miller",
    ]
    assert result.understood_as == "country: Jordan, and names"


def test_person_named_like_a_city_ranks_by_score() -> None:
    index = index_of(
        [
            make("Anna Rossi", "IT", id="it000001", city="Rome"),
            make("Florence Wanjiru", "KE", id="ke000001"),
        ]
    )
    # Nobody in Florence: Italy's entries (90) follow the person named so.
    assert names(index, "florence") == ["Florence Wanjiru", "Anna Rossi"]
    # Nobody in that country at all: only the person.
    assert names(index, "victoria") == []
    index = index_of([make("Victoria Mensah", "GH", id="gh000001")])
    assert lookup(index, "victoria").understood_as == "name"


def test_city_entries_come_before_the_rest_of_the_country() -> None:
    index = index_of(
        [
            make("Aaron Abebe", "ET", id="et000001", office="IOM Gondar"),
            make("Zewdu Tesfaye", "ET", id="et000002", office="IOM Addis Ababa"),
        ]
    )
    result = lookup(index, "addis ababa")
    assert [m.entry["name"] for m in result.matches] == ["Zewdu Tesfaye", "Aaron Abebe"]
    assert [m.score for m in result.matches] == [100.0, 90.0]


def test_place_inside_a_longer_query() -> None:
    index = index_of(
        [
            make("Police Hotline", "NL", id="nl000001", kind="hotline"),
            make("Police Hotline", "BE", id="be000001", kind="hotline"),
        ]
    )
    assert lookup(index, "police holland").matches[0].entry["id"] == "nl000001"
    assert lookup(index, "BEL police").matches[0].entry["id"] == "be000001"


def test_short_lower_case_words_are_not_codes() -> None:
    index = index_of(
        [
            make("Police Hotline", "DE", id="de000001", kind="hotline"),
            make("Brigade de police", "FR", id="fr000001", kind="hotline"),
        ]
    )
    # "de" is a word here (Germany would be "DE"), as "la" or "us" would be.
    assert names(index, "police de") == ["Brigade de police"]
    assert names(index, "police DEU")[0] == "Police Hotline"
    assert names(index, "police deu") == []  # "deu" in lower case is just a word


# --- names -------------------------------------------------------------------------


def test_common_word_cannot_swamp_a_surname(seed: Index) -> None:
    assert names(seed, "iom komenda") == ["Heather Komenda"]
    assert names(seed, "IOM Dili") == ["Angela Sherwood", "Heather Komenda"]


def test_reversed_typed_and_initials(seed: Index) -> None:
    assert names(seed, "komenda heather") == ["Heather Komenda"]
    assert names(seed, "mamadjanova")[0] == "Nigina Mamadjonova"
    assert names(seed, "N Chimedza") == ["Nely Chimedza"]


def test_typo_model_keeps_the_first_letter() -> None:
    index = index_of([make("John Smyth", "IE", id="ie000001")])
    assert names(index, "Jhon Smyth") == ["John Smyth"]  # a swap of neighbours
    assert names(index, "smtyh") == ["John Smyth"]
    assert names(index, "xmyth") == []  # first letter wrong: another word


def test_exact_full_name_beats_a_longer_one() -> None:
    index = index_of(
        [
            make("Ali Khan Durrani", "PK", id="pk000001"),
            make("Ali Khan", "PK", id="pk000002"),
        ]
    )
    result = lookup(index, "ali khan")
    assert [m.entry["name"] for m in result.matches] == ["Ali Khan", "Ali Khan Durrani"]
    assert result.matches[0].score == 100.0 > result.matches[1].score


def test_words_together_in_one_field_beat_words_scattered() -> None:
    index = index_of(
        [
            make("Jean Pierre-Louis", "HT", id="ht000001", office="IOM Port-au-Prince"),
            make("Zara Appadoo", "MU", id="mu000001", office="IOM Port Louis"),
        ]
    )
    assert names(index, "IOM Port Louis")[0] == "Zara Appadoo"


def test_other_scripts_and_transliteration() -> None:
    index = index_of(
        [
            make("Иван Иванов", "RU", id="ru000001"),
            make("王伟", "CN", id="cn000001"),
            make("Γιώργος Παπαδόπουλος", "GR", id="gr000001"),
            make("محمد حسن", "JO", id="jo000001"),
            make("राजेश शर्मा", "IN", id="in000001"),
        ]
    )
    assert names(index, "Ivanov") == ["Иван Иванов"]
    assert names(index, "Иванов") == ["Иван Иванов"]
    assert names(index, "Wang Wei") == ["王伟"]
    assert names(index, "wei wang") == ["王伟"]
    assert names(index, "Papadopoulos") == ["Γιώργος Παπαδόπουλος"]
    assert names(index, "Mohammed Hassan") == ["محمد حسن"]
    assert names(index, "Muhammad") == ["محمد حسن"]
    assert names(index, "Rajesh Sharma") == ["राजेश शर्मा"]


def test_han_and_hangul_fold_to_separate_syllables() -> None:
    assert fold_words("王伟") == ["wang", "wei"]
    assert fold_words("李娜 Smith") == ["li", "na", "smith"]
    assert fold_words("김민준") == ["gim", "min", "jun"]
    assert fold("McDonald 王伟") == "mcdonald wang wei"  # Latin capitals untouched


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2FF), max_size=12))
def test_a_plain_word_folds_as_any_text_does(text: str) -> None:
    # fold_words answers a plain ASCII word at once; that must be what folding gives.
    assert fold_words(text) == [w for w in fold(text).replace("@", " ").replace(".", " ").split()]


@pytest.mark.parametrize(
    ("word", "skeleton"),
    [
        ("mohammed", "mhmd"),
        ("muhammad", "mhmd"),
        ("mhmd", "mhmd"),
        ("sharma", "srm"),
        ("srma", "srm"),
        ("fatimah", "ftm"),
        ("ftmh", "ftm"),
        ("mansour", "mnsr"),
        ("mnswr", "mnsr"),
        ("khalid", "kld"),
    ],
)
def test_consonant_skeletons(word: str, skeleton: str) -> None:
    assert _skeleton(word) == skeleton


def test_short_skeletons_match_nothing() -> None:
    index = index_of([make("عمر حداد", "JO", id="jo000001"), make("Miller X", "CA", id="ca1")])
    assert "عمر حداد" not in names(index, "miller")  # "mlr" is not "mr"


# --- numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "forms"),
    [
        ("+670 723 1576", ["6707231576"]),
        ("00670 7231576", ["6707231576"]),
        ("670-723-1576", ["6707231576"]),
        ("+93 (0) 700 066 041", ["93700066041"]),
        ("0700 066 041", ["0700066041", "700066041"]),
        ("1696", ["1696"]),
    ],
)
def test_phone_query_forms(text: str, forms: list[str]) -> None:
    assert phone_query_forms(text) == forms


@pytest.mark.parametrize(
    ("query", "country", "name"),
    [
        ("+670 723 1576", None, "Angela Sherwood"),
        ("00670 7231576", None, "Angela Sherwood"),
        ("670-723-1576", None, "Angela Sherwood"),
        ("7231576", None, "Angela Sherwood"),
        ("21 310 779", "MZ", "Nely Chimedza"),
        ("0700 066 041", "AF", "Nigina Mamadjonova"),
        ("1696", None, "Ministry of Economic Development Hotline"),
    ],
)
def test_reverse_lookup(seed: Index, query: str, country: str | None, name: str) -> None:
    assert names(seed, query, country=country) == [name]


def test_national_number_with_its_trunk_prefix() -> None:
    index = index_of([make("Ivan", "RU", id="ru000001", phones=["+7 495 797-87-21"])])
    assert names(index, "8 495 797-87-21", country="RU") == ["Ivan"]
    assert lookup(index, "8 495 797-87-21", country="RU").matches[0].score == 100.0


def test_short_tails_do_not_match(seed: Index) -> None:
    assert names(seed, "1576") == []
    assert names(seed, "310 779", country="MZ") == []


def test_phone_miss_suggests_numbers_with_the_same_tail(seed: Index) -> None:
    result = lookup(seed, "310 779", country="MZ")
    assert result.suggestions == ["Nely Chimedza (+258 21 310 779)"]


@pytest.mark.parametrize("query", ["7231577", "+670 723 1577", "+670 732 1576"])
def test_phone_miss_suggests_numbers_a_digit_away(seed: Index, query: str) -> None:
    assert lookup(seed, query).suggestions == ["Angela Sherwood (+670 723 1576)"]


def test_domain_miss_suggests_close_domains(seed: Index) -> None:
    assert lookup(seed, "@iom.in").suggestions == ["@iom.int"]


def test_address_at_an_unknown_domain_is_read_as_a_name(seed: Index) -> None:
    result = lookup(seed, "chimedza@gmail.com")
    assert [m.entry["name"] for m in result.matches] == ["Nely Chimedza"]
    assert result.understood_as == "email (nobody at gmail.com; read as a name)"


# --- emails ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "nchimedza@iom.int",
        "NChimedza@IOM.INT",
        "<nchimedza@iom.int>",
        "nchimedza",
        "chimedza iom.int",
        "nely @iom.int",
        "nchimedsa@iom.int",  # a typo in the address
    ],
)
def test_email_forms(seed: Index, query: str) -> None:
    assert names(seed, query)[0] == "Nely Chimedza"


def test_domain_lists_its_entries(seed: Index) -> None:
    assert len(names(seed, "iom.int")) == 9
    assert names(seed, "@iom.int", country="TL") == ["Angela Sherwood", "Heather Komenda"]
    assert names(seed, "@example.org") == []


def test_domain_like_country_is_a_country(seed: Index) -> None:
    assert lookup(seed, "U.S.A").understood_as == "country: United States"


# --- filters, order, determinism ---------------------------------------------------


def test_filters(seed: Index) -> None:
    assert names(seed, "maldives", kind="contact") == ["Shareen Tuladhar"]
    assert names(seed, "iom", country="TL") == ["Angela Sherwood", "Heather Komenda"]
    assert len(names(seed, "iom", limit=2)) == 2


def test_ties_break_by_kind_name_and_id() -> None:
    entries = [
        make("Same Name", "KE", id="ke000003"),
        make("Same Name", "KE", id="ke000001"),
        make("Same Line", "KE", id="ke000002", kind="hotline"),
    ]
    result = lookup(index_of(entries), "kenya")
    assert [m.entry["id"] for m in result.matches] == ["ke000002", "ke000001", "ke000003"]


def test_order_does_not_depend_on_insertion_order() -> None:
    rng = random.Random(7)
    given = ["Ana", "Anna", "Ann", "Hannah", "Jon", "John", "Joan"]
    family = ["Silva", "Smith", "Smyth", "Smit", "Costa"]
    entries = [
        make(
            f"{rng.choice(given)} {rng.choice(family)}",
            rng.choice(["MZ", "BR", "PT"]),
            id=f"id{i:06d}",
            organization="IOM",
        )
        for i in range(120)
    ]
    shuffled = entries[:]
    rng.shuffle(shuffled)
    a, b = index_of(entries), index_of(shuffled)
    for query in ["ana silva", "smith", "jon smyth", "iom", "mozambique", "costa brazil"]:
        got_a = [(m.entry["id"], m.score) for m in lookup(a, query).matches]
        got_b = [(m.entry["id"], m.score) for m in lookup(b, query).matches]
        assert got_a == got_b, query


@settings(max_examples=80, deadline=None)
@given(st.text(min_size=1, max_size=30).filter(lambda s: s.strip()))
def test_any_text_is_answered_in_order(text: str) -> None:
    index = index_of(bundled("seed"))
    try:
        result = lookup(index, text)
    except InvalidInput as refused:
        # Only a number too long to be one is refused, in one line that says so.
        assert "too many for a phone number" in str(refused) and "\n" not in str(refused)
        assert len(digits(text)) > 15
        return
    scores = [m.score for m in result.matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 100 for s in scores)


# --- nothing found -----------------------------------------------------------------


def test_suggestions_prefer_covered_countries_and_close_names(seed: Index) -> None:
    result = lookup(seed, "komendaa tuladar")
    assert result.matches == [] or result.matches[0].entry["name"] in (
        "Heather Komenda",
        "Shareen Tuladhar",
    )
    assert "Mozambique" in suggest(seed, "mozambiqu zzz")
    assert "Nely Chimedza" in suggest(seed, "chimedzaa qqq")
    assert suggest(seed, "qwzxv")  # something to try, always
    # A country understood but empty gets no suggestion of itself.
    assert "Laos" not in lookup(seed, "Laos").suggestions


# --- large directories: bounded work ------------------------------------------------


@pytest.fixture(scope="module")
def big() -> Index:
    rng = random.Random(3)
    given = [f"Given{i}" for i in range(60)]
    family = [f"Family{i}" for i in range(400)]
    entries = [
        make(
            f"{rng.choice(given)} {rng.choice(family)}",
            rng.choice(["KE", "MZ", "BD", "TL", "MV", "FR"]),
            id=f"b{i:07d}",
            organization="IOM",
            office="IOM Office",
            title="Programme Officer",
        )
        for i in range(6000)
    ]
    entries.append(make("Zebulon Quartermaine", "KE", id="zq000001", organization="IOM"))
    return index_of(entries)


def test_common_words_are_checked_not_enumerated(big: Index, monkeypatch: Any) -> None:
    calls: list[int] = []
    real = Index.postings_of

    def counting(self: Index, terms: Any, rids: Any = None) -> Any:
        out = real(self, terms, rids)
        calls.append(len(out))
        return out

    monkeypatch.setattr(Index, "postings_of", counting)
    assert names(big, "iom quartermaine") == ["Zebulon Quartermaine"]
    assert max(calls) < 100  # "iom" (6001 entries) was never listed in full


def test_all_common_query_is_bounded_and_stable(big: Index) -> None:
    started = time.perf_counter()
    first = [m.entry["id"] for m in lookup(big, "iom programme officer").matches]
    assert time.perf_counter() - started < 2.0
    assert len(first) == 20
    assert first == [m.entry["id"] for m in lookup(big, "iom programme officer").matches]


def test_filter_country_reaches_past_the_sample(big: Index) -> None:
    # Only common words and a selective filter: the filter picks the candidates.
    assert names(big, "iom", country="KE", limit=5000)
    ke = len(big.select_rids(country="KE"))
    assert len(names(big, "iom", country="KE", limit=5000)) == ke


def test_no_full_vocabulary_scan(big: Index, monkeypatch: Any) -> None:
    def refuse(self: Index) -> Any:
        raise AssertionError("full vocabulary scan")

    monkeypatch.setattr(Index, "vocabulary", refuse, raising=False)
    monkeypatch.setattr(Index, "ids", refuse)
    assert names(big, "quartermain")[0] == "Zebulon Quartermaine"
    assert lookup(big, "qqqqzzzz").suggestions  # suggestions without a scan of names
