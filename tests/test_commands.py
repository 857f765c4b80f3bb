"""Commands never print a traceback: an unforeseen problem becomes one plain line, the
traceback goes to the instance folder's log (``marketplace/commands.py``)."""

from __future__ import annotations

import pytest

from marketplace.commands import LOG_NAME, CommandGroup
from tests.fresh import dispose, empty_database, make_app


@pytest.fixture
def db_session():
    """These tests use their own apps and databases, not the rolled-back session."""
    yield


def test_an_unforeseen_error_is_one_line_and_the_traceback_goes_to_the_log(tmp_path):
    with empty_database(tmp_path) as url:
        app = make_app(url)
        try:
            app.instance_path = str(tmp_path)
            group = CommandGroup("trial")

            @group.command("fail")
            def fail():
                raise RuntimeError("Amal from 2060 could not be read")

            app.cli.add_command(group)
            result = app.test_cli_runner().invoke(args=["trial", "fail"])
        finally:
            dispose(app)

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "Amal" not in result.output  # the message may hold personal data
    assert "an unexpected problem (RuntimeError)" in result.output
    log = (tmp_path / LOG_NAME).read_text()
    assert "Traceback" in log and "Amal from 2060" in log and "trial fail" in log


def test_a_command_on_a_database_that_is_not_set_up_says_how_to_set_it_up(tmp_path):
    with empty_database(tmp_path) as url:
        app = make_app(url)
        try:
            app.instance_path = str(tmp_path)
            result = app.test_cli_runner().invoke(
                args=["records", "export", str(tmp_path / "out.jsonl")])
        finally:
            dispose(app)

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "the database is not set up (run `flask db upgrade` first)" in result.output


def test_expected_problems_keep_their_own_words(app, tmp_path):
    existing = tmp_path / "taken.jsonl.gz"
    existing.write_text("")
    result = app.test_cli_runner().invoke(args=["backup", "dump", str(existing)])
    assert result.exit_code == 1
    assert "exists already" in result.output
    assert "command stopped" not in result.output
