"""Firms and their people: enrolment from a verified Google identity, roles, activation."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.database import NAMES_ITS_TENANT, bind_tenant
from core.i18n import LANGUAGES, N_, is_valid_zone
from core.text import clean_line, fold
from social.actor import Actor, require_active
from social.errors import Conflict, Forbidden, InvalidInput
from social.models import DigestFrequency, Profile, Tenant, TenantRole, User
from social.services.access import load_person
from social.services.audit import record_audit
from social.services.versions import hold_callers_firm


SEEN_PRECISION = timedelta(minutes=15)


@dataclass(frozen=True)
class Identity:
    """A person as Google vouches for them (a verified ID token's claims)."""

    subject: str
    email: str
    domain: str
    name: str = ""
    picture: str | None = None
    locale: str | None = None


def ensure_tenant(db: Session, domain: str) -> Tenant:
    domain = domain.strip().lower()
    tenant = db.scalar(select(Tenant).where(Tenant.domain == domain))
    if tenant is not None:
        return tenant
    try:
        with db.begin_nested():
            tenant = Tenant(domain=domain, name=domain)
            db.add(tenant)
    except IntegrityError:  # another request created it first
        tenant = db.scalar(select(Tenant).where(Tenant.domain == domain))
    return tenant


def enroll_user(db: Session, identity: Identity, *, now: datetime | None = None,
                language: str | None = None) -> User:
    """The person behind a verified identity, created on first use.

    The first person of a firm becomes its admin. An invited guest, known by
    e-mail only, is linked to their Google account the first time they come.
    """
    now = now or utcnow()
    user = _known_person(db, identity)
    if user is not None:
        bind_tenant(db, user.tenant_id)
        if is_up_to_date(user, identity, now):
            return user
    else:  # new here, or an invited guest who comes for the first time
        tenant = ensure_tenant(db, identity.domain)
        bind_tenant(db, tenant.id)
        user = db.scalar(select(User).where(User.tenant_id == tenant.id,
                                            User.email == identity.email.lower(),
                                            User.google_sub.is_(None)))
        if user is None:
            user = _create_user(db, tenant, identity, language)
    user.google_sub = identity.subject
    user.email = identity.email.lower()
    if identity.name:
        user.name = clean_line(identity.name)[:200] or user.name
        user.name_folded = fold(user.name)
    if identity.picture:
        user.avatar_url = identity.picture[:2048]
    user.last_seen_at = now
    db.commit()
    return user


def _known_person(db: Session, identity: Identity) -> User | None:
    """Someone who came before, with their firm, in one statement (every add-on request
    starts here): the firm stays in the session, so `db.get(Tenant, id)` costs nothing."""
    row = db.execute(_known_person_statement(), {
        "domain": identity.domain.strip().lower(), "subject": identity.subject}).first()
    if row is None:
        return None
    user, tenant = row
    hold_callers_firm(db, tenant)
    return user


@functools.cache
def _known_person_statement():
    """Built once: a statement built afresh costs its cache key on every request (a
    tenth of a cached homepage's time)."""
    return (select(User, Tenant).join(Tenant, Tenant.id == User.tenant_id)
            .where(Tenant.domain == bindparam("domain"),
                   User.google_sub == bindparam("subject"))
            .execution_options(**{NAMES_ITS_TENANT: True}))


def is_up_to_date(user, identity: Identity, now: datetime) -> bool:
    """Nothing to write: same name, e-mail and picture, and seen recently. `user`: a User,
    or what a process remembers of one (addon/callers.py)."""
    return (user.email == identity.email.lower()
            and (not identity.name or user.name == clean_line(identity.name)[:200])
            and (not identity.picture or user.avatar_url == identity.picture[:2048])
            and user.last_seen_at is not None
            and now - user.last_seen_at < SEEN_PRECISION)


def _create_user(db: Session, tenant: Tenant, identity: Identity, language: str | None) -> User:
    has_people = db.scalar(select(func.count()).select_from(User)
                           .where(User.tenant_id == tenant.id)) > 0
    name = clean_line(identity.name)[:200] or identity.email.split("@")[0]
    user = User(tenant_id=tenant.id, google_sub=identity.subject, email=identity.email.lower(),
                name=name, name_folded=fold(name), avatar_url=identity.picture,
                handle=unique_handle(db, tenant.id, identity.email),
                locale=language or "fr",
                role=TenantRole.MEMBER if has_people else TenantRole.ADMIN)
    db.add(user)
    db.flush()
    db.add(Profile(tenant_id=tenant.id, user_id=user.id))
    return user


def unique_handle(db: Session, tenant_id: int, email: str) -> str:
    base = re.sub(r"[^a-z0-9._-]", "", fold(email.split("@")[0]))
    base = base.strip("._-")[:56] or "user"
    taken = set(db.scalars(select(User.handle).where(User.tenant_id == tenant_id,
                                                     User.handle.like(base + "%"))))
    handle, suffix = base, 1
    while handle in taken:
        suffix += 1
        handle = f"{base}{suffix}"
    return handle


def _require_admin(actor: Actor) -> None:
    require_active(actor)
    if not actor.is_admin:
        raise Forbidden()


def set_tenant_role(db: Session, actor: Actor, user_id: int, role: str) -> User:
    _require_admin(actor)
    if role not in set(TenantRole):
        raise InvalidInput(field="role")
    user = load_person(db, actor, user_id)
    if user.role == TenantRole.ADMIN and role != TenantRole.ADMIN:
        _keep_an_admin(db, actor, user)
    previous, user.role = user.role, role
    record_audit(db, actor, "user.role_changed", "user", user.id, before=previous, after=role)
    db.commit()
    return user


def deactivate_user(db: Session, actor: Actor, user_id: int) -> User:
    """Someone who left: they can no longer sign in; their content stays, attributed."""
    _require_admin(actor)
    user = load_person(db, actor, user_id)
    if user.id == actor.user_id:
        raise Conflict(N_("You cannot deactivate yourself."))
    if user.role == TenantRole.ADMIN:
        _keep_an_admin(db, actor, user)
    user.is_active = False
    record_audit(db, actor, "user.deactivated", "user", user.id)
    db.commit()
    return user


def reactivate_user(db: Session, actor: Actor, user_id: int) -> User:
    _require_admin(actor)
    user = load_person(db, actor, user_id)
    user.is_active = True
    record_audit(db, actor, "user.reactivated", "user", user.id)
    db.commit()
    return user


def _keep_an_admin(db: Session, actor: Actor, leaving: User) -> None:
    others = db.scalar(select(func.count()).select_from(User).where(
        User.tenant_id == actor.tenant_id, User.role == TenantRole.ADMIN,
        User.is_active.is_(True), User.id != leaving.id))
    if not others:
        raise Conflict(N_("The firm needs at least one active admin."))


FOLLOW_GOOGLE = "auto"


def update_preferences(db: Session, actor: Actor, *, language: str | None = None,
                       time_zone: str | None = None,
                       digest_frequency: str | None = None) -> User:
    """Settings a person chooses; `language` "auto" follows Google's language again."""
    require_active(actor)
    user = load_person(db, actor, actor.user_id)
    if language is not None:
        if language != FOLLOW_GOOGLE and language not in LANGUAGES:
            raise InvalidInput(N_("Choose French or English."), field="language")
        user.preferred_language = None if language == FOLLOW_GOOGLE else language
    if digest_frequency is not None:
        if digest_frequency not in set(DigestFrequency):
            raise InvalidInput(N_("Choose how often to receive the digest."), field="digest")
        user.digest_frequency = digest_frequency
    if time_zone is not None:
        if not is_valid_zone(time_zone):
            raise InvalidInput(N_("This time zone is unknown."), field="time_zone")
        user.time_zone = time_zone
    db.commit()
    return user
