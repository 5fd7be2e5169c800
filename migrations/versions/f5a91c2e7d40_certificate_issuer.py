"""certificate issuer and seal per project; issuing body, project code and 学时 on certificates

Revision ID: f5a91c2e7d40
Revises: 5d2e8c41a7f0
Create Date: 2026-12-06 05:00:00

"""
from alembic import op
import sqlalchemy as sa

import lms.core.db


# revision identifiers, used by Alembic.
revision = 'f5a91c2e7d40'
down_revision = '5d2e8c41a7f0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificate_issuer',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('issuing_body', sa.String(length=120), nullable=True),
    sa.Column('seal_png', sa.LargeBinary(), nullable=True),
    sa.Column('updated_at', lms.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_certificate_issuer_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', name=op.f('pk_certificate_issuer'))
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issuing_body', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('project_code', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('credit_hours', sa.Numeric(precision=6, scale=1, asdecimal=False), nullable=True))
    op.execute(BACKFILL)


# Certificates already issued print what they would have been issued with: the province as the issuing
# body, the project's code and the course's 学时 (its credit terms, else required minutes at 45 a 学时).
BACKFILL = """
        UPDATE certificate SET
          issuing_body = (SELECT name FROM org_unit WHERE level = 'province' ORDER BY id LIMIT 1),
          project_code = (SELECT p.code FROM enrollment e JOIN training_class c ON c.id = e.class_id
                          JOIN batch b ON b.id = c.batch_id JOIN project p ON p.id = b.project_id
                          WHERE e.id = certificate.enrollment_id),
          credit_hours = (SELECT COALESCE(cc.hours_tenths / 10.0, (co.required_minutes * 10 / 45) / 10.0)
                          FROM enrollment e JOIN training_class c ON c.id = e.class_id
                          JOIN course co ON co.id = c.course_id LEFT JOIN course_credit cc ON cc.course_id = co.id
                          WHERE e.id = certificate.enrollment_id)
"""


def downgrade():
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_column('credit_hours')
        batch_op.drop_column('project_code')
        batch_op.drop_column('issuing_body')
    op.drop_table('certificate_issuer')
