"""A square question may carry a short video (001 L40 "用文字、图片或者小视频等方式描述问题"): kept in the media
storage (lms.projects.media) as a micro-lesson's is; the row holds its key, type and length.

Revision ID: b66e4ca5cebc
Revises: e31abc7cb48e
Create Date: 2026-12-06 23:50:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'b66e4ca5cebc'
down_revision = 'e31abc7cb48e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('square_question') as batch:
        batch.add_column(sa.Column('video_key', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('video_type', sa.String(length=40), nullable=True))
        batch.add_column(sa.Column('video_seconds', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('square_question') as batch:
        batch.drop_column('video_seconds')
        batch.drop_column('video_type')
        batch.drop_column('video_key')
