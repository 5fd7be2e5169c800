"""Tutors' qualifications revoked by their city (B17): the revocations, and the library profile's ``revoked``
status.

Revision ID: 7c2e9a4f1b36
Revises: 9bfd024ef0e2
Create Date: 2026-12-07 00:10:00
"""
import sqlalchemy as sa
from alembic import op

from lms.core.db import UTCDateTime

revision = '7c2e9a4f1b36'
down_revision = '9bfd024ef0e2'
branch_labels = None
depends_on = None

OLD = "status IN ('school', 'county', 'city', 'returned', 'approved', 'superseded')"
NEW = "status IN ('school', 'county', 'city', 'returned', 'approved', 'superseded', 'revoked')"


def upgrade():
    op.create_table(
        'tutor_disqualification',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('reinstated_by_id', sa.Integer(), nullable=True),
        sa.Column('reinstated_at', UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_tutor_disqualification_user_id_user'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'],
                                name=op.f('fk_tutor_disqualification_decided_by_id_user'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['reinstated_by_id'], ['user.id'],
                                name=op.f('fk_tutor_disqualification_reinstated_by_id_user'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_tutor_disqualification')),
    )
    op.create_index(op.f('ix_tutor_disqualification_user_id'), 'tutor_disqualification', ['user_id'])
    op.create_index('uq_tutor_disqualification_in_force', 'tutor_disqualification', ['user_id'], unique=True,
                    postgresql_where=sa.text('reinstated_at IS NULL'), sqlite_where=sa.text('reinstated_at IS NULL'))
    with op.batch_alter_table('tutor_application') as batch:
        batch.drop_constraint(op.f('ck_tutor_application_status_known'), type_='check')
        batch.create_check_constraint('status_known', NEW)


def downgrade():
    op.execute("UPDATE tutor_application SET status = 'approved' WHERE status = 'revoked'")
    with op.batch_alter_table('tutor_application') as batch:
        batch.drop_constraint(op.f('ck_tutor_application_status_known'), type_='check')
        batch.create_check_constraint('status_known', OLD)
    op.drop_index('uq_tutor_disqualification_in_force', table_name='tutor_disqualification')
    op.drop_index(op.f('ix_tutor_disqualification_user_id'), table_name='tutor_disqualification')
    op.drop_table('tutor_disqualification')
