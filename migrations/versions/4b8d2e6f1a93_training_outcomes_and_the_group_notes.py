"""training outcomes and the group notes

Revision ID: 4b8d2e6f1a93
Revises: 3b8e6d2f1a47
Create Date: 2026-12-06 16:07:44.384456

"""
from alembic import op
import sqlalchemy as sa

import lms.core.db


# revision identifiers, used by Alembic.
revision = '4b8d2e6f1a93'
down_revision = '3b8e6d2f1a47'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outcome',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=32), nullable=True),
    sa.Column('stage', sa.String(length=16), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('file_name', sa.String(length=200), nullable=True),
    sa.Column('content_type', sa.String(length=100), nullable=True),
    sa.Column('file_size', sa.Integer(), nullable=True),
    sa.Column('file_data', sa.LargeBinary(), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('return_reason', sa.String(length=500), nullable=True),
    sa.Column('recommended_by_id', sa.Integer(), nullable=True),
    sa.Column('recommended_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('recommendation_note', sa.String(length=500), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('showcased_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decline_reason', sa.String(length=500), nullable=True),
    sa.CheckConstraint("kind IN ('lesson_design', 'courseware', 'lesson_video', 'reflection', 'other')", name=op.f('ck_outcome_kind_known')),
    sa.CheckConstraint("state IN ('submitted', 'returned', 'accepted', 'recommended', 'showcased')", name=op.f('ck_outcome_state_known')),
    sa.CheckConstraint('(file_name IS NOT NULL AND submission_id IS NULL) OR (file_name IS NULL AND submission_id IS NOT NULL)', name=op.f('ck_outcome_one_content')),
    sa.CheckConstraint('file_size IS NULL OR file_size > 0', name=op.f('ck_outcome_file_size_positive')),
    sa.ForeignKeyConstraint(['batch_id'], ['batch.id'], name=op.f('fk_outcome_batch_id_batch'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['class_id'], ['training_class.id'], name=op.f('fk_outcome_class_id_training_class')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_outcome_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_outcome_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'], name=op.f('fk_outcome_enrollment_id_enrollment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['learner_id'], ['user.id'], name=op.f('fk_outcome_learner_id_user')),
    sa.ForeignKeyConstraint(['recommended_by_id'], ['user.id'], name=op.f('fk_outcome_recommended_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user.id'], name=op.f('fk_outcome_reviewed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['school_id'], ['org_unit.id'], name=op.f('fk_outcome_school_id_org_unit')),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_outcome_submission_id_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome')),
    sa.UniqueConstraint('submission_id', name=op.f('uq_outcome_submission_id'))
    )
    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_class_id'), ['class_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_enrollment_id'), ['enrollment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_learner_id'), ['learner_id'], unique=False)
        batch_op.create_index('ix_outcome_school_subject', ['school_id', 'subject'], unique=False)
        batch_op.create_index('ix_outcome_showcase', ['state', 'batch_id'], unique=False)

    op.create_table('outcome_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_outcome_note_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcome.id'], name=op.f('fk_outcome_note_outcome_id_outcome'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['org_unit.id'], name=op.f('fk_outcome_note_school_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_note'))
    )
    with op.batch_alter_table('outcome_note', schema=None) as batch_op:
        batch_op.create_index('ix_outcome_note_group', ['school_id', 'outcome_id'], unique=False)



def downgrade():
    with op.batch_alter_table('outcome_note', schema=None) as batch_op:
        batch_op.drop_index('ix_outcome_note_group')

    op.drop_table('outcome_note')
    with op.batch_alter_table('outcome', schema=None) as batch_op:
        batch_op.drop_index('ix_outcome_showcase')
        batch_op.drop_index('ix_outcome_school_subject')
        batch_op.drop_index(batch_op.f('ix_outcome_learner_id'))
        batch_op.drop_index(batch_op.f('ix_outcome_enrollment_id'))
        batch_op.drop_index(batch_op.f('ix_outcome_class_id'))

    op.drop_table('outcome')
