"""Originality: a check's candidate lookup runs in its own backend, never in parallel workers.

On PostgreSQL, at 100,000 documents, the planner's custom plan for a lookup of ~2,700 hashes was a parallel
bitmap scan of ``originality_hash_count``: starting two workers and gathering their rows doubled the lookup
(p50 31 → 16 ms, p95 38 → 20 ms serial, interleaved; docs/PERFORMANCE.md "Originality"), and on a 2-core host
the workers take the cores other requests need. A connection plans the lookup afresh for its first ten or so
runs (psycopg prepares a statement on its fifth, and PostgreSQL tries five custom plans before the generic
one, which is serial), so every new pooled connection paid it. ``parallel_workers = 0`` on the two tables
the lookup reads keeps every plan over them serial; nothing else reads them in bulk apart from a rebuild.

Revision ID: 9b3e5d7f2c48
Revises: 7c2d9e4f1a36
Create Date: 2026-12-07 20:10:00
"""
from alembic import op

revision = '9b3e5d7f2c48'
down_revision = '7c2d9e4f1a36'
branch_labels = None
depends_on = None

TABLES = ("originality_hash_count", "originality_posting")


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"ALTER TABLE {table} SET (parallel_workers = 0)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"ALTER TABLE {table} RESET (parallel_workers)")
