"""Every package that declares tables, so Alembic and the tests see the whole schema."""

import importlib

MODEL_MODULES = ("social.models", "advocacy.models", "core.rate_limits.sql")


def import_all() -> None:
    for module in MODEL_MODULES:
        importlib.import_module(module)


# Structures only one dialect has, created by hand in their migration: the FTS5
# table (and the shadow tables FTS5 keeps beside it) on SQLite; the stored tsvector
# column and its GIN index, and the feeds' partial index of visible posts, on
# PostgreSQL. Autogenerate would otherwise offer to drop them.
DIALECT_ONLY_TABLE = "search_fts"
DIALECT_ONLY_INDEXES = frozenset({"ix_search_entries_document",
                                  "ix_search_entries_tenant_document",
                                  "ix_posts_visible_space_id_id"})
DIALECT_ONLY_COLUMNS = frozenset({("search_entries", "document")})


def include_name(name: str | None, type_: str, parent_names) -> bool:
    """Alembic's `include_name` hook: what autogenerate compares."""
    if type_ == "table" and name is not None:
        return name != DIALECT_ONLY_TABLE and not name.startswith(DIALECT_ONLY_TABLE + "_")
    if type_ == "index":
        return name not in DIALECT_ONLY_INDEXES
    if type_ == "column":
        return (parent_names.get("table_name"), name) not in DIALECT_ONLY_COLUMNS
    return True
