"""``coalition protocol``: list the protocols on offer, export one to start from, check a file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from coalition_tui.cli_options import language_option
from coalition_tui.i18n import _, ngettext

CONTEXT = {"help_option_names": ["-h", "--help"]}


@click.group(context_settings=CONTEXT)
@language_option
def protocol() -> None:
    """A coach's own protocol: the wording of each phase, in one or more languages.

    Start from the shipped method (`coalition protocol export coalition > mine.toml`),
    edit it, check it, and put it in the folder `coalition protocol list` names
    (or pass it with `coalition --protocol FILE`).
    """


@protocol.command("list", context_settings=CONTEXT)
@click.option("--protocol", "extra", type=click.Path(path_type=Path, dir_okay=False), help="Also list this file.")
@language_option
def list_protocols(extra: Path | None) -> None:
    """The protocols setup offers, and files that have mistakes."""
    from coalition_tui.i18n import current
    from coalition_tui.safe_text import visible
    from coalition_tui.storage.protocols import available_protocols, protocols_dir

    entries = available_protocols(extra)
    language = current()
    for entry in entries:
        found = entry.protocol
        if found is not None:
            where = entry.source or _("ships with Coalition")
            line = _("{name}  {title} · version {version} · {languages} · {where}").format(
                name=found.name,
                title=found.title(language),
                version=found.version,
                languages=", ".join(found.languages),
                where=where,
            )
            click.echo(visible(line))
        else:
            first = entry.problems[0] if entry.problems else ""
            count = len(entry.problems)
            click.echo(
                visible(
                    _("(not usable)  {source}: {first} ({count} in all: coalition protocol check {source})").format(
                        source=entry.source, first=first, count=count
                    )
                )
            )
    click.echo(visible(_("Your own protocols go in {folder}").format(folder=protocols_dir())), err=True)


@protocol.command("export", context_settings=CONTEXT)
@click.argument("name", default="coalition")
@click.option("--protocol", "extra", type=click.Path(path_type=Path, dir_okay=False), help="Also look in this file.")
@language_option
def export_protocol(name: str, extra: Path | None) -> None:
    """Print protocol NAME's file (default: the shipped method), to start your own from."""
    from coalition_tui.cli_options import Failure
    from coalition_tui.domain.protocol import shipped_protocol_path
    from coalition_tui.storage.protocols import available_protocols, find_protocol

    entries = available_protocols(extra)
    entry = find_protocol(name, entries)
    if entry is None:
        names = ", ".join(e.protocol.name for e in entries if e.protocol is not None)
        raise Failure(
            _("There is no protocol named {name!r}. The protocols are: {names}.").format(name=name, names=names)
        )
    path = Path(entry.source) if entry.source else shipped_protocol_path()
    sys.stdout.write(path.read_text(encoding="utf-8"))


@protocol.command("check", context_settings=CONTEXT)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@language_option
def check_protocol_file(file: Path) -> None:
    """Check FILE and list every mistake with its line; exit status 1 if there is one."""
    from coalition_tui.i18n import current
    from coalition_tui.safe_text import visible
    from coalition_tui.storage.protocols import checked_protocol_file

    entry = checked_protocol_file(file)  # as setup sees it: a name already taken is a mistake too
    if entry.protocol is None:
        click.echo(visible(entry.report()))
        count = len(entry.problems)
        message = ngettext(
            "{count} mistake: the protocol cannot be used until it is fixed.",
            "{count} mistakes: the protocol cannot be used until they are fixed.",
            count,
        )
        click.echo(visible(message.format(count=count)))
        sys.exit(1)
    found = entry.protocol
    click.echo(
        visible(
            _(
                "{file}: no mistakes. {title} (name {name}, version {version}), in {languages}: {prompts} prompts."
            ).format(
                file=file,
                title=found.title(current()),
                name=found.name,
                version=found.version,
                languages=", ".join(found.languages),
                prompts=len(found.book(current()).alignment),
            )
        )
    )
