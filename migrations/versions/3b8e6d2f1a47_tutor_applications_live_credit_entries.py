"""tutor applications and their three-level review (lms.tutors); credit entries posted from live sessions

Revision ID: 3b8e6d2f1a47
Revises: 098723c68218
Create Date: 2026-12-06 16:05:53.430729

"""
from alembic import op
import sqlalchemy as sa

import lms.core.db


# revision identifiers, used by Alembic.
revision = '3b8e6d2f1a47'
down_revision = '098723c68218'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tutor_application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('subjects', sa.JSON(), nullable=False),
    sa.Column('stages', sa.JSON(), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('introduction', sa.Text(), nullable=False),
    sa.Column('achievements', sa.Text(), nullable=False),
    sa.Column('sample_url', sa.String(length=500), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('submitted_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('approved_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status != 'returned' OR reason IS NOT NULL", name=op.f('ck_tutor_application_return_has_reason')),
    sa.CheckConstraint("status IN ('school', 'county', 'city', 'returned', 'approved', 'superseded')", name=op.f('ck_tutor_application_status_known')),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_tutor_application_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_tutor_application_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tutor_application'))
    )
    with op.batch_alter_table('tutor_application', schema=None) as batch_op:
        batch_op.create_index('ix_tutor_application_status_unit', ['status', 'org_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tutor_application_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_tutor_application_approved', ['user_id'], unique=True, postgresql_where=sa.text("status = 'approved'"), sqlite_where=sa.text("status = 'approved'"))
        batch_op.create_index('uq_tutor_application_open', ['user_id'], unique=True, postgresql_where=sa.text("status IN ('school', 'county', 'city', 'returned')"), sqlite_where=sa.text("status IN ('school', 'county', 'city', 'returned')"))

    op.create_table('tutor_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=8), nullable=False),
    sa.Column('decision', sa.String(length=8), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("decision = 'approve' OR reason IS NOT NULL", name=op.f('ck_tutor_review_return_has_reason')),
    sa.CheckConstraint("decision IN ('approve', 'return')", name=op.f('ck_tutor_review_decision_known')),
    sa.CheckConstraint("level IN ('school', 'county', 'city')", name=op.f('ck_tutor_review_level_known')),
    sa.ForeignKeyConstraint(['application_id'], ['tutor_application.id'], name=op.f('fk_tutor_review_application_id_tutor_application'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user.id'], name=op.f('fk_tutor_review_reviewer_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tutor_review'))
    )
    with op.batch_alter_table('tutor_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tutor_review_application_id'), ['application_id'], unique=False)

    with op.batch_alter_table('credit_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('live_session_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint('uq_credit_entry_live_session', ['user_id', 'live_session_id'])
        batch_op.create_foreign_key(batch_op.f('fk_credit_entry_live_session_id_live_session'), 'live_session', ['live_session_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('credit_entry', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_credit_entry_live_session_id_live_session'), type_='foreignkey')
        batch_op.drop_constraint('uq_credit_entry_live_session', type_='unique')
        batch_op.drop_column('live_session_id')

    with op.batch_alter_table('tutor_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tutor_review_application_id'))

    op.drop_table('tutor_review')
    with op.batch_alter_table('tutor_application', schema=None) as batch_op:
        batch_op.drop_index('uq_tutor_application_open', postgresql_where=sa.text("status IN ('school', 'county', 'city', 'returned')"), sqlite_where=sa.text("status IN ('school', 'county', 'city', 'returned')"))
        batch_op.drop_index('uq_tutor_application_approved', postgresql_where=sa.text("status = 'approved'"), sqlite_where=sa.text("status = 'approved'"))
        batch_op.drop_index(batch_op.f('ix_tutor_application_user_id'))
        batch_op.drop_index('ix_tutor_application_status_unit')

    op.drop_table('tutor_application')
