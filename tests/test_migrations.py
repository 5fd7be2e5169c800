"""The migrations build the schema the models describe, and go down and up again."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path


def test_upgrade_then_check_finds_no_drift():
    folder = tempfile.mkdtemp()
    # CI gives PostgreSQL a database of its own for this; elsewhere a fresh SQLite file.
    url = os.environ.get("LMS_TEST_MIGRATION_DATABASE_URL") or f"sqlite:///{folder}/m.sqlite3"
    env = dict(os.environ, LMS_INSTANCE_PATH=folder, LMS_DATABASE_URL=url)
    lms = [sys.executable, "-m", "lms.cli"]
    for args in (["init"], ["db", "check"], ["db", "downgrade", "base"], ["db", "upgrade"], ["db", "check"]):
        result = subprocess.run(lms + args, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, (args, result.stdout, result.stderr)


def _lms(env, *args):
    return subprocess.run([sys.executable, "-m", "lms.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300)


def _insert_stored_bytes(url: str) -> None:
    """Rows of revision e3b7a91c5d20 holding bytes: an outcome's document, an activity's scan, an activity without
    one. Foreign keys are off for these bare rows (their people and classes do not matter here)."""
    statements = [(
        "INSERT INTO outcome (id, enrollment_id, learner_id, school_id, class_id, batch_id, title, kind, file_name, "
        "content_type, file_size, file_data, state, created_at, submitted_at) VALUES (1, 1, 1, 1, 1, 1, '设计', "
        "'lesson_design', '教学设计.PDF', 'application/pdf', 8, :data, 'submitted', '2026-11-20 08:00:00', "
        "'2026-11-20 08:00:00')", {"data": b"%PDF-1.4"})] + [(
            "INSERT INTO activity (id, batch_id, kind, title, description, starts_at, ends_at, org_unit_id, "
            "class_id, created_by_id, created_at, evidence_name, evidence_type, evidence_data) VALUES (:id, 1, "
            "'offline_discussion', '研讨', '', '2026-11-20 08:00:00', '2026-11-20 09:00:00', 1, :class_id, 1, "
            "'2026-11-20 08:00:00', :name, 'image/png', :data)",
            {"id": activity_id, "class_id": class_id, "name": name, "data": data})
        for activity_id, class_id, name, data in ((1, None, "签到.png", b"\x89PNG scan"),
                                                  (2, 7 if url.startswith("sqlite") else None, None, None))] + [
            ("INSERT INTO outcome_note (id, outcome_id, school_id, body, created_at) VALUES (1, 1, 1, '备课', "
             "'2026-11-20 08:00:00')", {}),
            ("INSERT INTO activity_attendance (id, activity_id, enrollment_id, attended, recorded_at) VALUES "
             "(1, 1, 1, true, '2026-11-20 08:00:00')", {})]
    if url.startswith("sqlite:///"):  # the bare driver: the app's engines turn foreign keys on at connect
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            for sql, params in statements:
                conn.execute(sql, params)
        return
    from sqlalchemy import create_engine, text

    from lms.config import normalise_database_url

    engine = create_engine(normalise_database_url(url))
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        for sql, params in statements:
            conn.execute(text(sql), params)
    engine.dispose()


def _rows(url: str, sql: str) -> list:
    from sqlalchemy import create_engine, text

    from lms.config import normalise_database_url

    engine = create_engine(normalise_database_url(url))
    with engine.connect() as conn:
        rows = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in conn.execute(text(sql))]
    engine.dispose()
    return rows


def test_stored_bytes_move_to_the_media_folder_and_back():
    """Rows survive the migrations after e3b7a91c5d20, both ways. 57eec1423539 writes each outcome's and activity's bytes to a file of the app's media folder (LMS_MEDIA_ROOT,
    read from the app's configuration) and drops the columns; its downgrade reads them back. A folder it cannot
    write stops it before any change."""
    folder = tempfile.mkdtemp()
    url = os.environ.get("LMS_TEST_MIGRATION_DATABASE_URL") or f"sqlite:///{folder}/m.sqlite3"
    media = Path(folder) / "elsewhere"
    env = dict(os.environ, LMS_INSTANCE_PATH=folder, LMS_DATABASE_URL=url, LMS_MEDIA_ROOT=str(media))
    for args in (["init"], ["db", "downgrade", "e3b7a91c5d20"]):
        result = _lms(env, *args)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
    _insert_stored_bytes(url)

    (Path(folder) / "a-file").write_text("not a folder")
    blocked = _lms(dict(env, LMS_MEDIA_ROOT=str(Path(folder) / "a-file" / "media")), "db", "upgrade")
    assert blocked.returncode != 0 and "LMS_MEDIA_ROOT" in blocked.stderr
    assert _rows(url, "SELECT file_data FROM outcome") == [(b"%PDF-1.4",)]  # untouched

    result = _lms(env, "db", "upgrade")
    assert result.returncode == 0, (result.stdout, result.stderr)
    [(outcome_key,)] = _rows(url, "SELECT file_key FROM outcome")
    keys = dict(_rows(url, "SELECT id, evidence_key FROM activity"))
    assert outcome_key.endswith(".pdf") and keys[1].endswith(".png") and keys[2] is None
    assert (media / outcome_key).read_bytes() == b"%PDF-1.4" and (media / keys[1]).read_bytes() == b"\x89PNG scan"
    assert sorted(os.listdir(media)) == sorted([outcome_key, keys[1]])
    assert _lms(env, "db", "check").returncode == 0
    # The tables were altered in place: their dependents (ON DELETE CASCADE) are all there.
    assert _rows(url, "SELECT count(*) FROM outcome_note") == [(1,)]
    assert _rows(url, "SELECT count(*) FROM activity_attendance") == [(1,)]
    # 9bfd024ef0e2 rebuilds activity on SQLite (batch mode; foreign keys off while migrating): its class moved over.
    if url.startswith("sqlite"):  # PostgreSQL keeps the bare class id out (its foreign keys hold in migrations)
        assert _rows(url, "SELECT activity_id, class_id FROM activity_class") == [(2, 7)]

    result = _lms(env, "db", "downgrade", "e3b7a91c5d20")
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert _rows(url, "SELECT file_name, file_data FROM outcome") == [("教学设计.PDF", b"%PDF-1.4")]
    assert _rows(url, "SELECT id, evidence_data FROM activity ORDER BY id") == [(1, b"\x89PNG scan"), (2, None)]
    if url.startswith("sqlite"):
        assert _rows(url, "SELECT id, class_id FROM activity ORDER BY id") == [(1, None), (2, 7)]
    assert _rows(url, "SELECT count(*) FROM activity_attendance") == [(1,)]
    assert _lms(env, "db", "upgrade").returncode == 0  # up again for whoever shares the database
