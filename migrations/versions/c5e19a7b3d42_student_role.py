"""The student role (students' tutoring, B-S1)

Revision ID: c5e19a7b3d42
Revises: b3d81f0a6c27
Create Date: 2026-12-06 20:05:00
"""
from alembic import op

revision = 'c5e19a7b3d42'
down_revision = 'b3d81f0a6c27'
branch_labels = None
depends_on = None

_BEFORE = ('teacher', 'school_admin', 'county_admin', 'city_admin', 'province_admin', 'tutor', 'expert')
_AFTER = _BEFORE + ('student',)


def _known(roles):
    return "role IN (" + ", ".join(f"'{role}'" for role in roles) + ")"


def _swap(roles):
    # batch mode: SQLite rebuilds the table, PostgreSQL alters it in place.
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.drop_constraint('role_known', type_='check')
        batch_op.create_check_constraint('role_known', _known(roles))


def upgrade():
    _swap(_AFTER)


def downgrade():
    op.execute("DELETE FROM role_assignment WHERE role = 'student'")
    _swap(_BEFORE)
