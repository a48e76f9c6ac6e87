"""The search index: the folded text of each post and comment, where it lives, who wrote it.

The text is folded in Python (lowercase, no accents) so both backends match
"reunion" and "Réunion" alike. SQLite searches it through an FTS5 table kept in
step by triggers; PostgreSQL through a GIN index on `to_tsvector('french', folded)`.
Neither is a model: the migration creates them for its dialect (see social/search).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.database import Base, TenantScoped


class SearchEntry(TenantScoped, Base):
    __tablename__ = "search_entries"
    __table_args__ = (
        Index(None, "post_id"),
        Index(None, "discussion_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    discussion_id: Mapped[int] = mapped_column(
        ForeignKey("discussions.id", ondelete="CASCADE"))
    # Null for a comment on a Drive file's own discussion.
    space_id: Mapped[int | None] = mapped_column(ForeignKey("spaces.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    # Null for the post's own text; a post's comments carry both ids.
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    folded: Mapped[str] = mapped_column(Text)
