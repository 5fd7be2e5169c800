"""outstanding learners: completion moments, the criteria's settings, the commendation list

Revision ID: 7c1d0e5a9f31
Revises: 2b5e924d7789
Create Date: 2026-12-06 09:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

import lms.core.db


# revision identifiers, used by Alembic.
revision = '7c1d0e5a9f31'
down_revision = '2b5e924d7789'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('lesson_progress', schema=None) as batch_op:
        batch_op.add_column(sa.Column('completed_at', lms.core.db.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('study_total', schema=None) as batch_op:
        batch_op.add_column(sa.Column('required_met_at', lms.core.db.UTCDateTime(timezone=True), nullable=True))
    # Rows from before: the last update is the best moment known (a lesson completed, the time reached).
    op.execute("UPDATE lesson_progress SET completed_at = updated_at WHERE completed")
    op.execute("UPDATE study_total SET required_met_at = updated_at WHERE credited_seconds >= ("
               "SELECT course.required_minutes * 60 FROM enrollment JOIN training_class ON training_class.id = "
               "enrollment.class_id JOIN course ON course.id = training_class.course_id "
               "WHERE enrollment.id = study_total.enrollment_id)")
    with op.batch_alter_table('grading_policy', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_percent', sa.Integer(), server_default='30', nullable=False))
        batch_op.add_column(sa.Column('early_days', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('extra_interactions', sa.Integer(), server_default='2', nullable=False))
    op.create_table('commendation',
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('confirmed_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['batch.id'], name=op.f('fk_commendation_batch_id_batch'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user.id'], name=op.f('fk_commendation_confirmed_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('batch_id', name=op.f('pk_commendation'))
    )
    op.create_table('commendation_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('school_name', sa.String(length=200), nullable=False),
    sa.Column('class_name', sa.String(length=200), nullable=False),
    sa.Column('course_title', sa.String(length=200), nullable=False),
    sa.Column('total', sa.Numeric(precision=5, scale=2, asdecimal=False), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.Column('recommendation_note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['commendation.batch_id'], name=op.f('fk_commendation_entry_batch_id_commendation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollment.id'], name=op.f('fk_commendation_entry_enrollment_id_enrollment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['org_unit.id'], name=op.f('fk_commendation_entry_school_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commendation_entry')),
    sa.UniqueConstraint('batch_id', 'enrollment_id', name=op.f('uq_commendation_entry_batch_id_enrollment_id'))
    )
    with op.batch_alter_table('commendation_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commendation_entry_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commendation_entry_school_id'), ['school_id'], unique=False)


def downgrade():
    with op.batch_alter_table('commendation_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commendation_entry_school_id'))
        batch_op.drop_index(batch_op.f('ix_commendation_entry_batch_id'))
    op.drop_table('commendation_entry')
    op.drop_table('commendation')
    with op.batch_alter_table('grading_policy', schema=None) as batch_op:
        batch_op.drop_column('extra_interactions')
        batch_op.drop_column('early_days')
        batch_op.drop_column('first_percent')
    with op.batch_alter_table('study_total', schema=None) as batch_op:
        batch_op.drop_column('required_met_at')
    with op.batch_alter_table('lesson_progress', schema=None) as batch_op:
        batch_op.drop_column('completed_at')
