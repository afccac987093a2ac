"""The terminal layout: blocks readable at 40, 80 and 120 columns.

Every number and email must appear whole on one line, whatever the width, and
``show`` must show every field of the entry.
"""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console

from ctdir.cli.output import Line, render_entries, wrap_line
from ctdir.dial import dial_format, dialling_advice
from ctdir.model import Entry
from ctdir.phones import shown as shown_number
from ctdir.store import Directory
from ctdir.validate import check_entry, stamp_new

WIDTHS = (40, 80, 120)


def _invented() -> list[Entry]:
    """Sample people of our own, with every field filled and numbers of every kind."""
    worker = check_entry(
        "contact",
        {
            "name": "Amara Okonkwo-Hale",
            "title": "Senior Regional Counter-Trafficking Coordinator",
            "organization": "Example Relief Network",
            "office": "ERN Nairobi Regional Office",
            "city": "Nairobi",
            "country": "KE",
            # The last, dialled from abroad, is too long for show's column at 40 columns.
            "phones": [
                "mobile: +254 722 123 456",
                "office: +254 20 272 0000",
                "office: +254 20 4444 174 ext. 205",
            ],
            "emails": ["a.okonkwo-hale@ern.example", "nairobi.desk@ern.example"],
            "hours": "Mon-Fri 08:00-17:00 East Africa Time, except public holidays",
            "languages": ["English", "Kiswahili", "Somali"],
            "notes": "Prefers a text message first; calls back within the hour.",
            "source": "Partner list shared at the regional meeting, third quarter",
            "verified": "2024-03-02",
        },
    ).entry
    line = check_entry(
        "hotline",
        {
            "name": "Kenya Free Helpline",
            "organization": "Example Ministry of Labour",
            "country": "KE",
            "phones": ["hotline: +254 800 720 586", "1195"],
            "hours": "24/7",
        },
    ).entry
    inside = check_entry(
        "hotline",
        {
            "name": "Ghana Free Helpline of Example",
            "country": "GH",
            "phones": ["hotline: +233 800 800 800 ext. 21"],  # rings only inside Ghana
        },
    ).entry
    worker = stamp_new(worker)
    worker["verifications"] = [{"date": "2024-03-02", "note": "called the office, confirmed"}]
    worker["accepted"] = [{"code": "stale", "note": "rota changes yearly", "date": "2024-03-02"}]
    return [worker, stamp_new(line), stamp_new(inside)]


def _render(entries: list[Entry], width: int, **options: Any) -> str:
    out = Console(width=width, file=StringIO(), highlight=False, color_system=None)
    render_entries(out, entries, **options)
    text: str = out.file.getvalue()  # type: ignore[attr-defined]
    return text


def _entries(directory: Directory) -> list[Entry]:
    return [*directory.entries(), *_invented()]


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("dial_from", [None, "US"])
def test_numbers_and_emails_are_never_broken(directory: Directory, width: int, dial_from) -> None:
    entries = _entries(directory)
    advice = dialling_advice(entries, dial_from, lambda _: entries) if dial_from else {}
    text = _render(entries, width, dial_from=dial_from, detail=True, advice=advice)
    lines = text.splitlines()
    assert all(cell_len(line) <= width for line in lines), "a line is wider than the console"
    for entry in entries:
        for phone in entry["phones"]:
            shown = dial_format(phone, dial_from) if dial_from else shown_number(phone)
            assert any(shown in line for line in lines), f"{shown!r} broken at {width}"
        for email in entry["emails"]:
            assert any(email in line for line in lines), f"{email!r} broken at {width}"
    # Suggested corrections and alternatives are numbers too.
    for suggestion in ("+670 7723 1576", "+27 79 501 7854"):
        assert any(suggestion in line for line in lines)


@pytest.mark.parametrize("width", WIDTHS)
def test_show_has_every_field(directory: Directory, width: int) -> None:
    from ctdir.countries import country_label
    from ctdir.quality import verified_label

    for entry in _entries(directory):
        text = _render([entry], width, detail=True)
        flat = _flat(text)
        assert text.splitlines()[0].startswith(entry["name"].split()[0])
        wanted = [entry["id"], entry["kind"], country_label(entry["country"]), entry["country"]]
        wanted += [verified_label(entry)]
        for field in ("name", "title", "organization", "office", "city", "hours", "notes"):
            if entry.get(field):
                wanted.append(entry[field])
        for field in ("source", "created", "updated"):
            if entry.get(field):
                wanted.append(str(entry[field]))
        wanted += entry["languages"]
        wanted += [p["label"] for p in entry["phones"] if p.get("label")]
        wanted += [v["note"] for v in entry.get("verifications") or []]
        wanted += [a["code"] for a in entry.get("accepted") or []]
        for value in wanted:
            assert _flat(value) in flat, f"{value!r} missing from show at {width} columns"


def test_warnings_have_a_symbol_and_a_word(directory: Directory) -> None:
    text = _render(list(directory.entries()), 80)
    assert "! warning: a Kazakhstan number" in _flat(text)
    assert "! never verified" in text
    # The warning sits on its own line under its number, not after it.
    line = next(x for x in text.splitlines() if "+ 7 795 01 7854" in x)
    assert "warning" not in line


def test_toll_free_caveat_names_what_to_do_instead() -> None:
    worker, line, _ = _invented()
    advice = dialling_advice([worker, line], "US", lambda _: [worker, line])
    text = _flat(_render([line], 80, dial_from="US", advice=advice))
    assert "! from abroad: toll-free numbers are rarely reachable from abroad" in text
    # The hotline has nothing else that rings from abroad: another entry's number is offered.
    assert "1195" in text


def test_wrap_keeps_spaced_numbers_whole() -> None:
    text = "call +254 722 123 456 or 011 960 950-0125 or 9500125 ext. 12 or 020 444 ext. 7 then"
    line = Line([(text, "")], indent=2, hang=2)
    for width in range(20, 60):
        rows = ["".join(text for text, _ in row) for row in wrap_line(line, width)]
        for number in ("+254 722 123 456", "011 960 950-0125", "9500125 ext. 12", "020 444 ext. 7"):
            assert any(number in r for r in rows), (number, width)
        assert all(cell_len(r) <= width for r in rows)
        assert _flat(" ".join(rows)) == text


def test_no_color_keeps_the_markers(run) -> None:
    result = run(
        "lookup",
        "south africa",
        env={"CTDIR_OUTPUT": "table", "NO_COLOR": "1", "FORCE_COLOR": "1", "COLUMNS": "60"},
    )
    assert "\x1b[3" not in result.stdout  # no colour at all
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert "! warning:" in plain and "! never verified" in plain
