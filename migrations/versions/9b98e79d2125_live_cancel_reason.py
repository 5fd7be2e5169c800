"""Live sessions: the optional reason given when one is cancelled.

Revision ID: 9b98e79d2125
Revises: 21cf93f6aa28
Create Date: 2026-12-07 01:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '9b98e79d2125'
down_revision = '21cf93f6aa28'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('live_session') as batch:
        batch.add_column(sa.Column('cancel_reason', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('live_session') as batch:
        batch.drop_column('cancel_reason')
