"""The app factory and the answers every layer shares: health and errors."""

from core.config import PROJECT_ROOT
from tests.conftest import PRODUCTION_SETTINGS
from server.factory import create_app


def test_the_app_reads_its_configuration_once_at_creation(app, database_url):
    runtime = app.extensions["comptoir"]
    assert runtime.settings.database_url == database_url
    assert app.config["SECRET_KEY"] == runtime.settings.secret_key


def test_health_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_health_answers_503_with_retry_after_when_the_database_is_down(make_app, tmp_path):
    broken = make_app(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.headers["Retry-After"]


def test_an_unknown_page_is_a_404_page_in_french_by_default(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Cette page n’existe pas" in response.get_data(as_text=True)


def test_an_unknown_page_is_in_english_for_an_english_browser(client):
    response = client.get("/no/such/page", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert response.status_code == 404
    assert "This page does not exist" in response.get_data(as_text=True)


def test_json_clients_get_json_errors(client):
    response = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["status"] == 404


def test_session_cookies_are_http_only_lax_and_secure_in_production(app, make_app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SESSION_COOKIE_SECURE"] is False
    production = make_app(**PRODUCTION_SETTINGS)
    assert production.config["SESSION_COOKIE_SECURE"] is True


def test_the_app_is_importable_the_way_gunicorn_loads_it():
    import main

    assert main.create_app is create_app
    assert (PROJECT_ROOT / "main.py").exists()
