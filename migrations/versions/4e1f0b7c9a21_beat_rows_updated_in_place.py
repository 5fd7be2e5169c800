"""Study time: the rows a heartbeat rewrites are updated in place (HOT) on PostgreSQL.

``study_total.updated_at`` lost its index: nothing filters or sorts by it, and an indexed column that every
beat changes makes every update of the row a new index entry (never a heap-only tuple). The three rows a beat
rewrites get room on their own page (fillfactor 80), so the new version lands beside the old one.

Revision ID: 4e1f0b7c9a21
Revises: 9b98e79d2125
Create Date: 2026-12-07 04:20:00
"""
from alembic import op

revision = '4e1f0b7c9a21'
down_revision = '9b98e79d2125'
branch_labels = None
depends_on = None

BEAT_TABLES = ("learner_state", "lesson_progress", "study_total")


def upgrade():
    with op.batch_alter_table('study_total') as batch:
        batch.drop_index('ix_study_total_updated_at')
    if op.get_bind().dialect.name == "postgresql":
        for table in BEAT_TABLES:
            op.execute(f"ALTER TABLE {table} SET (fillfactor = 80)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in BEAT_TABLES:
            op.execute(f"ALTER TABLE {table} RESET (fillfactor)")
    with op.batch_alter_table('study_total') as batch:
        batch.create_index('ix_study_total_updated_at', ['updated_at'], unique=False)
