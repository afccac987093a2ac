"""``ctdir check``: the data-quality report, grouped by problem."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import click

from ctdir.cli.app import App, main, pass_app
from ctdir.cli.output import country_label, emit_json, use_table
from ctdir.errors import InvalidInput
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
@click.option(
    "--accept",
    nargs=2,
    metavar="ID CODE",
    help="Record that problem CODE (e.g. domestic-only) of entry ID is known and accepted.",
)
@click.option("--note", metavar="TEXT", help="With --accept: why it is accepted.")
@click.option("--all", "show_all", is_flag=True, help="Also list the accepted problems.")
@pass_app
@click.pass_context
def check(
    ctx: click.Context,
    app: App,
    max_age: int,
    as_json: bool,
    accept: tuple[str, str] | None,
    note: str | None,
    show_all: bool,
) -> None:
    """Report what needs fixing in the directory, and how.

    Numbers not valid under today's numbering plan, numbers with another
    country's code (with a suggested correction when one is valid), numbers
    that work only inside their country, duplicates, entries never verified or
    not verified for --max-age days, contacts with no phone and no email,
    hotlines with no number. Nothing is changed: each row says what to do.
    A short code is only information while its entry can be reached from
    abroad another way.

    A problem you know about and keep (a hotline that really has only a short
    code) can be accepted with --accept ID CODE: it is stored on the entry and
    listed again only with --all. Exits 1 when an open problem is found, 0
    when the directory is clean or its only problems are accepted.

    \b
    Examples:
      ctdir check
      ctdir check --max-age 180
      ctdir check --accept mv6me4dw domestic-only --note "no number from abroad exists"
      ctdir check --all
      ctdir check --json | jq '.[] | select(.issue == "wrong-country")'
    """
    from ctdir.check import check_entries

    if accept:
        _accept(app, *accept, note, max_age)
        return
    if note is not None:
        raise InvalidInput("--note goes with --accept ID CODE")
    report = check_entries(app.directory.entries(), max_age=max_age)
    if as_json:
        emit_json([f.as_dict() for f in report.findings + (report.accepted if show_all else [])])
    elif use_table():
        from ctdir.cli.output import terminal_output

        with terminal_output() as out:  # a long report goes through the pager
            _rich(report, show_all, out)
    else:
        _plain(report, show_all)
    ctx.exit(0 if report.clean else 1)


def _accept(app: App, entry_id: str, code: str, note: str | None, max_age: int) -> None:
    from ctdir.core import accept_problem

    saved = accept_problem(app.directory, entry_id, code.strip().lower(), note, max_age)
    click.echo(
        f"accepted {neutralise(code)} for {neutralise(saved.get('name') or '')} [{saved['id']}]; "
        "ctdir check --all lists it",
        err=True,
    )


def _who(f: Finding) -> str:
    where = country_label(f.country)
    return f"{neutralise(f.name)} [{neutralise(f.id)}]" + (
        f", {neutralise(where)}" if where else ""
    )


def _counts(findings: list[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.issue] = counts.get(f.issue, 0) + 1
    return counts


def _summary(report: Report, show_all: bool) -> str:
    """The closing line: each count by its code, information and accepted ones named apart.

    ``53 domestic-only (and 5 for information)``: the information findings are
    not among the problems counted, and say which code they belong to.
    """
    problems = _counts(report.problems())
    info = _counts([f for f in report.findings if f.info])
    listed = [
        f"{problems[code]} {code}"
        + (f" (and {info[code]} for information)" if code in info else "")
        for code in problems
    ]
    only_info = [f"{n} {code} for information" for code, n in info.items() if code not in problems]
    if report.clean:
        text = f"No problems found in {report.entries} entries"
    else:
        text = (
            f"{len(report.problems())} problems in {report.entries_with_problems()} of "
            f"{report.entries} entries: {', '.join(listed)}"
        )
    parts = [text, *([", ".join(only_info)] if only_info else [])]
    if report.accepted:
        accepted = ", ".join(f"{n} {code}" for code, n in _counts(report.accepted).items())
        where = "listed above" if show_all else "listed with --all"
        parts.append(f"{len(report.accepted)} accepted ({accepted}), {where}")
    return "; ".join(parts) + "."


def _accepted_text(f: Finding) -> str:
    item = f.accepted or {}
    text = f"accepted {item.get('date') or ''}".rstrip()
    return text + (f": {item['note']}" if item.get("note") else "")


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


def _plain(report: Report, show_all: bool) -> None:
    # One write per group: a large directory has tens of thousands of rows.
    for code, heading, rows in report.groups(show_all):
        lines = [f"{heading} ({len(rows)}) [{code}]"]
        detail, action = _shared(rows)
        for f in rows:
            lines.append(f"  {_who(f)}")
            if detail is None:
                lines.append(f"    {neutralise(f.detail)}")
            if f.accepted is not None:
                lines.append(f"    {neutralise(_accepted_text(f))}")
            elif action is None:
                lines.extend(_action_lines(f.action, f.command, "    "))
        if detail is not None:
            lines.append(f"  all: {neutralise(detail)}")
        if action is not None and rows[0].accepted is None:
            lines.extend(_action_lines(*action, "  "))
        click.echo("\n".join(lines) + "\n")
    click.echo(_summary(report, show_all))


def command_lines(command: str, width: int, indent: int) -> list[str]:
    """A shell command in lines of at most ``width`` (a longer word alone excepted).

    Broken only between shell words, each line but the last ending in `` \\``,
    so that it still copies and pastes as one command and a quoted number is
    never cut.
    """
    import shlex

    words = [neutralise(shlex.quote(word)) for word in shlex.split(command)]
    lines: list[str] = []
    current = " " * indent
    for word in words:
        fits = len(current) + 1 + len(word) + 2 <= width
        if current.strip() and not fits:
            lines.append(current + " \\")
            current = " " * (indent + 2) + word
        else:
            current += (" " if current.strip() else "") + word
    lines.append(current)
    return lines


# Stands for a space inside a number while a line is wrapped: no whitespace, one cell.
_HELD = "\ue000"


def print_wrapped(out: Any, text: Any, indent: int, whole: Iterable[str | None] = ()) -> None:
    """Print rich ``text`` wrapped to ``out``'s width under ``indent`` columns.

    The strings in ``whole`` (the numbers a finding is about) are never broken
    across lines, and no line ends in spaces.
    """
    from rich.text import Text

    plain = text.plain
    for number in whole:
        if number and " " in number:
            plain = plain.replace(number, number.replace(" ", _HELD))
    held = Text(plain, style=text.style, spans=text.spans)
    for line in held.wrap(out, max(out.width - indent, 20)):
        line.rstrip()
        shown = Text(line.plain.replace(_HELD, " "), style=line.style, spans=line.spans)
        out.print(Text(" " * indent) + shown, soft_wrap=True)


def _rich(report: Report, show_all: bool, out: Any) -> None:
    from rich.text import Text

    def line(text: str, style: str, indent: int, whole: Iterable[str | None] = ()) -> None:
        print_wrapped(out, Text(text, style=style), indent, whole)

    def act(action: str, command: str | None, indent: int, whole: Iterable[str | None]) -> None:
        line(f"→ {neutralise(action)}" + (":" if command else ""), "cyan", indent, whole)
        if command:
            for text in command_lines(command, out.width, indent + 2):
                out.print(Text(text, style="bold"), soft_wrap=True)

    for code, heading, rows in report.groups(show_all):
        title = Text.assemble((heading, "bold"), f" ({len(rows)}) ", (f"[{code}]", "dim"))
        print_wrapped(out, title, 0)
        detail, action = _shared(rows)
        for f in rows[:TERMINAL_ROWS]:
            where = country_label(f.country)
            numbers = (neutralise(f.number or ""), neutralise(f.suggestion or ""))
            name = Text.assemble(
                (neutralise(f.name), "bold"),
                " ",
                (f"[{neutralise(f.id)}]", "dim"),
                f", {neutralise(where)}" if where else "",
            )
            print_wrapped(out, name, 2)
            if detail is None:
                line(neutralise(f.detail), "yellow", 4, numbers)
            if f.accepted is not None:
                line(neutralise(_accepted_text(f)), "green", 4)
            elif action is None:
                act(f.action, f.command, 4, numbers)
        if len(rows) > TERMINAL_ROWS:
            line(
                f"… and {len(rows) - TERMINAL_ROWS} more "
                "(all of them: ctdir check | less, or ctdir check --json)",
                "dim",
                2,
            )
        shared = [neutralise(n or "") for f in rows for n in (f.number, f.suggestion)]
        if detail is not None:
            line(f"all: {neutralise(detail)}", "yellow", 2, shared)
        if action is not None and rows[0].accepted is None:
            act(*action, 2, shared)
        out.print()
    summary = Text(_summary(report, show_all), style="green" if report.clean else "bold")
    print_wrapped(out, summary, 0)
