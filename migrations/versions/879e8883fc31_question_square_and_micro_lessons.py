"""The question square (答疑广场) and micro-lessons (微课) of the students' tutoring (B13, B14)

Revision ID: 879e8883fc31
Revises: d8f3a61c9e25
Create Date: 2026-12-06 20:00:04
"""
import sqlalchemy as sa
from alembic import op

import lms.core.db

revision = '879e8883fc31'
down_revision = 'd8f3a61c9e25'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('micro_lesson',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tutor_id', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('subject', sa.String(length=20), nullable=False),
    sa.Column('grade', sa.String(length=4), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('video_url', sa.String(length=500), nullable=True),
    sa.Column('video_name', sa.String(length=200), nullable=True),
    sa.Column('video_type', sa.String(length=40), nullable=True),
    sa.Column('video_data', sa.LargeBinary(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('audience', sa.Integer(), nullable=True),
    sa.Column('certifier_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('participation_points', sa.Integer(), nullable=True),
    sa.Column('quality_points', sa.Integer(), nullable=True),
    sa.Column('settled_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("grade IN ('初一', '初二', '初三', '高一', '高二', '高三')", name=op.f('ck_micro_lesson_grade_known')),
    sa.CheckConstraint("status != 'rejected' OR reason IS NOT NULL", name=op.f('ck_micro_lesson_reject_has_reason')),
    sa.CheckConstraint("status IN ('pending', 'certified', 'rejected', 'settled')", name=op.f('ck_micro_lesson_status_known')),
    sa.CheckConstraint("status NOT IN ('certified', 'settled') OR audience IS NOT NULL", name=op.f('ck_micro_lesson_certified_audience')),
    sa.CheckConstraint('video_url IS NOT NULL OR video_name IS NOT NULL', name=op.f('ck_micro_lesson_has_video')),
    sa.ForeignKeyConstraint(['certifier_id'], ['user.id'], name=op.f('fk_micro_lesson_certifier_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_micro_lesson_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['tutor_id'], ['user.id'], name=op.f('fk_micro_lesson_tutor_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_micro_lesson'))
    )
    with op.batch_alter_table('micro_lesson', schema=None) as batch_op:
        batch_op.create_index('ix_micro_lesson_status_unit', ['status', 'org_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_micro_lesson_tutor_id'), ['tutor_id'], unique=False)

    op.create_table('square_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('image_name', sa.String(length=200), nullable=True),
    sa.Column('image_type', sa.String(length=40), nullable=True),
    sa.Column('image_data', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('adopted_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('open', 'adopted')", name=op.f('ck_square_question_status_known')),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_square_question_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['student_id'], ['user.id'], name=op.f('fk_square_question_student_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_square_question'))
    )
    with op.batch_alter_table('square_question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_square_question_org_unit_id'), ['org_unit_id'], unique=False)
        batch_op.create_index('ix_square_question_status_subject', ['status', 'subject'], unique=False)
        batch_op.create_index(batch_op.f('ix_square_question_student_id'), ['student_id'], unique=False)

    op.create_table('micro_view',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('watched_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('rated_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('rating IS NULL OR rating BETWEEN 1 AND 5', name=op.f('ck_micro_view_rating_range')),
    sa.ForeignKeyConstraint(['lesson_id'], ['micro_lesson.id'], name=op.f('fk_micro_view_lesson_id_micro_lesson'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['user.id'], name=op.f('fk_micro_view_student_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_micro_view')),
    sa.UniqueConstraint('lesson_id', 'student_id', name=op.f('uq_micro_view_lesson_id_student_id'))
    )
    with op.batch_alter_table('micro_view', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_micro_view_lesson_id'), ['lesson_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_micro_view_student_id'), ['student_id'], unique=False)

    op.create_table('square_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('tutor_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('difficulty', sa.Integer(), nullable=True),
    sa.Column('satisfaction', sa.Integer(), nullable=True),
    sa.Column('points', sa.Integer(), nullable=True),
    sa.Column('adopted_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('(adopted_at IS NULL AND points IS NULL) OR (adopted_at IS NOT NULL AND points IS NOT NULL)', name=op.f('ck_square_answer_adopted_has_points')),
    sa.CheckConstraint('points IS NULL OR points BETWEEN 2 AND 4', name=op.f('ck_square_answer_points_range')),
    sa.ForeignKeyConstraint(['question_id'], ['square_question.id'], name=op.f('fk_square_answer_question_id_square_question'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tutor_id'], ['user.id'], name=op.f('fk_square_answer_tutor_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_square_answer')),
    sa.UniqueConstraint('question_id', 'tutor_id', name=op.f('uq_square_answer_question_id_tutor_id'))
    )
    with op.batch_alter_table('square_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_square_answer_question_id'), ['question_id'], unique=False)
        batch_op.create_index('ix_square_answer_tutor_adopted', ['tutor_id', 'adopted_at'], unique=False)



def downgrade():
    with op.batch_alter_table('square_answer', schema=None) as batch_op:
        batch_op.drop_index('ix_square_answer_tutor_adopted')
        batch_op.drop_index(batch_op.f('ix_square_answer_question_id'))

    op.drop_table('square_answer')
    with op.batch_alter_table('micro_view', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_micro_view_student_id'))
        batch_op.drop_index(batch_op.f('ix_micro_view_lesson_id'))

    op.drop_table('micro_view')
    with op.batch_alter_table('square_question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_square_question_student_id'))
        batch_op.drop_index('ix_square_question_status_subject')
        batch_op.drop_index(batch_op.f('ix_square_question_org_unit_id'))

    op.drop_table('square_question')
    with op.batch_alter_table('micro_lesson', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_micro_lesson_tutor_id'))
        batch_op.drop_index('ix_micro_lesson_status_unit')

    op.drop_table('micro_lesson')
