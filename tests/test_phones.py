"""Phone numbers as a caller needs them: extensions, text that is not a number,
corrections that are not guesses, numbers that ring only inside their country,
and short codes that take texts, not calls. The people and numbers are invented."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from testkit import stdout_json

from ctdir.store import Directory

Run = Callable[..., Result]

PHONE_KEYS = {"number", "e164", "label", "valid", "region", "domestic_only"}


def _empty(store_path: Path) -> None:
    store_path.unlink()
    Directory(store_path).create([])


def _add(run: Run, *args: str) -> str:
    result = run("add", *args, "--yes", "--json")
    assert result.exit_code == 0, result.stderr
    entry_id: str = stdout_json(result)[0]["id"]
    return entry_id


# -- 3. corrections, not guesses ----------------------------------------------------------


def test_a_hotline_short_of_a_digit_gets_no_strangers_number(run: Run, store_path: Path) -> None:
    _empty(store_path)
    # A UAN: +92 311 1247786 would be valid, and is somebody's mobile.
    entry_id = _add(run, "hotline", "--name", "UAN Line Test", "--country", "PK",
                    "--number", "111-247-786")  # fmt: skip
    assert "perhaps" not in run("show", entry_id).stdout
    [found] = [f for f in stdout_json(run("check", "--json")) if f["issue"] == "invalid-number"]
    assert found["suggestion"] is None
    assert "+92 311" not in json.dumps(found)
    assert found["command"].endswith("--phone NUMBER")


def test_a_guess_is_never_pasted_over_a_hotline(run: Run, store_path: Path) -> None:
    """Timor-Leste's kind of change is still suggested, as a "perhaps" to verify."""
    _empty(store_path)
    _add(run, "hotline", "--name", "Dili Line Test", "--country", "TL",
         "--number", "hotline: +670 723 1599")  # fmt: skip
    [found] = [f for f in stdout_json(run("check", "--json")) if f["issue"] == "invalid-number"]
    assert found["suggestion"] == "+670 7723 1599"
    assert "perhaps" in found["detail"]
    assert found["action"].startswith("verify")
    assert "7723" not in found["command"]
    assert found["command"].endswith("--phone 'hotline: NUMBER'")
