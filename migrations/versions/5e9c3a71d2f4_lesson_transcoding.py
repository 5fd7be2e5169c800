"""lesson transcoding: HLS renditions' state, progress, error and folder

Revision ID: 5e9c3a71d2f4
Revises: b7d41c0e9a12
Create Date: 2026-12-06 01:45:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '5e9c3a71d2f4'
down_revision = 'b7d41c0e9a12'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.add_column(sa.Column('transcode_state', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('transcode_progress', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('transcode_error', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('hls_key', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.drop_column('hls_key')
        batch_op.drop_column('transcode_error')
        batch_op.drop_column('transcode_progress')
        batch_op.drop_column('transcode_state')
