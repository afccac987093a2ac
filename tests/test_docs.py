"""Every command explains itself with an example."""

from __future__ import annotations

import click
import pytest

from ctdir.cli import main


def all_commands() -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []

    def walk(prefix: str, group: click.Group) -> None:
        context = click.Context(group)
        # list_commands and get_command: the commands a user reaches, loaded as they are.
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            assert command is not None, name
            found.append((f"{prefix}{name}", command))
            if isinstance(command, click.Group):
                walk(f"{prefix}{name} ", command)

    walk("", main)
    return found


@pytest.mark.parametrize(("name", "command"), all_commands(), ids=[n for n, _ in all_commands()])
def test_command_has_help_with_example(name: str, command: click.Command) -> None:
    assert command.help, f"{name} has no help text"
    assert "Example" in command.help, f"{name}'s help has no example"


@pytest.mark.parametrize("name", [n for n, _ in all_commands()])
def test_help_option_works(run, name: str) -> None:
    result = run(*name.split(), "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout


def test_contract_commands_exist() -> None:
    names = {n for n, _ in all_commands()}
    for expected in ("lookup", "hotline", "show", "list", "countries"):
        assert expected in names
