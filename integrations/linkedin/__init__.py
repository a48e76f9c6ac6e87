"""LinkedIn: publishing with the Posts API (requests), connecting accounts with OAuth 2.0."""

from integrations.linkedin.oauth import LinkedInMember, LinkedInOAuth
from integrations.linkedin.publisher import LinkedInPublisher

__all__ = ["LinkedInMember", "LinkedInOAuth", "LinkedInPublisher"]
