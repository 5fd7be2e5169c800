"""Area briefings and summary reports (J16b)

Revision ID: b3d81f0a6c27
Revises: 9b4d2f6a8c13
Create Date: 2026-12-06 16:40:00
"""
import sqlalchemy as sa
from alembic import op

import lms.core.db

revision = 'b3d81f0a6c27'
down_revision = '9b4d2f6a8c13'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'area_briefing',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('org_unit_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('batch_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('published_at', lms.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('briefing', 'summary')", name=op.f('ck_area_briefing_kind_known')),
        sa.CheckConstraint("(status = 'draft' AND published_at IS NULL) OR "
                           "(status = 'published' AND published_at IS NOT NULL)",
                           name=op.f('ck_area_briefing_published_when')),
        sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_area_briefing_author_id_user'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['batch_id'], ['batch.id'], name=op.f('fk_area_briefing_batch_id_batch'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_area_briefing_org_unit_id_org_unit'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_area_briefing_project_id_project'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_area_briefing')),
    )
    op.create_index(op.f('ix_area_briefing_author_id'), 'area_briefing', ['author_id'])
    op.create_index(op.f('ix_area_briefing_batch_id'), 'area_briefing', ['batch_id'])
    op.create_index(op.f('ix_area_briefing_project_id'), 'area_briefing', ['project_id'])
    op.create_index('ix_area_briefing_unit_status', 'area_briefing', ['org_unit_id', 'status'])


def downgrade():
    op.drop_table('area_briefing')
