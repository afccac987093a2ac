"""A new directory and backups: ``init`` and ``restore``."""

from __future__ import annotations

import click

from ctdir.cli.app import App, main, pass_app
from ctdir.cli.output import note
from ctdir.errors import InvalidInput
from ctdir.interop import FORMATS
from ctdir.text import neutralise


@main.command()
@click.option("--empty", is_flag=True, help="Start with no entries instead of the seed directory.")
@pass_app
def init(app: App, empty: bool) -> None:
    """Create the directory: the bundled seed entries, or nothing with --empty.

    Refuses to touch a directory that exists already (ctdir restore replaces
    one from a backup). Other commands create the seed directory on first use
    too; init is for saying so explicitly, or for starting empty.

    \b
    Examples:
      ctdir init
      ctdir --db team.json init --empty
    """
    from ctdir.core import init_directory

    count = init_directory(app.directory, empty=empty)
    note(f"created {app.directory.path} with {count} entries")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f for f in FORMATS if f != "vcard"]),
    help="json or csv (default: from the file's extension).",
)
@click.option("--yes", "-y", is_flag=True, help="Replace without asking.")
@click.option("--dry-run", is_flag=True, help="Check the file and say what would happen.")
@pass_app
@click.pass_context
def restore(
    ctx: click.Context, app: App, file: str, fmt: str | None, yes: bool, dry_run: bool
) -> None:
    """Replace the whole directory by a ctdir export (JSON or CSV).

    Ids, timestamps and every field come back as exported. Every record is
    checked first: one bad record and nothing changes. The directory as it
    was is kept as the backup file beside it (directory.json.bak).

    \b
    Examples:
      ctdir export -o backup.json          (on the old machine)
      ctdir restore backup.json --yes      (on the new one)
    """
    from ctdir.cli.interop import outcome_line, read_input
    from ctdir.core import restore as restore_entries
    from ctdir.interop.importer import detect_format

    chosen = fmt or ("json" if file == "-" else detect_format(file))
    if chosen not in ("json", "csv"):
        raise InvalidInput(
            "restore takes a ctdir export in JSON or CSV (a vCard or a spreadsheet does "
            "not carry every field); to add entries from it, use: ctdir import FILE"
        )
    parsed, name = read_input(file, chosen)
    # Nothing to replace where there is no directory yet: no question to ask.
    if not (yes or dry_run) and app.directory.path.exists():
        if not app.interactive:
            raise InvalidInput(
                "not restored: stdin is not a terminal, so confirm with --yes",
                [f"ctdir restore {neutralise(file)} --yes"],
            )
        question = f"Replace every entry of {neutralise(str(app.directory.path))} by {name}?"
        if not click.confirm(question, default=False, err=True):
            note("nothing changed")
            ctx.exit(1)
    report = restore_entries(app.directory, parsed, dry_run=dry_run)
    for warning in report.warnings:
        note(f"{name}: {warning}")
    if report.problems:
        for outcome in report.problems:
            click.echo(outcome_line(outcome), err=True)
        raise InvalidInput(
            f"{len(report.problems):,} records in {name} cannot be restored; nothing was changed"
        )
    if report.created:
        verb = "would create" if dry_run else "created"
        where = neutralise(str(app.directory.path))
        note(f"{verb} the directory {where} with the {len(report.entries):,} entries of {name}")
        return
    verb = "would replace" if dry_run else "replaced"
    from ctdir.store import backup_path

    backup = "" if dry_run else f"; the previous version is {backup_path(app.directory.path)}"
    note(f"{verb} {report.replaced:,} entries by the {len(report.entries):,} of {name}{backup}")
