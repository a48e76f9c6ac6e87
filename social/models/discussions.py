"""Discussions: what comments and reactions hang on, be it a post or a Drive file.

A post and a Drive file each own one discussion, so comments and reactions have
one foreign key and one index whatever they are about, and everything about a
file (its comments, its likes) is read through its discussion.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.database import Base, TenantScoped

# A comment's path is its ancestors' ids then its own, each this many digits:
# ordering by path lists a thread depth-first, oldest sibling first.
PATH_DIGITS = 12


class DiscussionKind(StrEnum):
    POST = "post"
    FILE = "file"


class ReactionKind(StrEnum):
    LIKE = "like"
    THUMBS_UP = "thumbs_up"
    HEART = "heart"
    TADA = "tada"
    IDEA = "idea"
    LAUGH = "laugh"


REACTION_EMOJI = {
    ReactionKind.LIKE: "👍",
    ReactionKind.THUMBS_UP: "👌",
    ReactionKind.HEART: "❤️",
    ReactionKind.TADA: "🎉",
    ReactionKind.IDEA: "💡",
    ReactionKind.LAUGH: "😂",
}


class Discussion(TenantScoped, Base):
    __tablename__ = "discussions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Comment(TenantScoped, Base):
    __tablename__ = "comments"
    __table_args__ = (
        Index(None, "discussion_id", "path"),
        Index(None, "parent_id"),
        Index(None, "author_id", "id"),
        Index(None, "tenant_id", "created_at"),  # activity charts
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    discussion_id: Mapped[int] = mapped_column(
        ForeignKey("discussions.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    depth: Mapped[int] = mapped_column(default=0)
    path: Mapped[str] = mapped_column(String, default="")
    body_md: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    # Set when a comment with replies is deleted: it stays as "comment deleted".
    deleted_at: Mapped[datetime | None]
    # Set when a moderator hides the comment: it disappears for everyone but moderators.
    hidden_at: Mapped[datetime | None]

    author = relationship("User", lazy="raise_on_sql")


class CommentRevision(TenantScoped, Base):
    """The text a comment had before an edit."""

    __tablename__ = "comment_revisions"
    __table_args__ = (Index(None, "comment_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    body_md: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime]
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow)


class Reaction(TenantScoped, Base):
    __tablename__ = "reactions"
    __table_args__ = (
        UniqueConstraint("discussion_id", "user_id", "kind"),
        Index(None, "discussion_id", "kind"),
        Index(None, "tenant_id", "created_at"),  # activity charts
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    discussion_id: Mapped[int] = mapped_column(
        ForeignKey("discussions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
