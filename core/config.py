"""Settings: read once, when the app is created, from `COMPTOIR_*` variables.

Every setting is declared here with its variable, its parser, its default and a
line of help; the README's settings table is printed from these declarations
(`python main.py settings`), so the two cannot drift apart.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from core.rate_limits import (DEFAULT_LIMITS, DEFAULT_TENANT_LIMITS, WRITE_ACTIONS,
                              parse_limits)

PREFIX = "COMPTOIR_"
# Identities the development card preview signs as, when none are configured.
# Production requires real ones; these never verify against Google's keys.
DEV_ADDON_SERVICE_ACCOUNT = "dev-addon@comptoir.invalid"
DEV_GOOGLE_CLIENT_ID = "comptoir-dev.apps.googleusercontent.com"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigurationError(RuntimeError):
    """A setting is missing or malformed; the message names it."""


def _text(raw: str) -> str:
    return raw.strip()


def _boolean(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected a boolean, got {raw!r}")


def _integer(raw: str) -> int:
    return int(raw.strip())


def _comma_list(raw: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in raw.split(",") if item.strip())


def _setting(env: str, help: str, default: Any = None, parse: Callable[[str], Any] = _text,
             secret: bool = False):
    return field(default=default, metadata={"env": PREFIX + env, "parse": parse,
                                             "help": help, "secret": secret})


@dataclass(frozen=True)
class Settings:
    env: str = _setting("ENV", "`development` (default) or `production`.", "development")
    database_url: str | None = _setting(
        "DATABASE_URL", "SQLAlchemy URL. Default: a SQLite file in the instance folder; "
        "`postgresql+psycopg://user@host/db` in production.")
    secret_key: str | None = _setting(
        "SECRET_KEY", "Signs sessions and tokens. Generated and kept in the instance folder "
        "in development; required in production.", secret=True)
    instance_path: str = _setting(
        "INSTANCE_PATH", "Folder for the SQLite file, the generated secret and the dev outbox.",
        str(PROJECT_ROOT / "instance"))
    base_url: str = _setting(
        "BASE_URL", "Public HTTPS base URL of this deployment (add-on endpoints, links).",
        "http://127.0.0.1:8080")
    addon_audiences: tuple[str, ...] = _setting(
        "ADDON_AUDIENCES", "Comma-separated audiences accepted in the add-on's Bearer token "
        "(the endpoint URLs, or the base URL). Default: the base URL.", (), _comma_list)
    addon_service_account: str | None = _setting(
        "ADDON_SERVICE_ACCOUNT", "E-mail of the add-on's service account "
        "(service-<number>@gcp-sa-gsuiteaddons.iam.gserviceaccount.com). Required in production.")
    google_client_id: str | None = _setting(
        "GOOGLE_CLIENT_ID", "OAuth client id: audience of users' ID tokens (add-on and "
        "sign-in). Required in production.")
    google_client_secret: str | None = _setting(
        "GOOGLE_CLIENT_SECRET", "OAuth client secret, for signing in on the web.", secret=True)
    apps_script_client_id: str | None = _setting(
        "APPS_SCRIPT_CLIENT_ID", "OAuth client id of the Apps Script variant: audience of "
        "`ScriptApp.getIdentityToken()` tokens.")
    google_certs_url: str = _setting(
        "GOOGLE_CERTS_URL", "Where Google's token-signing certificates are fetched.",
        "https://www.googleapis.com/oauth2/v1/certs")
    google_api_url: str = _setting(
        "GOOGLE_API_URL", "Base URL of Google's APIs (Drive, Gmail).",
        "https://www.googleapis.com")
    google_directory_credentials: str | None = _setting(
        "GOOGLE_DIRECTORY_CREDENTIALS", "Path to the JSON key of a service account with "
        "domain-wide delegation (scope admin.directory.user.readonly): people suspended or "
        "deleted in Google leave Comptoir. Unset: Google's Directory is not consulted.")
    google_directory_admin: str | None = _setting(
        "GOOGLE_DIRECTORY_ADMIN", "E-mail of the Workspace admin that service account acts as; "
        "the people of that admin's domain are checked.")
    allowed_domains: tuple[str, ...] = _setting(
        "ALLOWED_DOMAINS", "Comma-separated Workspace domains allowed to use this deployment "
        "(empty: any).", (), _comma_list)
    google_oidc_issuer_url: str = _setting(
        "GOOGLE_OIDC_ISSUER_URL", "OpenID Connect issuer for signing in on the web; its "
        "discovery document names the endpoints.", "https://accounts.google.com")
    google_authorize_url: str | None = _setting(
        "GOOGLE_AUTHORIZE_URL", "Authorization endpoint, when not taken from discovery.")
    google_token_url: str | None = _setting(
        "GOOGLE_TOKEN_URL", "Token endpoint, when not taken from discovery.")
    smtp_url: str | None = _setting(
        "SMTP_URL", "Outgoing mail: `smtp://user:password@host:587?starttls=1` or "
        "`smtps://...`. Unset in development: mails are written to instance/outbox/.",
        secret=True)
    mail_from: str = _setting("MAIL_FROM", "Sender of digests and notices.",
                              "Comptoir <comptoir@localhost>")
    token_key: tuple[str, ...] = _setting(
        "TOKEN_KEY", "Comma-separated Fernet keys encrypting X and LinkedIn tokens at rest; "
        "the first encrypts, all decrypt (rotation). Generated in development; required in "
        "production.", (), _comma_list, secret=True)
    x_client_id: str | None = _setting("X_CLIENT_ID", "X (Twitter) OAuth 2.0 client id.")
    x_client_secret: str | None = _setting("X_CLIENT_SECRET", "X OAuth 2.0 client secret.",
                                           secret=True)
    x_api_url: str = _setting("X_API_URL", "Base URL of X's API.", "https://api.twitter.com")
    x_authorize_url: str = _setting("X_AUTHORIZE_URL", "X's OAuth 2.0 authorization page.",
                                    "https://x.com/i/oauth2/authorize")
    x_token_url: str = _setting("X_TOKEN_URL", "X's OAuth 2.0 token endpoint.",
                                "https://api.x.com/2/oauth2/token")
    linkedin_client_id: str | None = _setting("LINKEDIN_CLIENT_ID", "LinkedIn OAuth client id.")
    linkedin_client_secret: str | None = _setting(
        "LINKEDIN_CLIENT_SECRET", "LinkedIn OAuth client secret.", secret=True)
    linkedin_api_url: str = _setting("LINKEDIN_API_URL", "Base URL of LinkedIn's API.",
                                     "https://api.linkedin.com")
    linkedin_oauth_url: str = _setting("LINKEDIN_OAUTH_URL", "Base URL of LinkedIn's OAuth 2.0.",
                                       "https://www.linkedin.com/oauth/v2")
    linkedin_version: str = _setting("LINKEDIN_VERSION",
                                     "LinkedIn-Version header (YYYYMM) of the Posts API.",
                                     "202510")
    delivery_lease_seconds: int = _setting(
        "DELIVERY_LEASE_SECONDS", "How long a worker holds a claimed share before another "
        "worker may take it over (a crashed worker's shares wait this long). Keep it well above "
        "the networks' 25 s timeout.", 300, _integer)
    default_locale: str = _setting("DEFAULT_LOCALE", "Language when nothing else decides.", "fr")
    default_time_zone: str = _setting(
        "DEFAULT_TIME_ZONE", "Time zone of people whose own is unknown.", "Europe/Paris")
    sql_echo: bool = _setting("SQL_ECHO", "Log every SQL statement (debugging).", False, _boolean)
    db_pool_size: int = _setting(
        "DB_POOL_SIZE", "Connections kept per process (PostgreSQL).", 5, _integer)
    view_cache_seconds: int = _setting(
        "VIEW_CACHE_SECONDS", "How long a view rendered for one person (the add-on's homepage "
        "and Drive file cards, feeds) is served again while nothing changed in their firm; "
        "any change in the firm renders it afresh. Bounds how old its \"2 min ago\" may be. "
        "0 turns it off.", 60, _integer)
    view_cache_entries: int = _setting(
        "VIEW_CACHE_ENTRIES", "Rendered views kept per process (about 10 kB each).",
        4096, _integer)
    page_cache_entries: int = _setting(
        "PAGE_CACHE_ENTRIES", "Web pages (the home, search results) kept per process, "
        "while nothing changed in the person's firm (about 55 kB each).", 512, _integer)
    version_announcements: bool = _setting(
        "VERSION_ANNOUNCEMENTS", "PostgreSQL: each commit that changes a firm tells every "
        "process (LISTEN/NOTIFY), and each process keeps one connection listening, so a "
        "view kept for a person is served again without asking the database. Turn off "
        "behind a pooler in transaction mode (PgBouncer), which cannot LISTEN; then each "
        "request reads its firm's version. Same value in every process.", True, _boolean)
    pg_bin_dir: str | None = _setting(
        "PG_BIN_DIR", "Folder holding the `pg_dump` and `pg_restore` that `python main.py "
        "backup` runs on PostgreSQL (of the server's major version or newer). Unset: "
        "found on the PATH.")
    log_level: str = _setting("LOG_LEVEL", "Python logging level.", "INFO")
    rate_limits: str = _setting(
        "RATE_LIMITS", "Abuse limits per person: comma-separated `action=count/window` (window "
        "in s, m, h or d, as `comment=20/1m`); actions left out keep their default. Actions: "
        "comment, post, reaction, proposal, report, invitation, space, sign_in (per account "
        "e-mail), sign_in_ip (per client address). `reaction=off` lifts one limit; `off` lifts "
        "them all (development). Refused requests get 429 with Retry-After.", DEFAULT_LIMITS)
    tenant_rate_limits: str = _setting(
        "TENANT_RATE_LIMITS", "Abuse limits per firm, shared by all its people, same syntax "
        "(write actions only).", DEFAULT_TENANT_LIMITS)
    redis_url: str | None = _setting(
        "REDIS_URL", "Redis (`redis://host:6379/0`) keeping the rate-limit counters; unset, "
        "they are kept in the database. Either way every process shares them.", secret=True)
    trusted_proxies: int = _setting(
        "TRUSTED_PROXIES", "How many proxies in front of Comptoir append to X-Forwarded-For "
        "(a load balancer: 1). The client address of sign-in limits is read from there; 0 "
        "takes the connecting address.", 0, _integer)

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def is_development(self) -> bool:
        return not self.is_production

    @property
    def effective_addon_service_account(self) -> str:
        return self.addon_service_account or DEV_ADDON_SERVICE_ACCOUNT

    @property
    def effective_google_client_id(self) -> str:
        return self.google_client_id or DEV_GOOGLE_CLIENT_ID

    @property
    def accepted_addon_audiences(self) -> tuple[str, ...]:
        if self.addon_audiences:
            return self.addon_audiences
        base = self.base_url.rstrip("/")
        return (base, base + "/")

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return "sqlite:///" + str(Path(self.instance_path) / "comptoir.sqlite3")


def settings_fields():
    """The declared settings, in order: (attribute, env variable, help, default, secret)."""
    for spec in fields(Settings):
        yield spec.name, spec.metadata["env"], spec.metadata["help"], spec.default, \
            spec.metadata["secret"]


def load_settings(environ: Mapping[str, str] | None = None,
                  overrides: Mapping[str, Any] | None = None) -> Settings:
    """Build Settings from the environment, then apply explicit overrides.

    Overrides may be keyed by attribute (`database_url`) or by variable
    (`COMPTOIR_DATABASE_URL`); string values are parsed like the environment's.
    """
    environ = os.environ if environ is None else environ
    by_env = {spec.metadata["env"]: spec for spec in fields(Settings)}
    by_name = {spec.name: spec for spec in fields(Settings)}
    values: dict[str, Any] = {}
    for spec in fields(Settings):
        raw = environ.get(spec.metadata["env"])
        if raw is not None and raw != "":
            values[spec.name] = _parse(spec, raw)
    for key, value in (overrides or {}).items():
        spec = by_name.get(key) or by_env.get(key)
        if spec is None:
            raise ConfigurationError(f"unknown setting {key!r}")
        values[spec.name] = _parse(spec, value) if isinstance(value, str) and \
            spec.metadata["parse"] is not _text else value
    settings = Settings(**values)
    _check(settings)
    return _with_secret_key(settings)


def _parse(spec, raw: str) -> Any:
    try:
        return spec.metadata["parse"](raw)
    except ValueError as error:
        raise ConfigurationError(f"{spec.metadata['env']}: {error}") from None


def _check(settings: Settings) -> None:
    if settings.env not in {"development", "production"}:
        raise ConfigurationError("COMPTOIR_ENV must be 'development' or 'production'")
    if bool(settings.google_directory_credentials) != bool(settings.google_directory_admin):
        raise ConfigurationError("COMPTOIR_GOOGLE_DIRECTORY_CREDENTIALS and "
                                 "COMPTOIR_GOOGLE_DIRECTORY_ADMIN go together")
    if settings.delivery_lease_seconds < 1:
        raise ConfigurationError("COMPTOIR_DELIVERY_LEASE_SECONDS must be at least 1")
    for name, actions in (("rate_limits", None), ("tenant_rate_limits", WRITE_ACTIONS)):
        try:
            parse_limits(getattr(settings, name), **({"actions": actions} if actions else {}))
        except ValueError as error:
            raise ConfigurationError(f"COMPTOIR_{name.upper()}: {error}") from None
    if settings.trusted_proxies < 0:
        raise ConfigurationError("COMPTOIR_TRUSTED_PROXIES must be 0 or more")
    if settings.is_production:
        if not settings.secret_key or len(settings.secret_key) < 32:
            raise ConfigurationError(
                "COMPTOIR_SECRET_KEY is required in production (at least 32 characters)")
        if not settings.database_url:
            raise ConfigurationError("COMPTOIR_DATABASE_URL is required in production")
        for name in ("ADDON_SERVICE_ACCOUNT", "GOOGLE_CLIENT_ID"):
            if not getattr(settings, name.lower()):
                raise ConfigurationError(f"COMPTOIR_{name} is required in production")
        if not settings.token_key:
            raise ConfigurationError("COMPTOIR_TOKEN_KEY is required in production")
        if not settings.base_url.startswith("https://"):
            raise ConfigurationError("COMPTOIR_BASE_URL must be an https:// URL in production")


def _with_secret_key(settings: Settings) -> Settings:
    """Development keeps generated keys in the instance folder so they survive restarts."""
    if not settings.secret_key:
        settings = replace(settings, secret_key=_kept_secret(settings, "secret_key",
                                                             lambda: secrets.token_urlsafe(48)))
    if not settings.token_key and settings.is_development:
        settings = replace(settings, token_key=(_kept_secret(settings, "token_key",
                                                             _fernet_key),))
    return settings


def _fernet_key() -> str:
    import base64

    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _kept_secret(settings: Settings, name: str, make: Callable[[], str]) -> str:
    key_file = Path(settings.instance_path) / name
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(make())
        key_file.chmod(0o600)
    return key_file.read_text().strip()
