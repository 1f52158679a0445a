"""What every command shares: the loaded configuration and database path (``State``), the
``--by`` officer option, and turning library errors into one-line messages."""

from __future__ import annotations

import os
import re

import click

import config as config_module
import storage


class State:
    """The global options resolved once: the validated config and the database path
    (``--db`` > ``$WAGEWATCH_DB`` > the config's ``[database] path``)."""

    def __init__(self, db_path: str | None, config_path: str | None):
        self.config_path = config_path or os.environ.get("WAGEWATCH_CONFIG")
        try:
            self.config = config_module.load(config_path)
        except config_module.ConfigError as exc:
            raise click.ClickException(f"configuration error: {exc}") from None
        self.db_path = storage.resolve_db_path(
            db_path or os.environ.get("WAGEWATCH_DB") or self.config["database"]["path"]
        )

    def db(self):
        return storage.open_db(self.db_path)


OFFICER = click.option("--by", "who", envvar="WAGEWATCH_OFFICER", required=True,
                       help="Who does it (else $WAGEWATCH_OFFICER); recorded in the ledger.")  # fmt: skip


def lead_or_fail(database, ref: str) -> dict:
    lead = storage.find_lead(database, ref)
    if lead is None:
        raise click.ClickException(f"no lead {ref!r} (give its number or its L-… id)")
    return lead


def transition(func, *args, **kwargs):
    """Call a lifecycle function; a refused move ends as a one-line error."""
    from triage.followup import TransitionError

    try:
        return func(*args, **kwargs)
    except TransitionError as exc:
        raise click.ClickException(str(exc)) from None


# what a terminal would obey instead of show: C0/C1 control characters (escape sequences that recolour,
# clear or retitle the officer's terminal, NUL, carriage returns that overwrite a line) and the Unicode
# bidirectional overrides that reorder text on screen
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(text: object) -> str:
    """``text`` made safe to print as one terminal line: line breaks and tabs become spaces, every
    other control or bidi-override character its visible escape (``\\x1b``, ``\\u202e``).

    >>> shown("老板欠薪\x1b[2J\u202e!")
    '老板欠薪\\x1b[2J\\u202e!'
    """
    value = str(text).replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return UNSAFE.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}", value
    )


def say(line: object) -> None:
    """Print one line that may hold scraped text (``shown``)."""
    click.echo(shown(line))
