"""originality corpus counter (the document count read with the postings in one statement)

Revision ID: 7c1e5a9d3f20
Revises: 731198ac3ccf
Create Date: 2026-12-06 09:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c1e5a9d3f20'
down_revision = '731198ac3ccf'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('originality_corpus',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_originality_corpus_one_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_originality_corpus'))
    )
    # The corpus as it stands: counted once here, kept by every document indexed from now on.
    op.execute("INSERT INTO originality_corpus (id, documents) SELECT 1, count(*) FROM originality_document")


def downgrade():
    op.drop_table('originality_corpus')
