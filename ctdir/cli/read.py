"""Reading commands: lookup, hotline, show, list, countries."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import click

from ctdir.cli.app import (
    App,
    CountryOption,
    complete_country,
    complete_id,
    main,
    pass_app,
    resolve_country_option,
)
from ctdir.cli.output import emit_json, note, output_entry, show_entries, show_groups
from ctdir.errors import NotFound, UnknownCountry
from ctdir.model import Entry
from ctdir.text import neutralise

kind_option = click.option(
    "--kind", type=click.Choice(["contact", "hotline"]), help="Only contacts or only hotlines."
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print a JSON array of entries.")
from_option = click.option(
    "--from",
    "dial_from",
    cls=CountryOption,
    metavar="C",
    shell_complete=complete_country,
    help="Show numbers as dialled from this country (default: $CTDIR_FROM).",
)


def resolve_from(value: str | None) -> str | None:
    """--from, else $CTDIR_FROM, as alpha-2; an unknown country is a usage error."""
    from ctdir.errors import InvalidInput

    if value is not None:
        return resolve_country_option(value)
    env = os.environ.get("CTDIR_FROM", "").strip()
    if not env:
        return None
    try:
        return resolve_country_option(env)
    except InvalidInput as exc:
        raise InvalidInput(f"{exc.message} in CTDIR_FROM", exc.hints) from None


def dialling_note(code: str | None) -> str:
    from ctdir.quality import with_article

    return f" · numbers as dialled from {with_article(code)} ({code})" if code else ""


def dialling_advice(index: Any, entries: list[dict[str, Any]], caller: str | None) -> Any:
    """Caveats for numbers that may not ring from ``caller`` (none without --from)."""
    if not caller:
        return {}
    from ctdir.dial import dialling_advice as advise

    return advise(entries, caller, lambda code: index.select(country=code, kind="hotline"))


def nothing_found(as_json: bool, message: str, hints: list[str] | None = None) -> NotFound:
    """The NotFound to raise; with --json, ``[]`` is printed first (the contract's empty answer)."""
    if as_json:
        emit_json([])
    return NotFound(message, hints)


def country_option(
    help_text: str = "Only entries of this country (any form: MZ, Moçambique…).",
) -> Any:
    return click.option(
        "--country",
        cls=CountryOption,
        metavar="C",
        shell_complete=complete_country,
        help=help_text,
    )


@main.command()
@click.argument("query", nargs=-1, required=True)
@kind_option
@country_option()
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="At most N results.")
@from_option
@json_option
@pass_app
def lookup(
    app: App,
    query: tuple[str, ...],
    kind: str | None,
    country: str | None,
    limit: int | None,
    dial_from: str | None,
    as_json: bool,
) -> None:
    """Find contacts and hotlines by country, city, name, office, number or email.

    Countries may be codes (MZ, MOZ), names in several languages, old names
    (East Timor) or misspelt (mozambik); numbers may be written any way.

    \b
    Examples:
      ctdir lookup mozambique
      ctdir lookup "East Timor"
      ctdir lookup chimedza
      ctdir lookup "+670 723 1576"
      ctdir lookup "21 310 779" --country MZ
      ctdir lookup maldives --from mozambique
    """
    from ctdir.search import lookup as search

    code = resolve_country_option(country)
    caller = resolve_from(dial_from)
    index = app.directory.index()
    result = search(index, " ".join(query), kind=kind, country=code, limit=limit)
    if not result.matches:
        what = f": it is {result.number}" if result.number else ""
        hints = [f"did you mean: {', '.join(result.suggestions)}?"] if result.suggestions else []
        if not hints and result.understood_as.startswith("country:"):
            hints = [
                "the directory has nothing there yet; ctdir countries lists what it covers, "
                "ctdir add contact / ctdir add hotline add to it"
            ]
        raise nothing_found(
            as_json,
            f"nothing found for {' '.join(query)!r} (read as {result.understood_as}){what}",
            hints,
        )
    if as_json:
        emit_json([output_entry(m.entry, m.score, caller) for m in result.matches])
        return
    shown = len(result.matches)
    count = f"showing {shown:,} of {result.total:,}" if result.total > shown else f"{shown:,} found"
    note(f"{count} · query read as {result.understood_as}" + dialling_note(caller))
    entries = [m.entry for m in result.matches]
    index.warm_formats(entries)
    show_entries(entries, dial_from=caller, advice=dialling_advice(index, entries, caller))


@main.command()
@click.argument("words", metavar="[COUNTRY]", nargs=-1, shell_complete=complete_country)
@from_option
@json_option
@pass_app
def hotline(app: App, words: tuple[str, ...], dial_from: str | None, as_json: bool) -> None:
    """Show the hotlines of a country, or every hotline grouped by country.

    \b
    Examples:
      ctdir hotline maldives
      ctdir hotline south africa
      ctdir hotline maldives --from US
      ctdir hotline MV --json
      ctdir hotline
    """
    from ctdir.cli.output import country_label

    caller = resolve_from(dial_from)
    country = " ".join(words) or None
    index = app.directory.index()
    if country is None:
        entries = index.select(kind="hotline")
        if not entries:
            raise nothing_found(
                as_json, "no hotline recorded yet", ["add one: ctdir add hotline --help"]
            )
    else:
        code = _country_argument(country)
        entries = index.select(country=code, kind="hotline")
        if not entries:
            hints = []
            if index.select_rids(country=code):
                hints.append(f"contacts there: ctdir lookup {code}")
            covered = sum(1 for _, _, hotlines in index.coverage() if hotlines)
            if covered:
                hints.append(
                    f"the directory has hotlines for {covered} countries: ctdir countries; "
                    "if you know one here, add it: ctdir add hotline"
                )
            raise nothing_found(as_json, f"no hotline recorded for {country_label(code)}", hints)
    from ctdir.model import purpose_rank

    entries.sort(key=purpose_rank)  # by name within each rank, as selected
    if as_json:
        emit_json([output_entry(e, dial_from=caller) for e in entries])
        return
    index.warm_formats(entries)
    groups: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        groups.setdefault(entry.get("country") or "", []).append(entry)
    if country is not None and all(e.get("purpose") not in (None, "trafficking") for e in entries):
        note(
            f"no trafficking hotline recorded for {country_label(code)}; the lines below "
            "serve other purposes (each says which), and are what a published page tells "
            "victims to call there"
        )
    if caller:
        note(dialling_note(caller).removeprefix(" · "))
    show_groups(
        (
            (f"{country_label(code)} ({code})" if code else "No country", group)
            for code, group in sorted(groups.items(), key=lambda kv: country_label(kv[0]))
        ),
        dial_from=caller,
        advice=dialling_advice(index, entries, caller),
    )


def _country_argument(value: str) -> str:
    from ctdir.countries import resolve_country, suggest_countries

    match = resolve_country(value)
    if match is None:
        raise UnknownCountry(
            f"unknown country: {value!r}",
            [f"did you mean {m.name} ({m.code})?" for m in suggest_countries(value)],
        )
    return match.code


@main.command()
@click.argument("entry_id", metavar="ID", shell_complete=complete_id)
@from_option
@click.option(
    "--qr", is_flag=True, help="Also draw a QR code of the entry's vCard for a phone to scan."
)
@json_option
@pass_app
@click.pass_context
def show(
    ctx: click.Context, app: App, entry_id: str, dial_from: str | None, qr: bool, as_json: bool
) -> None:
    """Show one entry in full, with the local time where it is.

    --qr draws the entry as a vCard QR code: point a phone's camera at it to
    add the contact, no network needed.

    \b
    Examples:
      ctdir show mz4nc8re
      ctdir show mv2ph9tn --from US
      ctdir show mz4nc8re --qr
    """
    from ctdir.core import find_entry
    from ctdir.errors import InvalidInput

    if qr and as_json:
        raise InvalidInput("--qr draws a picture; it cannot be combined with --json")
    caller = resolve_from(dial_from)
    index = app.directory.index()
    entry = find_entry(index, entry_id)
    if as_json:
        emit_json([output_entry(entry, dial_from=caller)])
        return
    # Drawn before anything is shown: a code too wide for the terminal stops here.
    drawing = _qr_drawing(entry, ctx) if qr else None
    index.warm_formats([entry])
    if caller:
        note(dialling_note(caller).removeprefix(" · "))
    advice = dialling_advice(index, [entry], caller)
    show_entries([entry], dial_from=caller, detail=True, advice=advice)
    if drawing is not None:
        click.echo()
        click.echo(drawing.text)
        click.echo(
            drawing.wrap(
                f"Scan with a phone camera to add {neutralise(entry.get('name') or '')} "
                "to the phone's contacts."
            )
        )


@dataclass
class _Drawing:
    text: str
    columns: int | None  # the terminal's width; None when not on a terminal

    def wrap(self, message: str) -> str:
        """``message`` wrapped between words to the terminal (one line when piped)."""
        import textwrap

        if self.columns is None:
            return message
        return textwrap.fill(message, self.columns, subsequent_indent="  ")


def _qr_drawing(entry: Entry, ctx: click.Context) -> _Drawing:
    """The entry's QR code as the terminal will show it.

    A code wider than the terminal is not drawn: its lines would wrap into
    something no camera reads. It is the run as asked that cannot be done
    (the entry alone is ``show`` without --qr), so it ends as a usage problem,
    exit 2, before anything is printed: the message is not lost above the entry.
    """
    from ctdir.cli.output import console, use_table
    from ctdir.qr import entry_qr, width

    on_terminal = use_table()
    _, text = entry_qr(entry, colour=on_terminal and not os.environ.get("NO_COLOR"))
    drawing = _Drawing(text, console().width if on_terminal else None)
    wide = width(text)
    if drawing.columns is not None and wide > drawing.columns:
        message = (
            f"ctdir: the QR code needs a terminal {wide} columns wide, and this one has "
            f"{drawing.columns}: widen it or zoom out, then run this again (without the code: "
            f"ctdir show {entry['id']})"
        )
        click.echo(drawing.wrap(message), err=True)
        ctx.exit(2)
    return drawing


@main.command(name="list")
@country_option()
@kind_option
@json_option
@pass_app
def list_(app: App, country: str | None, kind: str | None, as_json: bool) -> None:
    """List every entry, by country, hotlines first.

    \b
    Examples:
      ctdir list
      ctdir list --country timor-leste --kind contact
    """
    code = resolve_country_option(country)
    index = app.directory.index()
    if as_json:
        if not index.select_rids(country=code, kind=kind):
            raise nothing_found(as_json, "no entries match")
        from ctdir.cli.output import emit_shown

        emit_shown(index.iter_shown(country=code, kind=kind))
        return
    entries = index.select(country=code, kind=kind)
    if not entries:
        raise NotFound("no entries match")
    index.warm_formats(entries)
    show_entries(entries)


@main.command()
@json_option
@pass_app
def countries(app: App, as_json: bool) -> None:
    """Coverage: how many contacts and hotlines each country has.

    On a terminal too narrow for the table, names wrap (never cut). Exits 1
    when the directory has no entries.

    \b
    Example:
      ctdir countries
    """
    from ctdir.cli.output import country_label, use_table
    from ctdir.text import fold

    rows = app.directory.index().coverage()
    if not rows:
        raise nothing_found(
            as_json,
            "no entries yet",
            ["add one: ctdir add contact / ctdir add hotline, or import a file: ctdir import FILE"],
        )
    # By the folded name: Côte d'Ivoire among the Cs, not after Czechia.
    rows.sort(key=lambda r: (fold(country_label(r[0])), r[0]))
    if as_json:
        emit_json(
            [
                {"country": c, "country_name": country_label(c), "contacts": n, "hotlines": h}
                for c, n, h in rows
            ]
        )
        return
    labels = [(neutralise(country_label(c)), neutralise(c), n, h) for c, n, h in rows]
    if not use_table():
        click.echo("\n".join(coverage_lines(labels)))
        return
    from rich.table import Table
    from rich.text import Text

    from ctdir.cli.output import terminal_output

    with terminal_output() as out:  # 240 countries are taller than a window
        longest = max(len(label) for label, _, _, _ in labels)
        if out.width < longest + TABLE_FRAME:
            out.print(Text("\n".join(coverage_lines(labels, out.width))), soft_wrap=True)
            return
        table = Table("Country", "Code", "Contacts", "Hotlines")
        for label, c, n, h in labels:
            table.add_row(
                Text(label),
                Text(c),
                str(n),
                str(h) if h else Text("none", style="yellow"),
            )
        out.print(table)


# The coverage table's columns but the country's, with their borders.
TABLE_FRAME = len("┃  ┃ Code ┃ Contacts ┃ Hotlines ┃")
# The plain list's columns after the country's.
_COUNTS = "  code  contacts  hotlines"


def coverage_lines(rows: list[tuple[str, str, int, int]], width: int | None = None) -> list[str]:
    """The coverage as plain lines; within ``width``, a long name wraps between words.

    A word is cut only when it alone is wider than the name's column, which
    needs a terminal under 36 columns.
    """
    import textwrap

    longest = max((len(label) for label, _, _, _ in rows), default=0)
    column = max(longest, len("country"))
    if width is not None:
        column = max(min(column, width - len(_COUNTS)), 10)
    lines = [f"{'country':<{column}}{_COUNTS}"]
    for label, code, contacts, hotlines in rows:
        parts = textwrap.wrap(label, column, subsequent_indent="  ", break_on_hyphens=False)
        first = parts[0] if parts else ""
        lines.append(f"{first:<{column}}  {code:<4}  {contacts:>8}  {hotlines:>8}")
        lines.extend(parts[1:])
    return lines
