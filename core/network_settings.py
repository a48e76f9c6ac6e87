"""Which X and LinkedIn this process talks to: the configured ones, or the sandbox.

In development, a network whose OAuth client id is not configured is served by
the sandbox mounted in the development server (sandbox/, at
COMPTOIR_BASE_URL + /dev/sandbox), with the sandbox's own client: connecting
accounts and publishing then work in the demo with no real account. Production
never does this: an unconfigured network there is simply not offered.
"""

from __future__ import annotations

from dataclasses import replace

from core.config import Settings
from integrations.networks import Network
from sandbox.endpoints import MOUNT_PATH, settings_for

_FIELDS = {
    Network.X: ("x_client_id", "x_client_secret", "x_api_url", "x_authorize_url",
                "x_token_url"),
    Network.LINKEDIN: ("linkedin_client_id", "linkedin_client_secret", "linkedin_api_url",
                       "linkedin_oauth_url"),
}


def sandboxed_networks(settings: Settings) -> frozenset[Network]:
    if settings.is_production:
        return frozenset()
    return frozenset(network for network in Network
                     if not getattr(settings, _FIELDS[network][0]))


def network_settings(settings: Settings) -> Settings:
    """`settings`, with the sandbox's URLs and client for each sandboxed network."""
    sandbox = settings_for(settings.base_url.rstrip("/") + MOUNT_PATH)
    changes = {name: sandbox[name] for network in sandboxed_networks(settings)
               for name in _FIELDS[network]}
    return replace(settings, **changes) if changes else settings
