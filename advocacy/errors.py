"""Errors of the gateway that carry the rule decision explaining them."""

from __future__ import annotations

from core.i18n import N_
from social.errors import Conflict
from advocacy.rules.findings import Decision


class RuleBlocked(Conflict):
    """The rules do not let this share go out (now, or at all); `decision` says why."""

    default_message = N_("The publication rules do not allow this share.")

    def __init__(self, decision: Decision, message: str | None = None):
        super().__init__(message)
        self.decision = decision


class NotShareable(Conflict):
    """The proposal is not (or no longer) approved, open and unchanged."""

    default_message = N_("This post is not open for sharing: it is not approved, it changed "
                         "since its approval, or its offer has closed.")
