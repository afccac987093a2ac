"""A Radicale CardDAV server on 127.0.0.1, for the sync tests and the sync benchmark.

Started as a child process with a temporary storage folder and htpasswd
authentication (plain passwords: the file is the test's own), on a free port;
``stop`` kills it. Only loopback traffic.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx

MKCOL_BOOK = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">'
    "<D:set><D:prop><D:resourcetype><D:collection/><C:addressbook/></D:resourcetype>"
    "</D:prop></D:set></D:mkcol>"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    users: dict[str, str]
    log: Path

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def new_book(self, user: str) -> str:
        """Create an empty address book owned by ``user``; its URL."""
        url = f"{self.root}{user}/{uuid.uuid4().hex}/"
        response = httpx.request(
            "MKCOL", url, content=MKCOL_BOOK, auth=(user, self.users[user]), timeout=10
        )
        response.raise_for_status()
        return url

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)


def start(folder: Path, users: dict[str, str], timeout: float = 30.0) -> Server:
    """Start Radicale storing in ``folder``; returns once it accepts connections."""
    folder.mkdir(parents=True, exist_ok=True)
    htpasswd = folder / "htpasswd"
    htpasswd.write_text("".join(f"{u}:{p}\n" for u, p in users.items()))
    port = free_port()
    config = folder / "config"
    config.write_text(
        "[server]\n"
        f"hosts = 127.0.0.1:{port}\n"
        "[auth]\n"
        "type = htpasswd\n"
        f"htpasswd_filename = {htpasswd}\n"
        "htpasswd_encryption = plain\n"
        "delay = 0\n"
        "[rights]\n"
        "type = owner_only\n"
        "[storage]\n"
        f"filesystem_folder = {folder / 'collections'}\n"
        "[logging]\n"
        "level = warning\n"
    )
    log = folder / "radicale.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(process, port, users, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Radicale exited at start: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.05)
    server.stop()
    raise RuntimeError(f"Radicale did not listen on port {port} within {timeout:.0f} s")
