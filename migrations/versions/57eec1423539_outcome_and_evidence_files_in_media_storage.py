"""Training outcomes' files and activities' attendance evidence move from the database to the media storage
(lms.projects.media): a storage key replaces the bytes; each row's bytes are written to a file there first.

Where the files go is the app's MEDIA_ROOT: migrations run inside the app (flask-migrate's env.py uses
current_app), so its configuration is read; without an app, LMS_MEDIA_ROOT or the instance folder's media/, as
lms.config says. The files are written before the schema changes: if the folder cannot be written, the written
files are removed and the migration stops with the database untouched. The downgrade reads the files back into
the columns and leaves them in the folder (a failed downgrade loses nothing). Offline (--sql) the bytes cannot be
moved: the migration refuses.

The columns are added and dropped in place (SQLite 3.35+ does both), not by batch mode's copy of the table: on
SQLite with foreign keys on, dropping the old copy would delete the outcomes' notes and the activities'
attendance with it (ON DELETE CASCADE).

Revision ID: 57eec1423539
Revises: c3266509f7d3
Create Date: 2026-12-06 23:40:00
"""
import os
import secrets
from pathlib import Path

import sqlalchemy as sa
from alembic import context, op

revision = '57eec1423539'
down_revision = 'c3266509f7d3'
branch_labels = None
depends_on = None

# (table, name column, bytes column, key column): the two kinds of stored files.
FILES = (('outcome', 'file_name', 'file_data', 'file_key'),
         ('activity', 'evidence_name', 'evidence_data', 'evidence_key'))
SUFFIX_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789")


def _table(name, name_column, data_column, key_column):
    return sa.table(name, sa.column('id', sa.Integer), sa.column(name_column, sa.String),
                    sa.column(data_column, sa.LargeBinary), sa.column(key_column, sa.String))


def media_root() -> Path:
    """The app's MEDIA_ROOT (lms.config)."""
    from flask import current_app, has_app_context
    if has_app_context():
        return Path(current_app.config["MEDIA_ROOT"])
    from lms.config import instance_path
    return Path(os.environ.get("LMS_MEDIA_ROOT") or instance_path() / "media")


def _suffix(name) -> str:
    """The stored file keeps its name's suffix (a server sending it by its key picks the type from it)."""
    suffix = Path(name or "").suffix.lower()
    return suffix if 2 <= len(suffix) <= 5 and set(suffix[1:]) <= SUFFIX_CHARS else ""


def _refuse_offline(step: str) -> None:
    if context.is_offline_mode():
        raise RuntimeError(f"{step} moves stored bytes between the database and LMS_MEDIA_ROOT: run it online "
                           "(lms db upgrade / downgrade), not as an SQL script")


def _write_files(bind, root: Path) -> dict:
    """Each row's bytes to a new file, one row in memory at a time: {table: {id: key}}. On any failure the files
    written so far are removed and the error raised, before any schema change."""
    keys, written = {}, []
    try:
        for spec in FILES:
            table = _table(*spec)
            name_column, data_column = table.c[spec[1]], table.c[spec[2]]
            keys[spec[0]] = {}
            ids = [row[0] for row in bind.execute(sa.select(table.c.id).where(data_column.is_not(None)))]
            for row_id in ids:
                name, data = bind.execute(sa.select(name_column, data_column).where(table.c.id == row_id)).one()
                root.mkdir(parents=True, exist_ok=True)
                key = secrets.token_hex(16) + _suffix(name)
                written.append(root / key)
                (root / key).write_bytes(data)
                keys[spec[0]][row_id] = key
    except OSError as error:
        for path in written:
            path.unlink(missing_ok=True)
        raise RuntimeError(f"cannot write the stored files to the media folder {root} (LMS_MEDIA_ROOT): {error}; "
                           "nothing was changed") from error
    return keys


def upgrade():
    _refuse_offline("This migration")
    bind = op.get_bind()
    keys = _write_files(bind, media_root())
    for name, _name_column, _data_column, key_column in FILES:
        op.add_column(name, sa.Column(key_column, sa.String(length=64), nullable=True))
    for spec in FILES:
        table = _table(*spec)
        for row_id, key in keys[spec[0]].items():
            bind.execute(table.update().where(table.c.id == row_id).values({spec[3]: key}))
    for name, _name_column, data_column, _key_column in FILES:
        op.drop_column(name, data_column)


def downgrade():
    _refuse_offline("Its downgrade")
    bind = op.get_bind()
    root = media_root()
    for name, _name_column, data_column, _key_column in FILES:
        op.add_column(name, sa.Column(data_column, sa.LargeBinary(), nullable=True))
    for spec in FILES:
        table = _table(*spec)
        key_column = table.c[spec[3]]
        for row_id, key in bind.execute(sa.select(table.c.id, key_column).where(key_column.is_not(None))).all():
            path = root / Path(key).name
            # A file gone from the folder leaves no bytes (its download answered 404 already).
            data = path.read_bytes() if path.is_file() else None
            bind.execute(table.update().where(table.c.id == row_id).values({spec[2]: data}))
    for name, _name_column, _data_column, key_column in FILES:
        op.drop_column(name, key_column)
