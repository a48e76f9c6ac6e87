"""Hidden content: the one condition every read path applies.

When a moderator hides a post or a comment, it disappears for everyone but the
moderators: from feeds, the post page, threads, search, digests, feeds and
add-on cards. Each of those queries keeps out hidden rows with `not_hidden(...)`,
and nothing else, so "hidden" means the same everywhere and can be found by
searching for this one name.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement


def not_hidden(entity) -> ColumnElement[bool]:
    """`Post` or `Comment` (or an alias of them) that no moderator has hidden."""
    return entity.hidden_at.is_(None)


def is_hidden(row) -> bool:
    """The same rule for a row already loaded (a post or comment looked up by id)."""
    return row.hidden_at is not None
