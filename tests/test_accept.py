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


def add_island_helpline(run) -> None:
    """A hotline with the seed's short code 1696 and a number that works from abroad."""
    result = run(
        "add", "hotline", "--name", "Example Island Helpline", "--country", "MV",
        "--number", "1696", "--number", "+960 330 0000", "--yes", "--force",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


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
    assert result.stdout == (
        "No problems found in 11 entries; 16 accepted (2 invalid-number, 2 wrong-country, "
        "1 domestic-only, 11 never-verified), listed with --all.\n"
    )
    assert _findings(run) == []
    everything = _findings(run, "--all")
    assert len(everything) == len(findings)
    assert all(f["accepted"]["note"] == "known; keep it" for f in everything)
    assert all(f["accepted"]["date"] == date.today().isoformat() for f in everything)
    listed = run("check", "--all")
    assert "Accepted: Never verified (11) [never-verified]" in listed.stdout
    assert listed.stdout.rstrip().endswith("never-verified), listed above.")
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
    # Accepted again without a note: the date is renewed, the note is not thrown away.
    saved = accept_problem(directory, "mv6me4dw", DOMESTIC_ONLY, None)
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
    add_island_helpline(run)
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


# -- only a problem the entry has can be accepted -----------------------------------


def test_a_problem_the_entry_does_not_have_is_refused(run, store_path: Path) -> None:
    run("check")  # creates the store
    before = store_path.read_bytes()
    result = run("check", "--accept", "mv2ph9tn", "domestic-only")  # 9500125 dials from abroad
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "ctdir: Police Human Trafficking Hotline [mv2ph9tn] has no domestic-only problem now: "
        "nothing to accept; its open problem: never-verified "
        "(to accept it: ctdir check --accept mv2ph9tn never-verified)\n"
    )
    several = run("check", "--accept", "tl5as9fv", "stale")
    assert several.exit_code == 2
    assert several.stderr.endswith(
        "its open problems: invalid-number, never-verified "
        "(to accept one: ctdir check --accept tl5as9fv CODE)\n"
    )
    assert store_path.read_bytes() == before
    # What it suggests is accepted.
    assert run("check", "--accept", "mv2ph9tn", "never-verified").exit_code == 0
    none_left = run("check", "--accept", "mv2ph9tn", "stale")
    assert none_left.exit_code == 2
    assert "has no stale problem now: nothing to accept, and no other" in none_left.stderr
    # An accepted problem is still there: accepting it again renews the note.
    again = run("check", "--accept", "mv2ph9tn", "never-verified", "--note", "second look")
    assert again.exit_code == 0, again.stderr


def test_information_is_not_a_problem_to_accept(run, directory: Directory) -> None:
    add_island_helpline(run)
    [mine] = [e for e in directory.entries() if e["name"] == "Example Island Helpline"]
    refused = run("check", "--accept", mine["id"], "domestic-only")
    assert refused.exit_code == 2
    assert "has no domestic-only problem, only information: nothing to accept" in refused.stderr
    assert "another way in from abroad" in refused.stderr  # why it is only information


def test_stale_is_judged_with_the_max_age_given(run, store_path: Path) -> None:
    seed = [e for e in orjson.loads(store_path.read_bytes())["entries"].values()]
    [nely] = [dict(e) for e in seed if e["id"] == "mz4nc8re"]
    nely["verified"] = date.fromordinal(date.today().toordinal() - 100).isoformat()
    Directory(store_path).create([nely], overwrite=True)
    assert run("check", "--accept", "mz4nc8re", "stale").exit_code == 2
    accepted = run("check", "--max-age", "30", "--accept", "mz4nc8re", "stale")
    assert accepted.exit_code == 0, accepted.stderr
    assert run("check", "--max-age", "30").exit_code == 0


def test_a_duplicate_is_accepted_on_either_entry_of_the_pair(run, directory: Directory) -> None:
    for name in ("Fariba Ahmadi", "Fariba Ahmady"):
        added = run(
            "add", "contact", "--name", name, "--country", "AF",
            "--email", f"{name.split()[1].lower()}@example.org", "--yes", "--force",
        )  # fmt: skip
        assert added.exit_code == 0, added.stderr
    first, second = sorted(
        (e for e in directory.entries() if e["name"].startswith("Fariba")),
        key=lambda e: e["name"],
    )
    report = check_entries(directory.entries())
    [pair] = [f for f in report.findings if f.issue == "possible-duplicate"]
    assert {pair.id, *pair.related} == {first["id"], second["id"]}
    other = pair.related[0]  # the entry the finding is not on
    assert run("check", "--accept", other, "possible-duplicate").exit_code == 0
    assert "possible-duplicate" not in {
        f.issue for f in check_entries(directory.entries()).findings
    }
    # An entry outside the pair has no such problem.
    assert run("check", "--accept", "mz4nc8re", "possible-duplicate").exit_code == 2


def test_summary_names_information_and_accepted_by_their_code(run) -> None:
    add_island_helpline(run)
    counts = "2 invalid-number, 2 wrong-country"
    # Information is counted apart from the problems of its code, beside them.
    assert run("check").stdout.rstrip().splitlines()[-1] == (
        f"17 problems in 12 of 12 entries: {counts}, 1 domestic-only (and 1 for information), "
        "12 never-verified."
    )
    assert run("check", "--accept", "mv6me4dw", "domestic-only").exit_code == 0
    for args, where in (((), "listed with --all"), (("--all",), "listed above")):
        for env in ({}, {"CTDIR_OUTPUT": "table", "COLUMNS": "200"}):
            shown = run("check", *args, env=env).stdout.rstrip().splitlines()[-1]
            assert shown == (
                f"16 problems in 12 of 12 entries: {counts}, 12 never-verified; "
                f"1 domestic-only for information; 1 accepted (1 domestic-only), {where}."
            )
