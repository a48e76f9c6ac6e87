"""The columns the seeder writes, table by table, in the order its rows give them.

Checked against the migrated schema before loading (`check_columns`), so a new
NOT NULL column fails the seeding at once with its name rather than mid-COPY.
"""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.engine import Engine

COLUMNS: dict[str, tuple[str, ...]] = {
    "tenants": ("id", "domain", "name", "created_at"),
    "users": ("id", "tenant_id", "google_sub", "email", "name", "name_folded", "handle",
              "avatar_url", "locale", "preferred_language", "digest_frequency", "time_zone",
              "role", "is_active", "created_at", "last_seen_at"),
    "profiles": ("user_id", "tenant_id", "job_title", "bio", "site", "team", "updated_at"),
    "profile_tags": ("user_id", "tenant_id", "kind", "key", "label"),
    "spaces": ("id", "tenant_id", "name", "name_folded", "description", "kind", "visibility",
               "created_by_id", "created_at", "archived_at"),
    "memberships": ("space_id", "user_id", "tenant_id", "role", "joined_at"),
    "discussions": ("id", "tenant_id", "kind", "created_at"),
    "drive_files": ("id", "tenant_id", "google_id", "title", "mime_type", "url",
                    "discussion_id", "created_at", "updated_at"),
    "posts": ("id", "tenant_id", "space_id", "author_id", "discussion_id", "body_md",
              "body_html", "created_at", "edited_at", "pinned_at", "featured_at",
              "featured_by_id", "hidden_at"),
    "post_tags": ("post_id", "tenant_id", "key", "label"),
    "post_attachments": ("post_id", "drive_file_id", "tenant_id", "position"),
    "comments": ("id", "tenant_id", "discussion_id", "parent_id", "author_id", "depth", "path",
                 "body_md", "body_html", "created_at", "edited_at", "deleted_at", "hidden_at"),
    "mentions": ("id", "tenant_id", "user_id", "post_id", "comment_id", "created_at"),
    "reactions": ("id", "tenant_id", "discussion_id", "user_id", "kind", "created_at"),
    "search_entries": ("id", "tenant_id", "discussion_id", "space_id", "post_id", "comment_id",
                       "author_id", "folded"),
    "feed_tokens": ("id", "tenant_id", "user_id", "token_hash", "label", "created_at",
                    "revoked_at", "last_used_at"),
    "notifications": ("id", "tenant_id", "recipient_id", "kind", "space_id", "post_id",
                      "comment_id", "actor_ids", "actor_count", "params", "group_key",
                      "created_at", "updated_at", "read_at"),
}
# Tables with an integer `id` whose sequence must follow the explicit ids we load.
WITH_SEQUENCE = [name for name, columns in COLUMNS.items() if columns[0] == "id"]


def check_columns(engine: Engine) -> None:
    """Every column we write exists, and every NOT NULL column without a default is written."""
    inspector = inspect(engine)
    problems = []
    for table, written in COLUMNS.items():
        existing = {column["name"]: column for column in inspector.get_columns(table)}
        problems += [f"{table}.{name} does not exist" for name in written
                     if name not in existing]
        problems += [f"{table}.{name} is required and not seeded"
                     for name, column in existing.items()
                     if name not in written and not column["nullable"]
                     and column.get("default") is None and not column.get("autoincrement")]
    if problems:
        raise RuntimeError("the seeder no longer matches the schema: " + "; ".join(problems))
