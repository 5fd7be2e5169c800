"""Micro-lesson videos move from the database to the media storage (lms.projects.media): a storage key and the
length read from the file replace the name and the bytes; rows already holding bytes get their file written.

Revision ID: e3b7a91c5d20
Revises: b8e4c2d17a93
Create Date: 2026-12-06 21:30:00
"""
import os
import secrets
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = 'e3b7a91c5d20'
down_revision = 'b8e4c2d17a93'
branch_labels = None
depends_on = None

SUFFIXES = (".mp4", ".webm", ".m4v", ".ogv")
lesson = sa.table('micro_lesson', sa.column('id', sa.Integer), sa.column('video_name', sa.String),
                  sa.column('video_type', sa.String), sa.column('video_data', sa.LargeBinary),
                  sa.column('video_key', sa.String), sa.column('video_seconds', sa.Integer))


def _media_root() -> Path:
    """The app's MEDIA_ROOT (lms.config): LMS_MEDIA_ROOT, else the instance folder's media/."""
    from lms.config import instance_path
    return Path(os.environ.get("LMS_MEDIA_ROOT") or instance_path() / "media")


def _seconds(path: Path):
    from lms.projects.media import NotAVideo, probe_duration
    try:
        return probe_duration(path)
    except NotAVideo:
        return None


def upgrade():
    with op.batch_alter_table('micro_lesson', schema=None) as batch_op:
        batch_op.add_column(sa.Column('video_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('video_seconds', sa.Integer(), nullable=True))
    bind = op.get_bind()
    ids = [row[0] for row in bind.execute(sa.select(lesson.c.id).where(lesson.c.video_data.is_not(None)))]
    root = _media_root()
    for lesson_id in ids:  # one video in memory at a time
        name, data = bind.execute(sa.select(lesson.c.video_name, lesson.c.video_data)
                                  .where(lesson.c.id == lesson_id)).one()
        suffix = Path(name or "").suffix.lower()
        root.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(16) + (suffix if suffix in SUFFIXES else ".mp4")
        (root / key).write_bytes(data)
        bind.execute(lesson.update().where(lesson.c.id == lesson_id)
                     .values(video_key=key, video_seconds=_seconds(root / key)))
    with op.batch_alter_table('micro_lesson', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_micro_lesson_has_video'), type_='check')
        batch_op.drop_column('video_data')
        batch_op.drop_column('video_name')
        batch_op.create_check_constraint(op.f('ck_micro_lesson_has_video'),
                                         'video_url IS NOT NULL OR video_key IS NOT NULL')


def downgrade():
    with op.batch_alter_table('micro_lesson', schema=None) as batch_op:
        batch_op.add_column(sa.Column('video_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('video_data', sa.LargeBinary(), nullable=True))
    bind = op.get_bind()
    root = _media_root()
    for lesson_id, key in bind.execute(sa.select(lesson.c.id, lesson.c.video_key)
                                       .where(lesson.c.video_key.is_not(None))).all():
        path = root / key
        data = path.read_bytes() if path.exists() else b""
        bind.execute(lesson.update().where(lesson.c.id == lesson_id).values(video_name=key, video_data=data))
    with op.batch_alter_table('micro_lesson', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_micro_lesson_has_video'), type_='check')
        batch_op.drop_column('video_seconds')
        batch_op.drop_column('video_key')
        batch_op.create_check_constraint(op.f('ck_micro_lesson_has_video'),
                                         'video_url IS NOT NULL OR video_name IS NOT NULL')
