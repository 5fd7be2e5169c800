"""expert pool, course owners and states, course review

Revision ID: e5a2c7b91d04
Revises: 3a7c2e91b4d6
Create Date: 2026-12-06 16:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

import lms.core.db


# revision identifiers, used by Alembic.
revision = 'e5a2c7b91d04'
down_revision = '3a7c2e91b4d6'
branch_labels = None
depends_on = None


def upgrade():
    # Every course made before expert review existed stays in the catalogue: published, owned by the province.
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_unit_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=16), server_default='published', nullable=False))
        batch_op.add_column(sa.Column('published_at', lms.core.db.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_course_owner_unit_id'), ['owner_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_course_status'), ['status'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_course_owner_unit_id_org_unit'), 'org_unit', ['owner_unit_id'],
                                    ['id'])
        batch_op.create_check_constraint(op.f('ck_course_status_known'), "status IN ('draft', 'in_review', 'published')")
    op.execute("UPDATE course SET published_at = created_at WHERE published_at IS NULL")

    op.create_table('expert_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=32), nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=64), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('specialty', sa.String(length=200), nullable=True),
    sa.Column('introduction', sa.Text(), nullable=True),
    sa.Column('retired_at', lms.core.db.UTCDateTime(), nullable=True),
    sa.Column('created_at', lms.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_expert_profile_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expert_profile')),
    sa.UniqueConstraint('user_id', name=op.f('uq_expert_profile_user_id'))
    )
    with op.batch_alter_table('expert_profile', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expert_profile_stage'), ['stage'], unique=False)
        batch_op.create_index(batch_op.f('ix_expert_profile_subject'), ['subject'], unique=False)

    op.create_table('expert_selection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('selected_by_id', sa.Integer(), nullable=True),
    sa.Column('selected_at', lms.core.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['expert_profile.id'], name=op.f('fk_expert_selection_profile_id_expert_profile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['selected_by_id'], ['user.id'], name=op.f('fk_expert_selection_selected_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_expert_selection_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expert_selection')),
    sa.UniqueConstraint('unit_id', 'profile_id', name=op.f('uq_expert_selection_unit_id_profile_id'))
    )
    with op.batch_alter_table('expert_selection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expert_selection_profile_id'), ['profile_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_expert_selection_unit_id'), ['unit_id'], unique=False)

    op.create_table('course_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', lms.core.db.UTCDateTime(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', lms.core.db.UTCDateTime(), nullable=True),
    sa.CheckConstraint('round >= 1', name=op.f('ck_course_review_round_positive')),
    sa.CheckConstraint("state IN ('open', 'returned', 'published')", name=op.f('ck_course_review_state_known')),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_course_review_course_id_course'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_course_review_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user.id'], name=op.f('fk_course_review_submitted_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_review')),
    sa.UniqueConstraint('course_id', 'round', name=op.f('uq_course_review_course_id_round'))
    )
    with op.batch_alter_table('course_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_review_course_id'), ['course_id'], unique=False)
        batch_op.create_index('ix_course_review_state', ['state'], unique=False)

    op.create_table('course_reviewer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', lms.core.db.UTCDateTime(), nullable=False),
    sa.Column('accuracy', sa.Integer(), nullable=True),
    sa.Column('curriculum_fit', sa.Integer(), nullable=True),
    sa.Column('production', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('verdict', sa.String(length=16), nullable=True),
    sa.Column('reviewed_at', lms.core.db.UTCDateTime(), nullable=True),
    sa.CheckConstraint("verdict IS NULL OR verdict IN ('approve', 'revise')", name=op.f('ck_course_reviewer_verdict_known')),
    sa.CheckConstraint('(verdict IS NULL) = (reviewed_at IS NULL)', name=op.f('ck_course_reviewer_verdict_when_reviewed')),
    sa.CheckConstraint('accuracy IS NULL OR accuracy BETWEEN 1 AND 5', name=op.f('ck_course_reviewer_accuracy_range')),
    sa.CheckConstraint('curriculum_fit IS NULL OR curriculum_fit BETWEEN 1 AND 5', name=op.f('ck_course_reviewer_curriculum_fit_range')),
    sa.CheckConstraint('production IS NULL OR production BETWEEN 1 AND 5', name=op.f('ck_course_reviewer_production_range')),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['user.id'], name=op.f('fk_course_reviewer_assigned_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['profile_id'], ['expert_profile.id'], name=op.f('fk_course_reviewer_profile_id_expert_profile')),
    sa.ForeignKeyConstraint(['review_id'], ['course_review.id'], name=op.f('fk_course_reviewer_review_id_course_review'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_reviewer')),
    sa.UniqueConstraint('review_id', 'profile_id', name=op.f('uq_course_reviewer_review_id_profile_id'))
    )
    with op.batch_alter_table('course_reviewer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_reviewer_profile_id'), ['profile_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_course_reviewer_review_id'), ['review_id'], unique=False)


def downgrade():
    op.drop_table('course_reviewer')
    op.drop_table('course_review')
    op.drop_table('expert_selection')
    op.drop_table('expert_profile')
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_course_status_known'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_course_owner_unit_id_org_unit'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_course_status'))
        batch_op.drop_index(batch_op.f('ix_course_owner_unit_id'))
        batch_op.drop_column('published_at')
        batch_op.drop_column('status')
        batch_op.drop_column('owner_unit_id')
