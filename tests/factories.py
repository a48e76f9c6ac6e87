"""Building firms, people, spaces and posts for tests, through the real services."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.text import fold
from social.actor import Actor
from social.models import TenantRole, User
from social.services import people, posts, spaces
from social.views import FileRef, PostView

_sequence = itertools.count(1)


@dataclass(frozen=True)
class Firm:
    tenant_id: int
    domain: str
    admin: Actor


def identity(domain: str, name: str, email: str | None = None) -> people.Identity:
    """A verified Google identity; the e-mail (hence the handle) follows the name unless given."""
    handle = fold(name).replace(" ", ".") or f"user{next(_sequence)}"
    return people.Identity(subject=f"sub-{handle}-{domain}-{next(_sequence)}",
                           email=email or f"{handle}@{domain}", domain=domain, name=name)


def make_firm(db: Session, domain: str = "firm-a.fr", admin_name: str = "Alice Admin") -> Firm:
    admin = people.enroll_user(db, identity(domain, admin_name))
    assert admin.role == TenantRole.ADMIN
    return Firm(tenant_id=admin.tenant_id, domain=domain, admin=Actor.of(admin))


def make_person(db: Session, firm: Firm, name: str, role: str = TenantRole.MEMBER,
                locale: str = "fr", email: str | None = None) -> Actor:
    user = people.enroll_user(db, identity(firm.domain, name, email), language=locale)
    if role != user.role:
        user = people.set_tenant_role(db, firm.admin, user.id, role)
    return Actor.of(user)


def make_guest(db: Session, firm: Firm, inviter: Actor, space_id: int, name: str) -> Actor:
    """An external person invited into one space by e-mail."""
    email = f"{fold(name).replace(' ', '.')}@client-{next(_sequence)}.example"
    member = spaces.invite_guest(db, inviter, space_id, email=email, name=name)
    user = db.scalar(select(User).where(User.id == member.person.id))
    return Actor.of(user)


def make_space(db: Session, owner: Actor, name: str | None = None, *,
               visibility: str = "public", kind: str = "professional",
               members: tuple[Actor, ...] = ()) -> int:
    space = spaces.create_space(db, owner, name=name or f"Space {next(_sequence)}",
                                description="", kind=kind, visibility=visibility)
    for member in members:
        spaces.invite_member(db, owner, space.id, member.user_id)
    return space.id


def make_post(db: Session, author: Actor, space_id: int, body: str = "Bonjour à tous",
              files: tuple[FileRef, ...] = ()) -> PostView:
    return posts.create_post(db, author, space_id, body, files)


def drive_file(google_id: str = "file-1", title: str = "Plan.pdf") -> FileRef:
    return FileRef(google_id=google_id, title=title, mime_type="application/pdf",
                   url=f"https://drive.google.com/file/d/{google_id}/view")


def user_row(db: Session, person: Actor) -> User:
    """The stored person behind an actor (for their handle, e-mail, current state)."""
    return db.scalar(select(User).where(User.id == person.user_id))


def set_space_role(db: Session, owner: Actor, space_id: int, person: Actor, role: str) -> None:
    spaces.set_member_role(db, owner, space_id, person.user_id, role)


def deactivate(db: Session, firm: Firm, person: Actor) -> Actor:
    """The actor a deactivated person would be, as the sign-in layer builds it."""
    return Actor.of(people.deactivate_user(db, firm.admin, person.user_id))
