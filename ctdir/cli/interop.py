"""Moving entries in and out: ``import`` and ``export``."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ctdir.cli.app import App, complete_country, main, pass_app, resolve_country_option
from ctdir.cli.output import note
from ctdir.cli.read import country_option, kind_option
from ctdir.errors import InvalidInput, NotFound
from ctdir.inputs import MB, is_stream_name, read_bounded
from ctdir.interop import FORMATS, IMPORT_FORMATS, VCARD_VERSIONS
from ctdir.text import for_message, neutralise

if TYPE_CHECKING:
    from ctdir.interop.importer import ImportReport, Outcome
    from ctdir.interop.records import ParsedFile, ReadOptions

# Past this many, duplicates and warnings are counted rather than listed (--verbose lists all).
LISTED = 20


@main.command(name="export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="json, csv or vcard (default: from -o FILE's extension, else json).",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write to FILE (atomically; a new file is readable only by you) instead of "
    "stdout; - is stdout.",
)
@click.option(
    "--vcard-version",
    type=click.Choice(VCARD_VERSIONS),
    help="vCard version (default 4.0); phones' contact apps import 3.0 most reliably.",
)
@country_option("Only entries of this country (any form: MV, Maldives…).")
@kind_option
@pass_app
def export(
    app: App,
    fmt: str | None,
    output: str | None,
    vcard_version: str | None,
    country: str | None,
    kind: str | None,
) -> None:
    """Export the directory as JSON, CSV or vCard (4.0, or 3.0 for phones).

    JSON is what `ctdir list --json` prints. CSV has the columns `ctdir import`
    reads and is safe to open in a spreadsheet (cells that would run as a
    formula get a leading '). vCard is for address books and phones (hotlines
    are company cards). Ids and dates are kept, so a file exported here
    imports back into another directory unchanged. `-o -` writes to stdout.

    \b
    Examples:
      ctdir export > directory.json
      ctdir export --format csv -o directory.csv
      ctdir export --format vcard --country MV -o maldives.vcf
      ctdir export --format vcard --vcard-version 3.0 --country MZ -o - > phone.vcf
      ctdir export --kind hotline --format csv
    """
    from ctdir.interop import export_chunks

    to_file = output is not None and not is_stream_name(output)
    chosen = fmt or (_export_format(output) if to_file and output else None) or "json"
    if vcard_version and chosen != "vcard":
        raise InvalidInput(f"--vcard-version applies to vCard export, not {chosen}")
    code = resolve_country_option(country)
    if to_file and output:
        _check_target(app, output)
    index = app.directory.index()
    count = len(index.select_rids(country=code, kind=kind))
    if not count and (code or kind):
        raise NotFound("no entries match; nothing exported")
    # Entries stream from the index to the output: nothing holds all of them at once.
    chunks: Iterable[bytes]
    if chosen == "json":
        from ctdir.interop.jsonio import json_array_of_shown

        chunks = json_array_of_shown(index.iter_shown(country=code, kind=kind))
    else:
        chunks = export_chunks(
            index.iter_select(country=code, kind=kind), chosen, vcard_version or "4.0"
        )
    if to_file and output:
        from ctdir.fsutil import atomic_write

        atomic_write(Path(output), chunks)
        note(f"exported {count} entries to {output} ({chosen})")
        return
    sys.stdout.flush()  # anything already written as text goes first
    with contextlib.ExitStack() as stack:
        out = (
            sys.stdout.buffer if output in (None, "-") else stack.enter_context(open(output, "wb"))
        )
        for chunk in chunks:
            out.write(chunk)
        out.flush()


def _check_target(app: App, output: str) -> None:
    """Refuse to export onto the directory's own files, or into a device or FIFO.

    Paths are compared resolved, so a symlink is followed (and its target then
    replaced): a link to the store is refused like the store itself.
    """
    from ctdir.inputs import special_kind
    from ctdir.store import backup_path, lock_path

    store = app.directory.path
    own = {
        p.resolve(): what
        for p, what in (
            (store, "the directory itself"),
            (backup_path(store), "the directory's backup"),
            (lock_path(store), "the directory's lock file"),
            (app.directory.index_path, "the directory's search index"),
        )
    }
    target = Path(output).resolve()
    if target in own:
        raise InvalidInput(f"{output} is {own[target]}; export to another file")
    try:
        kind = special_kind(target.stat().st_mode)
    except OSError:
        return  # a new file (or one atomic_write will report on)
    if kind is not None:
        raise InvalidInput(
            f"{output} is {kind}, not a file; to stream the export, use -o - "
            "(or /dev/stdout) and redirect it"
        )


def _export_format(output: str) -> str | None:
    from ctdir.interop.importer import detect_format

    try:
        found = detect_format(output)
    except InvalidInput:
        found = "spreadsheet"  # .xls, .ods…
    if found is not None and found not in FORMATS:
        raise InvalidInput(
            f"ctdir exports json, csv or vcard, not {found}: "
            "export CSV (--format csv), which every spreadsheet opens"
        )
    return found


@main.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True), required=False)
@click.option(
    "--bundled",
    type=click.Choice(["hotlines"]),
    help="Instead of a file, the hotline list that ships with ctdir: adds the lines the "
    "directory lacks, updates those not edited since the list was made.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(IMPORT_FORMATS),
    help="json, csv, vcard or xlsx (default: from the file's extension).",
)
@click.option(
    "--sheet", metavar="NAME", help="The worksheet of an .xlsx file (default: the first)."
)
@click.option(
    "--map",
    "maps",
    metavar='"COLUMN=FIELD"',
    multiple=True,
    help="Read a CSV or xlsx column as this field (name, title, organization, office, city, "
    "country, phones, phones:LABEL, emails, notes…); repeatable.",
)
@click.option(
    "--ignore-column",
    "ignores",
    metavar="COLUMN",
    multiple=True,
    help="Leave out a column ctdir does not know (an unknown column is otherwise an "
    "error); repeatable.",
)
@click.option(
    "--country",
    metavar="C",
    shell_complete=complete_country,
    help="Country of records that name none (any form). Without it such a record's "
    "country comes from its first international number, else the record is rejected.",
)
@click.option(
    "--merge",
    is_flag=True,
    help="Merge a record into the entry it is: a newer ctdir export of it replaces "
    "it; other records fill its empty fields and add new phones, emails and "
    "languages (default: skip it).",
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Import the valid records and list the others (default: one invalid record "
    "and nothing is written).",
)
@click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing.")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help=f"List every duplicate and warning, not the first {LISTED}.",
)
@pass_app
def import_(
    app: App,
    file: str | None,
    bundled: str | None,
    fmt: str | None,
    sheet: str | None,
    maps: tuple[str, ...],
    ignores: tuple[str, ...],
    country: str | None,
    merge: bool,
    skip_invalid: bool,
    dry_run: bool,
    verbose: bool,
) -> None:
    """Add entries from a CSV, Excel (.xlsx), vCard or JSON file; - reads stdin.

    Every record gets the checks of `ctdir add`. A record that is an entry
    already in the directory (same id, same email, or the same name in the
    same country and kind) is skipped and listed; with --merge it fills the
    entry's empty fields, or, for a ctdir export with a later `updated`,
    brings the entry up to date. A shared phone number is not a duplicate.
    A record with an entry's id but another identity is a conflict: listed,
    never merged. Similar names are added and listed. The import is all or
    nothing: if any record is invalid, nothing is written and every problem is
    listed with its line, row or card number (exit 2), unless --skip-invalid.
    --dry-run shows what each row would do.

    CSV and xlsx: ctdir's columns (id,kind,name,title,organization,office,
    city,country,phones,emails,hours,languages,notes,source,verified), the
    exports of Google Contacts and Outlook, and common English, French and
    Spanish headers (Full name, Nom, Prénom, Poste, Cargo, Mobile, Portable,
    Téléphone, Courriel, Correo, Pays, País…) are recognised. A column ctdir
    does not know is an error: name it with --map or leave it out with
    --ignore-column. A cell may hold several numbers ("77 123 45 67 / 33 869
    62 00", ";", ",", "or", new lines); "office: +258 21 310 779" labels one.

    \b
    Examples:
      ctdir import contacts.xlsx --dry-run
      ctdir import contacts.xlsx --sheet Mozambique --country MZ
      ctdir import google-contacts.csv --country KE
      ctdir import staff.csv --map "Cellulaire=phones:mobile" --map "Entité=organization"
      ctdir import phone-export.vcf --country MZ --skip-invalid
      ctdir import other-team.json --merge
      ctdir import --bundled hotlines
    """
    from ctdir.interop.columns import layout_options
    from ctdir.interop.importer import import_records

    if bundled:
        if file is not None:
            raise InvalidInput("give a FILE or --bundled, not both")
        from ctdir.core import import_bundled

        report = import_bundled(app.directory, bundled, dry_run=dry_run)
        show_report(report, f"bundled {bundled}", verbose, skip_invalid=False)
        return
    if file is None:
        raise InvalidInput("what to import? give a FILE (- for stdin) or --bundled hotlines")
    parsed, name = read_input(file, fmt, layout_options(maps, ignores, sheet))
    default_country = resolve_country_option(country)
    report = import_records(
        app.directory,
        parsed,
        default_country=default_country,
        merge=merge,
        skip_invalid=skip_invalid,
        dry_run=dry_run,
    )
    show_report(report, name, verbose, skip_invalid)


# The most `import` and `restore` read: a ctdir export of 200,000 entries.
MAX_FILE = 200 * MB


def read_input(
    file: str, fmt: str | None, options: ReadOptions | None = None
) -> tuple[ParsedFile, str]:
    """The records of FILE (- for stdin) and the name to call it by in messages."""
    from ctdir.interop.importer import detect_format, read_file, sniff_format

    if file == "-":
        name = "stdin"
    else:
        name = neutralise(Path(file).name)
        if not fmt and not detect_format(file):
            raise InvalidInput(
                f"cannot tell the format of {file} from its extension; "
                "use --format csv, xlsx, vcard or json"
            )
    data = read_bounded(file, MAX_FILE, sys.stdin.buffer)
    chosen = fmt or (detect_format(file) if file != "-" else None) or sniff_format(data)
    try:
        return read_file(data, chosen, name, options), name
    except InvalidInput as exc:
        raise InvalidInput(f"{name}: {exc.message}", exc.hints) from None


def outcome_line(outcome: Outcome) -> str:
    """One record's line in a report: where it is, its name, what happened."""
    name = outcome.name or "(no name)"
    return for_message(f"  {outcome.where}  {name}: {outcome.detail}")


_WOULD = {
    "added": "would be added",
    "merged": "would be merged",
    "skipped": "would be skipped",
    "conflict": "would not be imported (a conflict)",
    "invalid": "refused",
}


def _dry_line(outcome: Outcome) -> str:
    """``line 4  Awa Ndiaye: would be skipped: duplicate of … [id]: same email …``."""
    name = outcome.name or "(no name)"
    what = _WOULD.get(outcome.action, outcome.action)
    detail = (
        f"{' ' if outcome.action == 'merged' else ': '}{outcome.detail}" if outcome.detail else ""
    )
    if outcome.action == "added" and outcome.possible:
        detail = f": {outcome.detail}"
    elif outcome.action == "added" and outcome.warnings:
        detail = f" (warning: {'; '.join(outcome.warnings)})"
    return neutralise(f"  {outcome.where}  {name}: {what}{detail}")


def _capped(lines: list[str], verbose: bool, err: bool) -> None:
    shown = lines if verbose else lines[:LISTED]
    for line in shown:
        click.echo(line, err=err)
    if len(lines) > len(shown):
        click.echo(f"  … and {len(lines) - len(shown):,} more (--verbose lists them all)", err=err)


def show_report(
    report: ImportReport, name: str, verbose: bool, skip_invalid: bool, err: bool = False
) -> None:
    """What an import did, row by row; ``err``: all of it on stderr (stdout holds JSON)."""
    from ctdir.interop.importer import ADDED, CONFLICT, INVALID, MERGED, SKIPPED

    for warning in report.file_warnings:
        note(for_message(f"{name}: {warning}"))
    invalid = report.having(INVALID)
    if invalid and not report.dry_run:  # a dry run lists them with every other row
        click.echo(f"{len(invalid):,} invalid:", err=True)
        for outcome in invalid:  # every problem, never capped: the user must fix them all
            click.echo(outcome_line(outcome), err=True)
            for hint in outcome.hints:
                click.echo(for_message(f"      {hint}"), err=True)
    warnings = [
        for_message(f"  {o.where}  {o.name}: {w}")
        for o in report.outcomes
        if o.action in (ADDED, MERGED)
        for w in o.warnings
    ]
    if warnings and not report.aborted:
        word = "warning" if len(warnings) == 1 else "warnings"
        done = "would be imported" if report.dry_run else "imported"
        click.echo(f"{len(warnings):,} {word} ({done} all the same):", err=True)
        _capped(warnings, verbose, err=True)
    if verbose and not report.aborted:
        for outcome in report.outcomes:
            for text in outcome.notes if outcome.action in (ADDED, MERGED) else []:
                click.echo(
                    for_message(f"  {outcome.where}  {outcome.name}: note: {text}"), err=True
                )
    total = len(report.outcomes)
    if report.aborted and not report.dry_run:
        valid = total - len(invalid)
        raise InvalidInput(
            f"{len(invalid):,} of {total:,} records in {name} are invalid; nothing was written",
            [f"fix them, or import the other {valid:,} with --skip-invalid"] if valid else [],
        )
    possible = [o for o in report.having(ADDED) if o.possible]
    if report.dry_run:
        # Every row, in file order: what would happen to it and why.
        for outcome in report.outcomes:
            click.echo(_dry_line(outcome), err=err)
            for hint in outcome.hints if outcome.action == INVALID else []:
                click.echo(neutralise(f"      {hint}"), err=err)
    else:
        for outcomes, title in (
            (
                report.having(CONFLICT),
                "not imported, in conflict with the directory (same id, another entry)",
            ),
            (report.having(MERGED), "merged"),
            (report.having(SKIPPED), "skipped (already in the directory)"),
            (possible, "added, but possibly the same as an entry already there"),
        ):
            lines = [outcome_line(o) for o in outcomes]
            if lines:
                click.echo(f"{title}:", err=err)
                _capped(lines, verbose, err=err)
    counts = (
        f"{report.count(ADDED):,} added, {report.count(MERGED):,} merged, "
        f"{report.count(SKIPPED):,} skipped (duplicates), {report.count(CONFLICT):,} conflicts, "
        f"{len(invalid):,} invalid"
    )
    if possible:
        counts += f"; {len(possible):,} added beside a possible duplicate"
    if report.dry_run:
        click.echo(f"{name}: dry run, nothing written; would be {counts}", err=err)
        if invalid and not skip_invalid:
            records = "record" if len(invalid) == 1 else "records"
            raise InvalidInput(
                f"the import would stop on {len(invalid):,} invalid {records}; nothing would be "
                "written",
                ["fix them, or use --skip-invalid"],
            )
        return
    click.echo(f"{name}: {counts}", err=err)
