"""The request's database session: its end never turns an answer into an error."""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from server.db_session import request_db


def test_a_database_gone_when_the_session_closes_leaves_the_answer_as_it_was(make_app, caplog):
    """PostgreSQL restarting ends every connection: a request whose answer is ready may
    still hold an open transaction, whose rollback then fails. The answer stands (under
    gunicorn, an error raised there became a bare 500); the pool drops the connection."""
    app = make_app()

    def read():
        session = request_db()
        session.execute(text("SELECT 1"))
        close = session.close

        def database_gone():
            close()
            raise OperationalError("ROLLBACK", {}, Exception(
                "terminating connection due to administrator command"))

        session.close = database_gone
        return "answered"

    app.add_url_rule("/_test/read-then-restart", view_func=read)

    with caplog.at_level(logging.WARNING, logger="server.db_session"):
        response = app.test_client().get("/_test/read-then-restart")

    assert response.status_code == 200
    assert response.get_data(as_text=True) == "answered"
    [warning] = [r for r in caplog.records if r.name == "server.db_session"]
    assert "OperationalError" in warning.getMessage() and warning.exc_info is None
