"""The admin page: the firm's people and roles, its featured posts, its audit log.

Only the firm's admins read these. Changing a role or (de)activating someone is
in social.services.people; this module only reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from core.text import fold
from social.actor import Actor, require_active
from social.errors import Forbidden
from social.models import AuditEntry, Post, User
from social.moderation.visibility import not_hidden
from social.pagination import Page, cut, decode_cursor, encode_cursor, page_size
from social.services.activity import ActivitySeries, activity
from social.services.assemble import person_ref, post_views
from social.services.audit import list_audit
from social.services.feeds import readable_space_ids
from social.views import PersonRef, PostView

FEATURED_SHOWN = 10
ACTIONS_LISTED = 100


@dataclass(frozen=True)
class PersonRow:
    person: PersonRef
    email: str
    role: str
    is_active: bool
    last_seen_at: datetime | None
    is_me: bool


@dataclass(frozen=True)
class AdminScreen:
    people: Page[PersonRow]
    query: str
    featured: list[PostView]
    activity: ActivitySeries  # the firm's last 12 weeks


@dataclass(frozen=True)
class AuditRow:
    id: int
    action: str
    actor: PersonRef | None  # None for the system, or someone since removed
    target_type: str
    target_id: str
    details: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True)
class AuditScreen:
    entries: Page[AuditRow]
    actions: list[str]  # every action the firm's log holds, for the filter
    action: str | None


def _require_admin(actor: Actor) -> None:
    require_active(actor)
    if not actor.is_admin:
        raise Forbidden()


def admin_screen(db: Session, actor: Actor, *, query: str = "", cursor: str | None = None,
                 limit: int | None = None) -> AdminScreen:
    _require_admin(actor)
    return AdminScreen(people=people_for_admin(db, actor, query=query, cursor=cursor,
                                               limit=limit),
                       query=query, featured=featured_posts(db, actor),
                       activity=activity(db, actor))


def people_for_admin(db: Session, actor: Actor, *, query: str = "", cursor: str | None = None,
                     limit: int | None = None) -> Page[PersonRow]:
    """Everyone of the firm, deactivated people and guests included, by name (erased
    people are pseudonyms, not people: they are not listed)."""
    _require_admin(actor)
    limit = page_size(limit)
    statement = select(User).where(User.tenant_id == actor.tenant_id, User.erased_at.is_(None))
    if query.strip():
        folded = fold(query)
        statement = statement.where(User.name_folded.contains(folded, autoescape=True)
                                    | User.email.contains(query.strip().lower(),
                                                          autoescape=True))
    key = decode_cursor(cursor, str, int)
    if key:
        statement = statement.where((User.name_folded > key[0])
                                    | ((User.name_folded == key[0]) & (User.id > key[1])))
    users, more = cut(db.scalars(statement.order_by(User.name_folded, User.id)
                                 .limit(limit + 1)).all(), limit)
    rows = [PersonRow(person_ref(user), user.email, user.role, user.is_active,
                      user.last_seen_at, user.id == actor.user_id) for user in users]
    last = users[-1] if more else None
    return Page(rows, encode_cursor(last.name_folded, last.id) if last else None)


def featured_posts(db: Session, actor: Actor, limit: int = FEATURED_SHOWN) -> list[PostView]:
    """The posts currently featured, most recently featured first, that the admin reads."""
    _require_admin(actor)
    posts = db.scalars(
        select(Post).options(joinedload(Post.author), joinedload(Post.space))
        .where(Post.tenant_id == actor.tenant_id, Post.featured_at.is_not(None),
               not_hidden(Post), Post.space_id.in_(readable_space_ids(actor)))
        .order_by(Post.featured_at.desc(), Post.id.desc()).limit(limit)).unique().all()
    return post_views(db, actor, posts)


def audit_screen(db: Session, actor: Actor, *, action: str | None = None,
                 cursor: str | None = None, limit: int | None = None,
                 since: datetime | None = None, until: datetime | None = None) -> AuditScreen:
    """The audit log, newest first, optionally of one kind of action and of a period, with
    who did it."""
    _require_admin(actor)
    page = list_audit(db, actor, action=action or None, cursor=cursor, limit=limit,
                      since=since, until=until)
    ids = {entry.actor_id for entry in page.items if entry.actor_id}
    people = {user.id: user for user in db.scalars(select(User).where(
        User.id.in_(ids), User.tenant_id == actor.tenant_id))} if ids else {}
    rows = [AuditRow(entry.id, entry.action,
                     person_ref(people[entry.actor_id]) if entry.actor_id in people else None,
                     entry.target_type, entry.target_id, dict(entry.details or {}),
                     entry.created_at) for entry in page.items]
    actions = list(db.scalars(select(AuditEntry.action).distinct()
                              .where(AuditEntry.tenant_id == actor.tenant_id)
                              .order_by(AuditEntry.action).limit(ACTIONS_LISTED)))
    return AuditScreen(Page(rows, page.next_cursor), actions, action or None)
