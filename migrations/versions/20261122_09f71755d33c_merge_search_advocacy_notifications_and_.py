"""merge search, advocacy, notifications and digests

Revision ID: 09f71755d33c
Revises: c33d5b8700b9, f38f02e428bf
Create Date: 2026-11-22 17:43:17.069809
"""
from alembic import op
import sqlalchemy as sa
import core.database


revision = '09f71755d33c'
down_revision = ('c33d5b8700b9', 'f38f02e428bf')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
