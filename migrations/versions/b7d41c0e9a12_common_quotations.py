"""common quotations (policy texts excluded from both sides of the originality check)

Revision ID: b7d41c0e9a12
Revises: e23855d47f3c
Create Date: 2026-11-24 04:00:00

"""
from alembic import op
import sqlalchemy as sa

import lms.core.db

# revision identifiers, used by Alembic.
revision = 'b7d41c0e9a12'
down_revision = 'e23855d47f3c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('common_quotation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('from_submission_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_common_quotation_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_common_quotation'))
    )


def downgrade():
    op.drop_table('common_quotation')
