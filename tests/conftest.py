"""Shared fixtures: no test ever touches a real user's directory."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ctdir.cli import main
from ctdir.store import Directory

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
VCARDS = SHARED / "testdata" / "vcards"


@pytest.fixture(autouse=True)
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point CTDIR_DB at a fresh file in tmp_path (created from the seed on first use)."""
    path = tmp_path / "directory.json"
    monkeypatch.setenv("CTDIR_DB", str(path))
    for name in (
        "CTDIR_FROM",
        "CTDIR_INTERACTIVE",
        "CTDIR_DEBUG",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("CTDIR_OUTPUT", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    # Keep the platformdirs default away from the real home as well.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    return path


@pytest.fixture
def directory(store_path: Path) -> Directory:
    d = Directory(store_path)
    d.ensure()
    return d


@pytest.fixture
def run() -> Callable[..., Result]:
    """Invoke the CLI in-process: run("lookup", "mozambique", input=None)."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(main, list(args), input=input, env=env, catch_exceptions=False)

    return invoke


def stdout_json(result: Result) -> Any:
    return json.loads(result.stdout)
