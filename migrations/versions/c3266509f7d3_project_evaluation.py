"""The project's comprehensive evaluation (JX11b): a round per project, each area's self-evaluation, the outside
evaluations.

Revision ID: c3266509f7d3
Revises: b66e4ca5cebc
Create Date: 2026-12-07 00:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'c3266509f7d3'
down_revision = 'b66e4ca5cebc'
branch_labels = None
depends_on = None

DIMENSIONS = ("progress", "measures", "innovation", "performance")


def _dimensions(table: str) -> list:
    columns = []
    for d in DIMENSIONS:
        columns += [sa.Column(f'{d}_score', sa.Integer(), nullable=True), sa.Column(f'{d}_text', sa.Text(), nullable=True)]
    checks = [sa.CheckConstraint(f'{d}_score IS NULL OR {d}_score BETWEEN 0 AND 100',
                                 name=op.f(f'ck_{table}_{d}_score_range')) for d in DIMENSIONS]
    return columns + checks


def upgrade():
    op.create_table(
        'evaluation_round',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('opened_by_id', sa.Integer(), nullable=True),
        sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("(state = 'open') = (closed_at IS NULL)", name=op.f('ck_evaluation_round_closed_when')),
        sa.CheckConstraint("state IN ('open', 'closed')", name=op.f('ck_evaluation_round_state_known')),
        sa.ForeignKeyConstraint(['opened_by_id'], ['user.id'], name=op.f('fk_evaluation_round_opened_by_id_user'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_evaluation_round_project_id_project'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_round')),
        sa.UniqueConstraint('project_id', name=op.f('uq_evaluation_round_project_id')),
    )
    op.create_table(
        'area_evaluation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('org_unit_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('figures', sa.JSON(), nullable=True),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('returned_reason', sa.String(length=500), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        *_dimensions('area_evaluation'),
        sa.CheckConstraint("status IN ('draft', 'submitted', 'returned')", name=op.f('ck_area_evaluation_status_known')),
        sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_area_evaluation_author_id_user'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_area_evaluation_org_unit_id_org_unit'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['round_id'], ['evaluation_round.id'],
                                name=op.f('fk_area_evaluation_round_id_evaluation_round'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_area_evaluation')),
        sa.UniqueConstraint('round_id', 'org_unit_id', name=op.f('uq_area_evaluation_round_id_org_unit_id')),
    )
    op.create_index(op.f('ix_area_evaluation_round_id'), 'area_evaluation', ['round_id'], unique=False)
    op.create_index(op.f('ix_area_evaluation_org_unit_id'), 'area_evaluation', ['org_unit_id'], unique=False)
    op.create_table(
        'outside_evaluation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('evaluation_id', sa.Integer(), nullable=False),
        sa.Column('reviewer_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('assigned_by_id', sa.Integer(), nullable=True),
        sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
        *_dimensions('outside_evaluation'),
        sa.CheckConstraint("kind IN ('expert', 'peer')", name=op.f('ck_outside_evaluation_kind_known')),
        sa.ForeignKeyConstraint(['assigned_by_id'], ['user.id'], name=op.f('fk_outside_evaluation_assigned_by_id_user'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['evaluation_id'], ['area_evaluation.id'],
                                name=op.f('fk_outside_evaluation_evaluation_id_area_evaluation'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['reviewer_id'], ['user.id'], name=op.f('fk_outside_evaluation_reviewer_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outside_evaluation')),
        sa.UniqueConstraint('evaluation_id', 'reviewer_id', name=op.f('uq_outside_evaluation_evaluation_id_reviewer_id')),
    )
    op.create_index(op.f('ix_outside_evaluation_evaluation_id'), 'outside_evaluation', ['evaluation_id'], unique=False)
    op.create_index(op.f('ix_outside_evaluation_reviewer_id'), 'outside_evaluation', ['reviewer_id'], unique=False)


def downgrade():
    op.drop_table('outside_evaluation')
    op.drop_table('area_evaluation')
    op.drop_table('evaluation_round')
