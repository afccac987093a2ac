"""The ``ctdir`` group, its global options, and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

import click

from ctdir import __version__
from ctdir.errors import CtdirError, InvalidInput


class App:
    """What every command shares: where the directory is."""

    def __init__(self, db: str | None) -> None:
        self.db = db
        self._directory: Any = None

    @property
    def directory(self) -> Any:
        if self._directory is None:
            from ctdir.store import Directory, default_path

            explicit = self.db or os.environ.get("CTDIR_DB")
            self._directory = Directory(default_path(self.db), create_parent=not explicit)
        return self._directory


def fail(message: str, code: int = 2, hints: list[str] | None = None) -> NoReturn:
    raise CtdirError.with_code(message, code, hints)


# A prompt answered by Ctrl-C or end of input: neither "nothing found" (1) nor bad input (2).
EXIT_CANCELLED = 4


def _report(exc: CtdirError) -> None:
    from ctdir.text import for_message

    click.echo(f"ctdir: {for_message(exc.message)}", err=True)
    for hint in exc.hints:
        click.echo(f"  {for_message(hint)}", err=True)


class Group(click.Group):
    """Turns domain errors into a message and an exit code; never a traceback."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if os.environ.get("_CTDIR_COMPLETE", "").startswith("bash"):
            _install_bash_quoting()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CtdirError as exc:
            _report(exc)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # `ctdir list | head`: the reader left; that is not an error.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except click.ClickException as exc:
            # click quotes the bad argument: "Invalid value for '--kind': '<it>'".
            from ctdir.text import for_message

            # Typed Final by click, but plain data: neutralised before click shows it.
            setattr(exc, "message", for_message(exc.message))  # noqa: B010
            raise
        except click.Abort:
            if sys.stdin.isatty():
                click.echo(err=True)  # the prompt's line stays unfinished after ^C
            click.echo("ctdir: cancelled; nothing was written", err=True)
            ctx.exit(EXIT_CANCELLED)
        except click.exceptions.Exit:
            raise
        except KeyboardInterrupt:
            click.echo("ctdir: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:
            if os.environ.get("CTDIR_DEBUG"):
                raise
            from ctdir.text import for_message

            click.echo(
                f"ctdir: internal error: {type(exc).__name__}: {for_message(str(exc))} "
                "(set CTDIR_DEBUG=1 to see the traceback)",
                err=True,
            )
            ctx.exit(3)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(),  # a folder is the store's to refuse (exit 3), not a usage error
    metavar="PATH",
    help="The directory file to use (default: $CTDIR_DB, else the user data folder).",
)
@click.version_option(__version__, "--version", prog_name="ctdir")
@click.pass_context
def main(ctx: click.Context, db: str | None) -> None:
    """An offline directory of counter-trafficking contacts and hotlines.

    \b
    Examples:
      ctdir lookup mozambique
      ctdir hotline maldives
      ctdir lookup "+670 723 1576"
    """
    ctx.obj = App(db)


def resolve_country_option(value: str | None) -> str | None:
    """A --country value in any form lookup understands -> alpha-2, or a usage error."""
    if value is None:
        return None
    from ctdir.countries import resolve_country, suggest_countries

    match = resolve_country(value)
    if match is None:
        hints = [f"did you mean {m.name} ({m.code})?" for m in suggest_countries(value)]
        raise InvalidInput(f"unknown country: {value!r}", hints)
    return match.code


def complete_country(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Country names for the shell ("mald" -> Maldives), each with its code as help."""
    from click.shell_completion import CompletionItem

    from ctdir.countries import complete_country as names

    return [CompletionItem(name, help=code) for code, name in names(incomplete)]


def complete_id(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Entry ids for the shell, each with the entry's name as help."""
    from click.shell_completion import CompletionItem

    root = ctx.find_root()
    app = root.obj if isinstance(root.obj, App) else App(root.params.get("db"))
    try:
        pairs = app.directory.index().ids()
    except Exception:  # a broken store must not break the user's shell
        return []
    wanted = incomplete.strip().lower()
    return [CompletionItem(i, help=name) for i, name in sorted(pairs) if i.startswith(wanted)]


def _install_bash_quoting() -> None:
    """Make bash insert "South Africa" and "Côte d'Ivoire" as one word each.

    click's bash script adds completions to COMPREPLY unquoted, after a ``read``
    that eats one level of backslashes; zsh and fish quote for themselves.
    """
    import re

    from click.shell_completion import BashComplete, CompletionItem, add_completion_class

    special = re.compile(r"([^\w@%+=:,./-])")

    class QuotingBashComplete(BashComplete):
        def format_completion(self, item: CompletionItem) -> str:
            if item.type != "plain":
                return super().format_completion(item)
            escaped = special.sub(r"\\\1", str(item.value))
            return f"{item.type},{escaped.replace(chr(92), chr(92) * 2)}"

    add_completion_class(QuotingBashComplete, "bash")


pass_app = click.make_pass_decorator(App)
