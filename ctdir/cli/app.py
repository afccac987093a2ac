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
            self._directory = Directory(
                default_path(self.db), create_parent=not explicit, progress=IndexProgress()
            )
        return self._directory


class IndexProgress:
    """Rebuilding the index after the store changed: a percentage on stderr.

    Only on a terminal, and only once the rebuild has taken a second.
    """

    def __init__(self, delay: float = 1.0) -> None:
        self.delay = delay
        self.started: float | None = None
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        import time

        now = time.monotonic()
        if self.started is None:
            self.started = now
        if not self.shown and (now - self.started < self.delay or not sys.stderr.isatty()):
            return
        self.shown = True
        percent = 100 * done // total if total else 100
        end = "\n" if done >= total else ""
        click.echo(f"\rctdir: reading the changed directory: {percent}%", err=True, nl=False)
        if end:
            click.echo(err=True)
            self.started, self.shown = None, False


def fail(message: str, code: int = 2, hints: list[str] | None = None) -> NoReturn:
    raise CtdirError.with_code(message, code, hints)


def _report(exc: CtdirError) -> None:
    from ctdir.text import neutralise

    click.echo(f"ctdir: {neutralise(exc.message)}", err=True)
    for hint in exc.hints:
        click.echo(f"  {neutralise(hint)}", err=True)


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
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("ctdir: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:
            if os.environ.get("CTDIR_DEBUG"):
                raise
            click.echo(
                f"ctdir: internal error: {type(exc).__name__}: {exc} "
                "(set CTDIR_DEBUG=1 to see the traceback)",
                err=True,
            )
            ctx.exit(3)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(),  # the store checks what the path is (a folder, a FIFO: one line)
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
