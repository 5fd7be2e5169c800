"""activities and their attendance; activity and featured-post credit in the grading policy; learners' answers
in expert Q&A

Revision ID: 3a7c2e91b4d6
Revises: 4b8d2e6f1a93
Create Date: 2026-12-06 16:06:33.777909

"""
from alembic import op
import sqlalchemy as sa

import lms.core.db


# revision identifiers, used by Alembic.
revision = '3a7c2e91b4d6'
down_revision = '4b8d2e6f1a93'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('starts_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('room_url', sa.String(length=500), nullable=True),
    sa.Column('location', sa.String(length=200), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('org_unit_id', sa.Integer(), nullable=True),
    sa.Column('class_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('evidence_note', sa.Text(), nullable=True),
    sa.Column('evidence_name', sa.String(length=200), nullable=True),
    sa.Column('evidence_type', sa.String(length=64), nullable=True),
    sa.Column('evidence_data', sa.LargeBinary(), nullable=True),
    sa.Column('attendance_recorded_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('live_lecture', 'practice', 'offline_discussion', 'guidance')", name=op.f('ck_activity_kind_known')),
    sa.CheckConstraint('capacity IS NULL OR capacity >= 1', name=op.f('ck_activity_capacity_positive')),
    sa.CheckConstraint('org_unit_id IS NOT NULL OR class_id IS NOT NULL', name=op.f('ck_activity_addressed')),
    sa.CheckConstraint('starts_at < ends_at', name=op.f('ck_activity_ordered')),
    sa.ForeignKeyConstraint(['batch_id'], ['batch.id'], name=op.f('fk_activity_batch_id_batch'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['class_id'], ['training_class.id'], name=op.f('fk_activity_class_id_training_class'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_activity_created_by_id_user')),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_activity_org_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity'))
    )
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index('ix_activity_batch_starts', ['batch_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_class_id'), ['class_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_org_unit_id'), ['org_unit_id'], unique=False)

    op.create_table('activity_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('minutes IS NULL OR minutes >= 0', name=op.f('ck_activity_attendance_minutes_non_negative')),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_activity_attendance_activity_id_activity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'], name=op.f('fk_activity_attendance_enrollment_id_enrollment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_activity_attendance_recorded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_attendance')),
    sa.UniqueConstraint('activity_id', 'enrollment_id', name=op.f('uq_activity_attendance_activity_id_enrollment_id'))
    )
    with op.batch_alter_table('activity_attendance', schema=None) as batch_op:
        batch_op.create_index('ix_activity_attendance_enrollment', ['enrollment_id', 'attended'], unique=False)

    op.create_table('qa_learner_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_qa_learner_answer_author_id_user')),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'], name=op.f('fk_qa_learner_answer_enrollment_id_enrollment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['qa_question.id'], name=op.f('fk_qa_learner_answer_question_id_qa_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qa_learner_answer'))
    )
    with op.batch_alter_table('qa_learner_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qa_learner_answer_enrollment_id'), ['enrollment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qa_learner_answer_question_id'), ['question_id'], unique=False)

    with op.batch_alter_table('grading_policy', schema=None) as batch_op:
        batch_op.add_column(sa.Column('live_minutes_per_hour', sa.Integer(), server_default='60', nullable=False))
        batch_op.add_column(sa.Column('activity_study_cap_minutes', sa.Integer(), server_default='240', nullable=False))
        batch_op.add_column(sa.Column('offline_activity_points', sa.Integer(), server_default='2', nullable=False))
        batch_op.add_column(sa.Column('activity_points_cap', sa.Integer(), server_default='6', nullable=False))
        batch_op.add_column(sa.Column('featured_post_points', sa.Integer(), server_default='2', nullable=False))
        batch_op.add_column(sa.Column('featured_points_cap', sa.Integer(), server_default='4', nullable=False))



def downgrade():
    with op.batch_alter_table('grading_policy', schema=None) as batch_op:
        batch_op.drop_column('featured_points_cap')
        batch_op.drop_column('featured_post_points')
        batch_op.drop_column('activity_points_cap')
        batch_op.drop_column('offline_activity_points')
        batch_op.drop_column('activity_study_cap_minutes')
        batch_op.drop_column('live_minutes_per_hour')

    with op.batch_alter_table('qa_learner_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qa_learner_answer_question_id'))
        batch_op.drop_index(batch_op.f('ix_qa_learner_answer_enrollment_id'))

    op.drop_table('qa_learner_answer')
    with op.batch_alter_table('activity_attendance', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_attendance_enrollment')

    op.drop_table('activity_attendance')
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_org_unit_id'))
        batch_op.drop_index(batch_op.f('ix_activity_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_activity_class_id'))
        batch_op.drop_index('ix_activity_batch_starts')

    op.drop_table('activity')
