"""Micro-lessons: a student's progress (seconds watched, furthest position, completion) on its view row and a
discussion under each lesson; a photo of the problem on an on-demand tutoring request (B13, B13b).

Revision ID: 58a5df53c5e5
Revises: b18a3e5c7d92
Create Date: 2026-12-07 00:20:00
"""
import sqlalchemy as sa
from alembic import op

from lms.core.db import UTCDateTime

revision = '58a5df53c5e5'
down_revision = 'b18a3e5c7d92'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('micro_view') as batch:
        batch.add_column(sa.Column('seconds_watched', sa.Integer(), server_default='0', nullable=False))
        batch.add_column(sa.Column('furthest_seconds', sa.Integer(), server_default='0', nullable=False))
        batch.add_column(sa.Column('completed_at', UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('last_report_at', UTCDateTime(timezone=True), nullable=True))
    op.create_table(
        'micro_post',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('lesson_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('hidden_at', UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['lesson_id'], ['micro_lesson.id'], name=op.f('fk_micro_post_lesson_id_micro_lesson'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_micro_post_author_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_micro_post')),
    )
    op.create_index(op.f('ix_micro_post_lesson_id'), 'micro_post', ['lesson_id'])
    with op.batch_alter_table('tutoring_request') as batch:
        batch.add_column(sa.Column('image_name', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('image_type', sa.String(length=40), nullable=True))
        batch.add_column(sa.Column('image_data', sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table('tutoring_request') as batch:
        batch.drop_column('image_data')
        batch.drop_column('image_type')
        batch.drop_column('image_name')
    op.drop_index(op.f('ix_micro_post_lesson_id'), table_name='micro_post')
    op.drop_table('micro_post')
    with op.batch_alter_table('micro_view') as batch:
        batch.drop_column('last_report_at')
        batch.drop_column('completed_at')
        batch.drop_column('furthest_seconds')
        batch.drop_column('seconds_watched')
