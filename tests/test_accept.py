"""Acknowledged problems (check --accept, --all), short codes as information, and a
verification history that survives editing the notes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import orjson

from ctdir.check import DOMESTIC_ONLY, check_entries
from ctdir.core import accept_problem
from ctdir.store import Directory


def _findings(run, *extra: str) -> list[dict[str, object]]:
    return json.loads(run("check", "--json", *extra).stdout)


def test_a_directory_whose_problems_are_all_accepted_exits_0(run) -> None:
    findings = _findings(run)
    assert findings and run("check").exit_code == 1
    for f in findings:
        result = run("check", "--accept", f["id"], f["issue"], "--note", "known; keep it")
        assert result.exit_code == 0, result.stderr
    result = run("check")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("No problems found in 11 entries (16 accepted")
    assert _findings(run) == []
    everything = _findings(run, "--all")
    assert len(everything) == len(findings)
    assert all(f["accepted"]["note"] == "known; keep it" for f in everything)
    assert all(f["accepted"]["date"] == date.today().isoformat() for f in everything)
    listed = run("check", "--all")
    assert "Accepted: Never verified (11) [never-verified]" in listed.stdout
    assert f"accepted {date.today().isoformat()}: known; keep it" in listed.stdout


def test_accepting_one_problem_leaves_the_others(run) -> None:
    result = run("check", "--accept", "mv6me4dw", "domestic-only")
    assert result.exit_code == 0
    assert "accepted domestic-only for Ministry of Economic Development Hotline" in result.stderr
    open_ = _findings(run)
    assert ("mv6me4dw", "domestic-only") not in {(f["id"], f["issue"]) for f in open_}
    assert ("mv6me4dw", "never-verified") in {(f["id"], f["issue"]) for f in open_}
    assert run("check").exit_code == 1


def test_accepting_again_replaces_the_acknowledgement(directory: Directory) -> None:
    for note in ("first", "second"):
        saved = accept_problem(directory, "mv6me4dw", DOMESTIC_ONLY, note)
    today = date.today().isoformat()
    assert saved["accepted"] == [{"code": DOMESTIC_ONLY, "note": "second", "date": today}]


def test_bad_accept_is_a_usage_error_and_writes_nothing(run, store_path: Path) -> None:
    run("check")  # creates the store
    before = store_path.read_bytes()
    bad = run("check", "--accept", "mv6me4dw", "no-such-problem")
    assert bad.exit_code == 2 and "unknown problem code 'no-such-problem'" in bad.stderr
    assert "domestic-only" in bad.stderr  # the codes it knows
    assert run("check", "--accept", "zzzzzzzz", "stale").exit_code == 2
    assert run("check", "--note", "alone").exit_code == 2
    assert store_path.read_bytes() == before


def test_short_code_is_information_while_another_way_in_exists(run, directory: Directory) -> None:
    result = run(
        "add", "hotline", "--name", "Example Island Helpline", "--country", "MV",
        "--number", "1696", "--number", "+960 330 0000", "--yes", "--force",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    report = check_entries(directory.entries())
    mine = [f for f in report.findings if f.name == "Example Island Helpline"]
    short = [f for f in mine if f.issue == DOMESTIC_ONLY]
    assert len(short) == 1 and short[0].info
    assert short[0] not in report.problems()
    # The seed's 1696 hotline has no other way in from abroad: still a problem.
    seed = [f for f in report.problems() if f.issue == DOMESTIC_ONLY]
    assert [f.id for f in seed] == ["mv6me4dw"]
    shown = run("check").stdout
    assert "For information: Numbers that can only be dialled inside their country" in shown


def test_verification_history_survives_editing_notes(run, store_path: Path) -> None:
    assert run("verify", "mv2ph9tn", "--note", "called, still valid").exit_code == 0
    assert run("edit", "mv2ph9tn", "--note", "answers in Dhivehi and English").exit_code == 0
    assert run("edit", "mv2ph9tn", "--note", "").exit_code == 0  # notes cleared
    stored = orjson.loads(store_path.read_bytes())["entries"]
    [entry] = [e for e in stored.values() if e["id"] == "mv2ph9tn"]
    today = date.today().isoformat()
    assert entry["verifications"] == [{"date": today, "note": "called, still valid"}]
    assert entry["verified"] == today
    assert entry.get("notes") is None
    shown = run("show", "mv2ph9tn").stdout
    assert f"checked  {today}: called, still valid" in shown
