"""Writing commands: add contact, add hotline, edit, remove, verify.

Each parses its options, asks what is missing on a terminal, and calls one
use case of ``ctdir.core``, which checks, screens duplicates and writes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import click

from ctdir.cli.app import App, CountryOption, complete_country, complete_id, main, pass_app
from ctdir.cli.output import emit_json, note, output_entry, plain_entry, show_entries
from ctdir.errors import InvalidInput
from ctdir.model import PURPOSES
from ctdir.text import neutralise

if TYPE_CHECKING:
    from ctdir.core import Confirm, Saved
    from ctdir.identity import Match
    from ctdir.model import Entry

# -- options shared by add and edit ---------------------------------------------------

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def _options(*decorators: Decorator) -> Decorator:
    def apply(func: Callable[..., Any]) -> Callable[..., Any]:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return apply


def _text(flag: str, help_text: str, dest: str | None = None, **kw: Any) -> Decorator:
    names = [flag, dest] if dest else [flag]
    return click.option(*names, metavar="TEXT", help=help_text, **kw)


_name = _text("--name", "The person's name, or the hotline's name.")
_title = _text("--title", "Job title: 'Public Information Officer'.")
_office = _text("--office", "Office: 'IOM Maputo'.")
_city = _text("--city", "City: 'Maputo'.")
_country = click.option(
    "--country",
    cls=CountryOption,
    metavar="C",
    shell_complete=complete_country,
    help="Country: ISO code (MZ, MOZ) or name in any language.",
)
_source = _text("--source", "Where the entry comes from: press release, file, URL.")
_source_date = click.option(
    "--source-date", metavar="DATE", help="The date of that source (YYYY-MM-DD)."
)
_purpose = click.option(
    "--purpose",
    type=click.Choice(sorted(PURPOSES)),
    help="What a hotline is for (shown: 'child helpline', 'police line'); default: a "
    "trafficking hotline.",
)
_hours = _text("--hours", "Opening hours: '24/7'.")
_verified = click.option(
    "--verified",
    metavar="[DATE]",
    is_flag=False,
    flag_value="today",
    help="Date the entry was last checked (YYYY-MM-DD); alone: today.",
)
_yes = click.option("--yes", "-y", is_flag=True, help="Never ask; fail on anything missing.")
_yes_edit = click.option(
    "--yes", "-y", is_flag=True, help="Never ask (a duplicate is refused unless --force)."
)
_force = click.option(
    "--force", is_flag=True, help="Save even if the entry looks like a duplicate."
)
_json = click.option("--json", "as_json", is_flag=True, help="Print the entry as JSON.")


def _many(flag: str, metavar: str, help_text: str, dest: str | None = None) -> Decorator:
    names = [flag, dest] if dest else [flag]
    return click.option(*names, metavar=metavar, multiple=True, help=help_text)


# -- what add and edit share ------------------------------------------------------------


def _tell(saved: Saved) -> None:
    for warning in saved.warnings:
        click.echo(f"ctdir: warning: {neutralise(warning)}", err=True)
    for message in saved.notes:
        click.echo(f"ctdir: note: {neutralise(message)}", err=True)


def _confirm(ask: bool) -> Confirm:
    """Show what an entry meets; on a terminal, ask whether to save it anyway."""

    def confirm(entry: Entry, found: list[Match]) -> bool:
        for match in found:
            click.echo(f"ctdir: {neutralise(match.reason)}; already in the directory:", err=True)
            click.echo(plain_entry(match.entry), err=True)
        return ask and click.confirm("Save it anyway?", default=False, err=True)

    return confirm


def _print_entry(entry: Entry, as_json: bool, verb: str) -> None:
    if as_json:
        emit_json([output_entry(entry)])
    else:
        show_entries([entry], detail=True)
    note(f"{verb} {entry['id']}")


# -- prompts --------------------------------------------------------------------------------


def _ask(prompt: str, check: Callable[[str], Any], optional: bool = False) -> str:
    """Prompt until ``check`` accepts the answer; an empty answer is fine when ``optional``."""
    while True:
        answer: str = click.prompt(
            prompt, default="" if optional else None, show_default=False, err=True
        )
        if optional and not answer.strip():
            return ""
        try:
            check(answer)
        except InvalidInput as exc:
            click.echo(f"  {neutralise(exc.message)}", err=True)
            for hint in exc.hints:
                click.echo(f"  {neutralise(hint)}", err=True)
            continue
        return answer.strip()


def _ask_country() -> str:
    """Any form lookup understands, cities included, confirmed before it is used."""
    from ctdir.countries import resolve_country, suggest_countries

    while True:
        text: str = click.prompt("Country (code or name, any language)", err=True)
        match = resolve_country(text)
        if match is None:
            hints = ", ".join(f"{m.name} ({m.code})" for m in suggest_countries(text))
            click.echo(f"  unknown country: {neutralise(text)!r}", err=True)
            if hints:
                click.echo(f"  did you mean {hints}?", err=True)
            continue
        where = f"{match.name} ({match.code})"
        if match.how == "city":
            where += f", where {neutralise(match.city or text)} is"
        if click.confirm(f"  Country: {where}?", default=True, err=True):
            return match.code


def _required_name(text: str) -> None:
    from ctdir.validate import clean_text

    if clean_text("name", text) is None:
        raise InvalidInput("a name is required")


def _prompt_missing(kind: str, values: dict[str, Any]) -> None:
    from ctdir.validate import check_email, check_phone, resolve_country_strict

    if not str(values.get("name") or "").strip():
        values["name"] = _ask("Name", _required_name)
    if str(values.get("country") or "").strip():
        values["country"] = resolve_country_strict(values["country"])  # bad option: exit 2
    else:
        values["country"] = _ask_country()
    country = values["country"]

    def phone_ok(text: str) -> None:
        check_phone(text, country)

    if kind == "hotline":
        if not values.get("phones"):
            values["phones"] = [_ask("Number", phone_ok)]
        return
    while not values.get("phones") and not values.get("emails"):
        phone = _ask("Phone (empty for none)", phone_ok, optional=True)
        email = _ask("Email (empty for none)", check_email, optional=True)
        values["phones"] = [phone] if phone else []
        values["emails"] = [email] if email else []
        if not phone and not email:
            click.echo("  a contact needs at least one phone number or email", err=True)


# What a person adding an entry by hand would fill in, after what is required.
_MORE_PROMPTS = {
    "contact": (("title", "Title"), ("organization", "Organization"), ("office", "Office"),
                ("city", "City")),
    "hotline": (("organization", "Operator"), ("city", "City"), ("hours", "Hours (e.g. 24/7)"),
                ("languages", "Languages, separated by commas")),
}  # fmt: skip


def _prompt_more(kind: str, values: dict[str, Any]) -> None:
    """Ask for the other fields a user would fill in; Enter skips one."""
    from ctdir.validate import clean_text

    for field, prompt in _MORE_PROMPTS[kind]:
        if values.get(field):
            continue

        def ok(text: str, field: str = field) -> None:
            if field == "languages":
                for part in text.split(","):
                    clean_text("language", part)
            else:
                clean_text(field, text)

        answer = _ask(f"{prompt} (Enter to skip)", ok, optional=True)
        if answer and field == "languages":
            values[field] = [x.strip() for x in answer.split(",") if x.strip()]
        elif answer:
            values[field] = answer


def _missing(kind: str, values: Mapping[str, Any]) -> list[str]:
    missing = []
    if kind == "hotline" and not values.get("phones"):
        missing.append("--number")
    if not str(values.get("name") or "").strip():
        missing.append("--name")
    if not str(values.get("country") or "").strip():
        missing.append("--country")
    if kind == "contact" and not values.get("phones") and not values.get("emails"):
        missing.append("--phone or --email")
    return missing


# -- add --------------------------------------------------------------------------------------


@main.group()
def add() -> None:
    """Add a contact or a hotline.

    On a terminal, what is missing is asked for; with --yes (or when stdin is
    not a terminal) nothing is asked and anything missing is an error.

    \b
    Examples:
      ctdir add contact --name "Nely Chimedza" --office "IOM Maputo" \\
          --country MZ --phone "+258 21 310 779" --email nchimedza@iom.int
      ctdir add hotline --number 1696 --country MV \\
          --name "Ministry of Economic Development Hotline"
    """


def _add(
    app: App, kind: str, values: dict[str, Any], yes: bool, force: bool, as_json: bool
) -> None:
    from ctdir.core import add_entry

    ask = app.interactive and not yes
    missing = _missing(kind, values)
    if missing:
        if not ask:
            raise InvalidInput(
                f"missing {'; '.join(missing)}",
                [f"give them as options (see ctdir add {kind} --help)"],
            )
        by_hand = "--name" in missing  # no field given: the user adds it all by hand
        _prompt_missing(kind, values)
        if by_hand:
            _prompt_more(kind, values)
    saved = add_entry(app.directory, kind, values, force=force, confirm=_confirm(ask))
    _tell(saved)
    _print_entry(saved.entry, as_json, "added")


@add.command("contact")
@_options(
    _name,
    _title,
    _text("--org", "Organization: 'IOM'.", dest="organization"),
    _office,
    _city,
    _country,
    _many("--phone", "NUMBER", "A phone number as published; 'office: +258 ...' sets a label."),
    _many("--email", "ADDRESS", "An email address."),
    _text("--note", "Free notes.", dest="notes"),
    _source,
    _source_date,
    _verified,
    _yes,
    _force,
    _json,
)
@pass_app
def add_contact(
    app: App,
    phone: tuple[str, ...],
    email: tuple[str, ...],
    yes: bool,
    force: bool,
    as_json: bool,
    **fields: str | None,
) -> None:
    """Add a contact: a person or an office, with at least one phone or email.

    \b
    Examples:
      ctdir add contact --name "Angela Sherwood" --title "Public Information Officer" \\
          --org IOM --office "IOM Dili" --city Dili --country TL \\
          --phone "+670 723 1576" --email asherwood@iom.int --verified
      ctdir add contact            (on a terminal: asks for what is needed)
    """
    values: dict[str, Any] = {k: v for k, v in fields.items() if v is not None}
    values["phones"] = list(phone)
    values["emails"] = list(email)
    _add(app, "contact", values, yes, force, as_json)


@add.command("hotline")
@_options(
    _many("--number", "NUMBER", "The number as published (repeatable)."),
    _name,
    _text("--operator", "Who runs it: 'Maldives Police Service'.", dest="organization"),
    _country,
    _hours,
    _many("--language", "LANG", "A language it answers in (repeatable)."),
    _text("--note", "Free notes.", dest="notes"),
    _source,
    _source_date,
    _purpose,
    _verified,
    _yes,
    _force,
    _json,
)
@pass_app
def add_hotline(
    app: App,
    number: tuple[str, ...],
    language: tuple[str, ...],
    yes: bool,
    force: bool,
    as_json: bool,
    **fields: str | None,
) -> None:
    """Add a hotline: a number the public can call.

    \b
    Examples:
      ctdir add hotline --number 9500125 --name "Police Human Trafficking Hotline" \\
          --operator "Maldives Police Service" --country MV --hours 24/7 \\
          --language Dhivehi --language English
    """
    values: dict[str, Any] = {k: v for k, v in fields.items() if v is not None}
    values["phones"] = list(number)
    if language:
        values["languages"] = list(language)
    _add(app, "hotline", values, yes, force, as_json)


# -- edit -------------------------------------------------------------------------------------


@main.command()
@click.argument("entry_id", metavar="ID", shell_complete=complete_id)
@_options(
    _name,
    _title,
    _text("--org", "Organization (for a hotline: its operator).", dest="organization"),
    _text("--operator", "Same as --org, for a hotline."),
    _office,
    _city,
    _country,
    _many("--phone", "NUMBER", "Add a number (repeatable).", dest="phones"),
    _many("--number", "NUMBER", "Same as --phone, for a hotline.", dest="numbers"),
    _many("--remove-phone", "NUMBER", "Remove a number, written any way (repeatable)."),
    _many("--remove-number", "NUMBER", "Same as --remove-phone."),
    _many("--email", "ADDRESS", "Add an email (repeatable).", dest="emails"),
    _many("--remove-email", "ADDRESS", "Remove an email (repeatable)."),
    _hours,
    _many("--language", "LANG", "Add a language (repeatable).", dest="languages"),
    _many("--remove-language", "LANG", "Remove a language (repeatable)."),
    _text("--note", "Replace the notes.", dest="notes"),
    _source,
    _source_date,
    _purpose,
    _verified,
    _yes_edit,
    _force,
    _json,
)
@pass_app
def edit(
    app: App,
    entry_id: str,
    organization: str | None,
    operator: str | None,
    phones: tuple[str, ...],
    numbers: tuple[str, ...],
    remove_phone: tuple[str, ...],
    remove_number: tuple[str, ...],
    emails: tuple[str, ...],
    remove_email: tuple[str, ...],
    languages: tuple[str, ...],
    remove_language: tuple[str, ...],
    yes: bool,
    force: bool,
    as_json: bool,
    **fields: str | None,
) -> None:
    """Change an entry: any field, with the same checks as add.

    Text options replace the field (an empty value clears it); --phone,
    --email and --language add to the lists, --remove-… take away. A new
    country checks the numbers again against it. A change that makes the
    entry a duplicate of another is refused unless --force.

    With no options, on a terminal, the entry opens in $VISUAL or $EDITOR as
    a TOML form; on save it gets the same checks, and a mistake reopens the
    form with the error on top. Quitting without saving changes nothing.

    \b
    Examples:
      ctdir edit mz4nc8re --title "Programme Officer" --phone "mobile: +258 84 000 0000"
      ctdir edit za9mk5hd --remove-phone "+ 7 795 01 7854" --phone "+27 79 501 7854"
      ctdir edit mv7tq2ka --office "" --note "moved to Colombo"
      ctdir edit mz4nc8re            (opens $EDITOR)
    """
    from ctdir.core import Changes, edit_entry

    if organization is not None and operator is not None and organization != operator:
        raise InvalidInput("--org and --operator are the same field; give one of them")
    if organization is None:
        organization = operator
    changes = Changes(
        fields={**fields, "organization": organization},
        phones=phones + numbers,
        remove_phones=remove_phone + remove_number,
        emails=emails,
        remove_emails=remove_email,
        languages=languages,
        remove_languages=remove_language,
    )
    if changes.empty():
        if not app.interactive:
            raise InvalidInput(
                "nothing to change",
                ["see the options: ctdir edit --help; on a terminal, ctdir edit ID opens $EDITOR"],
            )
        from ctdir.core import find_entry

        current = find_entry(app.directory.index(), entry_id)
        changes.form = _edit_in_editor(current)
        if not changes.form:
            _print_entry(current, as_json, "unchanged")
            return
    ask = app.interactive and not yes
    saved = edit_entry(app.directory, entry_id, changes, force=force, confirm=_confirm(ask))
    if saved.changed:
        _tell(saved)
    _print_entry(saved.entry, as_json, "changed" if saved.changed else "unchanged")


# -- edit in $EDITOR --------------------------------------------------------------------------


def _edit_in_editor(entry: Entry) -> dict[str, Any]:
    """Open the entry's form in $EDITOR until it passes add's checks; the values changed.

    A form that fails is opened again as the user left it, the error at the top;
    quitting without saving changes nothing.
    """
    from ctdir.editform import entry_to_form, form_changes, with_error
    from ctdir.validate import check_entry

    text = entry_to_form(entry)
    while True:
        edited = click.edit(text, extension=".toml", require_save=True)
        if edited is None:
            return {}
        try:
            values = form_changes(entry, edited)
            check_entry(entry["kind"], values, base=entry)
        except InvalidInput as exc:
            message = "\n".join([exc.message, *exc.hints])
            click.echo(f"ctdir: {neutralise(exc.message)}; opening the form again", err=True)
            text = with_error(edited, message)
            continue
        return values


# -- remove and verify ------------------------------------------------------------------------


@main.command()
@click.argument("entry_id", metavar="ID", shell_complete=complete_id)
@click.option("--yes", "-y", is_flag=True, help="Remove without asking.")
@pass_app
@click.pass_context
def remove(ctx: click.Context, app: App, entry_id: str, yes: bool) -> None:
    """Delete an entry (asks first, unless --yes). Its id is never given out again.

    \b
    Examples:
      ctdir remove mz4nc8re
      ctdir remove mz4nc8re --yes
    """
    from ctdir.core import find_entry, remove_entry

    entry = find_entry(app.directory.index(), entry_id)
    if not yes:
        if not app.interactive:
            raise InvalidInput(
                f"not removed: stdin is not a terminal, so confirm with --yes "
                f"(ctdir remove {entry['id']} --yes)"
            )
        click.echo(plain_entry(entry), err=True)
        question = f"Remove {neutralise(entry.get('name') or '')} [{entry['id']}]?"
        if not click.confirm(question, default=False, err=True):
            note("nothing removed")
            ctx.exit(1)
    removed = remove_entry(app.directory, entry["id"])
    note(f"removed {removed['id']} ({removed.get('name')})")


@main.command()
@click.argument("entry_id", metavar="ID", shell_complete=complete_id)
@click.option("--note", "note_text", metavar="TEXT", help="What was checked; kept in its history.")
@_json
@pass_app
def verify(app: App, entry_id: str, note_text: str | None, as_json: bool) -> None:
    """Record that an entry was checked today, with an optional note.

    The check is added to the entry's verification history (date and note),
    kept apart from its notes: editing the notes never loses it.

    \b
    Examples:
      ctdir verify mv2ph9tn
      ctdir verify mv2ph9tn --note "called, still valid"
    """
    from ctdir.core import verify_entry

    _print_entry(verify_entry(app.directory, entry_id, note_text), as_json, "verified")
