"""The ``ctdir`` group, its global options, and the one place errors become exit codes."""

from __future__ import annotations

import os
import re
import signal
import sys
from typing import Any, NoReturn

import click

from ctdir import __version__
from ctdir.errors import CtdirError, InvalidInput


class App:
    """What every command shares: where the directory is, whether to page and to ask."""

    def __init__(self, db: str | None, pager: bool = True, interactive: bool | None = None) -> None:
        self.db = db
        self.pager = pager  # long output on a terminal goes through $PAGER
        self._directory: Any = None
        self._interactive = interactive

    @property
    def interactive(self) -> bool:
        """Whether ctdir may ask questions: stdin is a terminal (unless the caller said)."""
        if self._interactive is not None:
            return self._interactive
        return sys.stdin.isatty()

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
    """Building the index (a first run on a store, or after it changed): a percentage
    on stderr, redrawn in place on one line that fits the terminal and is cleared
    at the end. Only on a terminal, and only once the rebuild has taken a second.
    """

    def __init__(self, delay: float = 1.0) -> None:
        self.delay = delay
        self.started: float | None = None
        self.drawn = ""  # the line on the screen, if any

    def __call__(self, done: int, total: int) -> None:
        import shutil
        import time

        now = time.monotonic()
        if self.started is None:
            self.started = now
        if not self.drawn and (now - self.started < self.delay or not sys.stderr.isatty()):
            if done >= total:
                self.started = None
            return
        if done >= total:  # finished: the line goes, the command's output follows
            click.echo("\r" + " " * len(self.drawn) + "\r", err=True, nl=False)
            self.started, self.drawn = None, ""
            return
        percent = 100 * done // total if total else 100
        width = shutil.get_terminal_size().columns - 1  # a full line would wrap
        line = f"ctdir: indexing the directory: {percent}%"
        if len(line) > width:
            line = f"indexing {percent}%"[:width]
        if line != self.drawn:
            click.echo("\r" + line.ljust(len(self.drawn)), err=True, nl=False)
            self.drawn = line


def fail(message: str, code: int = 2, hints: list[str] | None = None) -> NoReturn:
    raise CtdirError.with_code(message, code, hints)


# A prompt answered by Ctrl-C or end of input: neither "nothing found" (1) nor bad input (2).
EXIT_CANCELLED = 4


def _report(exc: CtdirError, db: str | None = None) -> None:
    from ctdir.text import for_message

    click.echo(f"ctdir: {for_message(exc.message)}", err=True)
    for hint in exc.hints:
        click.echo(f"  {for_message(with_db(hint, db))}", err=True)


def with_db(text: str, db: str | None) -> str:
    """A hint's command lines for the directory the command used: ``ctdir --db PATH …``
    when it was given with --db, so that a line pasted back acts on the same file."""
    if not db:
        return text
    import shlex

    return re.sub(r"(?<![\w-])ctdir (?=[a-z])", f"ctdir --db {shlex.quote(db)} ", text)


# Where each command is defined: only the module of the command run is imported,
# since start-up is what a CLI user feels first (click's "lazy subcommands").
COMMAND_MODULES = {
    "lookup": "read",
    "hotline": "read",
    "show": "read",
    "list": "read",
    "countries": "read",
    "add": "write",
    "edit": "write",
    "remove": "write",
    "verify": "write",
    "import": "interop",
    "export": "interop",
    "init": "backup",
    "restore": "backup",
    "extract": "extract",
    "check": "quality",
    "sync": "sync",
    "merge-driver": "sync",
}


class Stopped(BaseException):
    """A signal to end (SIGTERM from `kill` or a service manager, SIGHUP from a closed
    terminal), raised where the command is: what it was writing is cleaned up on
    the way out, as for Ctrl-C, instead of the process vanishing mid-write."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop_cleanly_on(*signums: int) -> None:
    def stop(signum: int, _frame: Any) -> None:
        raise Stopped(signum)

    for signum in signums:
        signal.signal(signum, stop)


class Group(click.Group):
    """Turns domain errors into a message and an exit code; never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            import importlib

            importlib.import_module(f"ctdir.cli.{COMMAND_MODULES[cmd_name]}")
        return super().get_command(ctx, cmd_name)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if os.environ.get("_CTDIR_COMPLETE", "").startswith("bash"):
            _install_bash_quoting()
        _stop_cleanly_on(signal.SIGTERM, signal.SIGHUP)
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CtdirError as exc:
            _report(exc, ctx.obj.db if isinstance(ctx.obj, App) else None)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # `ctdir list | head`: the reader left; that is not an error.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except click.NoSuchOption as exc:
            if exc.option_name in ("--db", "--no-pager"):
                # An option of ctdir itself, given after the command's name.
                path = exc.ctx.command_path if exc.ctx is not None else ""
                command = path.partition(" ")[2] or "COMMAND"  # "add hotline", not "hotline"
                setattr(  # noqa: B010 (typed Final by click)
                    exc,
                    "message",
                    f"{exc.option_name} goes before the command: "
                    f"ctdir {exc.option_name}{' PATH' if exc.option_name == '--db' else ''} "
                    f"{command} …",
                )
                setattr(exc, "possibilities", None)  # noqa: B010
            raise
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
        except Stopped as stop:
            click.echo(f"ctdir: stopped by {signal.Signals(stop.signum).name}", err=True)
            ctx.exit(128 + stop.signum)
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
    # The store checks what the path is (a folder, a FIFO, a file it may not read: one line).
    type=click.Path(readable=False),
    metavar="PATH",
    help="The directory file to use (default: $CTDIR_DB, else the user data folder).",
)
@click.option(
    "--no-pager",
    is_flag=True,
    help="Print long output straight to the terminal instead of through $PAGER (less -FRX).",
)
@click.version_option(__version__, "--version", prog_name="ctdir")
@click.pass_context
def main(ctx: click.Context, db: str | None, no_pager: bool) -> None:
    """An offline directory of counter-trafficking contacts and hotlines.

    \b
    Examples:
      ctdir lookup mozambique
      ctdir hotline maldives
      ctdir lookup "+670 723 1576"
    """
    # An App handed in by the caller (obj=) keeps whether it may ask; the options apply.
    given = ctx.obj._interactive if isinstance(ctx.obj, App) else None
    ctx.obj = App(db, pager=not no_pager, interactive=given)


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


class CountryOption(click.Option):
    """An option whose value may be several words: ``--from sri lanka``, ``--country south africa``.

    After the first word, the following words that are not options join the
    value while they still make a country: the longest run that resolves wins,
    so ``lookup police --country south africa`` and ``lookup --country south
    africa police`` both read South Africa and leave "police" to the query.
    """

    def add_to_parser(self, parser: Any, ctx: click.Context) -> None:
        super().add_to_parser(parser, ctx)
        # click has no public hook for a variable number of words: wrap the
        # parser option's ``process`` (tests cover it, so a click change shows).
        for opt in self.opts:
            target = parser._long_opt.get(opt) or parser._short_opt.get(opt)
            if target is None:
                continue
            original = target.process

            def process(value: Any, state: Any, original: Any = original) -> None:
                if isinstance(value, str):
                    value = _take_country_words(value, state.rargs)
                original(value, state)

            target.process = process


def _take_country_words(first: str, rest: list[str]) -> str:
    from ctdir.countries import resolve_country

    words = []
    for word in rest:
        if word.startswith("-"):
            break
        words.append(word)
    for count in range(len(words), 0, -1):
        value = " ".join([first, *words[:count]])
        if resolve_country(value) is not None:
            del rest[:count]
            return value
    return first


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
