"""The command line, run as a person would: `python main.py ...` and gunicorn."""

import sys
import urllib.request

from sqlalchemy import func, select

from social.models import Post, Space, Tenant, User
from tests.support import command_env, free_port, run_main, running


def test_db_upgrade_creates_the_schema_in_an_empty_sqlite_file(instance_path):
    env = command_env(COMPTOIR_INSTANCE_PATH=str(instance_path))
    result = run_main("db", "upgrade", env=env)
    assert result.returncode == 0, result.stderr
    assert (instance_path / "comptoir.sqlite3").exists()
    assert "up to date" in result.stdout


def test_seed_demo_seeds_a_french_firm_once(database_url, clean_database):
    env = command_env(COMPTOIR_DATABASE_URL=database_url)
    first = run_main("seed-demo", env=env)
    assert first.returncode == 0, first.stderr
    with clean_database.system_session() as db:
        tenant = db.scalar(select(Tenant))
        assert tenant.name == "Atelier Lumière"
        assert db.scalar(select(func.count()).select_from(User)) == 8
        assert db.scalar(select(func.count()).select_from(Space)) == 6
        assert {space.kind for space in db.scalars(select(Space))} == {"professional",
                                                                       "interest"}
        assert "secret" in {space.visibility for space in db.scalars(select(Space))}
        assert db.scalar(select(func.count()).select_from(Post)) == 10
    again = run_main("seed-demo", "--if-empty", env=env)
    assert again.returncode == 0
    assert "nothing seeded" in again.stdout


def test_serve_answers_on_the_chosen_port(database_url, clean_database, tmp_path):
    port = free_port()
    env = command_env(COMPTOIR_DATABASE_URL=database_url,
                      COMPTOIR_INSTANCE_PATH=str(tmp_path))
    command = [sys.executable, "main.py", "serve", "--port", str(port), "--no-worker"]
    with running(command, env, f"http://127.0.0.1:{port}/healthz", tmp_path / "serve.log"):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
            assert response.status == 200
            assert "Comptoir" in response.read().decode()


def test_gunicorn_serves_the_app_configured_from_the_environment(database_url, clean_database,
                                                                 tmp_path):
    port = free_port()
    env = command_env(COMPTOIR_ENV="production", COMPTOIR_DATABASE_URL=database_url,
                      COMPTOIR_SECRET_KEY="s" * 40,
                      COMPTOIR_BASE_URL="https://comptoir.example.fr",
                      COMPTOIR_ADDON_SERVICE_ACCOUNT="service-1@gcp-sa-gsuiteaddons.iam.gserviceaccount.com",
                      COMPTOIR_GOOGLE_CLIENT_ID="1-comptoir.apps.googleusercontent.com",
                      COMPTOIR_TOKEN_KEY="kWZ0bT3Ij2Z8x1m0zQJ4yq5xk1Vf0g0m0L2q3r4s5t4=")
    command = [sys.executable, "-m", "gunicorn", "main:create_app()", "--workers", "2",
               "--bind", f"127.0.0.1:{port}"]
    with running(command, env, f"http://127.0.0.1:{port}/healthz", tmp_path / "gunicorn.log"):
        pass


def test_the_worker_drains_and_exits(database_url):
    result = run_main("worker", "--drain", env=command_env(COMPTOIR_DATABASE_URL=database_url))
    assert result.returncode == 0, result.stderr
    assert "Worker stopped" in result.stdout


def test_settings_prints_every_variable_as_a_table(instance_path):
    result = run_main("settings", env=command_env(COMPTOIR_INSTANCE_PATH=str(instance_path)))
    assert result.returncode == 0
    assert "| `COMPTOIR_DATABASE_URL` |" in result.stdout
    assert "| `COMPTOIR_SECRET_KEY` |" in result.stdout
