"""posts by space and date: ranking reads each space's posts of its window

The ranked home feed, the week's strongest contributions, ambassadors and
digests take each space's recent posts. Along (space_id, id) with the date
filtered afterwards, each space gave up to 300 posts, most of them older than
the window; along (space_id, created_at) it gives the window's posts only.

Revision ID: b5d08e4f6a17
Revises: 7c1e5a9d3b20
Create Date: 2026-11-22 20:25:00.000000
"""
from alembic import op


revision = 'b5d08e4f6a17'
down_revision = '7c1e5a9d3b20'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_posts_space_id_created_at'),
                              ['space_id', 'created_at'], unique=False)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and bind.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
        # With statistics for every index of posts but this one, SQLite takes the new
        # index for the most selective: the home feed then sorted every post of one's
        # spaces. (PostgreSQL's autovacuum analyses the table by itself.)
        op.execute("ANALYZE posts")


def downgrade() -> None:
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_posts_space_id_created_at'))
