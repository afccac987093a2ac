"""Long output on a terminal goes through $PAGER; --no-pager and pipes print it directly.

These run ctdir for real under a pseudo-terminal, with a PAGER script that
records what it was given.
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from ctdir.cli.output import DEFAULT_PAGER, pager_command

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


@pytest.fixture
def fake_pager(tmp_path: Path) -> tuple[str, Path]:
    log = tmp_path / "paged.txt"
    script = tmp_path / "fake-pager"
    script.write_text(f'#!/bin/sh\ncat > "{log}"\n')
    script.chmod(0o755)
    return str(script), log


def _env(pager: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "CTDIR_OUTPUT")}
    env["PAGER"] = pager
    return env


def _on_terminal(
    args: list[str], env: dict[str, str], rows: int = 12, cols: int = 80, code: int = 0
) -> str:
    """Run ctdir with stdin, stdout and stderr on a pseudo-terminal of rows x cols."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "ctdir", *args], stdin=slave, stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the other side closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=60) == code
    return b"".join(chunks).decode("utf-8", "replace")


def test_long_output_goes_through_the_pager(fake_pager: tuple[str, Path]) -> None:
    pager, log = fake_pager
    screen = _on_terminal(["lookup", "maldives"], _env(pager), rows=12)
    paged = log.read_text()
    for name in ("Police Human Trafficking Hotline", "Shareen Tuladhar", "shtuladhar@iom.int"):
        assert name in paged
        assert name not in screen
    assert "3 found" in screen  # the count goes to stderr, before the pager


@pytest.mark.parametrize(
    ("args", "code", "shown"),
    [(["check"], 1, "Mariam Khokhar"), (["countries"], 0, "Timor-Leste")],
)
def test_check_and_countries_are_paged(
    fake_pager: tuple[str, Path], args: list[str], code: int, shown: str
) -> None:
    pager, log = fake_pager
    screen = _on_terminal(args, _env(pager), rows=5, code=code)
    assert shown in log.read_text()
    assert shown not in screen


def test_short_output_is_not_paged(fake_pager: tuple[str, Path]) -> None:
    pager, log = fake_pager
    screen = _on_terminal(["show", "mv2ph9tn"], _env(pager), rows=40)
    assert "Police Human Trafficking Hotline" in screen
    assert not log.exists()


def test_no_pager_option(fake_pager: tuple[str, Path]) -> None:
    pager, log = fake_pager
    screen = _on_terminal(["--no-pager", "lookup", "maldives"], _env(pager), rows=12)
    assert "Shareen Tuladhar" in screen
    assert not log.exists()


def test_piped_output_is_never_paged(fake_pager: tuple[str, Path]) -> None:
    pager, log = fake_pager
    result = subprocess.run(
        [sys.executable, "-m", "ctdir", "lookup", "maldives"],
        env=_env(pager),
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Shareen Tuladhar  [mv7tq2ka]" in result.stdout  # plain text
    assert not log.exists()


def test_pager_command(tmp_path: Path) -> None:
    assert pager_command({"PAGER": "cat"}) is None
    assert pager_command({"PAGER": ""}) is None
    assert pager_command({"PAGER": str(tmp_path / "no-such-pager")}) is None
    assert pager_command({"PAGER": "sh -c 'cat'"}) == "sh -c 'cat'"
    expected = DEFAULT_PAGER if _has("less") else None
    assert pager_command({}) == expected


def _has(program: str) -> bool:
    import shutil

    return shutil.which(program) is not None
