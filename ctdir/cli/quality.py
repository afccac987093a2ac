"""``ctdir check``: the data-quality report, grouped by problem."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ctdir.cli.app import App, main, pass_app
from ctdir.cli.output import country_label, emit_json, use_table
from ctdir.text import neutralise

if TYPE_CHECKING:
    from ctdir.check import Finding, Report

# Rows per group drawn on a terminal; piped output and --json have them all.
TERMINAL_ROWS = 25


@main.command()
@click.option(
    "--max-age",
    type=click.IntRange(min=0),
    default=365,
    show_default=True,
    metavar="DAYS",
    help="Report entries verified longer ago than this.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print a JSON array of findings, one per problem."
)
@pass_app
@click.pass_context
def check(ctx: click.Context, app: App, max_age: int, as_json: bool) -> None:
    """Report what needs fixing in the directory, and how.

    Numbers not valid under today's numbering plan, numbers with another
    country's code (with a suggested correction when one is valid), numbers
    that work only inside their country, duplicates, entries never verified or
    not verified for --max-age days, contacts with no phone and no email,
    hotlines with no number. Nothing is changed: each row says what to do.
    Exits 1 when anything is found, 0 when the directory is clean.

    \b
    Examples:
      ctdir check
      ctdir check --max-age 180
      ctdir check --json | jq '.[] | select(.issue == "wrong-country")'
    """
    from ctdir.check import check_entries

    report = check_entries(app.directory.entries(), max_age=max_age)
    if as_json:
        emit_json([f.as_dict() for f in report.findings])
    elif use_table():
        _rich(report)
    else:
        _plain(report)
    ctx.exit(0 if report.clean else 1)


def _who(f: Finding) -> str:
    where = country_label(f.country)
    return f"{neutralise(f.name)} [{neutralise(f.id)}]" + (
        f", {neutralise(where)}" if where else ""
    )


def _summary(report: Report) -> str:
    if report.clean:
        return f"No problems found in {report.entries} entries."
    counts = ", ".join(f"{len(rows)} {code}" for code, _, rows in report.groups())
    return (
        f"{len(report.findings)} problems in {report.entries_with_problems()} of "
        f"{report.entries} entries: {counts}."
    )


def _shared(rows: list[Finding]) -> tuple[str | None, tuple[str, str | None] | None]:
    """The detail, and the action with its command (ID for the id), when all rows share them.

    Said once under the heading instead of on every row: "never verified" for
    a whole seed directory is one instruction, not eleven.
    """
    if len(rows) < 2:
        return None, None
    details = {f.detail for f in rows}
    actions = {
        (f.action.replace(f.id, "ID"), f.command.replace(f.id, "ID") if f.command else None)
        for f in rows
    }
    return (
        details.pop() if len(details) == 1 else None,
        actions.pop() if len(actions) == 1 else None,
    )


def _action_lines(action: str, command: str | None, indent: str) -> list[str]:
    if command is None:
        return [f"{indent}→ {neutralise(action)}"]
    return [f"{indent}→ {neutralise(action)}:", f"{indent}  {neutralise(command)}"]


def _plain(report: Report) -> None:
    # One write per group: a large directory has tens of thousands of rows.
    for code, heading, rows in report.groups():
        lines = [f"{heading} ({len(rows)}) [{code}]"]
        detail, action = _shared(rows)
        for f in rows:
            lines.append(f"  {_who(f)}")
            if detail is None:
                lines.append(f"    {neutralise(f.detail)}")
            if action is None:
                lines.extend(_action_lines(f.action, f.command, "    "))
        if detail is not None:
            lines.append(f"  all: {neutralise(detail)}")
        if action is not None:
            lines.extend(_action_lines(*action, "  "))
        click.echo("\n".join(lines) + "\n")
    click.echo(_summary(report))


def _rich(report: Report) -> None:
    from rich.padding import Padding
    from rich.text import Text

    from ctdir.cli.output import console

    out = console()

    def line(text: str, style: str, indent: int) -> None:
        # Padding keeps a wrapped line under its first line, not at column 0.
        out.print(Padding(Text(text, style=style), (0, 0, 0, indent), expand=False))

    def act(action: str, command: str | None, indent: int) -> None:
        line(f"→ {neutralise(action)}" + (":" if command else ""), "cyan", indent)
        if command:
            # Never wrapped by rich, so that it copies and pastes as one command.
            out.print(Text(" " * (indent + 2) + neutralise(command), style="bold"), soft_wrap=True)

    for code, heading, rows in report.groups():
        out.print(Text.assemble((heading, "bold"), f" ({len(rows)}) ", (f"[{code}]", "dim")))
        detail, action = _shared(rows)
        for f in rows[:TERMINAL_ROWS]:
            where = country_label(f.country)
            name = Text.assemble(
                (neutralise(f.name), "bold"),
                " ",
                (f"[{neutralise(f.id)}]", "dim"),
                f", {neutralise(where)}" if where else "",
            )
            out.print(Padding(name, (0, 0, 0, 2), expand=False))
            if detail is None:
                line(neutralise(f.detail), "yellow", 4)
            if action is None:
                act(f.action, f.command, 4)
        if len(rows) > TERMINAL_ROWS:
            line(
                f"… and {len(rows) - TERMINAL_ROWS} more "
                "(all of them: ctdir check | less, or ctdir check --json)",
                "dim",
                2,
            )
        if detail is not None:
            line(f"all: {neutralise(detail)}", "yellow", 2)
        if action is not None:
            act(*action, 2)
        out.print()
    out.print(Text(_summary(report), style="green" if report.clean else "bold"))
