"""Who the benchmarked deployment is: its settings, as an operator would set them.

Fixed values, for the benchmark only: the secret key and the token key below
protect nothing but a local benchmark database.
"""

from __future__ import annotations

from dataclasses import dataclass

BASE_URL = "https://comptoir.bench.invalid"
SERVICE_ACCOUNT = "service-4242@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
CLIENT_ID = "4242-comptoir.apps.googleusercontent.com"
SECRET_KEY = "bench-only-secret-key-" + "k" * 40
TOKEN_KEY = "YmVuY2gtb25seS10b2tlbi1rZXktMzItYnl0ZXMhISE="  # 32 bytes, urlsafe base64
SESSION_COOKIE = "comptoir_session"  # server/factory.py


@dataclass(frozen=True)
class Deployment:
    database_url: str
    certs_url: str
    api_url: str
    pool_size: int = 5
    extra: tuple[tuple[str, str], ...] = ()

    def environment(self) -> dict[str, str]:
        """COMPTOIR_* variables for `gunicorn 'main:create_app()'` in production."""
        return {
            "COMPTOIR_ENV": "production",
            "COMPTOIR_SECRET_KEY": SECRET_KEY,
            "COMPTOIR_DATABASE_URL": self.database_url,
            "COMPTOIR_BASE_URL": BASE_URL,
            "COMPTOIR_ADDON_SERVICE_ACCOUNT": SERVICE_ACCOUNT,
            "COMPTOIR_GOOGLE_CLIENT_ID": CLIENT_ID,
            "COMPTOIR_TOKEN_KEY": TOKEN_KEY,
            "COMPTOIR_GOOGLE_CERTS_URL": self.certs_url,
            "COMPTOIR_GOOGLE_API_URL": self.api_url,
            "COMPTOIR_DB_POOL_SIZE": str(self.pool_size),
            "COMPTOIR_LOG_LEVEL": "WARNING",
            # A handful of synthetic people write hundreds of times a second: abuse limits
            # would measure 429s, not Comptoir.
            "COMPTOIR_RATE_LIMITS": "off",
            "COMPTOIR_TENANT_RATE_LIMITS": "off",
            **dict(self.extra),
        }

    def overrides(self) -> dict[str, str]:
        """The same settings as create_app() overrides, for the in-process counting app."""
        return {key: value for key, value in self.environment().items()}
