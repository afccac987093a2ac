"""Shell completion through click's own machinery, as bash, zsh and fish call it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ctdir.cli import main


def complete(shell: str, words: str, cword: int | None = None) -> list[str]:
    """What ``ctdir`` answers when ``shell`` asks to complete ``words``."""
    parts = words.split(" ")
    env = {
        "_CTDIR_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": words,
        # bash and zsh give the index of the word being completed; fish the word.
        "COMP_CWORD": parts[-1] if shell == "fish" else str(cword or len(parts) - 1),
    }
    result = CliRunner().invoke(main, [], env=env, prog_name="ctdir")
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line]


def bash_values(words: str, cword: int | None = None) -> list[str]:
    return [line.split(",", 1)[1] for line in complete("bash", words, cword)]


def test_hotline_country_completes_to_maldives() -> None:
    assert complete("bash", "ctdir hotline mald") == ["plain,Maldives"]


def test_country_names_ignore_case_accents_and_spacing() -> None:
    assert bash_values("ctdir hotline MOZ") == ["Mozambique"]
    assert bash_values("ctdir hotline timor") == ["Timor-Leste"]
    assert complete("fish", "ctdir hotline cote") == ["plain,Côte d'Ivoire\tCI"]


def test_other_names_complete_when_no_display_name_does() -> None:
    assert bash_values("ctdir hotline burm") == ["Burma"]
    assert bash_values("ctdir hotline east\\ t", cword=2) == ["East\\\\ Timor"]


def test_country_option_completes_on_every_command() -> None:
    assert bash_values("ctdir lookup iom --country moz") == ["Mozambique"]
    assert bash_values("ctdir list --country bangl") == ["Bangladesh"]
    assert bash_values("ctdir add contact --country mauriti") == ["Mauritius"]


def test_zsh_gets_the_code_as_description() -> None:
    assert complete("zsh", "ctdir hotline mald") == ["plain", "Maldives", "MV"]


def test_bash_gets_names_with_spaces_and_quotes_escaped() -> None:
    # click's bash script reads each line with `read` (one level of backslashes
    # eaten) and adds it to COMPREPLY unquoted: "South\ Africa" stays one word.
    assert bash_values("ctdir hotline south\\ a", cword=2) == ["South\\\\ Africa"]
    assert bash_values("ctdir hotline cote") == ["Côte\\\\ d\\\\'Ivoire"]
    # zsh and fish quote for themselves.
    assert complete("zsh", "ctdir hotline 'south a'", cword=2) == ["plain", "South Africa", "ZA"]


@pytest.mark.parametrize("command", ["show", "edit", "remove", "verify"])
def test_entry_ids_complete(command: str) -> None:
    assert bash_values(f"ctdir {command} tl") == ["tl5as9fv", "tl8hk2cz"]


def test_show_offers_every_seed_id_with_names() -> None:
    ids = bash_values("ctdir show ")
    assert len(ids) == 11 and "mz4nc8re" in ids
    zsh = complete("zsh", "ctdir show mz")
    assert zsh == ["plain", "mz4nc8re", "Nely Chimedza"]


def test_ids_complete_from_the_db_option(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    assert CliRunner().invoke(main, ["--db", str(other), "list"]).exit_code == 0
    assert bash_values(f"ctdir --db {other} show mv") == ["mv2ph9tn", "mv6me4dw", "mv7tq2ka"]


def test_a_broken_store_completes_nothing_quietly(store_path: Path) -> None:
    store_path.write_text("{not json", encoding="utf-8")
    assert complete("bash", "ctdir show tl") == []


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_real_bash_inserts_one_word(tmp_path: Path) -> None:
    """The generated bash script, sourced in bash, fills COMPREPLY as we expect."""
    script = tmp_path / "complete.sh"
    script.write_text(
        'eval "$(_CTDIR_COMPLETE=bash_source ctdir)"\n'
        "COMP_WORDS=(ctdir hotline south); COMP_CWORD=2; COMPREPLY=()\n"
        "_ctdir_completion ctdir\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n',
        encoding="utf-8",
    )
    env_bin = str(Path(sys.executable).parent)
    out = subprocess.run(
        ["bash", "--norc", str(script)],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": env_bin + ":/usr/bin:/bin", **_db_env()},
    )
    assert out.stdout.splitlines()[0] == "South\\ Africa"


def _db_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k in ("CTDIR_DB", "XDG_DATA_HOME", "HOME")}
