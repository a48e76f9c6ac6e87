"""Reminding people, 7 days ahead, that their LinkedIn connection ends (no refresh there)."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage

from sqlalchemy import select

from advocacy.notices.mail import Letterhead, expiry_reminder
from advocacy.services.accounts import accounts_to_remind, mark_reminded
from core.database import Database
from social.models import User
from social.notifications.sharing import account_expiring


def remind_expiring(database: Database, letterhead: Letterhead,
                    now: datetime) -> list[EmailMessage]:
    """Tells each owner once (the notification and the mark in one transaction);
    returns the e-mails. A deactivated person is marked without being told."""
    messages: list[EmailMessage] = []
    with database.system_session() as db:
        for account in accounts_to_remind(db, now):
            user = db.scalar(select(User).where(User.id == account.user_id,
                                                User.tenant_id == account.tenant_id))
            if user is not None and user.is_active:
                account_expiring(db, tenant_id=account.tenant_id, user_id=user.id,
                                 network=account.network, expires_at=account.expires_at)
                messages.append(expiry_reminder(user, letterhead, network=account.network,
                                                expires_at=account.expires_at))
            mark_reminded(db, account.id, now)  # commits the notification with the mark
    return messages
