"""When the database is down, pages answer 503 with Retry-After: never a bare 500."""

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/none"


def test_a_signed_in_page_answers_503_with_retry_after_when_the_database_is_gone(
        make_app, web_settings):
    client = make_app(**web_settings, database_url=UNREACHABLE).test_client()
    with client.session_transaction() as session:
        session["uid"], session["tid"] = 1, 1
    response = client.get("/spaces")
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert "indisponible" in response.get_data(as_text=True)


def test_a_statement_that_fails_mid_request_leaves_a_readable_error_page_for_the_person(
        make_app, web_settings, db):
    """A failed statement aborts the transaction (PostgreSQL then refuses every other
    statement): the session is rolled back before the error page, so the page still
    knows who is signed in and answers in their language."""
    from sqlalchemy import text

    from server.db_session import request_db
    from tests.factories import make_firm, make_person, user_row
    from tests.web.conftest import enter_as

    firm = make_firm(db, "atelier.fr", "Alice Admin")
    lea = make_person(db, firm, "Léa Martin")
    user_row(db, lea).preferred_language = "en"
    db.commit()
    app = make_app(**web_settings)
    app.add_url_rule("/failing-statement", "failing_statement",
                     lambda: request_db().execute(text("SELECT * FROM no_such_table")))
    response = enter_as(app.test_client(), lea).get("/failing-statement")
    assert response.status_code in (500, 503)  # SQLite calls a missing table operational
    page = response.get_data(as_text=True)
    if response.status_code == 500:
        assert "Something went wrong on our side" in page
    else:
        assert "Retry-After" in response.headers
