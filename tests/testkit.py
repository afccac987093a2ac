"""What several test modules share besides fixtures (those are in conftest.py).

Third-party material (press releases, real vCards) lives in ../shared beside a
checkout of the project, never in the repository; tests that need it skip
without it. conftest.py puts this folder on the import path, in any import mode.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
VCARDS = SHARED / "testdata" / "vcards"


def present(path: Path) -> bool:
    """Whether ``path`` (in ../shared) can be read: a folder that is missing, or there
    but closed to this user (another account's checkout), counts as not here."""
    try:
        return path.exists() and os.access(path, os.R_OK | (os.X_OK if path.is_dir() else 0))
    except OSError:
        return False


needs_seeds = pytest.mark.skipif(
    not present(SEEDS), reason=f"the seed press releases are not here ({SEEDS})"
)
needs_vcards = pytest.mark.skipif(
    not present(VCARDS), reason=f"the real-world vCards are not here ({VCARDS})"
)


def stdout_json(result: Result) -> Any:
    return json.loads(result.stdout)


def stored(store_path: Path) -> list[dict[str, Any]]:
    """The entries in the store file, by name."""
    data = json.loads(store_path.read_text(encoding="utf-8"))
    return sorted(data["entries"].values(), key=lambda e: e["name"])
