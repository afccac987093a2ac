"""Shared fixtures: no test ever touches a real user's directory."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ctdir.cli import main
from ctdir.cli.app import App
from ctdir.store import Directory, bundled

# Test helpers (testkit.py), the search evaluation (eval/) and the benchmark generators
# (../bench) are imported by name. Their folders go on the import path here, since a
# conftest is read whatever configuration or import mode runs the tests (a runner may
# not read pyproject's pytest options).
_TESTS = Path(__file__).resolve().parent
for _folder in (_TESTS.parent / "bench", _TESTS / "eval", _TESTS):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))


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


@pytest.fixture
def empty_store(store_path: Path) -> Path:
    """A store with no entries (the seed left out)."""
    Directory(store_path).create([], overwrite=True)
    return store_path
