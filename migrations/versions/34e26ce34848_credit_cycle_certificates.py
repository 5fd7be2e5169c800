"""credit cycle certificates

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


def downgrade():
    op.drop_table('credit_certificate')
