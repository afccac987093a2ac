"""`ctdir edit ID` in $EDITOR: the TOML form, its round trip, and the editor loop."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctdir.editform import (
    FORM_FIELDS,
    entry_to_form,
    form_changes,
    form_values,
    read_form,
    with_error,
)
from ctdir.errors import InvalidInput
from ctdir.model import blank_entry
from ctdir.store import Directory


def test_every_seed_entry_round_trips(directory: Directory) -> None:
    for entry in directory.entries():
        form = entry_to_form(entry)
        assert read_form(form) == form_values(entry)
        assert form_changes(entry, form) == {}


# Text a field may hold: no control characters but newlines in notes.
_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)


@given(
    name=_text,
    notes=st.lists(_text, max_size=3).map("\n".join),
    languages=st.lists(_text, max_size=3),
)
def test_round_trip_of_any_text(name: str, notes: str, languages: list[str]) -> None:
    entry = blank_entry("contact")
    entry.update(id="ab2cd3ef", name=name, notes=notes, languages=languages, country="PT")
    form = entry_to_form(entry)
    assert read_form(form) == form_values(entry)
    assert form_changes(entry, form) == {}


def test_changes_are_only_what_the_user_changed(directory: Directory) -> None:
    [entry] = [e for e in directory.entries() if e["id"] == "mz4nc8re"]
    form = entry_to_form(entry)
    edited = form.replace('title = ""', 'title = "Programme Officer"')
    edited = edited.replace('notes = ""', 'notes = """\nfirst line\nsecond "line"\n"""')
    edited = edited.replace("emails = [\n", 'emails = [\n  "desk@example.org",\n')
    changes = form_changes(entry, edited)
    assert changes == {
        "title": "Programme Officer",
        "notes": 'first line\nsecond "line"\n',
        "emails": ["desk@example.org", "nchimedza@iom.int"],
    }


def test_unchanged_phone_is_passed_on_as_stored(directory: Directory) -> None:
    [entry] = [e for e in directory.entries() if e["id"] == "mz4nc8re"]
    edited = entry_to_form(entry).replace(
        "phones = [\n", 'phones = [\n  "mobile: +258 84 000 0000",\n'
    )
    changes = form_changes(entry, edited)
    assert changes["phones"][0] == "mobile: +258 84 000 0000"
    assert changes["phones"][1] == entry["phones"][0]  # the stored phone object


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "x"\nname = "y"\n', "not valid TOML"),
        ('nmae = "x"\n', "unknown field in the form: nmae"),
        ('phones = "+258 21 310 779"\n', "phones must be a list"),
        ("title = 3\n", "title must be quoted text"),
    ],
)
def test_bad_forms_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        read_form(text)


def test_error_goes_on_top_and_replaces_the_last_one() -> None:
    once = with_error('name = "x"\n', "first problem\nhint")
    twice = with_error(once, "second problem")
    assert twice == '# ! second problem\nname = "x"\n'
    assert read_form(twice) == {"name": "x"}


def test_form_fields_come_from_the_model() -> None:
    assert FORM_FIELDS[:6] == ("name", "title", "organization", "office", "city", "country")
    assert "id" not in FORM_FIELDS and "created" not in FORM_FIELDS


# -- the editor loop, with a scripted $EDITOR --------------------------------------------

_EDITOR = """
import pathlib, sys
form = pathlib.Path(sys.argv[1])
log = pathlib.Path(sys.argv[0]).with_suffix(".log")
calls = log.read_text().count("--- call\\n") if log.exists() else 0
text = form.read_text()
with log.open("a") as f:
    f.write("--- call\\n" + text)
steps = STEPS
if calls < len(steps):
    for old, new in steps[calls]:
        text = text.replace(old, new)
    form.write_text(text)
"""


def _editor(tmp_path: Path, steps: list[list[tuple[str, str]]]) -> tuple[str, Path]:
    """An $EDITOR that applies ``steps[n]`` (replacements) on its n-th call, or saves nothing."""
    script = tmp_path / "editor.py"
    script.write_text(_EDITOR.replace("STEPS", repr(steps)))
    return f'"{sys.executable}" "{script}"', script.with_suffix(".log")


def test_edit_in_editor_saves_what_changed(run, tmp_path: Path) -> None:
    editor, log = _editor(tmp_path, [[('title = ""', 'title = "Programme Officer"')]])
    result = run("edit", "mz4nc8re", "--json", tty=True, env={"EDITOR": editor, "VISUAL": ""})
    assert result.exit_code == 0, result.stderr
    [entry] = json.loads(result.stdout)
    assert entry["title"] == "Programme Officer"
    assert entry["phones"][0]["number"] == "+258 21 310 779"  # untouched
    assert 'name = "Nely Chimedza"' in log.read_text()


def test_editor_reopens_on_an_error_keeping_the_typing(run, tmp_path: Path) -> None:
    editor, log = _editor(
        tmp_path,
        [
            [('title = ""', 'title = "Programme Officer"'), ('"MZ"', '"Narnia"')],
            [('"Narnia"', '"Moçambique"')],
        ],
    )
    result = run("edit", "mz4nc8re", "--json", tty=True, env={"EDITOR": editor, "VISUAL": ""})
    assert result.exit_code == 0, result.stderr
    assert "unknown country: 'Narnia'; opening the form again" in result.stderr
    second = log.read_text().split("--- call\n")[2]
    assert second.startswith("# ! unknown country: 'Narnia'")
    assert 'title = "Programme Officer"' in second  # the user's typing is still there
    [entry] = json.loads(result.stdout)
    assert (entry["title"], entry["country"]) == ("Programme Officer", "MZ")


def test_quitting_without_saving_changes_nothing(run, tmp_path: Path, store_path: Path) -> None:
    run("list")
    before = store_path.read_bytes()
    editor, _ = _editor(tmp_path, [])
    result = run("edit", "mz4nc8re", tty=True, env={"EDITOR": editor, "VISUAL": ""})
    assert result.exit_code == 0
    assert "unchanged mz4nc8re" in result.stderr
    assert store_path.read_bytes() == before


def test_no_editor_without_a_terminal(run) -> None:
    result = run("edit", "mz4nc8re", tty=False, env={"EDITOR": "false"})
    assert result.exit_code == 2
    assert "nothing to change" in result.stderr


def test_verification_history_survives_an_editor_edit(
    run, tmp_path: Path, store_path: Path
) -> None:
    assert run("verify", "mz4nc8re", "--note", "called").exit_code == 0
    editor, _ = _editor(tmp_path, [[('notes = ""', 'notes = "moved office"')]])
    assert run("edit", "mz4nc8re", tty=True, env={"EDITOR": editor, "VISUAL": ""}).exit_code == 0
    data = json.loads(store_path.read_text())
    [entry] = [e for e in data["entries"].values() if e["id"] == "mz4nc8re"]
    assert entry["notes"] == "moved office"
    assert [v["note"] for v in entry["verifications"]] == ["called"]
