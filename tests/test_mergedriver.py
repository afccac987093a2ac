"""`ctdir merge-driver` under a real `git merge`, in a temporary repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ctdir.store import Directory, bundled
from ctdir.storefile import ENTRIES, META, read_store, serialize

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

NELY, MICHAEL, ASIF, ANGELA = "mz4nc8re", "mu3mn6wp", "bd2am7uy", "tl5as9fv"


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo.parent),
    }
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=check
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository holding a seed directory, with the driver enabled as the README says."""
    repo = tmp_path / "team"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    # The two lines of git config from the README (ctdir run from this test's venv).
    git(repo, "config", "merge.ctdir.name", "ctdir directory")
    git(repo, "config", "merge.ctdir.driver", f"{sys.executable} -m ctdir merge-driver %O %A %B")
    (repo / ".gitattributes").write_text("directory.json merge=ctdir\n")
    Directory(repo / "directory.json").create(bundled("seed"))
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "seed")
    return repo


def change(repo: Path, branch: str, message: str, **edits: Any) -> None:
    """On ``branch``: replace fields of entries (None removes the entry), add new ones."""
    git(repo, "checkout", "-q", branch)
    directory = Directory(repo / "directory.json")
    with directory.transaction() as txn:
        for entry_id, fields in edits.items():
            if fields is None:
                txn.remove(entry_id)
            elif txn.get(entry_id) is None:
                txn.insert([{"id": entry_id, "kind": "contact", "country": "BE", **fields}])
            else:
                txn.replace({**(txn.get(entry_id) or {}), **fields})
    git(repo, "commit", "-qam", message)


def entries(repo: Path) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in Directory(repo / "directory.json").entries()}


def resolve(text: str, keep: str) -> str:
    """The file with one side of every conflict kept, as a user would edit it."""
    out, side = [], None
    for line in text.splitlines(keepends=True):
        if line.startswith("<<<<<<< "):
            side = "ours"
        elif line.startswith("=======") and side:
            side = "theirs"
        elif line.startswith(">>>>>>> "):
            side = None
        elif side in (None, keep):
            out.append(line)
    return "".join(out)


def parse(path: Path, raw: bytes) -> dict[str, Any]:
    """The store's data as ctdir reads it: entries by document key, and its meta."""
    store = read_store(path, raw)
    return {ENTRIES: {key: entry for key, entry, _ in store.docs}, META: {"1": store.meta}}


def test_edits_to_different_entries_merge_cleanly(repo: Path) -> None:
    git(repo, "branch", "colleague")
    change(repo, "colleague", "theirs", **{NELY: {"title": "Programme Officer"}, ASIF: None})
    change(
        repo,
        "main",
        "ours",
        **{MICHAEL: {"title": "Head of Office"}, "kq7wm3xp": {"name": "Ilse Vantongeren"}},
    )
    change(repo, "colleague", "theirs again", **{"pr4vd8hs": {"name": "Joost Verhaegen"}})
    git(repo, "checkout", "-q", "main")
    merged = git(repo, "merge", "-q", "--no-edit", "colleague", check=False)
    assert merged.returncode == 0, merged.stderr + merged.stdout

    result = entries(repo)
    assert result[NELY]["title"] == "Programme Officer"
    assert result[MICHAEL]["title"] == "Head of Office"
    assert ASIF not in result
    assert {"kq7wm3xp", "pr4vd8hs"} <= set(result)
    raw = (repo / "directory.json").read_bytes()
    # Byte for byte what ctdir writes for this data, and the removed id stays retired.
    data = parse(repo / "directory.json", raw)
    assert serialize(data) == raw
    assert ASIF in data["meta"]["1"]["retired_ids"]
    assert b"<<<<<<<" not in raw


def test_the_same_entry_edited_on_both_sides_is_a_clear_conflict(repo: Path) -> None:
    git(repo, "branch", "colleague")
    change(repo, "colleague", "theirs", **{NELY: {"title": "Data Officer"}, ANGELA: None})
    change(
        repo,
        "main",
        "ours",
        **{NELY: {"title": "Head of Office"}, MICHAEL: {"title": "Head of Office"}},
    )
    merged = git(repo, "merge", "--no-edit", "colleague", check=False)
    assert merged.returncode != 0
    output = merged.stdout + merged.stderr
    assert f"conflicting edits to entries {NELY} (Nely Chimedza)" in output
    assert "CONFLICT" in output

    text = (repo / "directory.json").read_text()
    assert f"<<<<<<< ours: entry {NELY} (Nely Chimedza)" in text
    ours_part, theirs_part = text.split("<<<<<<< ours")[1].split("=======")
    assert '"Head of Office"' in ours_part and '"Data Officer"' in theirs_part.split(">>>>>>>")[0]
    # Keep their version: delete our lines and the markers, and the file is a store again.
    (repo / "directory.json").write_text(resolve(text, keep="theirs"))
    result = entries(repo)
    assert result[NELY]["title"] == "Data Officer"
    assert result[MICHAEL]["title"] == "Head of Office"  # the clean parts merged meanwhile
    assert ANGELA not in result
    raw = (repo / "directory.json").read_bytes()
    assert serialize(parse(repo / "directory.json", raw)) == raw


@pytest.mark.parametrize("keep", ["ours", "theirs"])
def test_an_edit_against_a_removal_of_the_last_entry_resolves_either_way(
    repo: Path, keep: str
) -> None:
    # The file's last entry (keys sort as text: "9" after "11"), where JSON commas are fussy.
    last = "tl8hk2cz"
    git(repo, "branch", "colleague")
    change(repo, "colleague", "theirs", **{last: {"title": "Project Lead"}})
    change(repo, "main", "ours", **{last: None})
    merged = git(repo, "merge", "--no-edit", "colleague", check=False)
    assert merged.returncode != 0
    text = (repo / "directory.json").read_text()
    assert f"<<<<<<< ours: entry {last} (Heather Komenda), removed on this side" in text
    (repo / "directory.json").write_text(resolve(text, keep))
    result = entries(repo)
    if keep == "ours":
        assert last not in result
    else:
        assert result[last]["title"] == "Project Lead"
    assert len(result) == 10 + (keep == "theirs")


def test_an_unreadable_side_is_refused_and_left_to_the_user(repo: Path, tmp_path: Path) -> None:
    ours, theirs, base = tmp_path / "ours.json", tmp_path / "theirs.json", tmp_path / "base.json"
    shutil.copy(repo / "directory.json", ours)
    shutil.copy(repo / "directory.json", base)
    theirs.write_text('{"entries": ')
    before = ours.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "ctdir", "merge-driver", str(base), str(ours), str(theirs)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "is not valid JSON" in result.stderr and "Traceback" not in result.stderr
    assert ours.read_bytes() == before
