"""Import and export: JSON, CSV, xlsx (import only) and vCard (the core; no click or rich here).

Readers turn a file into ``Record``s (``records.py``); ``importer.py`` checks
and writes them; writers turn entries into bytes. Each format's module is
imported only when that format is used.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ctdir.errors import InvalidInput
from ctdir.model import Entry
from ctdir.text import neutralise

FORMATS = ("json", "csv", "vcard")  # export; import reads these and xlsx
IMPORT_FORMATS = (*FORMATS, "xlsx")
VCARD_VERSIONS = ("4.0", "3.0")


def export_chunks(
    entries: Iterable[Entry], fmt: str, vcard_version: str = "4.0"
) -> Iterator[bytes]:
    """The entries as a file of format ``fmt``, in the order given, in pieces: a large
    export streams and is never held whole."""
    if fmt == "json":
        from ctdir.interop.jsonio import export_json_chunks

        return export_json_chunks(entries)
    # CSV and vCard cannot escape a control character, which only a store edited
    # by hand can hold (every check refuses them): it is written visibly, so that
    # the file cannot drive the terminal it is printed on, and imports again.
    entries = (_printable(e) for e in entries)
    if fmt == "csv":
        from ctdir.interop.csvio import csv_chunks

        return csv_chunks(entries)
    if fmt == "vcard":
        from ctdir.interop.vcard import vcard_chunks

        return vcard_chunks(entries, vcard_version)
    raise InvalidInput(f"unknown format {fmt!r} (json, csv or vcard)")


def export_entries(entries: Iterable[Entry], fmt: str, vcard_version: str = "4.0") -> bytes:
    """The entries as a file of format ``fmt``, in the order given."""
    return b"".join(export_chunks(entries, fmt, vcard_version))


def _printable(value: Any) -> Any:
    if isinstance(value, str):
        return neutralise(value, multiline=True)
    if isinstance(value, dict):
        return {k: _printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable(v) for v in value]
    return value
