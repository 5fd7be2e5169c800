"""Activities: the province's review (符合省级要求: pending, approved, rejected; the activities on record are
approved, so past grades stay as they are), and several classes addressed (the table activity_class takes each
activity's class_id over)

Revision ID: 9bfd024ef0e2
Revises: 57eec1423539
Create Date: 2026-12-06 23:50:00
"""
from alembic import op
import sqlalchemy as sa

import lms.core.db


revision = '9bfd024ef0e2'
down_revision = '57eec1423539'
branch_labels = None
depends_on = None

activity = sa.table('activity', sa.column('id', sa.Integer), sa.column('class_id', sa.Integer))
activity_class = sa.table('activity_class', sa.column('activity_id', sa.Integer), sa.column('class_id', sa.Integer))


def upgrade():
    op.create_table('activity_class',
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_activity_class_activity_id_activity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['class_id'], ['training_class.id'], name=op.f('fk_activity_class_class_id_training_class'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('activity_id', 'class_id', name=op.f('pk_activity_class'))
    )
    with op.batch_alter_table('activity_class', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_class_class_id'), ['class_id'], unique=False)
    # Read before the table is rebuilt (SQLite's batch mode drops it, which would cascade into activity_class).
    bind = op.get_bind()
    pairs = [{'activity_id': a, 'class_id': k} for a, k in bind.execute(
        sa.select(activity.c.id, activity.c.class_id).where(activity.c.class_id.is_not(None)))]

    with op.batch_alter_table('activity', schema=None) as batch_op:
        # Every activity on record counted as the province's: it stays approved.
        batch_op.add_column(sa.Column('review_status', sa.String(length=10), nullable=False, server_default='approved'))
        batch_op.add_column(sa.Column('reviewed_at', lms.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('review_reason', sa.String(length=500), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_activity_reviewed_by_id_user'), 'user', ['reviewed_by_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.drop_constraint(batch_op.f('ck_activity_addressed'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_activity_review_known'),
                                         "review_status IN ('pending', 'approved', 'rejected')")
        batch_op.drop_index(batch_op.f('ix_activity_class_id'))
        batch_op.drop_constraint(batch_op.f('fk_activity_class_id_training_class'), type_='foreignkey')
        batch_op.drop_column('class_id')
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.alter_column('review_status', server_default=None)
    if pairs:
        op.bulk_insert(activity_class, pairs)


def downgrade():
    # An activity of several classes keeps the first one (read before SQLite's batch mode rebuilds the table).
    bind = op.get_bind()
    first = list(bind.execute(sa.select(activity_class.c.activity_id, sa.func.min(activity_class.c.class_id))
                              .group_by(activity_class.c.activity_id)))
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('class_id', sa.Integer(), nullable=True))
    for activity_id, class_id in first:
        bind.execute(activity.update().where(activity.c.id == activity_id).values(class_id=class_id))
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_activity_class_id_training_class'), 'training_class', ['class_id'],
                                    ['id'], ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_activity_class_id'), ['class_id'], unique=False)
        batch_op.drop_constraint(batch_op.f('ck_activity_review_known'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_activity_addressed'),
                                         'org_unit_id IS NOT NULL OR class_id IS NOT NULL')
        batch_op.drop_constraint(batch_op.f('fk_activity_reviewed_by_id_user'), type_='foreignkey')
        batch_op.drop_column('review_reason')
        batch_op.drop_column('reviewed_by_id')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('review_status')
    with op.batch_alter_table('activity_class', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_class_class_id'))
    op.drop_table('activity_class')
