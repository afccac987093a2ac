"""Sharing with a team: ``sync`` (CardDAV) and ``merge-driver`` (git)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ctdir.cli.app import App, fail, main, pass_app
from ctdir.cli.output import emit_json, output_entry
from ctdir.text import neutralise

if TYPE_CHECKING:
    from ctdir.model import Entry
    from ctdir.sync import SyncReport

PASSWORD_ENV = "CTDIR_CARDDAV_PASSWORD"
CONFLICT_EXIT = 1


def _password(user: str | None) -> str | None:
    if user is None:
        return None
    password = os.environ.get(PASSWORD_ENV)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        fail(f"no password: set {PASSWORD_ENV}, or run ctdir sync on a terminal to be asked")
    value: str = click.prompt(f"Password for {user}", hide_input=True, err=True)
    return value


@main.command(name="sync")
@click.argument("url")
@click.option(
    "--user",
    metavar="NAME",
    help="Account on the server (password: $" + PASSWORD_ENV + ", else asked).",
)
@click.option("--dry-run", is_flag=True, help="Say what would change; change nothing.")
@click.option(
    "--prefer",
    type=click.Choice(["local", "remote"]),
    help="Resolve conflicts: keep this directory's version (local) or the server's (remote).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    metavar="SECONDS",
    default=30.0,
    show_default=True,
    help="Seconds to wait for the server.",
)
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
@pass_app
def sync_command(
    app: App,
    url: str,
    user: str | None,
    dry_run: bool,
    prefer: str | None,
    timeout: float,
    as_json: bool,
) -> None:
    """Synchronise the directory with a CardDAV address book, both ways.

    One card per entry (UID = id). An entry changed both here and on the server
    since the last sync is a conflict: it is listed with both versions and left
    alone until you sync again with --prefer local or --prefer remote. A removal
    on either side removes on the other. Cards made on phones come in through
    the checks of `ctdir import`; a card that fails them is reported and left on
    the server. Exit status: 0 in sync, 1 conflicts left, 3 server unreachable
    or refused (what was done before is kept; sync again to finish).

    \b
    Examples:
      export CTDIR_CARDDAV_PASSWORD=...
      ctdir sync https://dav.example.org/alice/ctdir/ --user alice
      ctdir sync https://dav.example.org/alice/ctdir/ --user alice --dry-run
      ctdir sync https://dav.example.org/alice/ctdir/ --user alice --prefer remote
    """
    from ctdir.sync import sync

    password = _password(user)
    report = sync(
        app.directory, url, user, password, prefer=prefer, dry_run=dry_run, timeout=timeout
    )
    if as_json:
        emit_json([_report_json(report)])
    else:
        _show(report)
    if report.interrupted:
        fail(
            f"sync stopped: {report.interrupted}; what was done is recorded, "
            "run the same command again to finish",
            3,
        )
    if report.conflicts:
        raise click.exceptions.Exit(CONFLICT_EXIT)


def _entry_json(entry: Entry | None) -> dict[str, Any] | None:
    return None if entry is None else output_entry(entry)


def _report_json(report: SyncReport) -> dict[str, Any]:
    return {
        "url": report.url,
        "dry_run": report.dry_run,
        "changes": [{"action": c.action, "id": c.entry_id, "name": c.name} for c in report.changes],
        "conflicts": [
            {
                "id": c.entry_id,
                "name": c.name,
                "reason": c.reason,
                "local": _entry_json(c.local),
                "remote": _entry_json(c.remote),
            }
            for c in report.conflicts
        ],
        "rejected": [{"href": r.href, "name": r.name, "reason": r.reason} for r in report.rejected],
        "warnings": report.warnings,
        "requests": report.requests,
        "interrupted": report.interrupted,
    }


def _differences(local: Entry | None, remote: Entry | None) -> list[str]:
    """One line per field the two versions disagree on."""
    from ctdir.sync import content_hash

    if local is None or remote is None:
        return []
    lines = []
    for key in sorted((set(local) | set(remote)) - {"id", "created", "updated"}):
        mine, theirs = local.get(key), remote.get(key)
        if content_hash({key: mine}) == content_hash({key: theirs}):
            continue
        if key == "phones":
            mine = [p.get("number") for p in mine or []]
            theirs = [p.get("number") for p in theirs or []]
        lines.append(f"{key}: here {mine!r} / server {theirs!r}")
    return lines


def _show(report: SyncReport) -> None:
    verb = "would be " if report.dry_run else ""
    for change in report.changes:
        click.echo(f"{verb}{change.action}: {neutralise(change.name)} [{change.entry_id}]")
    for conflict in report.conflicts:
        click.echo(
            f"conflict: {neutralise(conflict.name)} [{conflict.entry_id}]: {conflict.reason}",
            err=True,
        )
        if conflict.local is None:
            click.echo("  here: removed", err=True)
        if conflict.remote is None:
            click.echo("  server: removed", err=True)
        for line in _differences(conflict.local, conflict.remote):
            click.echo(f"  {neutralise(line)}", err=True)
    for rejected in report.rejected:
        click.echo(
            f"not taken: {neutralise(rejected.name or rejected.href)} "
            f"({neutralise(rejected.href)}): {neutralise(rejected.reason)}",
            err=True,
        )
    for warning in report.warnings:
        click.echo(f"warning: {neutralise(warning)}", err=True)
    if report.conflicts:
        click.echo(
            f"{len(report.conflicts)} conflict(s) left unchanged on both sides; choose with "
            "--prefer local (keep this directory's) or --prefer remote (keep the server's)",
            err=True,
        )
    elif not report.changes:
        said = "nothing would change" if report.dry_run else "already in sync"
        click.echo(said + (", but for the cards not taken" if report.rejected else ""))


@main.command(name="merge-driver")
@click.argument("base", type=click.Path(dir_okay=False))
@click.argument("ours", type=click.Path(dir_okay=False))
@click.argument("theirs", type=click.Path(dir_okay=False))
def merge_driver(base: str, ours: str, theirs: str) -> None:
    """Merge two edited copies of the directory file, entry by entry (for git).

    Writes the result to OURS. Entries edited on one side only, added or
    removed on either side merge cleanly; an entry edited differently on both
    sides is a conflict: both versions are written between <<<<<<< and >>>>>>>
    lines, its id is printed, and the exit status is 1.

    \b
    Example: enable it in a repository that holds directory.json:
      git config merge.ctdir.name "ctdir directory"
      git config merge.ctdir.driver "ctdir merge-driver %O %A %B"
      echo "directory.json merge=ctdir" >> .gitattributes
    """
    from ctdir.fsutil import atomic_write
    from ctdir.mergedriver import merge_stores

    result = merge_stores(Path(base), Path(ours), Path(theirs))
    atomic_write(Path(ours), result.data)
    if not result.conflicts:
        click.echo(f"ctdir: merged entry by entry ({result.merged} from the other side)", err=True)
        return
    ids = ", ".join(f"{c.entry_id} ({c.name})" for c in result.conflicts)
    click.echo(f"ctdir: conflicting edits to entries {neutralise(ids)}", err=True)
    click.echo(
        "  edit the file: keep one version of each between the <<<<<<< and >>>>>>> lines, "
        "then git add it",
        err=True,
    )
    raise click.exceptions.Exit(CONFLICT_EXIT)
