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
