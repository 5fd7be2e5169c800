"""Students' tutoring's term settlement: an area's confirmation and each tutor's locked figures (001 L57, L60).

Revision ID: e31abc7cb48e
Revises: e3b7a91c5d20
Create Date: 2026-12-06 23:40:00
"""
import sqlalchemy as sa
from alembic import op

import lms.core.db

revision = 'e31abc7cb48e'
down_revision = 'e3b7a91c5d20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tutoring_settlement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('settled_by_id', sa.Integer(), nullable=False),
    sa.Column('settled_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_tutoring_settlement_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['settled_by_id'], ['user.id'], name=op.f('fk_tutoring_settlement_settled_by_id_user')),
    sa.ForeignKeyConstraint(['term_id'], ['live_term.id'], name=op.f('fk_tutoring_settlement_term_id_live_term')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tutoring_settlement')),
    sa.UniqueConstraint('term_id', 'org_unit_id', name=op.f('uq_tutoring_settlement_term_id_org_unit_id'))
    )
    with op.batch_alter_table('tutoring_settlement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tutoring_settlement_term_id'), ['term_id'], unique=False)
    op.create_table('tutoring_settlement_row',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('settlement_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('tutor_id', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('unit_name', sa.String(length=120), nullable=False),
    sa.Column('title_grade', sa.String(length=10), nullable=False),
    sa.Column('sessions', sa.Integer(), nullable=False),
    sa.Column('points_cents', sa.Integer(), nullable=False),
    sa.Column('coefficient_pct', sa.Integer(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.CheckConstraint('minutes >= 0', name=op.f('ck_tutoring_settlement_row_minutes_not_negative')),
    sa.CheckConstraint('coefficient_pct IN (100, 120, 140)', name=op.f('ck_tutoring_settlement_row_coefficient_known')),
    sa.CheckConstraint('points_cents >= 0 AND amount_fen >= 0 AND sessions >= 0', name=op.f('ck_tutoring_settlement_row_not_negative')),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_tutoring_settlement_row_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['settlement_id'], ['tutoring_settlement.id'], name=op.f('fk_tutoring_settlement_row_settlement_id_tutoring_settlement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['term_id'], ['live_term.id'], name=op.f('fk_tutoring_settlement_row_term_id_live_term')),
    sa.ForeignKeyConstraint(['tutor_id'], ['user.id'], name=op.f('fk_tutoring_settlement_row_tutor_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tutoring_settlement_row')),
    sa.UniqueConstraint('term_id', 'tutor_id', name=op.f('uq_tutoring_settlement_row_term_id_tutor_id'))
    )
    with op.batch_alter_table('tutoring_settlement_row', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tutoring_settlement_row_org_unit_id'), ['org_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tutoring_settlement_row_settlement_id'), ['settlement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tutoring_settlement_row_tutor_id'), ['tutor_id'], unique=False)


def downgrade():
    with op.batch_alter_table('tutoring_settlement_row', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tutoring_settlement_row_tutor_id'))
        batch_op.drop_index(batch_op.f('ix_tutoring_settlement_row_settlement_id'))
        batch_op.drop_index(batch_op.f('ix_tutoring_settlement_row_org_unit_id'))
    op.drop_table('tutoring_settlement_row')
    with op.batch_alter_table('tutoring_settlement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tutoring_settlement_term_id'))
    op.drop_table('tutoring_settlement')
