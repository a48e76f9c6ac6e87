"""Loading what an actor asks for, with the access they have to it.

Every lookup filters on the actor's tenant; anything they may not know about
raises NotFound, the same as something that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager, joinedload

from core.i18n import N_
from social.actor import Actor, require_active
from social.errors import Forbidden, NotFound
from social.moderation.visibility import is_hidden
from social.models import (Comment, Discussion, DiscussionKind, DriveFile, Membership, Post,
                           PostAttachment, Space, User)
from social.policy import Access, can_see_firm_wide, space_access


@dataclass(frozen=True)
class SpaceAccess:
    space: Space
    role: str | None
    access: Access

    def require(self, level: Access) -> "SpaceAccess":
        if self.access < level:
            raise Forbidden()
        return self

    def require_open(self) -> "SpaceAccess":
        if self.space.archived_at is not None:
            raise Forbidden(N_("This space is archived: it can be read, not changed."))
        return self


@dataclass(frozen=True)
class DiscussionAccess:
    discussion: Discussion
    access: Access
    space: Space | None  # None for a Drive file's own discussion
    post: Post | None
    # The post's attached files in order, when the loader read them (load_post_discussion)
    files: tuple[DriveFile, ...] | None = None

    def require_open(self) -> "DiscussionAccess":
        if self.space is not None and self.space.archived_at is not None:
            raise Forbidden(N_("This space is archived: it can be read, not changed."))
        return self

    def moderated_by(self, actor: Actor) -> bool:
        """A post's discussion is moderated by its space's moderators; a Drive file's, by admins."""
        return self.access >= Access.MODERATE or (self.space is None and actor.is_admin)


def load_space(db: Session, actor: Actor, space_id: int,
               minimum: Access = Access.LISTED) -> SpaceAccess:
    require_active(actor)
    row = db.execute(
        select(Space, Membership.role)
        .outerjoin(Membership, (Membership.space_id == Space.id)
                   & (Membership.user_id == actor.user_id))
        .where(Space.id == space_id, Space.tenant_id == actor.tenant_id)
    ).first()
    if row is None:
        raise NotFound()
    space, role = row
    access = space_access(actor, space.tenant_id, space.visibility, role)
    if access == Access.NONE:
        raise NotFound()
    return SpaceAccess(space, role, access).require(minimum)


def load_post(db: Session, actor: Actor, post_id: int,
              minimum: Access = Access.READ) -> tuple[Post, SpaceAccess]:
    """The post (its author and space loaded, for `post_views`) and the access to it,
    in one statement."""
    require_active(actor)
    row = db.execute(
        select(Post, Membership.role)
        .join(Post.space)
        .outerjoin(Membership, (Membership.space_id == Post.space_id)
                   & (Membership.user_id == actor.user_id))
        .options(contains_eager(Post.space), joinedload(Post.author))
        .where(Post.id == post_id, Post.tenant_id == actor.tenant_id)
    ).first()
    if row is None:
        raise NotFound()
    post, role = row
    space = _space_access(actor, post.space, role).require(Access.READ)
    if is_hidden(post) and space.access < Access.MODERATE:
        raise NotFound()  # hidden by a moderator: gone for everyone but the moderators
    return post, space.require(minimum)


def _space_access(actor: Actor, space: Space, role: str | None) -> SpaceAccess:
    access = space_access(actor, space.tenant_id, space.visibility, role)
    if access == Access.NONE:
        raise NotFound()
    return SpaceAccess(space, role, access)


def _readable_space(db: Session, actor: Actor, space_id: int) -> SpaceAccess:
    """A space whose content the actor reads; one they only see listed is forbidden."""
    return load_space(db, actor, space_id).require(Access.READ)


def load_discussion(db: Session, actor: Actor, discussion_id: int) -> DiscussionAccess:
    """A discussion the actor may read: a post's in a space they read, or a file's. One
    statement: the discussion, and for a post's its post, space and my role there."""
    require_active(actor)
    row = db.execute(
        select(Discussion, Post, Membership.role)
        .outerjoin(Post, (Post.discussion_id == Discussion.id)
                   & (Post.tenant_id == actor.tenant_id))
        .outerjoin(Post.space)
        .outerjoin(Membership, (Membership.space_id == Post.space_id)
                   & (Membership.user_id == actor.user_id))
        .options(contains_eager(Post.space))
        .where(Discussion.id == discussion_id, Discussion.tenant_id == actor.tenant_id)
    ).first()
    if row is None:
        raise NotFound()
    discussion, post, role = row
    if discussion.kind == DiscussionKind.FILE:
        if not can_see_firm_wide(actor):
            raise NotFound()
        return DiscussionAccess(discussion, Access.READ, None, None)
    if post is None:
        raise NotFound()
    return _discussion_of_post(actor, discussion, post, role)


def _discussion_of_post(actor: Actor, discussion: Discussion, post: Post,
                       role: str | None) -> DiscussionAccess:
    """The access to a post's discussion, from rows already loaded (its space with it)."""
    space = _space_access(actor, post.space, role).require(Access.READ)
    if is_hidden(post) and space.access < Access.MODERATE:
        raise NotFound()
    return DiscussionAccess(discussion, space.access, space.space, post)


def load_post_discussion(db: Session, actor: Actor, post_id: int) -> DiscussionAccess:
    """A post's discussion, by the post's id: what reacting or commenting needs, with the
    post's author, space and files loaded for showing it again afterwards (neither
    changes with a like or a comment). One statement: a row per attached file."""
    require_active(actor)
    rows = db.execute(
        select(Post, Discussion, Membership.role, DriveFile)
        .join(Discussion, Discussion.id == Post.discussion_id)
        .join(Post.space)
        .outerjoin(Membership, (Membership.space_id == Post.space_id)
                   & (Membership.user_id == actor.user_id))
        .outerjoin(PostAttachment, PostAttachment.post_id == Post.id)
        .outerjoin(DriveFile, DriveFile.id == PostAttachment.drive_file_id)
        .options(contains_eager(Post.space), joinedload(Post.author))
        .where(Post.id == post_id, Post.tenant_id == actor.tenant_id)
        .order_by(PostAttachment.position)
    ).all()
    if not rows:
        raise NotFound()
    post, discussion, role, _ = rows[0]
    loaded = _discussion_of_post(actor, discussion, post, role)
    return replace(loaded, files=tuple(row[3] for row in rows if row[3] is not None))


def load_comment(db: Session, actor: Actor, comment_id: int) -> tuple[Comment, DiscussionAccess]:
    require_active(actor)
    comment = db.scalar(select(Comment).where(Comment.id == comment_id,
                                              Comment.tenant_id == actor.tenant_id))
    if comment is None:
        raise NotFound()
    discussion = load_discussion(db, actor, comment.discussion_id)
    if is_hidden(comment) and not discussion.moderated_by(actor):
        raise NotFound()
    return comment, discussion


def load_person(db: Session, actor: Actor, user_id: int) -> User:
    """A person of the actor's firm; a guest only sees people they share a space with."""
    require_active(actor)
    user = db.scalar(select(User).where(User.id == user_id, User.tenant_id == actor.tenant_id))
    if user is None or (actor.is_guest and user.id != actor.user_id
                        and not shares_a_space(db, actor, user.id)):
        raise NotFound()
    return user


def shares_a_space(db: Session, actor: Actor, other_user_id: int) -> bool:
    mine = select(Membership.space_id).where(Membership.user_id == actor.user_id)
    return db.scalar(select(Membership.space_id).where(
        Membership.user_id == other_user_id, Membership.space_id.in_(mine)).limit(1)) is not None


def load_file(db: Session, actor: Actor, google_id: str) -> DriveFile | None:
    """The firm's record of a Drive file, or None if nobody has used it in Comptoir yet."""
    require_active(actor)
    if not can_see_firm_wide(actor):
        raise NotFound()
    return db.scalar(select(DriveFile).where(DriveFile.google_id == google_id,
                                             DriveFile.tenant_id == actor.tenant_id))
