"""What the suggestion pages read besides their lists: the stamps of what a list is
made from come from one statement."""

from __future__ import annotations

from sqlalchemy import event

from marketplace.extensions import db
from tests.suggestions.conftest import driver


def test_both_pages_read_their_data_versions_switch_and_model_in_one_statement(
        client, login_as, users, opportunity):
    """The candidates', opportunities' and taxonomy's data versions, the ranking switch
    and the active model come from one statement (``queries.list_stamps``), not five."""
    amal = driver(users["coach_a"], "Amal")
    login_as("coach_a")
    urls = (f"/suggestions/opportunities/{opportunity.id}", f"/suggestions/candidates/{amal.id}")
    for url in urls:
        assert client.get(url).status_code == 200  # the pools and caches are built
    seen: list[str] = []

    def remember(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    for url in urls:
        seen.clear()
        event.listen(db.engine, "before_cursor_execute", remember)
        try:
            assert "Amal" in client.get(url).get_data(as_text=True)
        finally:
            event.remove(db.engine, "before_cursor_execute", remember)
        stamps = [s for s in seen if "ranking_setting" in s]
        assert len(stamps) == 1, url
        assert "ranking_model" in stamps[0] and stamps[0].count("FROM data_version") == 3
        assert not [s for s in seen if s.startswith(("SELECT data_version.version",
                                                     "SELECT ranking_model.id"))], url
