"""Entry-by-entry reading of the store file must agree with a whole parse."""

from __future__ import annotations

import json
from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from ctdir.rawstore import iter_docs, render_doc, scan
from ctdir.store import serialize

text = st.text(max_size=30)
values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
entries = st.dictionaries(text, values, min_size=1, max_size=6).map(lambda d: {**d, "id": "x"})


def store(docs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "entries": {str(i): doc for i, doc in enumerate(docs, start=1)},
        "meta": {"1": {"schema": 1}},
    }


@settings(max_examples=150, deadline=None)
@given(st.lists(entries, max_size=6))
def test_scan_agrees_with_whole_parse(docs: list[dict[str, Any]]) -> None:
    raw = serialize(store(docs))
    layout = scan(raw)
    assert layout is not None
    assert layout.meta == {"1": {"schema": 1}}
    assert dict(iter_docs(raw, layout)) == orjson.loads(raw)["entries"]
    for span, (doc_id, doc) in zip(layout.spans, orjson.loads(raw)["entries"].items(), strict=True):
        assert raw[span.start : span.end] == render_doc(doc_id, doc)


def test_other_layouts_are_refused() -> None:
    data = store([{"id": "a", "name": "x"}])
    assert scan(serialize(data)) is not None
    assert scan(json.dumps(data).encode()) is None  # one line
    assert scan(json.dumps(data, indent=4).encode()) is None
    assert scan(serialize({**data, "_default": {}})) is None  # another table
    assert scan(serialize({**data, "zzz": {}})) is None
    assert scan(serialize(data)[:-10]) is None  # truncated
    assert scan(b"") is None
