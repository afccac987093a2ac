"""Where the bundled data files are: ``ctdir/data`` in a wheel, ``data/`` in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_file(name: str) -> Path:
    installed = _PACKAGE_DIR / "data" / name
    if installed.exists():
        return installed
    return _PACKAGE_DIR.parent / "data" / name
