"""A tutor application's uploaded sample micro-lesson video (001 L30 鼓励上传微课视频)

Revision ID: d7a3e5c19b42
Revises: c5e19a7b3d42
Create Date: 2026-12-06 21:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'd7a3e5c19b42'
down_revision = 'c5e19a7b3d42'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tutor_application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sample_video_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('sample_video_type', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('sample_video_seconds', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('tutor_application', schema=None) as batch_op:
        batch_op.drop_column('sample_video_seconds')
        batch_op.drop_column('sample_video_type')
        batch_op.drop_column('sample_video_key')
