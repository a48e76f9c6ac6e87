"""search: a stored tsvector and a GIN index that leads with the tenant (PostgreSQL)

The GIN index on `to_tsvector('french', folded)` held every firm's words: a
common word matched entries of all firms, and the tenant filter came last.
`ts_rank` also parsed and stemmed each matching text again.

- `search_entries.document`: the French tsvector of `folded`, a generated column,
  so every writer (the search service, the benchmark's COPY) keeps it in step.
- `ix_search_entries_tenant_document`: GIN on (tenant_id, document), with the
  `btree_gin` extension (a trusted extension since PostgreSQL 13: the database's
  owner may create it). One index scan finds one firm's matching entries.

SQLite is unchanged: its FTS5 table and triggers stay as they are. Like the index
before them, the column and the index are not in the models (see
migrations/model_modules.py).

Revision ID: 7c1e5a9d3b20
Revises: e889eae1c349
Create Date: 2026-11-22 20:05:00.000000
"""
from alembic import op


revision = '7c1e5a9d3b20'
down_revision = 'e889eae1c349'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    op.execute("ALTER TABLE search_entries ADD COLUMN document tsvector "
               "GENERATED ALWAYS AS (to_tsvector('french'::regconfig, folded)) STORED")
    op.execute("CREATE INDEX ix_search_entries_tenant_document ON search_entries "
               "USING gin (tenant_id, document)")
    op.execute("DROP INDEX IF EXISTS ix_search_entries_document")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE INDEX ix_search_entries_document ON search_entries "
               "USING gin (to_tsvector('french'::regconfig, folded))")
    op.execute("DROP INDEX IF EXISTS ix_search_entries_tenant_document")
    op.execute("ALTER TABLE search_entries DROP COLUMN IF EXISTS document")
    # The extension stays: other objects of the database may use it by now.
