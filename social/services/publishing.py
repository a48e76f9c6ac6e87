"""Posting Drive files into a space, after checking that its members can open them.

Drive says who may open a file (anyone, a domain, named people); comparing that
with the space's members tells who would see the post but not the file. The
author is warned before posting, and may post anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from social.actor import Actor
from social.models import Membership, User
from social.policy import Access
from social.services.access import load_space
from social.services.assemble import person_ref
from social.services.posts import write_post
from social.services.writing import POST_LIMIT, checked_text
from social.views import FileRef, PersonRef, PostView

MAX_LISTED = 20


class FileAudience(Protocol):
    """What Drive says of who may open a file (integrations.google.drive.DriveFileInfo)."""

    google_id: str
    sharing_known: bool  # False when Drive would not list the file's permissions

    def can_open(self, email: str) -> bool: ...


@dataclass(frozen=True)
class AudienceGap:
    file: FileRef
    people: tuple[PersonRef, ...]  # the first MAX_LISTED, by name
    total: int


@dataclass(frozen=True)
class PublishOutcome:
    post: PostView | None  # None when the author must confirm first
    gaps: tuple[AudienceGap, ...] = ()
    unchecked: tuple[FileRef, ...] = ()


def publish_files(db: Session, actor: Actor, space_id: int, body: str,
                  files: Sequence[FileRef], audiences: Sequence[FileAudience], *,
                  confirmed: bool) -> PublishOutcome:
    """Post `files` with `body` into a space, unless members cannot open some of them
    and the author has not yet confirmed. `audiences` holds what Drive told us; a file
    without one is reported as unchecked."""
    space = load_space(db, actor, space_id, Access.CONTRIBUTE).require_open()
    checked_text(body, POST_LIMIT)
    if not confirmed and files:
        gaps, unchecked = audience_gaps(db, actor, space_id, files, audiences)
        if gaps or unchecked:
            return PublishOutcome(post=None, gaps=gaps, unchecked=unchecked)
    return PublishOutcome(post=write_post(db, actor, space, body, files))


def audience_gaps(db: Session, actor: Actor, space_id: int, files: Sequence[FileRef],
                  audiences: Sequence[FileAudience]) -> tuple[tuple[AudienceGap, ...],
                                                              tuple[FileRef, ...]]:
    members = db.scalars(select(User).join(Membership, Membership.user_id == User.id)
                         .where(Membership.space_id == space_id,
                                Membership.tenant_id == actor.tenant_id,
                                User.is_active.is_(True))
                         .order_by(User.name_folded)).all()
    by_id = {audience.google_id: audience for audience in audiences}
    gaps, unchecked = [], []
    for ref in files:
        audience = by_id.get(ref.google_id)
        if audience is None or not audience.sharing_known:
            unchecked.append(ref)
            continue
        locked_out = [person_ref(member) for member in members
                      if not audience.can_open(member.email)]
        if locked_out:
            gaps.append(AudienceGap(ref, tuple(locked_out[:MAX_LISTED]), len(locked_out)))
    return tuple(gaps), tuple(unchecked)
