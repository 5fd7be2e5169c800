"""Activities: cancellation (when, by whom, why); a cancelled activity's attendance counts nothing

Revision ID: d8f3a61c9e25
Revises: d7a3e5c19b42
Create Date: 2026-12-06 20:10:00
"""
from alembic import op
import sqlalchemy as sa

import lms.core.db


revision = 'd8f3a61c9e25'
down_revision = 'd7a3e5c19b42'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled_at', lms.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('cancelled_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cancel_reason', sa.String(length=500), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_activity_cancelled_by_id_user'), 'user', ['cancelled_by_id'],
                                    ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_activity_cancelled_by_id_user'), type_='foreignkey')
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('cancelled_by_id')
        batch_op.drop_column('cancelled_at')
