"""course re-review when a published course's lessons change (E2a)

Revision ID: b8e4c2d17a93
Revises: 7d3a1f9c2b64
Create Date: 2026-12-06 20:50:00.000000

"""
from alembic import op
import sqlalchemy as sa

import lms.core.db


# revision identifiers, used by Alembic.
revision = 'b8e4c2d17a93'
down_revision = '7d3a1f9c2b64'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lessons_changed_at', lms.core.db.UTCDateTime(), nullable=True))
    with op.batch_alter_table('course_review', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.String(length=16), server_default='submitted', nullable=False))
        batch_op.create_check_constraint(op.f('ck_course_review_reason_known'),
                                         "reason IN ('submitted', 'lessons_changed')")


def downgrade():
    with op.batch_alter_table('course_review', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_course_review_reason_known'), type_='check')
        batch_op.drop_column('reason')
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.drop_column('lessons_changed_at')
