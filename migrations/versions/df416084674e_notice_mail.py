"""Notices by e-mail: the kinds each user also wants by e-mail, and each notice's e-mail state.

Revision ID: df416084674e
Revises: 58a5df53c5e5
Create Date: 2026-12-07 00:30:00
"""
import sqlalchemy as sa
from alembic import op

from lms.core.db import UTCDateTime

revision = 'df416084674e'
down_revision = '58a5df53c5e5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'notice_mail',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kinds', sa.JSON(), nullable=False),
        sa.Column('language', sa.String(length=10), server_default='zh_CN', nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_notice_mail_user_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notice_mail')),
    )
    with op.batch_alter_table('notice') as batch:
        batch.add_column(sa.Column('email_state', sa.String(length=10), nullable=True))
        batch.add_column(sa.Column('emailed_at', UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('email_error', sa.String(length=300), nullable=True))
        batch.add_column(sa.Column('email_attempts', sa.Integer(), server_default='0', nullable=False))
    op.create_index('ix_notice_email_state', 'notice', ['email_state'])


def downgrade():
    op.drop_index('ix_notice_email_state', table_name='notice')
    with op.batch_alter_table('notice') as batch:
        batch.drop_column('email_attempts')
        batch.drop_column('email_error')
        batch.drop_column('emailed_at')
        batch.drop_column('email_state')
    op.drop_table('notice_mail')
