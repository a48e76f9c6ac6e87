"""Settings are read once, from COMPTOIR_* variables, with defaults that just work."""

import pytest

from core.config import ConfigurationError, load_settings


def test_with_nothing_set_the_database_is_a_sqlite_file_in_the_instance_folder(instance_path):
    settings = load_settings({"COMPTOIR_INSTANCE_PATH": str(instance_path)})
    assert settings.resolved_database_url == f"sqlite:///{instance_path}/comptoir.sqlite3"
    assert settings.env == "development"


def test_a_missing_secret_key_is_generated_once_and_kept_in_the_instance_folder(instance_path):
    first = load_settings({"COMPTOIR_INSTANCE_PATH": str(instance_path)})
    second = load_settings({"COMPTOIR_INSTANCE_PATH": str(instance_path)})
    assert len(first.secret_key) >= 32
    assert first.secret_key == second.secret_key
    assert (instance_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_a_secret_key(instance_path):
    with pytest.raises(ConfigurationError, match="COMPTOIR_SECRET_KEY"):
        load_settings({"COMPTOIR_ENV": "production", "COMPTOIR_INSTANCE_PATH": str(instance_path),
                       "COMPTOIR_DATABASE_URL": "postgresql+psycopg://db/comptoir"})
    assert not (instance_path / "secret_key").exists()


def test_production_requires_an_explicit_database(instance_path):
    with pytest.raises(ConfigurationError, match="COMPTOIR_DATABASE_URL"):
        load_settings({"COMPTOIR_ENV": "production", "COMPTOIR_SECRET_KEY": "k" * 40,
                       "COMPTOIR_INSTANCE_PATH": str(instance_path)})


def test_explicit_overrides_win_over_the_environment(instance_path):
    settings = load_settings({"COMPTOIR_INSTANCE_PATH": str(instance_path),
                              "COMPTOIR_DEFAULT_LOCALE": "fr"},
                             overrides={"default_locale": "en", "COMPTOIR_SQL_ECHO": "true"})
    assert settings.default_locale == "en"
    assert settings.sql_echo is True


@pytest.mark.parametrize("variable,value", [("COMPTOIR_ENV", "staging"),
                                            ("COMPTOIR_SQL_ECHO", "perhaps"),
                                            ("COMPTOIR_DB_POOL_SIZE", "many")])
def test_a_malformed_setting_names_its_variable(instance_path, variable, value):
    with pytest.raises(ConfigurationError, match=variable):
        load_settings({"COMPTOIR_INSTANCE_PATH": str(instance_path), variable: value})


def test_an_unknown_override_is_refused(instance_path):
    with pytest.raises(ConfigurationError, match="unknown"):
        load_settings({"COMPTOIR_INSTANCE_PATH": str(instance_path)}, overrides={"colour": "red"})


@pytest.mark.parametrize("missing", ["COMPTOIR_ADDON_SERVICE_ACCOUNT", "COMPTOIR_GOOGLE_CLIENT_ID",
                                     "COMPTOIR_TOKEN_KEY"])
def test_production_requires_the_google_identities_of_the_add_on(instance_path, missing):
    environ = {"COMPTOIR_ENV": "production", "COMPTOIR_SECRET_KEY": "k" * 40,
               "COMPTOIR_DATABASE_URL": "postgresql+psycopg://db/comptoir",
               "COMPTOIR_BASE_URL": "https://comptoir.example.fr",
               "COMPTOIR_ADDON_SERVICE_ACCOUNT": "service-1@gcp-sa-gsuiteaddons.iam.gserviceaccount.com",
               "COMPTOIR_GOOGLE_CLIENT_ID": "1-comptoir.apps.googleusercontent.com",
               "COMPTOIR_TOKEN_KEY": "kWZ0bT3Ij2Z8x1m0zQJ4yq5xk1Vf0g0m0L2q3r4s5t4="}
    del environ[missing]
    with pytest.raises(ConfigurationError, match=missing):
        load_settings(environ)


def test_the_add_on_audience_defaults_to_the_base_url(instance_path):
    settings = load_settings({"COMPTOIR_INSTANCE_PATH": str(instance_path),
                              "COMPTOIR_BASE_URL": "https://comptoir.example.fr"})
    assert "https://comptoir.example.fr" in settings.accepted_addon_audiences
    listed = load_settings({"COMPTOIR_INSTANCE_PATH": str(instance_path),
                            "COMPTOIR_ADDON_AUDIENCES": "https://a.fr/addon/homepage, https://a.fr"})
    assert listed.accepted_addon_audiences == ("https://a.fr/addon/homepage", "https://a.fr")


def test_development_generates_a_token_key_and_keeps_it(instance_path):
    first = load_settings({"COMPTOIR_INSTANCE_PATH": str(instance_path)})
    again = load_settings({"COMPTOIR_INSTANCE_PATH": str(instance_path)})
    assert len(first.token_key) == 1 and first.token_key == again.token_key


def test_several_token_keys_are_read_in_order_for_rotation(instance_path):
    settings = load_settings({"COMPTOIR_INSTANCE_PATH": str(instance_path),
                              "COMPTOIR_TOKEN_KEY": "new-key, old-key"})
    assert settings.token_key == ("new-key", "old-key")
