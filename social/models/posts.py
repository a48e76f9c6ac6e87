"""Posts, their edit history, attached Drive files, hashtags and mentions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.database import Base, TenantScoped


class Post(TenantScoped, Base):
    __tablename__ = "posts"
    __table_args__ = (
        Index(None, "space_id", "id"),
        Index(None, "space_id", "created_at"),  # ranking: each space's posts of the window
        Index(None, "tenant_id", "id"),
        Index(None, "author_id", "id"),
        Index(None, "tenant_id", "created_at"),  # activity charts
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    discussion_id: Mapped[int] = mapped_column(
        ForeignKey("discussions.id", ondelete="CASCADE"), unique=True)
    body_md: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    pinned_at: Mapped[datetime | None]
    featured_at: Mapped[datetime | None]
    featured_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    # Set when a moderator hides the post: it disappears for everyone but moderators.
    hidden_at: Mapped[datetime | None]

    author = relationship("User", foreign_keys=[author_id], lazy="raise_on_sql")
    space = relationship("Space", lazy="raise_on_sql")


class PostRevision(TenantScoped, Base):
    """The text a post had before an edit."""

    __tablename__ = "post_revisions"
    __table_args__ = (Index(None, "post_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    body_md: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime]
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow)


class PostAttachment(TenantScoped, Base):
    __tablename__ = "post_attachments"
    __table_args__ = (Index(None, "drive_file_id", "post_id"),)

    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"),
                                         primary_key=True)
    drive_file_id: Mapped[int] = mapped_column(
        ForeignKey("drive_files.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


class PostTag(TenantScoped, Base):
    """A #hashtag of a post, keyed by its folded form; indexed for topic pages."""

    __tablename__ = "post_tags"
    __table_args__ = (Index(None, "tenant_id", "key", "post_id"),)

    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"),
                                         primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    label: Mapped[str] = mapped_column(String(64))


class Mention(TenantScoped, Base):
    """An @mention of a person, in a post or in a comment."""

    __tablename__ = "mentions"
    __table_args__ = (
        CheckConstraint("(post_id IS NULL) <> (comment_id IS NULL)", name="one_source"),
        Index(None, "user_id", "id"),
        Index(None, "post_id"),
        Index(None, "comment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
