"""people leaving: directory checks and erasure

- users.directory_checked_at: when Google's Directory last said the person is active
  (the worker re-checks people in batches; sign-in checks too).
- users.erased_at: an admin erased the person; the row holds a pseudonym only.

Revision ID: 53dbd79b74d4
Revises: 09f71755d33c
Create Date: 2026-11-22 19:17:32.748604
"""
from alembic import op
import sqlalchemy as sa
import core.database


revision = '53dbd79b74d4'
down_revision = '09f71755d33c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('directory_checked_at', core.database.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('erased_at', core.database.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
        batch_op.drop_column('directory_checked_at')
