"""The wheel must carry every package and the bundled data."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "ctdir").rglob("__init__.py")
    }
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages"
    assert config["tool"]["setuptools"]["package-dir"]["ctdir.data"] == "data"


def test_bundled_data_is_found() -> None:
    from ctdir.resources import data_file

    assert data_file("seed.json").exists()
    assert data_file("countries.json").exists()


def test_third_party_material_closed_to_this_user_counts_as_not_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout whose ../shared is another account's folder still collects and skips."""
    from testkit import present

    folder = tmp_path / "shared"
    assert not present(folder)  # missing
    folder.mkdir()
    assert present(folder)

    def closed(path: object, mode: int) -> bool:
        return False

    monkeypatch.setattr(os, "access", closed)
    assert not present(folder)
    monkeypatch.setattr(Path, "exists", lambda self: (_ for _ in ()).throw(PermissionError(13)))
    assert not present(folder / "seeds")
