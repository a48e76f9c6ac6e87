"""Who a verified Google identity may sign in as: a person of their own firm, and an
external guest of each firm that invited their address."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import utcnow
from social.models import Tenant, TenantRole, User
from social.services.people import Identity, enroll_user


@dataclass(frozen=True)
class GoogleAccount:
    """A verified Google account: a Workspace one has a domain, a personal one none."""

    subject: str
    email: str
    domain: str | None
    name: str = ""
    picture: str | None = None


@dataclass(frozen=True)
class SignInOption:
    user_id: int
    tenant_id: int
    firm: str
    is_guest: bool


def sign_in_options(db: Session, identity: GoogleAccount, *, allowed_domains: tuple[str, ...] = (),
                    now: datetime | None = None) -> list[SignInOption]:
    """The firms this person may enter. `db` must be a system session: invitations are
    looked up across firms. Their own firm is created on first sign-in, unless they
    only came as someone's guest."""
    now = now or utcnow()
    email = identity.email.lower()
    invitations = db.scalars(select(User).where(User.email == email,
                                                User.role == TenantRole.GUEST,
                                                User.is_active.is_(True))).all()
    options = []
    own_domain = identity.domain.lower() if identity.domain else None
    if own_domain and (not allowed_domains or own_domain in {d.lower() for d in allowed_domains}):
        firm_exists = db.scalar(select(Tenant.id).where(Tenant.domain == own_domain)) is not None
        if firm_exists or not invitations:
            user = enroll_user(db, Identity(subject=identity.subject, email=identity.email,
                                            domain=own_domain, name=identity.name,
                                            picture=identity.picture), now=now)
            options.append(_option(db, user))
    for guest in invitations:
        if guest.tenant_id in {option.tenant_id for option in options}:
            continue
        if guest.google_sub not in (None, identity.subject):
            continue  # this address was claimed by another Google account
        guest.google_sub = identity.subject
        guest.last_seen_at = now
        options.append(_option(db, guest))
    db.commit()
    return options


def _option(db: Session, user: User) -> SignInOption:
    firm = db.scalar(select(Tenant.name).where(Tenant.id == user.tenant_id)) or ""
    return SignInOption(user_id=user.id, tenant_id=user.tenant_id, firm=firm,
                        is_guest=user.role == TenantRole.GUEST)
