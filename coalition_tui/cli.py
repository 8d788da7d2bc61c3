"""The ``coalition`` command line: the app, and commands for scripting."""

from __future__ import annotations

import functools
import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from coalition_tui import __version__
from coalition_tui.cli_options import LANG_HELP, Failure, speak
from coalition_tui.domain.errors import CoalitionError
from coalition_tui.i18n import N_, _

if TYPE_CHECKING:
    from coalition_tui.domain.revisions import Successor

CONTEXT = {"help_option_names": ["-h", "--help"]}
FORMATS = ("json", "md", "ics")


class Crashed(Failure):
    """An error nobody foresaw: one sentence on the screen, the details in a private log."""

    exit_code = 70


def _shown(error: click.ClickException) -> click.ClickException:
    """Click's own messages quote what was typed (a path, a value): shown, never run, like ours."""
    from coalition_tui.safe_text import visible

    # click declares ``message`` final, but its own messages are built from it when shown.
    error.message = visible(error.message)  # type: ignore[misc]
    return error


class CoalitionGroup(click.Group):
    """The command group, with the last-resort handler around every command (see ``crash.py``)."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.ClickException as error:
            raise _shown(error) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as error:
            raise _shown(error) from None
        except (click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:  # `coalition show | head`: the reader left; nothing to say to it
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # Python's own flush at exit must not fail again
            raise click.exceptions.Exit(1) from None
        except Exception as error:  # noqa: BLE001 - the last resort: every other error ends here
            from coalition_tui.crash import crash_sentence, write_crash_log
            from coalition_tui.storage.paths import resolve_data_dir

            log = write_crash_log(error, resolve_data_dir(ctx.meta.get("coalition.db")))
            raise Crashed(crash_sentence(log, saved=None)) from None


def common(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--db`` and ``--version`` on every command, turning domain errors into messages."""

    @click.option(
        "--db",
        "db",
        type=click.Path(path_type=Path, file_okay=False),
        envvar="COALITION_DB",
        help="Folder holding the database (default: the user data folder; env COALITION_DB).",
    )
    @click.option("--lang", "lang", metavar="LANG", help=LANG_HELP)
    @click.version_option(__version__, "--version", prog_name="coalition")
    @click.pass_context
    @functools.wraps(func)
    def wrapper(ctx: click.Context, db: Path | None, lang: str | None, **kwargs: Any) -> Any:
        root = ctx.find_root()
        if db is None:
            db = root.meta.get("coalition.db")
        else:
            root.meta["coalition.db"] = db
        speak(lang)
        try:
            return ctx.invoke(func, db, **kwargs)
        except CoalitionError as error:
            raise Failure(str(error)) from None

    return wrapper


def open_store(db: Path | None):
    from coalition_tui.storage import Store
    from coalition_tui.storage.paths import resolve_data_dir

    root = resolve_data_dir(db)
    if root.exists() and not root.is_dir():
        raise Failure(
            _("--db takes a folder, and {path} is a file. Choose a folder for Coalition's data.").format(path=root)
        )
    return Store(root)


@contextmanager
def quick_start() -> Iterator[None]:
    """No cyclic garbage collection while the app starts; the app turns it back on at its first frame.

    Start-up (imports, styles, the first screen) makes a great many objects and frees
    almost none, so the collector's passes over them are pure cost: a tenth or more of
    the time to the first paint. It is on again however the command ends.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def run_app(store, start) -> None:
    from coalition_tui.app import CoalitionApp
    from coalition_tui.lifecycle import run_safely

    protocol = click.get_current_context().find_root().meta.get("coalition.protocol")
    app = CoalitionApp(store, start=start, protocol_file=protocol)
    run_safely(app)
    if app.crash_report:
        click.echo(app.crash_report, err=True)
    if app.return_code:  # the app stopped on an error: the status says so too
        sys.exit(app.return_code)


PROTOCOL_OPTION = click.option(
    "--protocol",
    "protocol_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A protocol file to offer (and choose first) on setup; see `coalition protocol`.",
)


def remember_protocol(protocol_file: Path | None) -> None:
    if protocol_file is not None:
        click.get_current_context().find_root().meta["coalition.protocol"] = protocol_file


@click.group(cls=CoalitionGroup, invoke_without_command=True, context_settings=CONTEXT)
@PROTOCOL_OPTION
@common
def main(db: Path | None, protocol_file: Path | None) -> None:
    """Coalition: a guided, private conversation for two partners.

    With no command, opens the home screen: past sessions, check-ins due,
    and a new session.
    """
    remember_protocol(protocol_file)
    ctx = click.get_current_context()
    if ctx.invoked_subcommand is None:
        with quick_start():
            from coalition_tui.app import StartRequest

            store = open_store(db)
            # An index from a newer Coalition, or one that cannot be opened, is reported here, before
            # the screen opens; a missing or damaged one is rebuilt, and the home screen says so.
            store.list_summaries()
            run_app(store, StartRequest("home"))


@main.command(context_settings=CONTEXT)
@click.option("--partner-a", "-a", help="Partner A's name.")
@click.option("--partner-b", "-b", help="Partner B's name.")
@click.option("--facilitator", "-f", help="The facilitator's name (optional).")
@click.option("--title", "-t", help="A title for the session (optional).")
@click.option(
    "--agenda",
    default="alignment,clearing,declaration,accountability,seal",
    show_default=True,
    help="Comma list of phases from alignment, clearing, declaration, accountability, seal.",
)
@PROTOCOL_OPTION
@common
@quick_start()
def new(db: Path | None, partner_a, partner_b, facilitator, title, agenda, protocol_file: Path | None) -> None:
    """Start a new session; with both names given, go straight in (with --protocol's wording, if given)."""
    remember_protocol(protocol_file)
    from coalition_tui.app import StartRequest
    from coalition_tui.domain.partners import clean_title, validate_names
    from coalition_tui.domain.phases import parse_agenda

    phases = parse_agenda(agenda)
    clean_title(title)  # refused here, in words, rather than on a screen after start-up
    skip = bool(partner_a and partner_b)
    if skip:
        validate_names(partner_a, partner_b, facilitator)
    prefill = {
        "partner_a": partner_a,
        "partner_b": partner_b,
        "facilitator": facilitator,
        "title": title,
        "agenda": tuple(p.value for p in phases),
        "skip_setup": skip,
    }
    run_app(open_store(db), StartRequest("new", prefill=prefill))


@main.command(context_settings=CONTEXT)
@click.argument("session_id", required=False)
@common
@quick_start()
def resume(db: Path | None, session_id: str | None) -> None:
    """Reopen a session (by default the latest unfinished one) where it was left."""
    from coalition_tui.app import StartRequest

    store = open_store(db)
    session_id = session_to_open(store, session_id, "resume")
    run_app(store, StartRequest("resume", session_id=session_id))


NOTHING_TO_OPEN = {
    "resume": N_("There is no unfinished session to resume. Start one with: coalition new"),
    "host": N_("There is no unfinished session to host. Start one with: coalition new"),
}
NOTHING_TO = N_("There is no unfinished session to {verb}. Start one with: coalition new")


def session_to_open(store, session_id: str | None, verb: str) -> str:
    """The session ``resume`` or ``host`` opens (given, or the latest unfinished), checked before any screen."""
    if session_id:
        session_id = store.resolve_id(session_id)
    else:
        session_id = store.latest_unfinished()
        if session_id is None:
            raise Failure(_(NOTHING_TO_OPEN[verb]) if verb in NOTHING_TO_OPEN else _(NOTHING_TO).format(verb=verb))
    store.lock(session_id)  # open in another window? say so plainly, before the screen opens
    store.unlock(session_id)  # (the app claims it again as it opens the session)
    store.load(session_id)  # report a damaged file before the screen opens
    return session_id


STATUS_TEXTS = {
    "alignment": N_("alignment"),
    "clearing": N_("clearing"),
    "declaration": N_("declaration"),
    "accountability": N_("accountability"),
    "seal": N_("seal"),
    "finished": N_("finished"),
    "sealed": N_("sealed"),
}
"""A session's status (its phase's id, ``finished`` or ``sealed``) as the list shows it."""


def status_text(status: str, superseded: bool = False) -> str:
    """A status as ``list`` shows it; an agreement a revision replaced reads "superseded"."""
    if superseded:
        return _("superseded")
    return _(STATUS_TEXTS[status]) if status in STATUS_TEXTS else status


def successor_of(store: Any, session_id: str) -> Successor | None:
    """The revision that replaced ``session_id`` (``domain.revisions.Successor``), from the index; None if none.

    An index that cannot be read says nothing here: the session itself is still shown.
    """
    from coalition_tui.domain.revisions import Revisions

    try:
        rows = store.list_summaries()
    except CoalitionError:
        return None
    return Revisions(rows).superseded_by(session_id)


@main.command("list", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print the summaries as JSON.")
@click.option("--partner", metavar="NAME", help="Only sessions with this partner (either one; any case).")
@click.option("--status", type=click.Choice(["sealed", "open"]), help="Only sealed agreements, or only the others.")
@click.option("--since", metavar="DATE", help="Only sessions started on or after DATE (2026-09-01 or 01.09.2026).")
@common
def list_sessions(db: Path | None, as_json: bool, partner: str | None, status: str | None, since: str | None) -> None:
    """List sessions, newest first."""
    from coalition_tui.domain.revisions import Revisions
    from coalition_tui.safe_text import json_text, visible

    store = open_store(db)
    rows = store.list_summaries()
    revisions = Revisions(rows)  # of every session, so a filter leaves each superseded one marked
    if partner or status or since:
        rows = filtered(rows, partner, status, since)
    repaired = store.take_notice()  # a rebuilt or updated index: one line, apart from the listing itself
    if repaired:
        click.echo(visible(repaired), err=True)
    if as_json:  # each row as the index keeps it, and the revision that replaced it (null while none did)
        click.echo(json_text([revisions.listed(row) for row in rows]))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from coalition_tui.domain.timeutil import parse_stamp
    from coalition_tui.i18n import show_datetime

    console = Console()
    if not rows and (partner or status or since):
        console.print(_("No session matches."))
        return
    if not rows:
        console.print(_("No sessions yet. Start one with {command}.").format(command="[bold]coalition new[/bold]"))
        return
    table = Table(title=_("Coalition sessions"), expand=False)
    for column in (_("ID"), _("Date"), _("Partners"), _("Title"), _("Phase / status")):
        table.add_column(column, overflow="fold")
    for row in rows:
        created = show_datetime(parse_stamp(row["created_at"]).astimezone())
        cells = (
            row["id"],
            created,
            f"{row['partners']['a']} & {row['partners']['b']}",
            row.get("title") or "",
            status_text(row.get("status", ""), revisions.is_superseded(row["id"])),
        )
        # Text, not str (rich reads str as markup), and no control characters reach the terminal.
        table.add_row(*(Text(visible(str(cell))) for cell in cells))
    console.print(table)


def filtered(rows: list[dict[str, Any]], partner: str | None, status: str | None, since: str | None) -> list[Any]:
    """``list``'s filters applied; a date that is not one is refused in words."""
    from coalition_tui.domain.accountability import try_date
    from coalition_tui.domain.finding import selected
    from coalition_tui.domain.timeutil import parse_stamp

    day = None
    if since:
        day = try_date(since)
        if day is None:
            raise Failure(
                _("--since takes a date, like 2026-09-01 or 01.09.2026: {text!r} is not one.").format(text=since)
            )

    def created(row: Any) -> Any:
        try:
            return parse_stamp(row["created_at"]).astimezone().date()
        except (KeyError, TypeError, ValueError):
            return None

    return selected(rows, partner=partner, status=status, since=day, created=created)


@main.command(context_settings=CONTEXT)
@click.argument("session_id", required=False)
@click.option(
    "--partnership",
    metavar="NAME",
    help="Export a whole partnership instead (md or json): a partner's name, or both ('Ada & Ben').",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Write to FILE (0600); '-' or no -o writes to standard output.",
)
@common
def export(db: Path | None, session_id: str | None, partnership: str | None, fmt: str, output: Path | None) -> None:
    """Export a session as JSON, Markdown or iCalendar, or a whole partnership (--partnership)."""
    if partnership is not None:
        if session_id is not None:
            raise click.UsageError(_("Give a session ID or --partnership NAME, not both."))
        export_partnership(db, partnership, fmt, output)
        return
    if session_id is None:
        raise click.UsageError(_("Which session? Give its ID (see coalition list), or --partnership NAME."))
    from coalition_tui.export.render import render_export

    store = open_store(db)
    session = store.load(store.resolve_id(session_id))
    # Every format escapes controls: safe on a terminal as in a file.
    text = render_export(session, fmt, superseded_by=successor_of(store, session.id))
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    from coalition_tui.export.files import write_private

    write_private(output, text)
    from coalition_tui.safe_text import visible

    click.echo(visible(_("Exported {id} to {path}").format(id=session.id, path=output)), err=True)


def export_partnership(db: Path | None, name: str, fmt: str, output: Path | None) -> None:
    """``export --partnership NAME``: the one partnership NAME means, to stdout or a new file (0600)."""
    from datetime import date

    from coalition_tui.domain.partnership import Merges, find_partnerships
    from coalition_tui.export.partnership import FORMATS as PARTNERSHIP_FORMATS
    from coalition_tui.export.partnership import MERGES_SETTING, render_partnership, story_of
    from coalition_tui.safe_text import visible

    if fmt not in PARTNERSHIP_FORMATS:
        raise Failure(_("A partnership exports as md or json, not {format}.").format(format=fmt))
    store = open_store(db)
    merges = Merges.from_dict(store.get_setting(MERGES_SETTING, {}))
    found = find_partnerships(store.list_summaries(), name, merges)
    if not found:
        raise Failure(visible(_("No partnership has a partner named {name!r}.").format(name=name)))
    if len(found) > 1:
        pairs = "\n".join(f"  {p.names[0]} & {p.names[1]}" for p in found)
        raise Failure(
            visible(
                _("{name!r} names more than one partnership; give both names, like 'Ada & Ben':").format(name=name)
                + "\n"
                + pairs
            )
        )
    sessions, unreadable = [], []
    for session_id in found[0].session_ids:
        try:
            sessions.append(store.load(session_id))
        except CoalitionError:  # a damaged file is reported by list and home; the story goes on without it
            unreadable.append(session_id)
    if not sessions:
        raise Failure(_("None of this partnership's sessions could be read."))
    text = render_partnership(story_of(sessions, date.today(), key=found[0].key, unreadable=unreadable), fmt)
    if output is None or str(output) == "-":
        sys.stdout.write(text)  # both formats escape every control: safe on a terminal as in a file
        return
    from coalition_tui.export.files import write_private
    from coalition_tui.export.save import free_path

    output = Path(output).expanduser()
    path = free_path(output.parent, output.name)  # never over an existing file: name-2.md, name-3.md...
    write_private(path, text)
    click.echo(visible(_("Exported the partnership to {path}").format(path=path)), err=True)


@main.command(context_settings=CONTEXT)
@click.argument("session_id")
@common
def show(db: Path | None, session_id: str) -> None:
    """Show a session (the sealed agreement) in the terminal."""
    from coalition_tui.export.terminal import print_session

    store = open_store(db)
    session = store.load(store.resolve_id(session_id))
    print_session(session, superseded_by=successor_of(store, session.id))


@main.command(context_settings=CONTEXT)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on: this computer only by default. Any other address lets anyone "
    "on the network open the app and read the notes (a warning is printed).",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option(
    "--join",
    "join",
    metavar="INVITATION",
    help="Each browser tab joins this live session (a partner without Python takes part from a browser); "
    "the page then opens only with the key printed at start.",
)
@common
def serve(db: Path | None, host: str, port: int, join: str | None) -> None:
    """Serve the app in a web browser (textual-serve), on this computer only by default."""
    from coalition_tui.serve import serve_app

    serve_app(db, host=host, port=port, join=join)


INSECURE_WARNING = N_(
    "Warning: --insecure-network: the partners' private words will cross the network unencrypted, "
    "readable by anyone on the way. Prefer an SSH tunnel (see the README) or --tls-cert/--tls-key."
)


@main.command(context_settings=CONTEXT)
@click.argument("session_id", required=False)
@click.option(
    "--bind",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on: this computer only by default (partners reach it through an SSH tunnel). "
    "Any other address needs --tls-cert/--tls-key, or --insecure-network.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=None,
    help="Port to listen on (default: the one this session was hosted on before, else 8765; 0: any free port).",
)
@click.option("--address", help="The name or address partners use to reach this machine (default: --bind).")
@click.option("--tls-cert", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Certificate (PEM).")
@click.option("--tls-key", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Its private key (PEM).")
@click.option("--insecure-network", is_flag=True, help="Allow a non-local address without TLS (a warning is printed).")
@click.option("--new-invitations", is_flag=True, help="Make new keys: the old invitations stop working.")
@click.option("--host-floor-only", is_flag=True, help="Only the host takes, passes and pauses the floor.")
@common
@quick_start()
def host(
    db: Path | None,
    session_id: str | None,
    bind: str,
    port: int | None,
    address: str | None,
    tls_cert: Path | None,
    tls_key: Path | None,
    insecure_network: bool,
    new_invitations: bool,
    host_floor_only: bool,
) -> None:
    """Open a session to partners on their own computers (default: the latest unfinished one).

    Prints one invitation per person, then opens the session here. Each partner
    runs `coalition join '<their invitation>'` and writes in their own pane.
    """
    import socket

    from coalition_tui.app import StartRequest
    from coalition_tui.live_control import HostOptions
    from coalition_tui.remote.invitation import LOOPBACK, Invitation, Keys
    from coalition_tui.remote.memory import HostRecord, load_host_record, save_host_record
    from coalition_tui.safe_text import visible

    if (tls_cert is None) != (tls_key is None):
        raise Failure(_("TLS needs both --tls-cert and --tls-key."))
    if bind not in LOOPBACK and tls_cert is None and not insecure_network:
        raise Failure(
            _(
                "Listening on {address} would let the partners' words cross the network unencrypted. "
                "Use an SSH tunnel to 127.0.0.1 (see the README), or give --tls-cert and --tls-key, "
                "or, knowing the risk, --insecure-network."
            ).format(address=bind)
        )
    options = HostOptions(bind=bind, tls_cert=tls_cert, tls_key=tls_key, partner_floor=not host_floor_only)
    try:
        options.tls()
    except (OSError, ValueError) as error:
        raise Failure(_("The certificate or key could not be used: {error}").format(error=error)) from None
    store = open_store(db)
    session_id = session_to_open(store, session_id, "host")
    session = store.load(session_id)
    if session.sealed:
        raise Failure(_("That agreement is sealed and reads only; there is nothing to write together."))
    record = load_host_record(store.root, session_id) or HostRecord(session_id)
    if new_invitations:
        record.keys = Keys()  # the old invitations open nothing from now on
    if port is not None:
        record.port = port
    if record.port == 0:
        with socket.socket(socket.AF_INET6 if ":" in bind else socket.AF_INET) as probe:
            probe.bind((bind, 0))
            record.port = probe.getsockname()[1]
    save_host_record(store.root, record)
    reach = address or (bind if bind not in ("0.0.0.0", "::") else socket.gethostname())  # noqa: S104
    names = session.names
    hosting = _("Hosting “{title}” on {address}.").format(title=session.display_title, address=f"{bind}:{record.port}")
    click.echo(visible(hosting))
    click.echo(_("Send each line to its own person, privately (whoever has a line writes as that person):"))
    for role, key in record.keys.by_role.items():
        if role in names:
            who = _("{name} (partner {letter})").format(name=names[role], letter=role.upper())
        else:
            who = _("A viewer (reads only)")
        line = Invitation(reach, record.port, record.room, key, tls=tls_cert is not None).address()
        click.echo(visible(f"  {who}:\n    coalition join '{line}'"))
    if bind in LOOPBACK:
        tunnel = f"ssh -N -L {record.port}:127.0.0.1:{record.port} " + _("YOU@THIS-COMPUTER")
        click.echo(_("From another computer, each partner first opens a tunnel: {command}").format(command=tunnel))
    if insecure_network and tls_cert is None:
        click.echo(_(INSECURE_WARNING), err=True)
    options = HostOptions(
        bind=bind, port=record.port, tls_cert=tls_cert, tls_key=tls_key, partner_floor=not host_floor_only
    )
    run_app(store, StartRequest("host", session_id=session_id, host=options))


@main.command(context_settings=CONTEXT)
@click.argument("address")
@click.option(
    "--tls-ca",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The certificate to trust for a coalitions:// host with its own (self-signed) certificate.",
)
@common
@quick_start()
def join(db: Path | None, address: str, tls_ca: Path | None) -> None:
    """Join a session hosted on another computer, with the invitation its host sent you."""
    from coalition_tui.app import StartRequest
    from coalition_tui.live_control import JoinOptions
    from coalition_tui.remote.invitation import parse_invitation

    invitation = parse_invitation(address)
    store = open_store(db)
    run_app(store, StartRequest("join", join=JoinOptions(invitation, tls_ca=tls_ca)))


from coalition_tui.cli_protocol import protocol  # noqa: E402 - the group is defined beside main, added here

main.add_command(protocol)
