"""Originality: autovacuum keeps the postings' visibility map current, so each lookup stays index-only.

A check reads every posting of a few hundred hashes from the primary key (hash, doc_id, pos) alone, unless
the visibility map says a page may hold rows not yet visible to all: then each row is fetched from the table
too. PostgreSQL vacuums an insert-only table after 20% new rows by default (3.6 million at 18 million
postings), so the newest documents, the likeliest sources in a running batch, were looked up the slow way.
Vacuuming after 1% keeps them index-only (docs/PERFORMANCE.md "Originality").

Revision ID: 7c2d9e4f1a36
Revises: 4e1f0b7c9a21
Create Date: 2026-12-07 16:45:00
"""
from alembic import op

revision = '7c2d9e4f1a36'
down_revision = '4e1f0b7c9a21'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE originality_posting SET (autovacuum_vacuum_insert_scale_factor = 0.01)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE originality_posting RESET (autovacuum_vacuum_insert_scale_factor)")
