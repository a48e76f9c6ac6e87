"""What an erased person's row becomes: a pseudonym that holds nothing of theirs.

The row stays so that what they wrote, when the admin keeps it, still has an author
(foreign keys, reaction counts, threads). Its name is the English placeholder below,
translated wherever it is shown (web/filters.py): every erased person is the same
"Former member", so the name tells nothing about who they were.
"""

from __future__ import annotations

from datetime import datetime

from core.i18n import N_
from core.text import fold
from social.models import DigestFrequency, TenantRole, User

FORMER_MEMBER = N_("Former member")
ERASED_DOMAIN = "erased.invalid"  # RFC 2606: no mail can ever be delivered there


def pseudonymize(user: User, now: datetime) -> None:
    """Replaces every identifier on the row; unique per firm by the row's own id."""
    user.google_sub = None
    user.email = f"erased-{user.id}@{ERASED_DOMAIN}"
    user.name = FORMER_MEMBER
    user.name_folded = fold(FORMER_MEMBER)
    user.handle = f"former-member-{user.id}"
    user.avatar_url = None
    user.locale = "fr"
    user.preferred_language = None
    user.time_zone = "Europe/Paris"
    user.digest_frequency = DigestFrequency.OFF
    user.role = TenantRole.MEMBER
    user.is_active = False
    user.last_seen_at = None
    user.directory_checked_at = None
    user.erased_at = now


def is_erased(user: User) -> bool:
    return user.erased_at is not None
