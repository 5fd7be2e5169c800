"""credit cycle certificates, project evaluations, self-study summaries

Revision ID: 34e26ce34848
Revises: c3d17e2a9b54
Create Date: 2026-12-06 03:00:00

"""
from alembic import op
import sqlalchemy as sa

import lms.core.db


# revision identifiers, used by Alembic.
revision = '34e26ce34848'
down_revision = 'c3d17e2a9b54'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('credit_certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('cycle_start', sa.Integer(), nullable=False),
    sa.Column('cycle_end', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('school', sa.String(length=120), nullable=False),
    sa.Column('credit_cents', sa.Integer(), nullable=False),
    sa.Column('hours_tenths', sa.Integer(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issued_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['issued_by_id'], ['user.id'], name=op.f('fk_credit_certificate_issued_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_credit_certificate_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credit_certificate')),
    sa.UniqueConstraint('code', name=op.f('uq_credit_certificate_code')),
    sa.UniqueConstraint('user_id', 'cycle_start', name=op.f('uq_credit_certificate_user_id_cycle_start'))
    )
    op.create_table('credit_self_study_summary',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=4000), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('filed_by_id', sa.Integer(), nullable=True),
    sa.Column('filed_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status != 'rejected' OR reason IS NOT NULL", name=op.f('ck_credit_self_study_summary_rejection_has_reason')),
    sa.CheckConstraint("status IN ('filed', 'approved', 'rejected')", name=op.f('ck_credit_self_study_summary_status_known')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_credit_self_study_summary_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['filed_by_id'], ['user.id'], name=op.f('fk_credit_self_study_summary_filed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_credit_self_study_summary_org_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credit_self_study_summary')),
    sa.UniqueConstraint('org_unit_id', 'year', name=op.f('uq_credit_self_study_summary_org_unit_id_year'))
    )
    with op.batch_alter_table('credit_plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evaluation', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('evaluation_comment', sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column('evaluated_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('evaluated_at', lms.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_credit_plan_evaluated_by_id_user'), 'user', ['evaluated_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('credit_plan', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_credit_plan_evaluated_by_id_user'), type_='foreignkey')
        batch_op.drop_column('evaluated_at')
        batch_op.drop_column('evaluated_by_id')
        batch_op.drop_column('evaluation_comment')
        batch_op.drop_column('evaluation')
    op.drop_table('credit_self_study_summary')
    op.drop_table('credit_certificate')
