"""Unsubscribing from a digest link, without signing in: the signed token is the proof.

A token names one person and only lets digests be switched off for them; the
page that shows it learns nothing else (their name and address, which the
mail it came in already held).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.database import bind_tenant
from core.i18n import negotiate_language
from social.actor import Actor
from social.digests.tokens import read_unsubscribe_token
from social.errors import NotFound
from social.models import DigestFrequency, User
from social.services.audit import record_audit


@dataclass(frozen=True)
class Subscription:
    user_id: int
    name: str
    email: str
    language: str
    frequency: str

    @property
    def is_on(self) -> bool:
        return self.frequency != DigestFrequency.OFF


def _person(db: Session, secret_key: str, token: str) -> User:
    subscriber = read_unsubscribe_token(secret_key, token)
    if subscriber is None:
        raise NotFound()
    bind_tenant(db, subscriber.tenant_id)
    user = db.scalar(select(User).where(User.id == subscriber.user_id,
                                        User.tenant_id == subscriber.tenant_id))
    if user is None:
        raise NotFound()
    return user


def _subscription(user: User) -> Subscription:
    return Subscription(user_id=user.id, name=user.name, email=user.email,
                        language=negotiate_language(user.preferred_language or user.locale),
                        frequency=user.digest_frequency)


def subscription_for(db: Session, secret_key: str, token: str) -> Subscription:
    """The person a genuine token names; NotFound for any other token."""
    return _subscription(_person(db, secret_key, token))


def unsubscribe(db: Session, secret_key: str, token: str) -> Subscription:
    """Switches that person's digests off; doing it twice changes nothing more."""
    user = _person(db, secret_key, token)
    if user.digest_frequency != DigestFrequency.OFF:
        previous, user.digest_frequency = user.digest_frequency, DigestFrequency.OFF
        record_audit(db, Actor.of(user), "digest.unsubscribed", "user", user.id,
                     before=previous, via="link")
        db.commit()
    return _subscription(user)
