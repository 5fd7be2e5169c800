"""live research points: tutors' title grade, review reports, term settlements

Revision ID: 9b4d2f6a8c13
Revises: e5a2c7b91d04
Create Date: 2026-12-06 16:30:00

"""
from alembic import op
import sqlalchemy as sa

import lms.core.db


# revision identifiers, used by Alembic.
revision = '9b4d2f6a8c13'
down_revision = 'e5a2c7b91d04'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_grade', sa.String(length=10), server_default='other', nullable=False))
        batch_op.create_check_constraint('title_grade_known', "title_grade IN ('senior', 'leader', 'other')")
    op.create_table('live_review_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_live_review_report_author_id_user')),
    sa.ForeignKeyConstraint(['session_id'], ['live_session.id'], name=op.f('fk_live_review_report_session_id_live_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_review_report')),
    sa.UniqueConstraint('session_id', name=op.f('uq_live_review_report_session_id'))
    )
    op.create_table('live_settlement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('settled_by_id', sa.Integer(), nullable=False),
    sa.Column('settled_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['settled_by_id'], ['user.id'], name=op.f('fk_live_settlement_settled_by_id_user')),
    sa.ForeignKeyConstraint(['term_id'], ['live_term.id'], name=op.f('fk_live_settlement_term_id_live_term')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_settlement')),
    sa.UniqueConstraint('term_id', name=op.f('uq_live_settlement_term_id'))
    )
    op.create_table('live_settlement_row',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('settlement_id', sa.Integer(), nullable=False),
    sa.Column('tutor_id', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('unit_name', sa.String(length=120), nullable=False),
    sa.Column('title_grade', sa.String(length=10), nullable=False),
    sa.Column('sessions', sa.Integer(), nullable=False),
    sa.Column('points_cents', sa.Integer(), nullable=False),
    sa.Column('coefficient_pct', sa.Integer(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.CheckConstraint('coefficient_pct IN (100, 120, 140)', name=op.f('ck_live_settlement_row_coefficient_known')),
    sa.CheckConstraint('points_cents >= 0 AND amount_fen >= 0 AND sessions >= 0', name=op.f('ck_live_settlement_row_not_negative')),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_live_settlement_row_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['settlement_id'], ['live_settlement.id'], name=op.f('fk_live_settlement_row_settlement_id_live_settlement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tutor_id'], ['user.id'], name=op.f('fk_live_settlement_row_tutor_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_settlement_row')),
    sa.UniqueConstraint('settlement_id', 'tutor_id', name=op.f('uq_live_settlement_row_settlement_id_tutor_id'))
    )
    with op.batch_alter_table('live_settlement_row', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_settlement_row_org_unit_id'), ['org_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_live_settlement_row_tutor_id'), ['tutor_id'], unique=False)


def downgrade():
    with op.batch_alter_table('live_settlement_row', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_settlement_row_tutor_id'))
        batch_op.drop_index(batch_op.f('ix_live_settlement_row_org_unit_id'))
    op.drop_table('live_settlement_row')
    op.drop_table('live_settlement')
    op.drop_table('live_review_report')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint('title_grade_known', type_='check')
        batch_op.drop_column('title_grade')

