"""``ctdir extract``: contacts and hotlines found in free text such as a press release."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ctdir.cli.app import App, complete_country, main, pass_app, resolve_country_option
from ctdir.cli.output import emit_json, note, output_entry, show_entries
from ctdir.errors import NotFound
from ctdir.inputs import MB, read_bounded

if TYPE_CHECKING:
    from ctdir.extract import Finding

MAX_TEXT = 5 * MB


def _read_text(file: str) -> tuple[str, str | None]:
    """The text and its file name (None for stdin), decoded as UTF-8 or else Windows-1252."""
    raw = read_bounded(file, MAX_TEXT, sys.stdin.buffer)
    name = None if file == "-" else Path(file).name
    try:
        return raw.decode("utf-8-sig"), name
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), name


@main.command()
@click.argument("file", metavar="FILE|-")
@click.option(
    "--country",
    metavar="C",
    shell_complete=complete_country,
    help="Country to assume where the text does not say (any form).",
)
@click.option("--add", "add_them", is_flag=True, help="Save the findings, checked as by `add`.")
@click.option(
    "--include-uncertain",
    is_flag=True,
    help="With --add, also save findings marked uncertain (low confidence).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON array.")
@pass_app
def extract(
    app: App, file: str, country: str | None, add_them: bool, include_uncertain: bool, as_json: bool
) -> None:
    """Find contacts and hotlines in free text, such as a press release.

    Reads contact blocks ("For more information, please contact ..."), inline
    contact sentences and hotlines named in running text. Prints what it found
    with a confidence; --add saves them through the same checks as `add`
    (duplicates of existing entries are skipped). Findings of low confidence
    are marked uncertain and saved only with --include-uncertain.

    \b
    Examples:
      ctdir extract release.txt
      ctdir extract release.txt --country MZ --add
      pbpaste | ctdir extract -
    """
    from ctdir.extract import extract as find

    code = resolve_country_option(country)
    text, name = _read_text(file)
    findings = find(text, source_name=name, country=code)
    if not findings:
        raise NotFound("no contact or hotline found in the text")
    if add_them:
        _save(app, findings, include_uncertain, as_json)
        return
    if as_json:
        emit_json(
            [
                {
                    **output_entry(f.entry),
                    "confidence": f.confidence,
                    "line": f.line,
                    "uncertain": f.uncertain,
                    "reasons": f.reasons,
                }
                for f in findings
            ]
        )
        return
    for finding in findings:
        mark = " (uncertain)" if finding.uncertain else ""
        note(
            f"line {finding.line}: confidence {finding.confidence:.2f}{mark} · "
            + "; ".join(finding.reasons)
        )
    show_entries([f.entry | {"id": f"line {f.line}"} for f in findings])
    note(f"{len(findings)} found; add them with: ctdir extract {shlex.quote(file)} --add")


def _save(app: App, findings: list[Finding], include_uncertain: bool, as_json: bool) -> None:
    from ctdir.cli.interop import show_report
    from ctdir.core import save_findings

    report, left_out = save_findings(app.directory, findings, include_uncertain=include_uncertain)
    for finding in left_out:
        note(f"not added (uncertain): line {finding.line}: {finding.entry['name']}")
    if left_out:
        note("add uncertain findings too with --include-uncertain")
    if as_json:
        emit_json([output_entry(e) for e in report.added])
    elif report.added:
        show_entries(report.added)
    show_report(report, "the text", verbose=True, skip_invalid=True, err=as_json)
