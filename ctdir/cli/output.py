"""Rendering: blocks drawn with rich on a terminal, plain text when piped, JSON on request.

rich is imported only when a terminal is drawn on: piped and ``--json`` output never
pay for it. Every stored string goes through ``neutralise`` (control characters
made visible) and reaches rich as ``Text`` (never parsed as markup).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from ctdir.countries import country_label
from ctdir.model import Entry, kind_label, to_output
from ctdir.phones import Phone
from ctdir.text import neutralise

if TYPE_CHECKING:
    from ctdir.dial import DialCaveat


def use_table() -> bool:
    forced = os.environ.get("CTDIR_OUTPUT", "").lower()
    if forced in ("table", "plain"):
        return forced == "table"
    return sys.stdout.isatty()


def output_entry(
    entry: Entry, score: float | None = None, dial_from: str | None = None
) -> dict[str, Any]:
    """The JSON object of an entry; with ``dial_from`` each phone gains ``dialled``."""
    out = to_output(entry, country_label(entry.get("country")))
    if score is not None:
        out["score"] = score
    if dial_from:
        from ctdir.dial import dialled

        out["phones"] = [dict(p, dialled=dialled(p, dial_from)) for p in out["phones"]]
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


Advice = Mapping[tuple[str, int], "DialCaveat"]
Chunk = tuple[str, str]  # (text, rich style)


def _phone_warnings(phone: Phone, entry: Entry, caveat: DialCaveat | None) -> list[tuple[str, str]]:
    """(word, text) warnings of one number: what is wrong with it, and why it may not ring."""
    from ctdir.dial import SHORT_CODE
    from ctdir.quality import phone_warnings

    out = []
    if caveat is None or caveat.kind != SHORT_CODE:  # the caveat says it, and more
        out = [("warning", w) for w in phone_warnings(phone, entry.get("country"))]
    if caveat is not None:
        text = caveat.text
        if caveat.instead:
            text += "; instead: " + "; ".join(caveat.instead)
        out.append(("from abroad", text))
    return [(word, neutralise(text)) for word, text in out]


def _phone_shown(phone: Phone, dial_from: str | None) -> str:
    from ctdir.phones import shown

    if dial_from:
        from ctdir.dial import dial_format

        return neutralise(dial_format(phone, dial_from))
    return neutralise(shown(phone))


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


def _history(entry: Entry) -> list[tuple[str, str]]:
    """(label, text) rows of the entry's verification history and accepted problems."""
    rows = []
    for item in entry.get("verifications") or []:
        if isinstance(item, Mapping):
            text = f"{item.get('date') or '?'}" + (f": {item['note']}" if item.get("note") else "")
            rows.append(("checked", neutralise(text)))
    for item in entry.get("accepted") or []:
        if isinstance(item, Mapping):
            text = f"{item.get('code') or '?'}" + (f": {item['note']}" if item.get("note") else "")
            if item.get("date"):
                text += f" ({item['date']})"
            rows.append(("accepted", neutralise(text)))
    return rows


def _detail_rows(entry: Entry) -> list[tuple[str, str]]:
    """(label, text) rows that only ``show`` has: everything lookup leaves out."""
    rows = []
    local = _local_time(entry)
    if local:
        rows.append(("local time", local))
    for field in ("notes", "source"):
        if entry.get(field):
            rows.append((field, neutralise(str(entry[field]))))
    if entry.get("source_date"):
        rows.append(("source date", neutralise(str(entry["source_date"]))))
    rows.extend(_history(entry))
    for field in ("created", "updated"):
        if entry.get(field):
            rows.append((field, neutralise(str(entry[field]))))
    return rows


Row = tuple[str, list[Chunk], list[tuple[str, str]]]  # (label, chunks, (word, warning))


def _rows(entry: Entry, dial_from: str | None, detail: bool, advice: Advice | None) -> list[Row]:
    """The labelled lines of an entry (phones, emails, ...), for plain and terminal output."""
    rows: list[Row] = []
    for pos, phone in enumerate(entry.get("phones") or []):
        caveat = (advice or {}).get((str(entry.get("id")), pos))
        chunks = [(_phone_shown(phone, dial_from), "bold")]
        if phone.get("label"):
            chunks.append((f"({neutralise(phone['label'] or '')})", "dim"))
        rows.append(("phone", chunks, _phone_warnings(phone, entry, caveat)))
    for email in entry.get("emails") or []:
        rows.append(("email", [(neutralise(email), "")], []))
    if entry.get("hours"):
        rows.append(("hours", [(neutralise(entry["hours"]), "")], []))
    if entry.get("languages"):
        rows.append(("languages", [(neutralise(", ".join(entry["languages"])), "")], []))
    source = str(entry.get("source") or "")
    if (
        not detail
        and entry.get("kind") == "hotline"
        and (entry.get("source_date") or "://" in source)
    ):
        # How old the evidence is, at a glance (a web page may be undated); `show`
        # gives the source in full.
        year = neutralise(str(entry.get("source_date") or ""))[:4] or "undated (see ctdir show)"
        rows.append(("source", [(year, "")], []))
    if detail:
        rows.extend((label, [(text, "")], []) for label, text in _detail_rows(entry))
    return rows


def plain_entry(
    entry: Entry,
    dial_from: str | None = None,
    detail: bool = False,
    advice: Advice | None = None,
) -> str:
    from ctdir.quality import verified_label

    head = neutralise(entry.get("name") or "")
    if entry.get("kind") == "hotline":
        head += f"  ({neutralise(kind_label(entry))})"
    lines = [f"{head}  [{neutralise(entry['id'])}]"]
    if entry.get("title"):
        lines.append(f"  {neutralise(entry['title'])}")
    lines.append(f"  {_place(entry)}")
    for label, chunks, warnings in _rows(entry, dial_from, detail, advice):
        text = " ".join(t for t, _ in chunks)
        if warnings:
            text += " ! " + "; ".join(t if w == "warning" else f"{w}: {t}" for w, t in warnings)
        lines.append(f"  {label}  {text}")
    lines.append(f"  {verified_label(entry)}")
    return "\n".join(lines)


def _local_time(entry: Entry) -> str | None:
    from ctdir.dial import local_time_text

    return local_time_text(entry)


# -- the terminal layout ------------------------------------------------------------------

# A number written with spaces ("+94 11 532 5300", "011 960 950-0125"), or
# followed by its extension ("9500125 ext. 12"), is one word to the line
# breaker: it is never split across lines.
_SPACED_NUMBER = re.compile(
    r"(?:\+ ?)?\(?\d[\d().\-/]*(?:(?: \(?\d[\d().\-/]*)+(?: ext\. \d+)?| ext\. \d+)"
)


@dataclass
class Line:
    """One logical line of an entry's block; broken only between words, never in a number."""

    chunks: list[Chunk]
    indent: int = 2
    hang: int = 0  # continuation lines start this much further in
    label: Chunk = ("", "")  # drawn as is before the chunks ("phone  ")


def _units(text: str) -> list[str]:
    """The words of ``text`` as the line breaker sees them.

    A spaced number is one word, and a "·" separator stays at the end of the
    line before a break, never at the start of the next.
    """
    kept = _SPACED_NUMBER.sub(lambda m: m.group().replace(" ", "\x00"), text)
    units: list[str] = []
    for unit in kept.split():
        if unit == "·" and units:
            units[-1] += " ·"
        else:
            units.append(unit.replace("\x00", " "))
    return units


def _cells(text: str) -> int:
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def wrap_line(line: Line, width: int) -> list[list[Chunk]]:
    """``line`` as rows of (text, style) at most ``width`` cells wide (only a longer word is not).

    Neighbouring pieces of one style are joined, so that a styled phrase is one span.
    """
    hang = line.indent + line.hang if line.indent + line.hang < width // 2 else line.indent
    rows: list[list[Chunk]] = []
    row: list[Chunk] = [(" " * line.indent + line.label[0], line.label[1])]
    used, fresh = line.indent + _cells(line.label[0]), not line.label[0]
    for text, style in line.chunks:
        for unit in _units(text):
            size = _cells(unit)
            if not fresh and used + 1 + size > width:
                rows.append(_rstripped(row))
                # A number too long for the hanging indent starts further left, whole.
                start = hang if hang + size <= width else max(width - size, 0)
                row, used, fresh = [(" " * start, "")], start, True
            space = "" if fresh or row[-1][0].endswith(" ") else " "
            used += len(space) + size
            fresh = False
            if space and row[-1][1] in ("", style):
                row[-1] = (row[-1][0] + space, row[-1][1])
            elif space:
                row.append((space, ""))
            if row[-1][1] == style:
                row[-1] = (row[-1][0] + unit, style)
            else:
                row.append((unit, style))
    rows.append(row)
    return rows


def _rstripped(row: list[Chunk]) -> list[Chunk]:
    """A row without the spaces at its end (a label whose value went to the next row)."""
    text, style = row[-1]
    return [*row[:-1], (text.rstrip(), style)] if text.strip() else row


def _styler(out: Any) -> Callable[[str, str], str]:
    """(text, style) -> the text with the console's escape codes.

    rich's own ``Style.render``, called directly: printing thousands of
    pre-wrapped rows through ``Console.print`` costs seconds.
    """
    from rich.color import ColorSystem
    from rich.style import Style

    systems = {
        "standard": ColorSystem.STANDARD,
        "256": ColorSystem.EIGHT_BIT,
        "truecolor": ColorSystem.TRUECOLOR,
        "windows": ColorSystem.WINDOWS,
    }
    system = systems.get(out.color_system or "")
    if not out.is_terminal or system is None:
        return lambda text, style: text
    styles: dict[str, Any] = {}

    def styled(text: str, style: str) -> str:
        if not style or not text:
            return text
        found = styles.get(style)
        if found is None:
            found = styles[style] = Style.parse(style)
            if out.no_color:
                found = styles[style] = found.without_color
        rendered: str = found.render(text, color_system=system)
        return rendered

    return styled


def entry_lines(
    entry: Entry,
    dial_from: str | None = None,
    detail: bool = False,
    advice: Advice | None = None,
) -> list[Line]:
    """The block that shows one entry on a terminal.

    Name and kind first, the id beside them; then title · office · place; one
    line per phone and email; warnings under their number, marked "!" and a word
    (never by colour alone); ``detail`` adds every other field; the verification
    status closes the block, where the eye ends.
    """
    from ctdir.quality import needs_attention, verified_label

    hotline = entry.get("kind") == "hotline"
    lines = [
        Line(
            [
                (neutralise(entry.get("name") or ""), "bold"),
                (f"({neutralise(kind_label(entry))})", "magenta" if hotline else "dim"),
                (f"[{neutralise(str(entry.get('id') or ''))}]", "dim"),
            ],
            indent=0,
            hang=2,
        )
    ]
    where = _place(entry)
    if entry.get("title"):
        where = f"{neutralise(entry['title'])} · {where}"
    lines.append(Line([(where, "")]))
    rows = _rows(entry, dial_from, detail, advice)
    pad = max((len(label) for label, _, _ in rows), default=0) + 2
    for label, chunks, warnings in rows:
        lines.append(Line(chunks, hang=pad, label=(label.ljust(pad), "dim")))
        for word, text in warnings:
            lines.append(Line([(f"! {word}:", "bold yellow"), (text, "yellow")], 2 + pad, 2))
    status = verified_label(entry)
    if needs_attention(entry):
        lines.append(Line([("!", "bold yellow"), (status, "yellow")]))
    else:
        lines.append(Line([(status, "green")]))
    return lines


def render_entries(
    out: Any,
    entries: Sequence[Entry],
    title: str | None = None,
    dial_from: str | None = None,
    detail: bool = False,
    advice: Advice | None = None,
) -> None:
    """Draw ``entries`` as blocks on the rich console ``out``, fitted to its width."""
    width = max(out.width, 20)
    styled = _styler(out)
    text: list[str] = []
    if title:
        text.append(styled(neutralise(title), "bold underline") + "\n")
    for i, entry in enumerate(entries):
        if i or title:
            text.append("\n")
        for line in entry_lines(entry, dial_from, detail, advice):
            for row in wrap_line(line, width):
                text.append("".join(styled(piece, style) for piece, style in row) + "\n")
    out.file.write("".join(text))
    out.file.flush()


def console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


DEFAULT_PAGER = "less -FRX"


def pager_command(environ: Mapping[str, str]) -> str | None:
    """``$PAGER``, else ``less -FRX``; None when it is set empty or to ``cat``, or is missing."""
    import shlex
    import shutil

    command = environ.get("PAGER", DEFAULT_PAGER).strip()
    try:
        program = shlex.split(command)[0] if command else ""
    except ValueError:
        return None
    if not program or program == "cat" or shutil.which(program) is None:
        return None
    return command


def _pager_allowed() -> bool:
    from ctdir.cli.app import App

    ctx = click.get_current_context(silent=True)
    app = ctx.find_root().obj if ctx is not None else None
    return not isinstance(app, App) or app.pager


def page(text: str, command: str) -> None:
    """Hand ``text`` to the pager, as git does (``LESS=FRX`` unless the user set LESS)."""
    import signal
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    sys.stdout.flush()
    with subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env) as pager:
        # Ctrl-C belongs to the pager (less stops a search with it), as in git.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            assert pager.stdin is not None
            pager.stdin.write(text.encode("utf-8", "replace"))
            pager.stdin.close()
        except BrokenPipeError:
            pass  # the reader quit the pager before the end: that is fine
        finally:
            pager.wait()
            signal.signal(signal.SIGINT, previous)


@contextmanager
def terminal_output() -> Iterator[Any]:
    """A rich console for stdout; on a terminal, output taller than it goes through the pager."""
    from io import StringIO

    from rich.console import Console

    screen = console()
    command = pager_command(os.environ) if _pager_allowed() and sys.stdout.isatty() else None
    if command is None:
        yield screen
        return
    buffer = StringIO()
    width, height = screen.size
    drawn = Console(
        file=buffer,
        width=width,
        force_terminal=True,
        color_system=screen.color_system,
        no_color=screen.no_color,
        highlight=False,
        soft_wrap=False,
    )
    yield drawn
    text = buffer.getvalue()
    if text.count("\n") >= height:
        page(text, command)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def show_entries(
    entries: Sequence[Entry],
    title: str | None = None,
    dial_from: str | None = None,
    detail: bool = False,
    advice: Advice | None = None,
) -> None:
    show_groups([(title, entries)], dial_from, detail, advice)


def note(message: str) -> None:
    """A line for the user, on stderr so that stdout stays clean for pipes."""
    click.echo(neutralise(message), err=True)


def show_groups(
    groups: Iterable[tuple[str | None, Sequence[Entry]]],
    dial_from: str | None = None,
    detail: bool = False,
    advice: Advice | None = None,
) -> None:
    if use_table():
        with terminal_output() as out:
            for i, (title, entries) in enumerate(groups):
                if i:
                    out.file.write("\n")
                render_entries(out, entries, title, dial_from, detail, advice)
        return
    for i, (title, entries) in enumerate(groups):
        if i:
            click.echo()
        if title:
            click.echo(f"== {neutralise(title)}")
        click.echo("\n\n".join(plain_entry(e, dial_from, detail, advice) for e in entries))
