"""X (Twitter): publishing with tweepy's v2 Client, connecting accounts with OAuth 2.0 + PKCE."""

from integrations.x.oauth import XOAuth, XUser
from integrations.x.publisher import XPublisher

__all__ = ["XOAuth", "XPublisher", "XUser"]
