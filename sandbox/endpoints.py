"""Where the sandbox answers, and the client it trusts: shared with whoever points at it.

No Flask here: Comptoir's runtime imports this to aim its X and LinkedIn
settings at the sandbox in development, without loading the sandbox itself.
"""

from __future__ import annotations

MOUNT_PATH = "/dev/sandbox"  # inside Comptoir's development server
X_PREFIX = "/x"
LINKEDIN_PREFIX = "/linkedin"
# The one OAuth client the sandbox knows unless told otherwise. Not a secret:
# it opens nothing but the sandbox.
CLIENT_ID = "comptoir-sandbox"
CLIENT_SECRET = "sandbox-client-secret"


def settings_for(base_url: str, *, client_id: str = CLIENT_ID,
                 client_secret: str = CLIENT_SECRET) -> dict[str, str]:
    """Comptoir settings (by attribute name) that point X and LinkedIn at a sandbox
    served at `base_url` (its root, e.g. http://127.0.0.1:8080/dev/sandbox)."""
    base = base_url.rstrip("/")
    x, linkedin = base + X_PREFIX, base + LINKEDIN_PREFIX
    return {
        "x_client_id": client_id, "x_client_secret": client_secret,
        "x_api_url": x, "x_authorize_url": x + "/i/oauth2/authorize",
        "x_token_url": x + "/2/oauth2/token",
        "linkedin_client_id": client_id, "linkedin_client_secret": client_secret,
        "linkedin_api_url": linkedin, "linkedin_oauth_url": linkedin + "/oauth/v2",
    }
