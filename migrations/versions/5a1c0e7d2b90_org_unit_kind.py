"""org unit kind (a school's kind or stage, as the org-tree import names it)

Revision ID: 5a1c0e7d2b90
Revises: 34e26ce34848
Create Date: 2026-12-06 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a1c0e7d2b90'
down_revision = '34e26ce34848'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=32), nullable=True))


def downgrade():
    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.drop_column('kind')
