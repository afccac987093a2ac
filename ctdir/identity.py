"""Identity: when two records are the same entry, and when they only might be.

The one rule set of design.md ("0.2 additions", Identity), used by add, edit,
import, extract --add, restore, sync and check:

* Two records are the **same** entry when they have the same email (any case),
  or the same folded name (case, accents, spacing, word order and
  transliteration ignored) in the same country and of the same kind.
* A record that carries the id of a stored entry is that entry only when its
  identity agrees (same kind, and the same folded name or a shared email);
  otherwise the two are a **conflict**, never merged.
* Similar but different names in one country and kind ("Fariba Ahmadi" /
  "Fariba Mohammadi") are **possible** duplicates: listed, asked about, never
  merged or skipped in silence.
* A shared number is never identity: colleagues share a switchboard, and one
  operator runs several hotlines.

The rules judge the entries they are given; finding the candidates (the search
index, a file's earlier rows) is the caller's business.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ctdir.model import Entry
from ctdir.text import fold

SAME = "same"
POSSIBLE = "possible"
CONFLICT = "conflict"

# Two words are near enough for a possible duplicate ("Jon"/"John", "Ahmadi"/"Mohammadi").
WORD_SIMILARITY = 80.0
# Two whole names, words sorted, are near enough ("Chimedza Nely" / "Chimdza Nely").
NAME_SIMILARITY = 88.0
# A word shared by more names than this is no evidence of anything (a common surname).
_COMMON_WORD = 50


def name_key(name: str) -> str:
    """The folded name: case, accents, spacing, word order and script ignored.

    Names in a script that romanises to a few common syllables (Chinese,
    Japanese, Korean) are kept as written, characters in order: "周明洋" and
    "周洋明" are two people.
    """
    return _name(name or "").key


def email_keys(entry: Entry) -> list[str]:
    return [str(e).strip().lower() for e in entry.get("emails") or [] if str(e).strip()]


def _script_name(name: str) -> str | None:
    """The name without spaces when written in a script that transliteration flattens.

    Chinese, Japanese and Korean names romanise to a handful of common syllables
    ("朱涛华" and "周华涛" both give the words "hua tao zhu/zhou"), so they are
    compared as written instead.
    """
    letters = [c for c in name if not c.isspace()]
    if letters and all(ord(c) > 0x2E80 for c in letters if c.isalpha()):
        return unicodedata.normalize("NFKC", "".join(letters)).casefold()
    return None


@dataclass(frozen=True)
class _Name:
    """A name's forms for comparing, worked out once."""

    key: str  # name_key
    script: str | None  # as written, for Han, kana and Hangul names
    words: tuple[str, ...]  # folded, in the order written
    numbers: frozenset[str]  # words with digits: "10" in "Imported Person 10"

    @classmethod
    def of(cls, name: str) -> _Name:
        script = _script_name(name)
        words = tuple(fold(name).split())
        key = script if script is not None else " ".join(sorted(words))
        numbers = frozenset(w for w in words if any(c.isdigit() for c in w))
        return cls(key, script, words, numbers)


@functools.lru_cache(maxsize=1 << 16)
def _name(name: str) -> _Name:
    """``_Name.of``, remembered: a name is compared as often as it is added and looked up."""
    return _Name.of(name)


def similar_names(a: str, b: str) -> bool:
    """Whether two different names may belong to one person (a possible duplicate)."""
    return _similar(_name(a), _name(b))


def _similar(a: _Name, b: _Name) -> bool:
    from rapidfuzz import fuzz  # imported when names are compared: not by `show`

    if not a.key or not b.key:
        return False
    if a.key == b.key:
        return True
    if a.script is not None or b.script is not None:
        if a.script is None or b.script is None:
            return False
        return fuzz.ratio(a.script, b.script) >= NAME_SIMILARITY
    # "Imported Person 10" and "Imported Person 1" are numbered, not misspelt.
    if a.numbers != b.numbers:
        return False
    if fuzz.ratio(a.key, b.key) >= NAME_SIMILARITY:
        return True
    # Word by word, in the order written: one word the same and the others near.
    if len(a.words) != len(b.words) or len(a.words) < 2:
        return False
    scores = [_word_score(x, y) for x, y in zip(a.words, b.words, strict=True)]
    return max(scores) == 100 and min(scores) >= WORD_SIMILARITY


@functools.lru_cache(maxsize=1 << 16)
def _word_score(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    score = fuzz.ratio(a, b)
    if min(len(a), len(b)) >= 5:
        # One spelling inside another: "Ahmadi" in "Mohammadi".
        score = max(score, fuzz.partial_ratio(a, b))
    return score


def same_identity(a: Entry, b: Entry) -> bool:
    """Whether two records with one id describe one entry (else they conflict)."""
    if a.get("kind") != b.get("kind"):
        return False
    if name_key(a.get("name") or "") == name_key(b.get("name") or ""):
        return True
    return bool(set(email_keys(a)) & set(email_keys(b)))


def describe(entry: Entry) -> str:
    """ "Name [id]" as the reports name an entry."""
    entry_id = entry.get("id")
    return (
        f"{entry.get('name') or '(no name)'} [{entry_id}]" if entry_id else str(entry.get("name"))
    )


def conflict_reason(stored: Entry, incoming: Entry) -> str:
    def summary(entry: Entry) -> str:
        return f"{entry.get('kind')} {entry.get('name')!r} in {entry.get('country')}"

    return (
        f"id {stored.get('id')} is the {summary(stored)} in the directory, but this record "
        f"is the {summary(incoming)}: not merged"
    )


def plausible(candidates: Sequence[Entry], entry: Entry) -> list[Entry]:
    """The candidates the rules could find ``entry`` the same as, or similar to.

    A cheap screen, so that ``add`` on a country of thousands folds a few names
    instead of all: a candidate is kept when it shares an email or a word with
    ``entry``, when the two names are close as lower-case text, or when either
    name is not plain ASCII (transliteration can make such names the same).
    Every candidate ``Registry.same`` or ``Registry.possible`` would find is kept.
    """
    from rapidfuzz import fuzz, process
    from rapidfuzz.utils import default_process

    name = str(entry.get("name") or "")
    words = set(default_process(name).split())
    emails = set(email_keys(entry))
    names = [str(c.get("name") or "") for c in candidates]
    close = {
        position
        for _, _, position in process.extract_iter(
            name, names, scorer=fuzz.token_sort_ratio, processor=default_process, score_cutoff=60
        )
    }
    return [
        candidate
        for position, candidate in enumerate(candidates)
        if position in close
        or not (name.isascii() and names[position].isascii())
        or words & set(default_process(names[position]).split())
        or emails & set(email_keys(candidate))
    ]


@dataclass(frozen=True)
class Match:
    """A registered record that another one meets, and how."""

    level: str  # SAME or POSSIBLE
    ref: Any  # what the caller registered the record under
    entry: Entry
    reason: str


class Registry:
    """Records to compare new ones with: by email, folded name, and near names.

    An email or a folded name is one dictionary look-up. Near names are those
    that share a word, or score close as whole names, within the same country
    and kind: the second is one rapidfuzz pass over that group's names, so a
    look-up grows with the size of its group.
    """

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._by_email: dict[str, tuple[Any, Entry]] = {}
        self._by_name: dict[tuple[str, str, str], tuple[Any, Entry]] = {}
        # (country, kind) -> parallel lists of names, their keys, and (ref, entry).
        self._names: dict[tuple[str, str], list[_Name]] = {}
        self._keys: dict[tuple[str, str], list[str]] = {}
        self._refs: dict[tuple[str, str], list[tuple[Any, Entry]]] = {}
        self._by_word: dict[tuple[str, str, str], list[int]] = {}
        for entry in entries:
            self.add(entry, entry.get("id"))

    @staticmethod
    def _group(entry: Entry) -> tuple[str, str]:
        return (str(entry.get("country") or ""), str(entry.get("kind") or ""))

    def add(self, entry: Entry, ref: Any) -> None:
        for email in email_keys(entry):
            self._by_email.setdefault(email, (ref, entry))
        name = _name(entry.get("name") or "")
        key = name.key
        if not key:
            return
        group = self._group(entry)
        self._by_name.setdefault((*group, key), (ref, entry))
        keys = self._keys.setdefault(group, [])
        position = len(keys)
        keys.append(key)
        self._names.setdefault(group, []).append(name)
        self._refs.setdefault(group, []).append((ref, entry))
        for word in set(key.split()):
            self._by_word.setdefault((*group, word), []).append(position)

    def same(self, entry: Entry, skip: Any = None) -> Match | None:
        """The registered record that is the same entry as ``entry`` (not ``skip``)."""
        for email, shown in zip(email_keys(entry), entry.get("emails") or [], strict=False):
            found = self._by_email.get(email)
            if found is not None and found[0] != skip:
                return Match(SAME, found[0], found[1], f"same email {shown}")
        key = name_key(entry.get("name") or "")
        found = self._by_name.get((*self._group(entry), key)) if key else None
        if found is not None and found[0] != skip:
            country = entry.get("country")
            return Match(SAME, found[0], found[1], f"same name in {country}")
        return None

    def possible(self, entry: Entry, skip: Any = None, limit: int = 3) -> list[Match]:
        """Registered records whose names are near ``entry``'s (same country and kind)."""
        name = _name(entry.get("name") or "")
        key = name.key
        group = self._group(entry)
        keys = self._keys.get(group)
        if not key or not keys:
            return []
        names = self._names[group]
        out: list[Match] = []
        seen: set[int] = set()
        for position in self._candidates(group, key, keys):
            if position in seen:
                continue
            seen.add(position)
            ref, other = self._refs[group][position]
            if ref == skip or keys[position] == key:
                continue
            if _similar(name, names[position]):
                out.append(Match(POSSIBLE, ref, other, f"similar name: {other.get('name')}"))
                if len(out) >= limit:
                    break
        return out

    def _candidates(self, group: tuple[str, str], key: str, keys: list[str]) -> Iterator[int]:
        from rapidfuzz import fuzz, process

        for word in key.split():
            holders = self._by_word.get((*group, word), [])
            if len(holders) <= _COMMON_WORD:
                yield from holders
        for _, _, position in process.extract(
            key, keys, scorer=fuzz.ratio, score_cutoff=NAME_SIMILARITY, limit=None
        ):
            yield position
