"""Output safety and modes: hostile text, tables, plain text, NO_COLOR."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest

from ctdir.store import Directory
from ctdir.storefile import serialize

HOSTILE = "[red]x[/red]\x1b[2J"
# An SGR sequence that sets a foreground or background colour.
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7])(?:;[0-9;]*)?m")


def add_hostile(store_path: Path, **other: str) -> None:
    d = Directory(store_path)
    d.ensure()
    data = orjson.loads(store_path.read_bytes())
    entry = dict(data["entries"]["1"])
    entry.update(id="hh8xx8xx", name=HOSTILE, office="IOM\x07 Beep", notes="line1\nline2")
    data["entries"]["99"] = entry
    if other:
        data["entries"]["98"] = {**entry, "id": "hh9xx9xx", **other}
    store_path.write_bytes(serialize(data))


def test_hostile_text_prints_literally_in_plain_output(run, store_path: Path) -> None:
    add_hostile(store_path)
    result = run("show", "hh8xx8xx")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "[red]x[/red]\\x1b[2J" in result.stdout
    assert "IOM\\x07 Beep" in result.stdout


@pytest.mark.parametrize(
    ("field", "value"),
    [("id", "\x1b[31mred\x1b[0m"), ("country", "\x1b[2J"), ("id", "tl5as9fv;rm -rf ~")],
)
def test_hostile_ids_and_countries_are_refused_and_defused(
    run, store_path: Path, field: str, value: str
) -> None:
    add_hostile(store_path, **{field: value})
    before = store_path.read_bytes()
    result = run("list")
    assert result.exit_code == 3
    assert "\x1b" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert f'"{field}" must be' in result.stderr and "internal error" not in result.stderr
    assert store_path.read_bytes() == before


def test_hostile_text_prints_literally_in_table(run, store_path: Path) -> None:
    add_hostile(store_path)
    result = run("show", "hh8xx8xx", env={"CTDIR_OUTPUT": "table", "COLUMNS": "200"})
    assert result.exit_code == 0
    # Markup in data is shown, not interpreted; the escape sequence is defused.
    assert "[red]x[/red]\\x1b[2J" in result.stdout
    assert "\x1b[2J" not in result.stdout


def test_json_keeps_data_exact(run, store_path: Path) -> None:
    add_hostile(store_path)
    [entry] = orjson.loads(run("show", "hh8xx8xx", "--json").stdout)
    assert entry["name"] == HOSTILE  # JSON escapes it; the value itself is intact


def test_table_on_terminal_and_no_color(run) -> None:
    colour = run(
        "hotline", "maldives", env={"CTDIR_OUTPUT": "table", "FORCE_COLOR": "1", "COLUMNS": "160"}
    )
    assert "Police Human Trafficking Hotline" in colour.stdout
    assert COLOUR.search(colour.stdout)  # the hotline tag and "never verified" are coloured
    plain = run(
        "hotline",
        "maldives",
        env={"CTDIR_OUTPUT": "table", "FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "160"},
    )
    assert "Police Human Trafficking Hotline" in plain.stdout
    assert not COLOUR.search(plain.stdout)  # NO_COLOR: bold may stay, colours go


def test_piped_output_is_plain_text(run) -> None:
    result = run("lookup", "east timor")
    assert "\x1b[" not in result.stdout
    assert "Angela Sherwood  [tl5as9fv]" in result.stdout
    # Shown as published: an invalid number has no international grouping.
    assert "phone  +670 723 1576 (office) ! not valid under today's numbering plan" in result.stdout
    assert "phone  +880 2-9889765" in run("lookup", "bangladesh").stdout  # "+880.2.988.9765"
    assert "never verified" in result.stdout


def test_the_output_form_has_the_schema_fields_in_order_and_nothing_else() -> None:
    from ctdir.model import FIELDS, PHONE_FIELDS, to_output

    entry = {
        "updated": "2026-01-02T03:04:05Z",
        "name": "Ama Boateng",
        "phones": [{"valid": True, "number": "+233 20 000 0000", "stray": 1}],
        "emails": None,
        "surprise": "not a field",
    }
    out = to_output(entry, "Ghana")
    assert list(out) == list(FIELDS)
    assert out["name"] == "Ama Boateng" and out["country_name"] == "Ghana"
    assert out["id"] is None and out["emails"] == [] and out["languages"] == []
    assert out["phones"] == [
        {k: {"valid": True, "number": "+233 20 000 0000"}.get(k) for k in PHONE_FIELDS}
    ]
    assert list(out["phones"][0]) == list(PHONE_FIELDS)
    # The entry itself is left as it was.
    assert entry["emails"] is None and "stray" in entry["phones"][0]
