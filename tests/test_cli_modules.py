"""Every command is where COMMAND_MODULES says: lazy loading finds each one."""

from __future__ import annotations

import importlib

from ctdir.cli.app import COMMAND_MODULES, main


def test_every_command_lives_in_the_module_named_for_it() -> None:
    for name, module in COMMAND_MODULES.items():
        importlib.import_module(f"ctdir.cli.{module}")
        command = main.commands[name]
        assert command.callback is not None
        assert command.callback.__module__ == f"ctdir.cli.{module}", name


def test_no_command_is_left_out_of_the_map() -> None:
    for module in set(COMMAND_MODULES.values()):
        importlib.import_module(f"ctdir.cli.{module}")
    assert set(main.commands) == set(COMMAND_MODULES)
