"""What a process holds for its lifetime: settings, the database, outside adapters.

Built once (by the app factory or the worker command). Adapters are built here,
from settings, never at import time; clients that cost something to build are
built on first use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from core.bounded_map import BoundedMap
from core.config import Settings
from core.crypto import TokenCipher
from core.database import Database
from core.network_settings import network_settings
from core.view_cache import ViewCache
from integrations.google.directory import DirectoryClient
from integrations.google.drive import DriveClient
from integrations.google.gmail import GmailClient
from integrations.google.oidc import GoogleSignIn
from integrations.google.certs import CertsCache, ChainedCerts, StaticCerts
from integrations.google.id_tokens import TokenVerifier
from integrations.google.local_keys import LocalSigningKey
from integrations.linkedin import LinkedInOAuth, LinkedInPublisher
from integrations.mail import Mailer, build_mailer
from integrations.networks import Network, Publisher
from integrations.x import XOAuth, XPublisher


# People remembered per process, about a kilobyte each.
CALLERS_KEPT = 10_000


@dataclass
class Runtime:
    settings: Settings
    database: Database
    adapters: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, settings: Settings) -> "Runtime":
        database = Database(settings.resolved_database_url, echo=settings.sql_echo,
                            pool_size=settings.db_pool_size,
                            announce_versions=settings.version_announcements,
                            versions_kept_seconds=settings.view_cache_seconds)
        return cls(settings=settings, database=database)

    @cached_property
    def view_cache(self) -> ViewCache:
        return ViewCache(seconds=self.settings.view_cache_seconds,
                         entries=self.settings.view_cache_entries)

    @cached_property
    def page_cache(self) -> ViewCache:
        """Whole web pages, larger than views: a cache of their own (web/kept_pages.py)."""
        return ViewCache(seconds=self.settings.view_cache_seconds,
                         entries=self.settings.page_cache_entries)

    @cached_property
    def known_callers(self) -> BoundedMap:
        """Who called (add-on people, web sessions' people, feed tokens' owners), as their
        firm's version stood (addon/callers.py, web/auth/session.py,
        social/services/feed_tokens.py)."""
        return BoundedMap(CALLERS_KEPT)

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

    @cached_property
    def directory(self) -> DirectoryClient | None:
        """Google's Directory (who was suspended or deleted); None when not configured."""
        settings = self.settings
        if not settings.google_directory_credentials or not settings.google_directory_admin:
            return None
        return DirectoryClient(settings.google_api_url, settings.google_directory_credentials,
                               settings.google_directory_admin)

    @cached_property
    def mailer(self) -> Mailer | None:
        """SMTP when COMPTOIR_SMTP_URL is set; else, in development, .eml files in the
        instance's outbox/ folder; in production without SMTP, None: nothing is sent."""
        settings = self.settings
        outbox = None if settings.is_production else Path(settings.instance_path) / "outbox"
        return build_mailer(settings.smtp_url, outbox=outbox)

    @cached_property
    def token_cipher(self) -> TokenCipher:
        """Encrypts X and LinkedIn tokens at rest (COMPTOIR_TOKEN_KEY, rotation)."""
        return TokenCipher(self.settings.token_key)

    @cached_property
    def network_settings(self) -> Settings:
        """The settings with, in development, the sandbox standing in for every network
        whose client id is not configured (core/network_settings.py)."""
        return network_settings(self.settings)

    @cached_property
    def x_oauth(self) -> XOAuth | None:
        """Connecting X accounts; None when X is not configured (production only)."""
        settings = self.network_settings
        if not settings.x_client_id:
            return None
        return XOAuth(client_id=settings.x_client_id, client_secret=settings.x_client_secret,
                      authorize_url=settings.x_authorize_url, token_url=settings.x_token_url,
                      api_url=settings.x_api_url,
                      allow_loopback_http=not settings.is_production)

    @cached_property
    def linkedin_oauth(self) -> LinkedInOAuth | None:
        """Connecting LinkedIn accounts; None when LinkedIn is not configured."""
        settings = self.network_settings
        if not settings.linkedin_client_id:
            return None
        return LinkedInOAuth(client_id=settings.linkedin_client_id,
                             client_secret=settings.linkedin_client_secret,
                             oauth_url=settings.linkedin_oauth_url,
                             api_url=settings.linkedin_api_url,
                             allow_loopback_http=not settings.is_production)

    @cached_property
    def publishers(self) -> dict[Network, Publisher]:
        """What the delivery worker publishes through, one per network."""
        settings = self.network_settings
        return {Network.X: XPublisher(settings.x_api_url),
                Network.LINKEDIN: LinkedInPublisher(settings.linkedin_api_url,
                                                    version=settings.linkedin_version)}
