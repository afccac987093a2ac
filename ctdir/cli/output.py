"""Rendering: rich tables on a terminal, plain text when piped, JSON on request.

rich is imported only when a table is drawn: piped and ``--json`` output never
pay for it. Every stored string goes through ``neutralise`` (control characters
made visible) and reaches rich as ``Text`` (never parsed as markup).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import click

from ctdir.countries import country_label
from ctdir.model import Entry, to_output
from ctdir.phones import Phone
from ctdir.text import neutralise


def use_table() -> bool:
    forced = os.environ.get("CTDIR_OUTPUT", "").lower()
    if forced in ("table", "plain"):
        return forced == "table"
    return sys.stdout.isatty()


def output_entry(entry: Entry, score: float | None = None) -> dict[str, Any]:
    out = to_output(entry, country_label(entry.get("country")))
    if score is not None:
        out["score"] = score
    return out


def emit_json(objects: Iterable[dict[str, Any]]) -> None:
    """A JSON array on stdout, written as it is made."""
    from ctdir.interop.jsonio import json_array_chunks

    sys.stdout.flush()  # anything already written as text goes first
    out = sys.stdout.buffer
    for chunk in json_array_chunks(objects):
        out.write(chunk)
    out.flush()


def emit_shown(shown: Iterable[bytes]) -> None:
    """A JSON array of entries as the index keeps them (``Index.iter_shown``)."""
    from ctdir.interop.jsonio import json_array_of_shown

    sys.stdout.flush()
    out = sys.stdout.buffer
    for chunk in json_array_of_shown(shown):
        out.write(chunk)
    out.flush()


def phone_text(phone: Phone, entry: Entry, dial_from: str | None = None) -> str:
    """One number for display: international format, label, and any warning."""
    from ctdir.phones import international
    from ctdir.quality import phone_warnings

    shown = international(phone)
    if dial_from:
        from ctdir.dial import dial_format

        shown = dial_format(phone, dial_from)
    parts = [neutralise(shown)]
    if phone.get("label"):
        parts.append(f"({neutralise(phone['label'] or '')})")
    warnings = phone_warnings(phone, entry.get("country"))
    if warnings:
        parts.append("! " + "; ".join(warnings))
    return " ".join(parts)


def _place(entry: Entry) -> str:
    bits = []
    for field in ("office", "organization"):
        value = entry.get(field)
        if (
            value
            and value not in bits
            and not (field == "organization" and value in (entry.get("office") or ""))
        ):
            bits.append(value)
    country = country_label(entry.get("country"))
    city = entry.get("city")
    where = f"{city}, {country}" if city and city not in " ".join(bits) else country
    if entry.get("country"):
        where += f" ({neutralise(entry['country'])})"
    bits.append(where)
    return " · ".join(neutralise(b) for b in bits)


def plain_entry(entry: Entry, dial_from: str | None = None, detail: bool = False) -> str:
    from ctdir.quality import verified_label

    head = neutralise(entry.get("name") or "")
    if entry.get("kind") == "hotline":
        head += "  (hotline)"
    lines = [f"{head}  [{neutralise(entry['id'])}]"]
    if entry.get("title"):
        lines.append(f"  {neutralise(entry['title'])}")
    lines.append(f"  {_place(entry)}")
    for phone in entry.get("phones") or []:
        lines.append(f"  phone  {phone_text(phone, entry, dial_from)}")
    for email in entry.get("emails") or []:
        lines.append(f"  email  {neutralise(email)}")
    if entry.get("hours"):
        lines.append(f"  hours  {neutralise(entry['hours'])}")
    if entry.get("languages"):
        lines.append(f"  languages  {neutralise(', '.join(entry['languages']))}")
    if detail:
        local = _local_time(entry)
        if local:
            lines.append(f"  local time  {local}")
        for field in ("notes", "source", "created", "updated"):
            if entry.get(field):
                lines.append(f"  {field}  {neutralise(str(entry[field]))}")
    lines.append(f"  {verified_label(entry)}")
    return "\n".join(lines)


def _local_time(entry: Entry) -> str | None:
    from ctdir.dial import local_time_text

    return local_time_text(entry)


def _table(entries: Sequence[Entry], title: str | None, dial_from: str | None) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from ctdir.quality import needs_attention, verified_label

    table = Table(
        title=Text(neutralise(title)) if title else None,
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    for column in ("Name", "Office / operator", "Country", "Phones", "Emails", "Checked"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        name = Text(neutralise(entry.get("name") or ""), style="bold")
        if entry.get("kind") == "hotline":
            name.append("\nhotline", style="magenta")
        if entry.get("title"):
            name.append("\n" + neutralise(entry["title"]), style="dim")
        office = Text(
            "\n".join(
                neutralise(v)
                for v in dict.fromkeys(
                    [
                        entry.get("office") or "",
                        entry.get("organization") or "",
                        entry.get("city") or "",
                    ]
                )
                if v
            )
        )
        phones = Text()
        for i, phone in enumerate(entry.get("phones") or []):
            text = phone_text(phone, entry, dial_from)
            main, _, warning = text.partition(" ! ")
            phones.append(("\n" if i else "") + main)
            if warning:
                phones.append(f"\n  {warning}", style="yellow")
        emails = Text("\n".join(neutralise(e) for e in entry.get("emails") or []))
        checked = verified_label(entry)
        table.add_row(
            name,
            office,
            Text(
                neutralise(country_label(entry.get("country")))
                + "\n"
                + neutralise(entry.get("country") or "")
            ),
            phones,
            emails,
            Text(
                f"{checked}\n{neutralise(entry['id'])}",
                style="yellow" if needs_attention(entry) else "dim",
            ),
        )
    return table


def console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def show_entries(
    entries: Sequence[Entry],
    title: str | None = None,
    dial_from: str | None = None,
    detail: bool = False,
) -> None:
    if use_table():
        out = console()
        out.print(_table(entries, title, dial_from))
        if detail:
            from rich.text import Text

            for entry in entries:
                local = _local_time(entry)
                if local:
                    out.print(Text(f"local time: {local}"))
        return
    if title:
        click.echo(f"== {neutralise(title)}")
    click.echo("\n\n".join(plain_entry(e, dial_from, detail) for e in entries))


def note(message: str) -> None:
    """A line for the user, on stderr so that stdout stays clean for pipes."""
    click.echo(neutralise(message), err=True)


def show_groups(
    groups: Iterable[tuple[str, Sequence[Entry]]], dial_from: str | None = None
) -> None:
    first = True
    for title, entries in groups:
        if not use_table() and not first:
            click.echo()
        show_entries(entries, title, dial_from)
        first = False


def use_colour() -> bool:
    return use_table() and not os.environ.get("NO_COLOR")


def show_qr(entry: Entry) -> None:
    """Draw the entry's vCard as a QR code, with a line saying what it is for."""
    import shutil

    from ctdir.qr import entry_qr, width

    _, drawing = entry_qr(entry, colour=use_colour())
    click.echo()
    click.echo(drawing)
    click.echo(
        f"Scan with a phone camera to add {neutralise(entry.get('name') or '')} "
        "to the phone's contacts."
    )
    columns = shutil.get_terminal_size().columns
    if sys.stdout.isatty() and width(drawing) > columns:
        note(
            f"the QR code is {width(drawing)} columns wide and the terminal {columns}: "
            "widen the terminal or zoom out to scan it"
        )
