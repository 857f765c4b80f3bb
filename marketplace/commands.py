"""What every ``flask <group> <command>`` of Werkbrug shares: a clear message instead of
a traceback when a command stops on a problem nobody foresaw.

Commands report the problems they expect (a file that exists, a backup of another
schema) as ``click.ClickException``. Anything else used to print a Python traceback on
the operator's terminal, with paths, SQL and sometimes personal data in it. Now the
session is rolled back, the traceback goes to a log file in the instance folder, and
the terminal gets one line saying what happened and where the details are.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback

import click
from flask import current_app
from flask.cli import AppGroup, ScriptInfo
from sqlalchemy.exc import OperationalError, ProgrammingError

from marketplace.extensions import db

#: The file, in the instance folder, that keeps the tracebacks of failed commands.
LOG_NAME = "command-errors.log"


class CommandGroup(AppGroup):
    """A command group whose commands never print a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise  # click's own ways out already speak plainly
        except Exception as error:
            # The command's own app context has ended by now; the group runs outside it.
            with ctx.ensure_object(ScriptInfo).load_app().app_context():
                message = _explain(ctx, error)
            raise click.ClickException(message) from None


def _explain(ctx: click.Context, error: Exception) -> str:
    """Roll back, keep the traceback in the log file, and say it in one sentence."""
    db.session.rollback()
    log_path = _write_log(ctx, error)
    if isinstance(error, OperationalError | ProgrammingError) and _missing_table(error):
        cause = "the database is not set up (run `flask db upgrade` first)"
    elif isinstance(error, OperationalError):
        cause = "the database could not be reached or was busy"
    else:
        cause = f"an unexpected problem ({type(error).__name__})"
    where = f" The details are in {log_path}." if log_path else ""
    return f"The command stopped: {cause}. What it had not saved yet was not saved.{where}"


def _missing_table(error: Exception) -> bool:
    text = str(getattr(error, "orig", error)).lower()
    return "no such table" in text or ("relation" in text and "does not exist" in text)


def _write_log(ctx: click.Context, error: Exception) -> str | None:
    """Append the traceback to the instance folder's log; None when that cannot be written."""
    folder = current_app.instance_path
    path = os.path.join(folder, LOG_NAME)
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    try:
        os.makedirs(folder, exist_ok=True)
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"--- {stamp} {ctx.command_path} {ctx.invoked_subcommand or ''}\n")
            log.write("".join(traceback.format_exception(error)))
    except OSError:
        return None
    return path
