"""user e-mail and deactivation time

Revision ID: 5d2e8c41a7f0
Revises: 5a1c0e7d2b90
Create Date: 2026-12-06 04:45:00.000000

"""
from alembic import op
import sqlalchemy as sa

import lms.core.db


# revision identifiers, used by Alembic.
revision = '5d2e8c41a7f0'
down_revision = "5a1c0e7d2b90"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('deactivated_at', lms.core.db.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('deactivated_at')
        batch_op.drop_column('email')
