"""CardDAV sync against a real Radicale server on 127.0.0.1 (started once per session)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import gen
import httpx
import localdav
import pytest
from click.testing import CliRunner

from ctdir.carddav import Client
from ctdir.cli import main
from ctdir.model import STORED_FIELDS
from ctdir.phones import parse_phone
from ctdir.store import Directory, bundled
from ctdir.sync import (
    DOWNLOAD,
    UPLOAD,
    content_hash,
    entry_card,
    parse_card,
    state_path,
    sync,
)

ALICE, BOB = "alice", "bob"
PASSWORDS = {ALICE: "Sesame-7f3a9c", BOB: "Parsnip-2b8e1d"}
NELY, MICHAEL, ASIF = "mz4nc8re", "mu3mn6wp", "bd2am7uy"


@pytest.fixture(scope="session")
def dav(tmp_path_factory: pytest.TempPathFactory) -> Iterator[localdav.Server]:
    server = localdav.start(tmp_path_factory.mktemp("radicale"), PASSWORDS)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def book(dav: localdav.Server) -> str:
    return dav.new_book(ALICE)


def store(tmp_path: Path, name: str) -> Directory:
    directory = Directory(tmp_path / f"{name}.json")
    directory.create(bundled("seed"))
    return directory


def two_in_sync(tmp_path: Path, book: str) -> tuple[Directory, Directory]:
    """Two members' directories, both synced with ``book``."""
    a, b = store(tmp_path, "a"), store(tmp_path, "b")
    run_sync(a, book)
    run_sync(b, book)
    return a, b


def run_sync(directory: Directory, url: str, **options: Any) -> Any:
    return sync(directory, url, ALICE, PASSWORDS[ALICE], **options)


def entries(directory: Directory) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in directory.entries()}


def hashes(directory: Directory) -> dict[str, str]:
    return {i: content_hash(e) for i, e in entries(directory).items()}


def edit(directory: Directory, entry_id: str, **fields: Any) -> None:
    with directory.transaction() as txn:
        entry = txn.get(entry_id)
        assert entry is not None
        entry.update(fields)
        txn.replace(entry)


def remove(directory: Directory, entry_id: str) -> None:
    with directory.transaction() as txn:
        txn.remove(entry_id)


def server_cards(url: str) -> dict[str, str]:
    """href -> card text of every card in the book, read with a plain client."""
    with Client(url, ALICE, PASSWORDS[ALICE]) as client:
        return {h: text for h, (_, text) in client.multiget(list(client.listing().etags)).items()}


class Counting(httpx.BaseTransport):
    """Counts requests; after ``fail_after`` of them, the network goes down.

    ``before`` runs before each request is sent (to change the store meanwhile).
    """

    def __init__(
        self,
        fail_after: int | None = None,
        before: Callable[[httpx.Request], None] | None = None,
    ) -> None:
        self.inner = httpx.HTTPTransport()
        self.count = 0
        self.fail_after = fail_after
        self.before = before

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.fail_after is not None and self.count >= self.fail_after:
            raise httpx.ConnectError("[Errno 101] Network is unreachable", request=request)
        self.count += 1
        if self.before is not None:
            self.before(request)
        return self.inner.handle_request(request)


def test_first_sync_up_then_a_second_store_syncs_down(tmp_path: Path, book: str) -> None:
    a, b = store(tmp_path, "a"), store(tmp_path, "b")
    invented = _invented("kq7wm3xp", "Ilse Vantongeren", "IOM Brussels", "BE")
    invented["source_date"] = "2026-10-01"  # a field newer than the vCard mapping
    with a.transaction() as txn:
        txn.insert([invented])
    first = run_sync(a, book)
    assert {c.entry_id for c in first.changes if c.action == UPLOAD} == set(entries(a))
    cards = server_cards(book)
    assert len(cards) == 12
    card = next(text for text in cards.values() if "UID:kq7wm3xp" in text)
    # vCard 3.0, which every phone's contacts app reads; numbers as published kept.
    assert "VERSION:3.0" in card and "X-CTDIR-NUMBER=+32 2 287 70 00" in card

    down = run_sync(b, book)
    # The seed is the same on both sides (matched up, not copied); the new entry comes down.
    assert [(c.action, c.entry_id) for c in down.changes] == [(DOWNLOAD, "kq7wm3xp")]
    assert hashes(b) == hashes(a)
    assert entries(b)["kq7wm3xp"]["created"] == entries(a)["kq7wm3xp"]["created"]
    assert entries(b)["kq7wm3xp"]["source_date"] == "2026-10-01"
    for directory in (a, b):
        assert run_sync(directory, book).changes == []


def test_edits_travel_both_ways(tmp_path: Path, book: str) -> None:
    a, b = two_in_sync(tmp_path, book)
    edit(a, NELY, title="Programme Officer")
    edit(b, MICHAEL, emails=["m.newson@example.org"], phones=[parse_phone("+230 213 3304", "MU")])
    assert [c.entry_id for c in run_sync(a, book).changes] == [NELY]
    assert [(c.action, c.entry_id) for c in run_sync(b, book).changes] == [
        (UPLOAD, MICHAEL),
        (DOWNLOAD, NELY),
    ]
    assert [c.entry_id for c in run_sync(a, book).changes] == [MICHAEL]
    assert entries(b)[NELY]["title"] == "Programme Officer"
    michael = entries(a)[MICHAEL]
    assert michael["emails"] == ["m.newson@example.org"]
    assert michael["phones"][0]["e164"] == "+2302133304"
    assert hashes(a) == hashes(b)


def test_a_conflict_is_listed_and_changes_nothing_until_a_side_is_chosen(
    tmp_path: Path, book: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = two_in_sync(tmp_path, book)
    edit(a, NELY, title="Head of Office")
    edit(b, NELY, title="Data Officer")
    run_sync(a, book)
    before_b, before_server = hashes(b), server_cards(book)

    result = cli(monkeypatch, b, "sync", book, "--user", ALICE)
    assert result.exit_code == 1, result.stderr
    assert f"conflict: Nely Chimedza [{NELY}]: changed here and on the server" in result.stderr
    assert "title: here 'Data Officer' / server 'Head of Office'" in result.stderr
    assert "--prefer" in result.stderr
    assert hashes(b) == before_b and server_cards(book) == before_server

    as_json = cli(monkeypatch, b, "sync", book, "--user", ALICE, "--json")
    assert as_json.exit_code == 1
    conflict = json.loads(as_json.stdout)[0]["conflicts"][0]
    assert (conflict["local"]["title"], conflict["remote"]["title"]) == (
        "Data Officer",
        "Head of Office",
    )

    chosen = cli(monkeypatch, b, "sync", book, "--user", ALICE, "--prefer", "local")
    assert chosen.exit_code == 0, chosen.stderr
    assert entries(b)[NELY]["title"] == "Data Officer"
    run_sync(a, book)
    assert entries(a)[NELY]["title"] == "Data Officer"

    edit(a, NELY, title="Head of Office")
    edit(b, NELY, title="Liaison Officer")
    run_sync(a, book)
    assert run_sync(b, book, prefer="remote").conflicts == []
    assert entries(b)[NELY]["title"] == "Head of Office"
    assert hashes(a) == hashes(b)


def test_an_edit_against_a_removal_is_a_conflict(tmp_path: Path, book: str) -> None:
    a, b = two_in_sync(tmp_path, book)
    remove(a, NELY)
    edit(b, NELY, title="Data Officer")
    run_sync(a, book)
    report = run_sync(b, book)
    assert [(c.entry_id, c.reason, c.remote) for c in report.conflicts] == [
        (NELY, "changed here, removed on the server", None)
    ]
    assert NELY in entries(b)
    run_sync(b, book, prefer="local")
    assert any(f"UID:{NELY}" in text for text in server_cards(book).values())


def test_a_removal_travels_both_ways_and_the_id_stays_retired(tmp_path: Path, book: str) -> None:
    a, b = two_in_sync(tmp_path, book)
    remove(a, NELY)
    remove(b, ASIF)
    run_sync(a, book)
    run_sync(b, book)
    run_sync(a, book)
    for directory in (a, b):
        assert NELY not in entries(directory) and ASIF not in entries(directory)
        with directory.transaction() as txn:
            assert {NELY, ASIF} <= set(txn.retired_ids())
    texts = server_cards(book).values()
    assert not any(f"UID:{NELY}" in t or f"UID:{ASIF}" in t for t in texts)
    assert len(texts) == 9


PHONE_CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n"
    "UID:{uid}\r\nN:Mbeki;Zanele;;;\r\nFN:Zanele Mbeki\r\nORG:Counter-Trafficking Unit;\r\n"
    "{tel}EMAIL;TYPE=INTERNET:zanele.mbeki@example.org\r\nEND:VCARD\r\n"
)


def put_as_phone(url: str, uid: str, tel: str) -> str:
    href = f"{url}{uid}.vcf"
    card = PHONE_CARD.format(uid=uid, tel=tel)
    response = httpx.put(
        href,
        content=card.encode(),
        headers={"Content-Type": "text/vcard", "If-None-Match": "*"},
        auth=(ALICE, PASSWORDS[ALICE]),
    )
    assert response.status_code == 201, response.text
    return href


def test_a_card_made_on_a_phone_comes_in_through_import_checks(
    tmp_path: Path, book: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    b = store(tmp_path, "b")
    run_sync(b, book)
    phone_uid = str(uuid.uuid4()).upper()
    put_as_phone(book, phone_uid, "TEL;TYPE=CELL:+27 82 555 0142\r\n")
    no_country = str(uuid.uuid4()).upper()
    put_as_phone(book, no_country, "TEL;TYPE=CELL:082 555 0199\r\n")

    result = cli(monkeypatch, b, "sync", book, "--user", ALICE)
    assert result.exit_code == 0, result.stderr
    added = [e for e in entries(b).values() if e["name"] == "Zanele Mbeki"]
    assert len(added) == 1  # the card with no country is reported, not guessed
    assert added[0]["country"] == "ZA"
    assert added[0]["phones"][0]["e164"] == "+27825550142"
    assert "country ZA taken from the number" in result.stderr
    assert f"not taken: Zanele Mbeki (/{ALICE}/" in result.stderr
    assert "no country; fix it on the phone or server, then sync again" in result.stderr
    # Reported again on the next sync, and still on the server (never dropped).
    again = cli(monkeypatch, b, "sync", book, "--user", ALICE)
    assert "no country" in again.stderr
    assert sum(f"UID:{no_country}" in t for t in server_cards(book).values()) == 1

    # An edit here goes back to the phone's card, which keeps the phone's UID.
    edit(b, added[0]["id"], title="Coordinator")
    run_sync(b, book)
    card = next(t for t in server_cards(book).values() if f"UID:{phone_uid}" in t)
    assert "TITLE:Coordinator" in card


def test_a_phone_copy_of_an_entry_here_is_no_second_entry(tmp_path: Path, book: str) -> None:
    """A phone's card for someone this directory has (same email) is that entry."""
    b = store(tmp_path, "b")
    with b.transaction() as txn:
        nely = txn.get(NELY)
        assert nely is not None
        nely["country"] = "ZA"  # so that the phone's card, read in South Africa, is the same
        nely["name"] = "Zanele Mbeki"
        txn.replace(nely)
    put_as_phone(book, str(uuid.uuid4()).upper(), "TEL;TYPE=CELL:+27 82 555 0142\r\n")
    report = run_sync(b, book)
    named = [e for e in entries(b).values() if e["name"] == "Zanele Mbeki"]
    assert [e["id"] for e in named] == [NELY]  # not added a second time
    assert [c.entry_id for c in report.conflicts] == [NELY]  # they differ: the user chooses


def test_an_interrupted_sync_is_completed_by_the_next(tmp_path: Path, book: str) -> None:
    a, b = two_in_sync(tmp_path, book)
    edit(a, NELY, title="Programme Officer")
    edit(a, MICHAEL, title="Head of Office")
    remove(a, ASIF)
    edit(b, "tl5as9fv", notes="Call before 10:00")
    # The tag (unchanged: no listing needed), one PUT, then the network goes down.
    failing = Counting(fail_after=2)
    report = run_sync(a, book, transport=failing)
    assert report.interrupted and "Network is unreachable" in report.interrupted
    assert len([c for c in report.changes if c.action == UPLOAD]) == 1

    run_sync(b, book)  # another member syncs meanwhile: gets what reached the server
    finished = run_sync(a, book)
    assert finished.interrupted is None and finished.conflicts == []
    run_sync(b, book)
    assert hashes(a) == hashes(b)
    assert entries(b)[MICHAEL]["title"] == "Head of Office"
    assert ASIF not in entries(b)
    assert entries(a)["tl5as9fv"]["notes"] == "Call before 10:00"
    assert len(server_cards(book)) == 10


def test_an_entry_edited_here_during_a_sync_is_not_overwritten(tmp_path: Path, book: str) -> None:
    a, b = two_in_sync(tmp_path, book)
    edit(a, NELY, title="Programme Officer")
    run_sync(a, book)

    def edit_meanwhile(request: httpx.Request) -> None:
        if request.method == "REPORT":  # b fetches a's change: b's user edits the entry now
            edit(b, NELY, title="Liaison Officer")

    report = run_sync(b, book, transport=Counting(before=edit_meanwhile))
    assert report.changes == [] and entries(b)[NELY]["title"] == "Liaison Officer"
    # The next sync sees both edits: a conflict, with both versions.
    conflict = run_sync(b, book).conflicts[0]
    assert conflict.entry_id == NELY and conflict.local and conflict.remote
    assert (conflict.local["title"], conflict.remote["title"]) == (
        "Liaison Officer",
        "Programme Officer",
    )


def test_a_card_rewritten_by_another_client_without_changes_changes_nothing_here(
    tmp_path: Path, dav: localdav.Server, book: str
) -> None:
    _, b = two_in_sync(tmp_path, book)
    href, text = next((h, t) for h, t in server_cards(book).items() if f"UID:{NELY}" in t)
    rewritten = re.sub(r"PRODID:[^\r\n]*", "PRODID:-//Another client//EN", text)
    response = httpx.put(
        dav.root.rstrip("/") + href,
        content=rewritten.encode(),
        headers={"Content-Type": "text/vcard"},
        auth=(ALICE, PASSWORDS[ALICE]),
    )
    assert response.status_code in (201, 204)
    before = b.path.read_bytes()
    assert run_sync(b, book).changes == []
    assert b.path.read_bytes() == before  # no write, no new `updated` stamp
    counting = Counting()
    run_sync(b, book, transport=counting)
    assert counting.count == 1


def test_an_unchanged_sync_costs_one_request(tmp_path: Path, book: str) -> None:
    a = store(tmp_path, "a")
    run_sync(a, book)
    counting = Counting()
    report = run_sync(a, book, transport=counting)
    assert (counting.count, report.changes) == (1, [])
    # A change on the server is seen on the next sync.
    put_as_phone(book, str(uuid.uuid4()).upper(), "TEL;TYPE=CELL:+27 82 555 0142\r\n")
    assert [c.name for c in run_sync(a, book).changes] == ["Zanele Mbeki"]


def test_dry_run_changes_nothing(tmp_path: Path, book: str) -> None:
    a, b = store(tmp_path, "a"), store(tmp_path, "b")
    run_sync(a, book)
    edit(a, NELY, title="Programme Officer")
    state = state_path(a.path).read_bytes()
    cards = server_cards(book)
    report = run_sync(a, book, dry_run=True)
    assert [(c.action, c.entry_id) for c in report.changes] == [(UPLOAD, NELY)]
    assert server_cards(book) == cards and state_path(a.path).read_bytes() == state
    assert not state_path(b.path).exists()
    assert run_sync(b, book, dry_run=True).changes == []
    assert not state_path(b.path).exists()


def test_the_password_is_never_printed_nor_written(
    tmp_path: Path, book: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = store(tmp_path, "a")
    secret = PASSWORDS[ALICE]
    outputs = []
    for args in (("--json",), (), ("--dry-run",), ("--json", "--dry-run")):
        result = cli(monkeypatch, a, "sync", book, "--user", ALICE, *args)
        assert result.exit_code == 0, result.stderr
        outputs += [result.stdout, result.stderr]
    wrong = cli(monkeypatch, a, "sync", book, "--user", ALICE, password=secret + "x")
    outputs += [wrong.stdout, wrong.stderr]
    assert wrong.exit_code == 3
    files = [p.read_bytes() for p in tmp_path.iterdir() if p.is_file()]
    assert state_path(a.path).exists()
    assert not any(secret in text for text in outputs)
    assert not any(secret.encode() in data for data in files)


def test_without_a_password_off_a_terminal_nothing_is_asked(
    tmp_path: Path, book: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = store(tmp_path, "a")
    result = cli(monkeypatch, a, "sync", book, "--user", ALICE, password=None)
    assert result.exit_code == 2
    assert "CTDIR_CARDDAV_PASSWORD" in result.stderr


def test_a_password_in_the_url_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = store(tmp_path, "a")
    result = cli(monkeypatch, a, "sync", "https://alice:hunter2@dav.example.org/b/")
    assert result.exit_code == 2
    assert "hunter2" not in result.stderr and "no user name or password in the URL" in result.stderr


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock.getsockname()[1]


def errors(dav: localdav.Server, book: str, silent_port: int) -> list[tuple[str, list[str], str]]:
    return [
        (book, ["--user", ALICE], "refused the user name or password (HTTP 401)"),
        (book, ["--user", BOB], "does not allow this account to PROPFIND"),
        (f"{dav.root}{ALICE}/no-such-book/", ["--user", ALICE], "no address book at"),
        (f"{dav.root}{ALICE}/", ["--user", ALICE], "is not a CardDAV address book"),
        (
            f"http://127.0.0.1:{localdav.free_port()}/book/",
            [],
            "connection refused (is the server running",
        ),
        (
            f"http://127.0.0.1:{silent_port}/book/",
            ["--timeout", "1"],
            "did not answer within 1 s",
        ),
    ]


def test_server_errors_are_one_clear_line(
    tmp_path: Path,
    dav: localdav.Server,
    book: str,
    silent_port: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a = store(tmp_path, "a")
    before = a.path.read_bytes()
    for url, options, message in errors(dav, book, silent_port):
        # The 401 case gets a wrong password; the others their user's own.
        user = options[1] if options[:1] == ["--user"] else ALICE
        password = "wrong" if message.endswith("(HTTP 401)") else PASSWORDS[user]
        result = cli(monkeypatch, a, "sync", url, *options, password=password)
        assert result.exit_code == 3, (url, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], (url, result.stderr)
        assert "Traceback" not in result.stderr
    assert a.path.read_bytes() == before


def test_https_certificates_are_verified(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    made = subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)),
        ],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip("openssl cannot make a self-signed certificate here")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with socket.socket() as raw:
        raw.bind(("127.0.0.1", 0))
        raw.listen(4)
        port = raw.getsockname()[1]

        def serve() -> None:
            try:
                conn, _ = raw.accept()
                with context.wrap_socket(conn, server_side=True):
                    pass
            except (OSError, ssl.SSLError):
                pass  # the client hangs up when the certificate fails

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        result = cli(monkeypatch, store(tmp_path, "a"), "sync", f"https://127.0.0.1:{port}/b/")
        thread.join(timeout=5)
    assert result.exit_code == 3
    assert "certificate could not be verified" in result.stderr


def cli(
    monkeypatch: pytest.MonkeyPatch,
    directory: Directory,
    *args: str,
    password: str | None = PASSWORDS[ALICE],
) -> Any:
    monkeypatch.setenv("CTDIR_DB", str(directory.path))
    if password is None:
        monkeypatch.delenv("CTDIR_CARDDAV_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("CTDIR_CARDDAV_PASSWORD", password)
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _invented(entry_id: str, name: str, office: str, country: str) -> dict[str, Any]:
    from ctdir.validate import check_entry

    entry = check_entry(
        "contact",
        {
            "name": name,
            "organization": "IOM",
            "office": office,
            "country": country,
            "phones": ["+32 2 287 70 00"],
            "emails": ["ivantongeren@example.org"],
        },
    ).entry
    entry["id"] = entry_id
    return entry


@pytest.mark.slow
def test_a_sync_killed_mid_way_is_completed_by_the_next(tmp_path: Path, book: str) -> None:
    a = Directory(tmp_path / "a.json")
    gen.write_store(gen.generate(120).entries, a.path)
    env = {**os.environ, "CTDIR_DB": str(a.path), "CTDIR_CARDDAV_PASSWORD": PASSWORDS[ALICE]}
    process = subprocess.Popen(
        [sys.executable, "-m", "ctdir", "sync", book, "--user", ALICE],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with Client(book, ALICE, PASSWORDS[ALICE]) as client:
            deadline = time.monotonic() + 60
            while len(client.listing().etags) < 20 and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    sent = len(server_cards(book))
    assert 20 <= sent < 120, "the sync was not killed mid-way"

    finished = run_sync(a, book)
    assert finished.interrupted is None and finished.conflicts == []
    assert len(server_cards(book)) == 120
    b = Directory(tmp_path / "b.json")
    gen.write_empty_store(b.path)
    run_sync(b, book)
    assert hashes(b) == hashes(a)
    assert run_sync(a, book).changes == []


def test_a_card_from_a_newer_ctdir_gives_only_the_fields_this_one_stores() -> None:
    """Properties this version does not know are left on the card, never stored."""
    nely = next(e for e in bundled("seed") if e["id"] == NELY)
    card = entry_card(nely).replace(
        "END:VCARD", "X-CTDIR-FUTURE-FIELD:later\r\nX-CTDIR-EXTRA:eyJ4IjogMX0=\r\nEND:VCARD"
    )
    parsed = parse_card(card)
    assert parsed.problem is None and parsed.entry is not None
    assert set(parsed.entry) == set(STORED_FIELDS)
    assert parsed.entry["name"] == nely["name"]


def test_one_sync_at_a_time_whatever_the_path_to_the_store(tmp_path: Path, book: str) -> None:
    """A store used through a link and through its real path has one sync lock and state."""
    from ctdir.errors import StoreError
    from ctdir.fsutil import held_lock
    from ctdir.sync import sync_lock_path

    real = store(tmp_path, "real")
    link = tmp_path / "link.json"
    link.symlink_to(real.path)
    with (
        held_lock(sync_lock_path(real.path), 0, "held"),
        pytest.raises(StoreError, match=r"another ctdir sync of .*link\.json is running"),
    ):
        run_sync(Directory(link), book)
    run_sync(Directory(link), book)
    assert state_path(real.path).exists() and not state_path(link).exists()
