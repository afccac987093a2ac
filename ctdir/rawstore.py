"""Reading the store file document by document, without parsing it whole.

ctdir writes the store in one canonical layout (orjson, two-space indent):
each entry is a block that starts with a line ``    "<doc id>": {`` and ends
with a line ``    }``. In that layout a document can be found by scanning
lines, because string values never hold a raw newline and everything inside
an entry is indented deeper. Parsing entries one at a time keeps memory flat
on a 100,000-entry directory (a whole parse costs ~450 MB of objects).

Anything that does not look exactly like that layout (a hand-formatted file,
another table) makes ``scan`` return None, and callers parse the file whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

HEAD = b'{\n  "entries": {\n'
EMPTY_HEAD = b'{\n  "entries": {},\n'
_DOC_START = re.compile(rb'    "(\d+)": \{\n')
DOC_END = b"\n    }"


@dataclass(frozen=True)
class Span:
    doc_id: str
    start: int  # offset of the line '    "<id>": {'
    body: int  # offset of the '{' that opens the document
    end: int  # offset just after the closing '}'


@dataclass
class Layout:
    spans: list[Span]
    table_end: int  # offset of '\n  }' that closes the entries table (or of '},' when empty)
    meta: dict[str, Any]


def scan(raw: bytes | memoryview) -> Layout | None:
    """Where each entry is in a canonical store file; None if the layout is anything else."""
    data = bytes(raw) if isinstance(raw, memoryview) else raw
    if data.startswith(EMPTY_HEAD):
        return _with_meta(data, [], len(EMPTY_HEAD) - 3, len(EMPTY_HEAD) - 2)
    if not data.startswith(HEAD):
        return None
    spans: list[Span] = []
    pos = len(HEAD)
    while True:
        match = _DOC_START.match(data, pos)
        if match is None:
            return None
        end = data.find(DOC_END, match.end() - 2)
        if end < 0:
            return None
        end += len(DOC_END)
        spans.append(Span(match.group(1).decode(), pos, match.end() - 2, end))
        if data.startswith(b",\n", end):
            pos = end + 2
            continue
        if data.startswith(b"\n  }", end):
            return _with_meta(data, spans, end, end + 4)
        return None


def _with_meta(data: bytes, spans: list[Span], table_end: int, after: int) -> Layout | None:
    # What follows the entries table must be `,\n  "meta": {...}\n}` and nothing else.
    tail = data[after:]
    if not tail.startswith(b",\n"):
        return None
    try:
        rest = orjson.loads(b"{" + tail[1:])
    except orjson.JSONDecodeError:
        return None
    if not isinstance(rest, dict) or set(rest) != {"meta"}:
        return None
    return Layout(spans, table_end, rest["meta"])


def iter_docs(data: bytes, layout: Layout) -> Iterator[tuple[str, dict[str, Any]]]:
    """(doc id, entry) for each entry, parsed one at a time."""
    view = memoryview(data)
    for span in layout.spans:
        yield span.doc_id, orjson.loads(view[span.body : span.end])


def render_doc(doc_id: str, entry: dict[str, Any]) -> bytes:
    """One entry as it stands in the canonical file, without separators."""
    body = orjson.dumps(entry, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    return b'    "' + doc_id.encode() + b'": ' + body.replace(b"\n", b"\n    ")


TABLE_END = b'\n  },\n  "meta": {'


def meta_tail(meta: Any) -> bytes:
    """What follows the entries table in the canonical file, for this meta table."""
    return (
        orjson.dumps({"meta": meta}, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)[2:] + b"\n"
    )


def find_doc(data: bytes, doc_id: str) -> tuple[int, int] | None:
    """(start, end) of the document ``doc_id`` in a canonical file."""
    key = b'\n    "' + doc_id.encode() + b'": {\n'
    at = data.find(key)
    if at < 0:
        return None
    start = at + 1
    end = data.find(DOC_END, start)
    return (start, end + len(DOC_END)) if end >= 0 else None


def _finder(data: bytes, lookups: int) -> Callable[[str], tuple[int, int] | None] | None:
    """Where documents are: one search each for a few, one scan of the file for many."""
    if lookups <= 32:
        return lambda doc_id: find_doc(data, doc_id)
    layout = scan(data)
    if layout is None:
        return None
    spans = {span.doc_id: (span.start, span.end) for span in layout.spans}
    return spans.get


def splice(
    data: bytes,
    removed: set[str],
    replaced: dict[str, bytes],
    inserted: list[tuple[str, bytes, str | None]],
    meta: Any,
    old_meta: Any,
) -> list[bytes | memoryview] | None:
    """The new file, as chunks, without parsing the old one.

    ``replaced`` and ``removed`` name existing documents; ``inserted`` holds
    (new doc id, rendered document, doc id of the existing document it goes
    before, or None for the end of the table), sorted by doc id. The result is
    byte for byte what serialising the changed data would give. ``old_meta`` is
    the meta table the file is expected to end with. None when the file is not
    laid out as expected (the caller then rewrites it whole).
    """
    if not data.startswith(HEAD):
        return None
    region_start = len(HEAD)
    region_end = data.find(TABLE_END)
    # Everything after the entries table must be the meta table as known, and
    # nothing else: a table ctdir does not know of would otherwise be dropped.
    # (A final newline is optional: files written by other tools often lack one.)
    expected = b"\n  },\n" + meta_tail(old_meta)
    if region_end < 0 or data[region_end:].rstrip(b"\n") != expected.rstrip(b"\n"):
        return None
    # (position, order, kind, start, end, payload); inserts sort before the doc they precede.
    edits: list[tuple[int, int, str, int, int, bytes]] = []
    find = _finder(data, len(removed) + len(replaced) + len(inserted))
    if find is None:
        return None
    for doc_id in removed | replaced.keys():
        span = find(doc_id)
        if span is None or not region_start <= span[0] < region_end:
            return None
        kind = "replace" if doc_id in replaced else "remove"
        edits.append((span[0], 1, kind, span[0], span[1], replaced.get(doc_id, b"")))
    for order, (_doc_id, rendered, before) in enumerate(inserted):
        if before is None:
            edits.append((region_end, 2 + order, "append", region_end, region_end, rendered))
            continue
        span = find(before)
        if span is None:
            return None
        edits.append((span[0], 0, "insert", span[0], span[0], rendered))
    edits.sort(key=lambda e: (e[0], e[1]))
    view = memoryview(data)
    items: list[bytes | memoryview] = []
    cursor = region_start
    for _pos, _order, kind, start, end, payload in edits:
        if start > cursor:
            # Unchanged documents up to here, without the separator before `start`.
            items.append(view[cursor : start - 2] if start < region_end else view[cursor:start])
            cursor = start
        if kind in ("insert", "append"):
            items.append(payload)
        elif kind == "replace":
            items.append(payload)
            cursor = min(end + 2, region_end)
        else:
            cursor = min(end + 2, region_end)
    if cursor < region_end:
        items.append(view[cursor:region_end])
    if not items:
        return None  # an empty table is written whole
    chunks: list[bytes | memoryview] = [HEAD]
    for i, item in enumerate(items):
        if i:
            chunks.append(b",\n")
        chunks.append(item)
    chunks.append(b"\n  },\n")
    chunks.append(meta_tail(meta))
    return chunks
