"""digest states and ledger

E-mail digests: each person's next slot and last send (digest_states, the
index on next_due_at finds who is due), and the ledger of items already sent
(digest_items), so no item is ever sent twice.

Revision ID: c33d5b8700b9
Revises: e8e5e4eed519
Create Date: 2026-11-22 17:13:21.670345
"""
from alembic import op
import sqlalchemy as sa
import core.database


revision = 'c33d5b8700b9'
down_revision = 'e8e5e4eed519'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('digest_items',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('item_kind', sa.String(length=8), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', core.database.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_digest_items_tenant_id_tenants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_digest_items_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'item_kind', 'item_id', name=op.f('pk_digest_items'))
    )
    op.create_table('digest_states',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('frequency', sa.String(length=8), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('next_due_at', core.database.UTCDateTime(), nullable=True),
    sa.Column('last_sent_at', core.database.UTCDateTime(), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('updated_at', core.database.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_digest_states_tenant_id_tenants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_digest_states_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_digest_states'))
    )
    with op.batch_alter_table('digest_states', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_digest_states_next_due_at'), ['next_due_at'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('digest_states', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_digest_states_next_due_at'))

    op.drop_table('digest_states')
    op.drop_table('digest_items')
