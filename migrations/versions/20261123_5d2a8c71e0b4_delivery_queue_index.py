"""The worker's claim reads open deliveries in order from a partial index

Without it, each claim sorted every due delivery: with a backlog of thousands,
milliseconds per delivery (advocacy/delivering/claims.py).

Revision ID: 5d2a8c71e0b4
Revises: 7c4e2b9d1a05
Create Date: 2026-11-23 01:30:00.000000
"""
import sqlalchemy as sa
from alembic import op


revision = '5d2a8c71e0b4'
down_revision = '7c4e2b9d1a05'
branch_labels = None
depends_on = None

_OPEN = sa.text("status IN ('pending', 'claimed')")


def upgrade() -> None:
    op.create_index('ix_advocacy_deliveries_open_queue', 'advocacy_deliveries',
                    ['scheduled_at', 'id'], sqlite_where=_OPEN, postgresql_where=_OPEN)


def downgrade() -> None:
    op.drop_index('ix_advocacy_deliveries_open_queue', table_name='advocacy_deliveries')
