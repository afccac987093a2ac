"""Shared fixtures: no test ever touches a real user's directory."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ctdir.cli import main
from ctdir.cli.app import App
from ctdir.store import Directory, bundled

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
VCARDS = SHARED / "testdata" / "vcards"
# Third-party material (press releases, real vCards) lives in ../shared beside a
# checkout of the project, never in the repository; without it those tests skip.
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"the seed press releases are not here ({SEEDS})"
)
needs_vcards = pytest.mark.skipif(
    not VCARDS.is_dir(), reason=f"the real-world vCards are not here ({VCARDS})"
)


@pytest.fixture(autouse=True)
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point CTDIR_DB at a fresh store in tmp_path holding the seed directory alone.

    The eleven seed entries are what most tests reason about; a first run (no
    file: the seed and the bundled hotlines) is tested by removing the file.
    """
    path = tmp_path / "directory.json"
    Directory(path).create(bundled("seed"))
    monkeypatch.setenv("CTDIR_DB", str(path))
    for name in (
        "CTDIR_FROM",
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

    def invoke(
        *args: str,
        input: str | None = None,
        env: dict[str, str] | None = None,
        tty: bool | None = None,
    ) -> Result:
        # tty: answer as on a terminal (True) or as a script (False); CliRunner's
        # stdin is never a terminal, so prompts are driven through ``input``.
        obj = App(None, interactive=tty)
        return runner.invoke(
            main, list(args), input=input, env=env, obj=obj, catch_exceptions=False
        )

    return invoke


def stdout_json(result: Result) -> Any:
    return json.loads(result.stdout)


@pytest.fixture
def empty_store(store_path: Path) -> Path:
    """A store with no entries (the seed left out)."""
    Directory(store_path).create([], overwrite=True)
    return store_path


def stored(store_path: Path) -> list[dict[str, Any]]:
    """The entries in the store file, by name."""
    data = json.loads(store_path.read_text(encoding="utf-8"))
    return sorted(data["entries"].values(), key=lambda e: e["name"])
