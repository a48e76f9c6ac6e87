"""Telling people afterwards what went out on their accounts through a standing consent."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import select

from advocacy.models import Delivery, DeliveryOrigin, DeliveryStatus
from advocacy.notices.mail import Letterhead, consent_report
from advocacy.services.consents import consent_shares_to_report, mark_reported
from core.database import Database
from social.actor import Actor
from social.models import User
from social.notifications.sharing import consent_shares_sent

# A delivery goes out before its offer ends, at most 90 days after it was scheduled:
# reading sent rows scheduled since then keeps the (status, scheduled_at) index useful.
HORIZON = timedelta(days=92)
BATCH = 100


def report_consent_shares(database: Database, letterhead: Letterhead,
                          now: datetime) -> list[EmailMessage]:
    """One notification (and e-mail) per person with unreported consent shares, written
    with the shares marked reported in one transaction; returns the e-mails."""
    messages: list[EmailMessage] = []
    with database.system_session() as db:
        people = db.execute(select(Delivery.tenant_id, Delivery.user_id).join(
            User, User.id == Delivery.user_id).where(
            Delivery.status == DeliveryStatus.SENT, Delivery.scheduled_at >= now - HORIZON,
            Delivery.origin == DeliveryOrigin.CONSENT, Delivery.reported_at.is_(None),
            User.is_active.is_(True)).distinct().order_by(Delivery.user_id).limit(BATCH)).all()
        for tenant_id, user_id in people:
            user = db.scalar(select(User).where(User.id == user_id, User.tenant_id == tenant_id))
            actor = Actor.of(user)
            shares = consent_shares_to_report(db, actor)
            if not shares:
                continue
            consent_shares_sent(db, tenant_id=tenant_id, user_id=user_id,
                                networks=[share.network for share in shares], count=len(shares))
            mark_reported(db, actor, [share.id for share in shares], now=now)  # commits both
            messages.append(consent_report(user, letterhead, shares))
    return messages
