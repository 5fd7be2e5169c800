"""Micro-lessons: a quiz (微测) of single-choice questions per lesson and the students' scored answers (B13b).

Revision ID: 21cf93f6aa28
Revises: df416084674e
Create Date: 2026-12-20 00:00:00
"""
import sqlalchemy as sa
from alembic import op

from lms.core.db import UTCDateTime

revision = '21cf93f6aa28'
down_revision = 'df416084674e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'micro_quiz',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('lesson_id', sa.Integer(), nullable=False),
        sa.Column('questions', sa.JSON(), nullable=False),
        sa.Column('updated_at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['lesson_id'], ['micro_lesson.id'], name=op.f('fk_micro_quiz_lesson_id_micro_lesson'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_micro_quiz')),
        sa.UniqueConstraint('lesson_id', name=op.f('uq_micro_quiz_lesson_id')),
    )
    op.create_table(
        'micro_quiz_answer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('quiz_id', sa.Integer(), nullable=False),
        sa.Column('student_id', sa.Integer(), nullable=False),
        sa.Column('choices', sa.JSON(), nullable=False),
        sa.Column('score', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('answered_at', UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint('score BETWEEN 0 AND total', name=op.f('ck_micro_quiz_answer_score_range')),
        sa.ForeignKeyConstraint(['quiz_id'], ['micro_quiz.id'], name=op.f('fk_micro_quiz_answer_quiz_id_micro_quiz'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['student_id'], ['user.id'], name=op.f('fk_micro_quiz_answer_student_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_micro_quiz_answer')),
        sa.UniqueConstraint('quiz_id', 'student_id', name=op.f('uq_micro_quiz_answer_quiz_id_student_id')),
    )
    op.create_index(op.f('ix_micro_quiz_answer_quiz_id'), 'micro_quiz_answer', ['quiz_id'])
    op.create_index(op.f('ix_micro_quiz_answer_student_id'), 'micro_quiz_answer', ['student_id'])


def downgrade():
    op.drop_index(op.f('ix_micro_quiz_answer_student_id'), table_name='micro_quiz_answer')
    op.drop_index(op.f('ix_micro_quiz_answer_quiz_id'), table_name='micro_quiz_answer')
    op.drop_table('micro_quiz_answer')
    op.drop_table('micro_quiz')
