"""ctdir show --qr: the QR code printed decodes to the entry's vCard."""

from __future__ import annotations

import pytest
import segno
import vobject

from ctdir.model import Entry
from ctdir.qr import (
    QUIET_ZONE,
    entry_qr,
    entry_to_vcard,
    qr_matrix,
    read_half_blocks,
    render_half_blocks,
    width,
)
from ctdir.store import bundled

BLOCKS = set("█▀▄ ")


def seed(entry_id: str) -> Entry:
    return next(e for e in bundled("seed") if e["id"] == entry_id)


def drawing_from(stdout: str) -> str:
    """The QR lines of show's output: the run of lines made only of half blocks."""
    lines = [ln for ln in stdout.splitlines() if ln and set(ln) <= BLOCKS and "█" in ln]
    return "\n".join(lines)


def decode(matrix: list[list[bool]]) -> str | None:
    """Decode with a real QR reader (zxing-cpp), as a phone camera would."""
    import zxingcpp  # a test dependency (pyproject's test extra)

    scale = 4
    rows = bytearray()
    for row in matrix:
        line = bytes(0 if dark else 255 for dark in row for _ in range(scale))
        rows += line * scale
    image = memoryview(bytes(rows)).cast("B", (len(matrix) * scale, len(matrix[0]) * scale))
    found = zxingcpp.read_barcodes(image)
    return found[0].text if found else None


# -- the payload ------------------------------------------------------------------


def test_contact_vcard_parses_back() -> None:
    text = entry_to_vcard(seed("mz4nc8re"))
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    card = vobject.readOne(text)
    assert card.fn.value == "Nely Chimedza"
    assert (card.n.value.given, card.n.value.family) == ("Nely", "Chimedza")
    assert card.org.value == ["IOM", "IOM Maputo"]
    assert [t.value for t in card.tel_list] == ["+25821310779"]
    assert card.tel.params["TYPE"] == ["WORK", "VOICE"]
    assert [e.value for e in card.email_list] == ["nchimedza@iom.int"]
    assert "mz4nc8re" in card.note.value


def test_hotline_vcard() -> None:
    hotline = seed("mv6me4dw") | {"hours": "24/7"}
    card = vobject.readOne(entry_to_vcard(hotline))
    assert card.fn.value == "Ministry of Economic Development Hotline"
    assert card.tel.value == "1696"  # a short code has no E.164: as published
    assert card.note.value == "Hours: 24/7. ctdir id: mv6me4dw"
    assert not hasattr(card, "email")


def test_vcard_escapes_separators() -> None:
    entry = seed("mz4nc8re") | {"title": "Officer; Protection, Maputo", "name": "Ana de Sousa"}
    card = vobject.readOne(entry_to_vcard(entry))
    assert card.title.value == "Officer; Protection, Maputo"
    assert card.n.value.family == "Sousa" and card.n.value.given == "Ana de"


# -- the drawing ------------------------------------------------------------------


def test_matrix_is_segnos_with_a_quiet_zone() -> None:
    payload = entry_to_vcard(seed("mz4nc8re"))
    code = segno.make(payload, error="l", micro=False)
    size = code.symbol_size(scale=1, border=QUIET_ZONE)
    matrix = qr_matrix(payload)
    assert (len(matrix[0]), len(matrix)) == size
    assert all(not any(row) for row in matrix[:QUIET_ZONE])
    inner = [row[QUIET_ZONE:-QUIET_ZONE] for row in matrix[QUIET_ZONE:-QUIET_ZONE]]
    assert inner == [[bool(m) for m in row] for row in code.matrix]


@pytest.mark.parametrize("colour", [False, True])
def test_half_blocks_round_trip(colour: bool) -> None:
    matrix = qr_matrix("BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n")
    drawing = render_half_blocks(matrix, colour=colour)
    assert len(drawing.splitlines()) == (len(matrix) + 1) // 2  # two rows a line
    assert ("\x1b[" in drawing) is colour
    back = read_half_blocks(drawing)
    assert back[: len(matrix)] == matrix
    # An odd row count is padded with one more light row of quiet zone.
    assert back[len(matrix) :] in ([], [[False] * len(matrix[0])])


def test_fits_an_80_column_terminal() -> None:
    for entry in bundled("seed"):
        _, drawing = entry_qr(entry)
        assert max(len(line) for line in drawing.splitlines()) <= 80, entry["id"]


@pytest.mark.parametrize("entry_id", ["mz4nc8re", "mv6me4dw", "za9mk5hd"])
def test_drawing_decodes_to_the_vcard(entry_id: str) -> None:
    payload, drawing = entry_qr(seed(entry_id))
    assert decode(read_half_blocks(drawing)) == payload


def test_non_latin_name_decodes() -> None:
    entry = seed("bd8ts4qx") | {"name": "তানিয়া হক শাহরিয়ার", "office": "আইওএম ঢাকা"}
    payload, drawing = entry_qr(entry)
    assert decode(read_half_blocks(drawing)) == payload
    assert vobject.readOne(payload).fn.value == "তানিয়া হক শাহরিয়ার"


# -- on the command line ----------------------------------------------------------


def test_show_qr_prints_the_entry_and_its_code(run) -> None:
    result = run("show", "mz4nc8re", "--qr")
    assert result.exit_code == 0, result.stderr
    assert "Nely Chimedza" in result.stdout.split("\n\n")[0]  # the entry comes first
    assert "Scan with a phone camera to add Nely Chimedza" in result.stdout
    # What was printed is exactly the code of the entry's vCard (no decoder needed).
    payload = entry_to_vcard(seed("mz4nc8re"))
    printed = read_half_blocks(drawing_from(result.stdout))
    assert printed[: len(qr_matrix(payload))] == qr_matrix(payload)


def test_show_qr_output_scans_back_to_the_contact(run) -> None:
    result = run("show", "mz4nc8re", "--qr")
    # A QR reader gets the vCard back, and it parses to the same contact.
    decoded = decode(read_half_blocks(drawing_from(result.stdout)))
    assert decoded == entry_to_vcard(seed("mz4nc8re"))
    card = vobject.readOne(decoded)
    assert card.fn.value == "Nely Chimedza"
    assert card.tel.value == "+25821310779"
    assert card.email.value == "nchimedza@iom.int"


def test_show_qr_on_a_terminal_without_colour(run) -> None:
    env = {"CTDIR_OUTPUT": "table", "NO_COLOR": "1", "COLUMNS": "80"}
    result = run("show", "mv2ph9tn", "--qr", env=env)
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    payload = entry_to_vcard(seed("mv2ph9tn"))
    printed = read_half_blocks(drawing_from(result.stdout))
    assert printed[: len(qr_matrix(payload))] == qr_matrix(payload)


def test_qr_and_json_do_not_mix(run) -> None:
    result = run("show", "mz4nc8re", "--qr", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--qr" in result.stderr


def test_entry_too_large_for_a_qr_code_is_a_clear_error(run, store_path) -> None:  # type: ignore[no-untyped-def]
    import orjson

    from ctdir.storefile import serialize

    run("list")
    data = orjson.loads(store_path.read_bytes())
    for entry in data["entries"].values():
        if entry["id"] == "mz4nc8re":  # a hand-edited store may hold more than `add` allows
            entry["emails"] = [f"{'x' * 60}{i}@example.org" for i in range(60)]
    store_path.write_bytes(serialize(data))
    result = run("show", "mz4nc8re", "--qr")
    assert result.exit_code == 2
    assert "too large for a QR code" in result.stderr
    assert "internal error" not in result.stderr


def test_code_wider_than_the_terminal_is_not_drawn(run) -> None:
    payload = entry_to_vcard(seed("mv2ph9tn"))
    needed = width(render_half_blocks(qr_matrix(payload)))
    assert needed > 40
    result = run("show", "mv2ph9tn", "--qr", env={"CTDIR_OUTPUT": "table", "COLUMNS": "40"})
    assert result.exit_code == 2
    assert result.stdout == ""  # nothing half done: not even the entry
    lines = result.stderr.splitlines()
    assert all(len(line) <= 40 for line in lines)  # wrapped between words
    message = " ".join(line.strip() for line in lines)
    assert message == (
        f"ctdir: the QR code needs a terminal {needed} columns wide, and this one has 40: "
        "widen it or zoom out, then run this again (without the code: ctdir show mv2ph9tn)"
    )


def test_code_that_fits_is_drawn_and_its_line_wrapped(run) -> None:
    payload = entry_to_vcard(seed("mv2ph9tn"))
    needed = width(render_half_blocks(qr_matrix(payload)))
    env = {"CTDIR_OUTPUT": "table", "NO_COLOR": "1", "COLUMNS": str(needed)}
    result = run("show", "mv2ph9tn", "--qr", env=env)
    assert result.exit_code == 0, result.stderr
    printed = read_half_blocks(drawing_from(result.stdout))
    assert printed[: len(qr_matrix(payload))] == qr_matrix(payload)
    tail = result.stdout.rstrip("\n").split("\n")[-2:]
    assert all(len(line) <= needed for line in tail)
    assert " ".join(line.strip() for line in tail) == (
        "Scan with a phone camera to add Police Human Trafficking Hotline to the phone's contacts."
    )
