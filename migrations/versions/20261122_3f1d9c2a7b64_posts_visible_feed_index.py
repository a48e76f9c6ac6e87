"""posts: each space's newest visible posts, index-only

The home feed's newest posts per space (a LATERAL over my spaces on PostgreSQL)
filtered on tenant and hidden_at after a parameterised space_id. PostgreSQL,
expecting a few dozen rows per space, read every post of each space through a
bitmap and sorted them: 16,000 pages and 57 ms for one person of the service
dataset. A partial index on (space_id, id, tenant_id) of the visible posts
answers `ORDER BY id DESC LIMIT n` by an index-only scan: 1 ms.

PostgreSQL only: SQLite holds one firm and walks (tenant_id, id) newest first;
given this index it took it for the most selective and sorted every post of
one's spaces (the add-on homepage went from 70 ms to 1.5 s on firm).

Revision ID: 3f1d9c2a7b64
Revises: b5d08e4f6a17
Create Date: 2026-11-22 21:25:00.000000
"""
import sqlalchemy as sa
from alembic import op


revision = '3f1d9c2a7b64'
down_revision = 'b5d08e4f6a17'
branch_labels = None
depends_on = None

VISIBLE = sa.text("hidden_at IS NULL")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_index('ix_posts_visible_space_id_id', 'posts',
                        ['space_id', 'id', 'tenant_id'], unique=False,
                        postgresql_where=VISIBLE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index('ix_posts_visible_space_id_id', table_name='posts')
