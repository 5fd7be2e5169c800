"""The organisation awards of students' tutoring (B18): each area's confirmed winning schools and districts of a
term.

Revision ID: b18a3e5c7d92
Revises: 7c2e9a4f1b36
Create Date: 2026-12-07 00:40:00
"""
import sqlalchemy as sa
from alembic import op

from lms.core.db import UTCDateTime

revision = 'b18a3e5c7d92'
down_revision = '7c2e9a4f1b36'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'tutoring_org_award',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('term_id', sa.Integer(), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=False),
        sa.Column('org_unit_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('rank', sa.Integer(), nullable=False),
        sa.Column('score_cents', sa.Integer(), nullable=False),
        sa.Column('confirmed_by_id', sa.Integer(), nullable=False),
        sa.Column('confirmed_at', UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('school', 'district')", name=op.f('ck_tutoring_org_award_kind_known')),
        sa.CheckConstraint('rank >= 1', name=op.f('ck_tutoring_org_award_rank_positive')),
        sa.CheckConstraint('score_cents BETWEEN 0 AND 10000', name=op.f('ck_tutoring_org_award_score_in_range')),
        sa.ForeignKeyConstraint(['term_id'], ['live_term.id'], name=op.f('fk_tutoring_org_award_term_id_live_term')),
        sa.ForeignKeyConstraint(['area_id'], ['org_unit.id'], name=op.f('fk_tutoring_org_award_area_id_org_unit')),
        sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'],
                                name=op.f('fk_tutoring_org_award_org_unit_id_org_unit')),
        sa.ForeignKeyConstraint(['confirmed_by_id'], ['user.id'],
                                name=op.f('fk_tutoring_org_award_confirmed_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_tutoring_org_award')),
        sa.UniqueConstraint('term_id', 'area_id', 'org_unit_id',
                            name=op.f('uq_tutoring_org_award_term_id_area_id_org_unit_id')),
    )
    op.create_index(op.f('ix_tutoring_org_award_term_id'), 'tutoring_org_award', ['term_id'])


def downgrade():
    op.drop_index(op.f('ix_tutoring_org_award_term_id'), table_name='tutoring_org_award')
    op.drop_table('tutoring_org_award')
