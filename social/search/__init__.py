"""Full-text search over posts and comments, on SQLite (FTS5) and PostgreSQL alike.

    search(db, actor, query, cursor=None, limit=None) -> Page[SearchHit]
    index_post(db, post) / index_comment(db, comment)  -- called by the writing services
    reindex(db, advance=...) -> int                      -- `python main.py search reindex`
"""

from social.search.indexing import count_indexable, index_comment, index_post, reindex
from social.search.service import SearchHit, search

__all__ = ["SearchHit", "count_indexable", "index_comment", "index_post", "reindex", "search"]
