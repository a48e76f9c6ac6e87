"""People who left, as Google's Directory tells it: the social layer's side.

An admin deactivates someone with `people.deactivate_user`. When Google's
Directory (integrations/google/directory.py) says an account is suspended,
archived or deleted, the system does the same here, with no admin acting:
`mark_departed`. Either way the person can no longer sign in and their content
stays, attributed. What else leaving means (their X and LinkedIn access, their
shares and consents) is the gateway's: advocacy/offboarding calls these, never
the reverse (advocacy -> social).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.content_versions import BOOKKEEPING
from social.models import Tenant, TenantRole, User
from social.services.audit import record_audit


def mark_departed(db: Session, user: User, standing: str, now: datetime) -> bool:
    """Deactivates a person Google says is gone; True if they were active. Commits.

    Google's word wins over "the firm needs an admin": a suspended admin can no
    more sign in to Google than to Comptoir."""
    if not user.is_active:
        return False
    user.is_active = False
    user.directory_checked_at = now
    record_audit(db, None, "user.deactivated", "user", user.id, tenant_id=user.tenant_id,
                 via="google_directory", standing=standing)
    db.commit()
    return True


def record_directory_check(db: Session, user_id: int, now: datetime) -> None:
    """The Directory said this person is active, at `now`. Commits."""
    db.execute(update(User).where(User.id == user_id).values(directory_checked_at=now)
               .execution_options(**{BOOKKEEPING: True}))
    db.commit()


def people_to_check(db: Session, domain: str, checked_before: datetime,
                    limit: int) -> list[User]:
    """Active members (never guests) of the firm of `domain` whom the Directory has not
    vouched for since `checked_before`, those never checked first (system session)."""
    tenant_id = db.scalar(select(Tenant.id).where(Tenant.domain == domain.lower()))
    if tenant_id is None:
        return []
    checked = User.directory_checked_at
    return list(db.scalars(select(User).where(
        User.tenant_id == tenant_id, User.is_active.is_(True), User.role != TenantRole.GUEST,
        User.erased_at.is_(None), (checked.is_(None)) | (checked < checked_before))
        .order_by(checked.asc().nulls_first(), User.id).limit(limit)))
