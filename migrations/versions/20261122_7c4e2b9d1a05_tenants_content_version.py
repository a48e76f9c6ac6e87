"""tenants.content_version: raised by every commit that changes a firm's content

Cached add-on cards are keyed on it (core/content_versions.py, core/view_cache.py).

Revision ID: 7c4e2b9d1a05
Revises: 3f1d9c2a7b64
Create Date: 2026-11-22 23:00:00.000000
"""
import sqlalchemy as sa
from alembic import op


revision = '7c4e2b9d1a05'
down_revision = '3f1d9c2a7b64'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tenants') as batch:
        batch.add_column(sa.Column('content_version', sa.Integer(), nullable=False,
                                   server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('tenants') as batch:
        batch.drop_column('content_version')
