"""Two-way sync between the store and a CardDAV address book.

One vCard per entry (UID = id; ctdir's fields in ``X-CTDIR-*`` through
``ctdir.interop.vcard``). What changed is told apart with the sync state kept
beside the store (``<store>.sync.json``), per address-book URL: for each entry
its card's href and ETag, and a hash of the entry as last synced.

A sync reads the collection's change tag (one request when nothing changed on
either side), lists ETags, fetches changed cards, writes the server with
``If-Match`` / ``If-None-Match: *``, then applies the server's changes to the
store in one transaction, and writes the state last. Every step is safe to
interrupt: an entry whose content is the same on both sides is recorded as in
sync whatever the state says, so the next sync completes an interrupted one
without conflicts. An entry changed on both sides (differently) is a conflict:
listed with both versions, left alone unless ``prefer`` says which side wins.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ctdir.carddav import Client, DavError, PreconditionFailed, check_url
from ctdir.errors import InvalidInput, StoreError
from ctdir.fsutil import atomic_write, held_lock
from ctdir.identity import Registry
from ctdir.model import Entry, is_valid_id, new_id

if TYPE_CHECKING:
    import httpx

    from ctdir.store import Directory

STATE_VERSION = 1
PREFER = ("local", "remote")
_STAMPS = frozenset(("id", "created", "updated"))

# What a change does, as the report names it.
UPLOAD, DOWNLOAD = "sent", "received"
DELETE_REMOTE, DELETE_LOCAL = "removed on the server", "removed here"


# -- entries and cards -------------------------------------------------------------


def content_hash(entry: Entry) -> str:
    """What a sync compares: every field but id and timestamps; phones as published.

    ``e164``, ``valid`` and the rest of a phone object are derived from the
    number and the country, so they are left out; empty values count as absent.
    """
    view: dict[str, Any] = {}
    for key, value in entry.items():
        if key in _STAMPS or value in (None, "", [], {}):
            continue
        if key == "phones":
            value = [{"number": p.get("number"), "label": p.get("label")} for p in value]
        view[key] = value
    return hashlib.sha256(orjson.dumps(view, option=orjson.OPT_SORT_KEYS)).hexdigest()


def entry_card(entry: Entry, uid: str | None = None) -> str:
    """The card for ``entry``, as vCard 3.0; ``uid`` keeps the UID a phone gave a card it made.

    3.0 because Apple's Contacts ignores 4.0 cards from a CardDAV server (and
    Radicale advertises 3.0 only); DAVx5 reads either. The fields are
    ``ctdir.interop.vcard``'s export, with what 3.0 writes differently changed:
    TEL as text, no KIND, and an N for every card (3.0 requires one).
    """
    import vobject

    from ctdir.interop.vcard import export_vcard, tel_number

    card = vobject.readOne(export_vcard([entry]).decode("utf-8"))
    card.version.value = "3.0"
    for tel in card.contents.get("tel", []):
        if tel.params.pop("VALUE", None) == ["uri"] and tel.value.startswith("tel:"):
            tel.value = tel_number(tel.value)  # "+254204444174 ext. 205"
    card.contents.pop("kind", None)
    if "n" not in card.contents:
        card.add("n").value = vobject.vcard.Name(family=entry.get("name") or "")
    if uid:
        card.uid.value = uid
    return str(card.serialize())


@dataclass
class ParsedCard:
    uid: str | None
    name: str
    entry: Entry | None  # None when the card cannot be an entry (``problem`` says why)
    problem: str | None = None
    warnings: list[str] = field(default_factory=list)


def parse_card(text: str) -> ParsedCard:
    """A card from the server through import's checks (a card with no country is refused)."""
    from ctdir.interop.importer import check_record
    from ctdir.interop.vcard import read_vcard

    try:
        records = read_vcard(text.encode("utf-8")).records
    except InvalidInput as exc:
        return ParsedCard(None, "", None, exc.message)
    if len(records) != 1:
        return ParsedCard(None, "", None, f"the resource holds {len(records)} cards, not one")
    record = records[0]
    try:
        entry, warnings = check_record(record)
    except InvalidInput as exc:
        return ParsedCard(record.entry_id, record.name, None, exc.message)
    return ParsedCard(record.entry_id, record.name, entry, None, warnings)


# -- state ---------------------------------------------------------------------------


def sync_lock_path(store: Path) -> Path:
    """The lock one sync of the store holds (named after its real path, like the store's)."""
    return store.with_name(store.name + ".sync.lock")


def state_path(store: Path) -> Path:
    return store.with_name(store.name + ".sync.json")


def load_state(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {"version": STATE_VERSION, "remotes": {}}
    except OSError as exc:
        raise StoreError(f"cannot read the sync state {path}: {exc.strerror}") from None
    try:
        state = orjson.loads(raw)
    except orjson.JSONDecodeError:
        state = None
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        raise StoreError(
            f"the sync state {path} is damaged or from another ctdir version; move it away "
            "and sync again (entries the same on both sides are matched up again)"
        )
    state.setdefault("remotes", {})
    return state


def save_state(path: Path, state: dict[str, Any]) -> None:
    atomic_write(path, orjson.dumps(state, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))


# -- the report ------------------------------------------------------------------------


@dataclass
class Change:
    action: str  # UPLOAD, DOWNLOAD, DELETE_REMOTE or DELETE_LOCAL
    entry_id: str
    name: str


@dataclass
class Conflict:
    entry_id: str
    name: str
    reason: str
    local: Entry | None  # None: removed here
    remote: Entry | None  # None: removed on the server


@dataclass
class Rejected:
    href: str
    name: str
    reason: str


@dataclass
class SyncReport:
    url: str
    dry_run: bool
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    requests: int = 0
    interrupted: str | None = None  # why the sync stopped early; what was done is recorded


# -- the sync ------------------------------------------------------------------------------


@dataclass
class _Remote:
    """A card fetched from the server, as an entry with its local id."""

    href: str
    etag: str | None
    entry: Entry
    uid: str | None  # the card's UID where it is not the entry's id (a phone's card)


@dataclass
class _Plan:
    upload: list[tuple[str, str, str | None]] = field(default_factory=list)  # id, href, if-match
    delete_remote: list[tuple[str, str, str | None]] = field(default_factory=list)
    store: list[str] = field(default_factory=list)  # ids whose remote version is written here
    delete_local: list[str] = field(default_factory=list)
    adopt: list[str] = field(default_factory=list)  # the same on both sides: state only
    forget: list[str] = field(default_factory=list)  # removed on both sides


def sync(
    directory: Directory,
    url: str,
    user: str | None,
    password: str | None,
    *,
    prefer: str | None = None,
    dry_run: bool = False,
    transport: httpx.BaseTransport | None = None,
    verify: bool = True,
    timeout: float = 30.0,
) -> SyncReport:
    """Synchronise ``directory`` with the address book at ``url``, both ways."""
    if prefer is not None and prefer not in PREFER:
        raise InvalidInput(f"--prefer must be local or remote, not {prefer!r}")
    url = check_url(url)
    directory.ensure()
    with (
        held_lock(
            sync_lock_path(directory.real_path),
            0,
            f"another ctdir sync of {directory.path} is running",
        ),
        Client(url, user, password, transport=transport, verify=verify, timeout=timeout) as client,
    ):
        run = _Sync(directory, client, prefer, dry_run)
        try:
            run.run()
        finally:
            run.report.requests = client.requests
        return run.report


class _Sync:
    def __init__(
        self, directory: Directory, client: Client, prefer: str | None, dry_run: bool
    ) -> None:
        self.directory = directory
        self.client = client
        self.prefer = prefer
        self.dry_run = dry_run
        self.report = SyncReport(client.url, dry_run)
        self.state_file = state_path(directory.real_path)
        self.state = load_state(self.state_file)
        remote = self.state["remotes"].get(client.url) or {}
        self.tag: str | None = remote.get("tag")
        self.cards: dict[str, dict[str, Any]] = remote.get("cards") or {}
        self.rejected: dict[str, dict[str, Any]] = remote.get("rejected") or {}
        self.remote: dict[str, _Remote] = {}
        self.plan = _Plan()
        self.deferred = False  # a server change not applied here yet (entry edited meanwhile)
        self._identities: Registry | None = None  # local entries never synced, by identity

    # -- reading both sides ----------------------------------------------------------

    def _snapshot(self) -> None:
        with self.directory.transaction() as txn:  # read only: nothing changes, nothing written
            self.local = {e["id"]: e for e in txn.entries()}
            self.retired = set(txn.retired_ids())
            self.taken = set(txn.taken_ids())
        self.hashes = {i: content_hash(e) for i, e in self.local.items()}
        self.local_changed = {
            i for i in self.local if self.cards.get(i, {}).get("hash") != self.hashes[i]
        }
        self.local_deleted = {i for i in self.cards if i not in self.local}

    def run(self) -> None:
        self._snapshot()
        tag = self.client.tag()
        if tag is not None and tag == self.tag:
            if not self.local_changed and not self.local_deleted:
                self._report_rejected(self.rejected)
                return  # nothing changed on either side: one request
            etags = {c["href"]: c.get("etag") for c in self.cards.values()}
            etags.update({h: r.get("etag") for h, r in self.rejected.items()})
            listing_tag: str | None = tag
        else:
            listing = self.client.listing()
            etags, listing_tag = listing.etags, listing.tag
        new_rejected = self._fetch(etags)
        self._classify(etags)
        self._report_rejected(new_rejected)
        if self.dry_run:
            self._describe_plan()
            return
        new_cards = copy.deepcopy(self.cards)
        wrote = self._write_remote(new_cards)
        self._write_local(new_cards)
        tag_after = listing_tag if not wrote else self._verified_tag(new_cards, new_rejected)
        if self.report.interrupted or self.deferred or self.report.conflicts:
            tag_after = None  # the next sync must list the cards again
        self.state["remotes"][self.client.url] = {
            "tag": tag_after,
            "cards": new_cards,
            "rejected": new_rejected,
        }
        # Last, after the store: a state older than the store is healed by the next
        # sync (same content on both sides); a state newer than the store would not be.
        with self.directory.lock():
            save_state(self.state_file, self.state)

    def _fetch(self, etags: dict[str, str | None]) -> dict[str, dict[str, Any]]:
        """Fetch new and changed cards into ``self.remote``; the cards still rejected."""
        by_href = {c["href"]: i for i, c in self.cards.items()}
        rejected: dict[str, dict[str, Any]] = {}
        wanted = []
        for href, etag in etags.items():
            known = by_href.get(href)
            if known is not None:
                if etag is None or etag != self.cards[known].get("etag"):
                    wanted.append(href)
                continue
            old = self.rejected.get(href)
            if old is not None and etag is not None and old.get("etag") == etag:
                rejected[href] = old
            else:
                wanted.append(href)
        fetched = self.client.multiget(wanted) if wanted else {}
        used: set[str] = set()
        for href in wanted:
            if href not in fetched:
                continue  # removed since the listing: the next sync sees it gone
            etag, text = fetched[href]
            card = parse_card(text)
            # ctdir's own cards passed these checks where they were made (`check` lists
            # what remains); a phone's card is new to them.
            foreign = "X-CTDIR-" not in text.upper()
            for warning in card.warnings if foreign else []:
                self.report.warnings.append(f"{card.name or href}: {warning}")
            if card.entry is None:
                rejected[href] = {"etag": etag, "name": card.name, "reason": card.problem}
                continue
            entry_id = by_href.get(href) or self._new_id(card.uid, used, card.entry)
            used.add(entry_id)
            card.entry["id"] = entry_id
            uid = card.uid if card.uid and card.uid != entry_id else None
            self.remote[entry_id] = _Remote(href, etag, card.entry, uid)
        return rejected

    def _new_id(self, uid: str | None, used: set[str], entry: Entry) -> str:
        """The local id for a card not synced before.

        A card that is an entry already here by the identity rules (a phone's
        copy of it: same email, or same name in the same country and kind) takes
        that entry's id, so it is compared with it (a conflict if they differ)
        instead of being added twice.
        """
        wanted = (uid or "").strip().lower()
        if wanted and wanted not in used and wanted not in self.cards:
            if wanted in self.local or wanted in self.retired:
                return wanted  # the same entry made on both sides, or removed here
            if is_valid_id(wanted) and wanted not in self.taken:
                return wanted
        if self._identities is None:
            unsynced = (e for i, e in self.local.items() if i not in self.cards)
            self._identities = Registry(unsynced)
        same = self._identities.same(entry)
        if same is not None and same.ref not in used and same.ref not in self.remote:
            return str(same.ref)
        return new_id(self.taken | used | set(self.remote))

    def _classify(self, etags: dict[str, str | None]) -> None:
        plan, cards = self.plan, self.cards
        remote_deleted = {i for i, c in cards.items() if c["href"] not in etags}
        ids = set(self.local) | set(cards) | set(self.remote)
        for i in sorted(ids):
            lc = i in self.local_changed
            ld = i in self.local_deleted or (i in self.retired and i not in cards)
            rc = i in self.remote
            rd = i in remote_deleted
            known = cards.get(i, {})
            if lc and not (rc or rd):
                plan.upload.append((i, known.get("href") or self._href(i), known.get("etag")))
            elif ld and not (rc or rd):
                plan.delete_remote.append((i, known["href"], known.get("etag")))
            elif rc and not (lc or ld):
                # A server that rewrote our card (added a PRODID, reordered) changed nothing.
                same = i in self.local and content_hash(self.remote[i].entry) == self.hashes[i]
                (plan.adopt if same else plan.store).append(i)
            elif rd and not (lc or ld):
                plan.delete_local.append(i)
            elif ld and rd:
                plan.forget.append(i)
            elif lc and rc:
                if content_hash(self.remote[i].entry) == self.hashes[i]:
                    plan.adopt.append(i)
                else:
                    self._conflict(i, "changed here and on the server")
            elif lc and rd:
                self._conflict(i, "changed here, removed on the server")
            elif ld and rc:
                self._conflict(i, "removed here, changed on the server")

    def _href(self, entry_id: str) -> str:
        return self.client.card_href(f"{entry_id}.vcf")

    def _conflict(self, entry_id: str, reason: str) -> None:
        local = self.local.get(entry_id)
        remote = self.remote.get(entry_id)
        plan = self.plan
        if self.prefer == "local":
            if local is None:
                assert remote is not None
                plan.delete_remote.append((entry_id, remote.href, remote.etag))
            else:
                # Over the server's current version, or where the card was.
                href = remote.href if remote else self.cards[entry_id]["href"]
                plan.upload.append((entry_id, href, remote.etag if remote else None))
            return
        if self.prefer == "remote":
            if remote is None:
                plan.delete_local.append(entry_id)
            else:
                plan.store.append(entry_id)
            return
        name = (local or (remote.entry if remote else {})).get("name") or ""
        self.report.conflicts.append(
            Conflict(entry_id, name, reason, local, remote.entry if remote else None)
        )

    def _report_rejected(self, rejected: dict[str, dict[str, Any]]) -> None:
        for href, item in sorted(rejected.items()):
            reason = f"{item.get('reason')}; fix it on the phone or server, then sync again"
            self.report.rejected.append(Rejected(href, item.get("name") or "", reason))

    def _name(self, entry_id: str) -> str:
        entry = self.local.get(entry_id) or (
            self.remote[entry_id].entry if entry_id in self.remote else {}
        )
        return str(entry.get("name") or self.cards.get(entry_id, {}).get("name") or "")

    def _describe_plan(self) -> None:
        changes = self.report.changes
        changes += [Change(UPLOAD, i, self._name(i)) for i, _, _ in self.plan.upload]
        changes += [Change(DELETE_REMOTE, i, self._name(i)) for i, _, _ in self.plan.delete_remote]
        changes += [Change(DOWNLOAD, i, self._name(i)) for i in self.plan.store]
        changes += [Change(DELETE_LOCAL, i, self._name(i)) for i in self.plan.delete_local]

    # -- writing ------------------------------------------------------------------

    def _write_remote(self, cards: dict[str, dict[str, Any]]) -> bool:
        """PUT and DELETE what the plan says, stopping at a network error; whether any was sent."""
        wrote = False
        try:
            for entry_id, href, etag in self.plan.upload:
                entry = self.local[entry_id]
                uid = (self.remote[entry_id].uid if entry_id in self.remote else None) or (
                    self.cards.get(entry_id, {}).get("uid")
                )
                try:
                    new_etag = self.client.put(href, entry_card(entry, uid), etag)
                except PreconditionFailed:
                    self._raced(entry_id, href)
                    continue
                wrote = True
                cards[entry_id] = _state_card(
                    href, new_etag, self.hashes[entry_id], uid, self._name(entry_id)
                )
                self.report.changes.append(Change(UPLOAD, entry_id, self._name(entry_id)))
            for entry_id, href, etag in self.plan.delete_remote:
                try:
                    self.client.delete(href, etag)
                except PreconditionFailed:
                    self._raced(entry_id, href)
                    continue
                wrote = True
                cards.pop(entry_id, None)
                self.report.changes.append(Change(DELETE_REMOTE, entry_id, self._name(entry_id)))
        except DavError as exc:
            wrote = True  # what the server holds now is unknown: list it next time
            self.report.interrupted = exc.message
        return wrote

    def _raced(self, entry_id: str, href: str) -> None:
        """A card changed on the server between our read and our write: list both versions."""
        fetched = self.client.multiget([href]).get(href)
        remote = parse_card(fetched[1]).entry if fetched else None
        self.report.conflicts.append(
            Conflict(
                entry_id,
                self._name(entry_id),
                "changed on the server during this sync",
                self.local.get(entry_id),
                remote,
            )
        )

    def _write_local(self, cards: dict[str, dict[str, Any]]) -> None:
        """The server's changes, in one transaction; entries edited here meanwhile wait."""
        plan = self.plan
        for entry_id in plan.adopt:
            remote = self.remote[entry_id]
            cards[entry_id] = _state_card(
                remote.href, remote.etag, self.hashes[entry_id], remote.uid, self._name(entry_id)
            )
        for entry_id in plan.forget:
            cards.pop(entry_id, None)
        if not plan.store and not plan.delete_local:
            return
        with self.directory.transaction() as txn:
            for entry_id in plan.store:
                current = txn.get(entry_id)
                if not self._unchanged_since_snapshot(entry_id, current):
                    self.deferred = True
                    continue
                remote = self.remote[entry_id]
                entry = dict(remote.entry)
                if current is not None:
                    txn.replace(entry)
                else:
                    txn.insert([entry])
                stored = txn.get(entry_id) or entry
                cards[entry_id] = _state_card(
                    remote.href, remote.etag, content_hash(stored), remote.uid, entry["name"]
                )
                self.report.changes.append(Change(DOWNLOAD, entry_id, entry.get("name") or ""))
            for entry_id in plan.delete_local:
                current = txn.get(entry_id)
                if current is not None and not self._unchanged_since_snapshot(entry_id, current):
                    self.deferred = True
                    continue
                txn.remove(entry_id)
                cards.pop(entry_id, None)
                self.report.changes.append(Change(DELETE_LOCAL, entry_id, self._name(entry_id)))

    def _unchanged_since_snapshot(self, entry_id: str, current: Entry | None) -> bool:
        if current is None:
            return entry_id not in self.local
        return content_hash(current) == self.hashes.get(entry_id)

    def _verified_tag(
        self, cards: dict[str, dict[str, Any]], rejected: dict[str, dict[str, Any]]
    ) -> str | None:
        """The collection's tag after our writes, if the server holds exactly what we expect."""
        try:
            listing = self.client.listing()
        except DavError:
            return None
        expected = {c["href"]: c.get("etag") for c in cards.values()}
        expected.update({h: r.get("etag") for h, r in rejected.items()})
        if None in expected.values() or listing.etags != expected:
            return None
        return listing.tag


def _state_card(
    href: str, etag: str | None, digest: str, uid: str | None, name: str
) -> dict[str, Any]:
    # The name only to say what a removal removed, once the entry is gone.
    card: dict[str, Any] = {"href": href, "etag": etag, "hash": digest, "name": name}
    if uid:
        card["uid"] = uid
    return card
