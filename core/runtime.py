"""What a process holds for its lifetime: settings, the database, outside adapters.

Built once (by the app factory or the worker command). Adapters are built here,
from settings, never at import time; clients that cost something to build are
built on first use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from core.config import Settings
from core.database import Database
from integrations.google.drive import DriveClient
from integrations.google.gmail import GmailClient
from integrations.google.oidc import GoogleSignIn
from integrations.google.certs import CertsCache, ChainedCerts, StaticCerts
from integrations.google.id_tokens import TokenVerifier
from integrations.google.local_keys import LocalSigningKey


@dataclass
class Runtime:
    settings: Settings
    database: Database
    adapters: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, settings: Settings) -> "Runtime":
        database = Database(settings.resolved_database_url, echo=settings.sql_echo,
                            pool_size=settings.db_pool_size)
        return cls(settings=settings, database=database)

    @cached_property
    def google_certs(self) -> CertsCache:
        return CertsCache(self.settings.google_certs_url)

    @cached_property
    def dev_signing_key(self) -> LocalSigningKey | None:
        """Development only: the key the card preview signs with, trusted in-process."""
        return None if self.settings.is_production else LocalSigningKey(key_id="comptoir-dev")

    @cached_property
    def token_verifier(self) -> TokenVerifier:
        certs = self.google_certs
        if self.dev_signing_key is not None:
            certs = ChainedCerts(StaticCerts(self.dev_signing_key.certs()), certs)
        return TokenVerifier(certs)

    @cached_property
    def google_sign_in(self) -> GoogleSignIn:
        settings = self.settings
        return GoogleSignIn(client_id=settings.effective_google_client_id,
                            client_secret=settings.google_client_secret,
                            issuer_url=settings.google_oidc_issuer_url,
                            authorize_url=settings.google_authorize_url,
                            token_url=settings.google_token_url,
                            allow_loopback_http=not settings.is_production)

    @cached_property
    def drive(self) -> DriveClient:
        return DriveClient(self.settings.google_api_url)

    @cached_property
    def gmail(self) -> GmailClient:
        return GmailClient(self.settings.google_api_url)
