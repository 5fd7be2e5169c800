"""On PostgreSQL a steady beat is one locked read and one write (lms.tracking.queries): one transaction, holding the
learner's rows until it ends, a rollback leaving nothing behind, and its rows rewritten in place."""
from __future__ import annotations

import os
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from lms.core import clock
from lms.extensions import db
from lms.tracking import services

pytestmark = [pytest.mark.postgres, pytest.mark.skipif(
    not os.environ.get("LMS_TEST_DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL")]


def _beat(app, s, position: float):
    beat = services.BeatInput(enrollment_id=s.enrollment_id, lesson_id=s.lesson_id, session_id="sess-one-0001",
                              position=position, playing=True, visible=True, playback_rate=1.0)
    return services.quick_heartbeat(db.session, beat, tz=ZoneInfo(app.config["LMS_TIMEZONE"]), user_id=s.learner.id)


def test_the_quick_beat_is_one_transaction_that_holds_its_rows_and_rolls_back_whole(app, study):
    s = study["learning"]
    assert s.beat(position=0).status_code == 200
    assert s.beat(position=15, after=15).status_code == 200
    s.now += timedelta(seconds=15)
    with app.app_context(), clock.frozen_at(s.now):
        answer = _beat(app, s, 30.0)
        assert answer is not None and answer["accepted_seconds"] == 15
        driver = db.session.connection().connection.driver_connection
        assert driver.autocommit is False and driver.info.transaction_status == TransactionStatus.INTRANS
        other = create_engine(db.engine.url)
        try:
            with other.connect() as connection, pytest.raises(OperationalError, match="lock"):
                connection.execute(text("SELECT 1 FROM learner_state WHERE user_id = :id FOR UPDATE NOWAIT"),
                                   {"id": s.learner.id})
        finally:
            other.dispose()
        db.session.rollback()
        assert driver.autocommit is False and driver.info.transaction_status == TransactionStatus.IDLE
    assert s.progress().get_json()["credited_seconds"] == 15  # the rolled-back beat left nothing
    s.now -= timedelta(seconds=15)
    r = s.beat(position=30, after=15)  # the same beat again, committed this time
    assert r.status_code == 200 and r.get_json()["credited_seconds"] == 30


def test_a_steady_beat_updates_its_total_and_coverage_in_place(app, study):
    """No index covers a column a beat changes, so PostgreSQL rewrites the rows as heap-only tuples (no index
    entries; migration 4e1f0b7c9a21). An index on ``study_total.updated_at`` had made every beat's update a new
    index entry."""
    s = study["learning"]
    assert s.beat(position=0).status_code == 200
    assert s.beat(position=15, after=15).status_code == 200
    s.now += timedelta(seconds=15)
    with app.app_context(), clock.frozen_at(s.now):
        assert _beat(app, s, 30.0)["accepted_seconds"] == 15
        # This backend's counts not yet reported to the statistics (earlier beats on the same connection too).
        counts = {table: db.session.execute(text(
            "SELECT pg_stat_get_xact_tuples_updated(CAST(:t AS regclass)), "
            "pg_stat_get_xact_tuples_hot_updated(CAST(:t AS regclass))"), {"t": table}).one()
            for table in ("study_total", "lesson_progress")}
        db.session.rollback()
    for table, (updated, in_place) in counts.items():
        assert updated >= 1 and in_place == updated, table


def test_the_driver_path_reads_exactly_what_sqlalchemy_reads(app, study):
    """The beat's read goes to psycopg directly (lms.core.driver): every value, with its type, is the one the same
    statement returns through SQLAlchemy (aware UTC datetimes, JSON lists, lengths, booleans)."""
    from lms.tracking import queries

    s = study["learning"]
    assert s.beat(position=0).status_code == 200
    assert s.beat(position=15, after=15).status_code == 200
    with app.app_context():
        params = {"enrollment_id": s.enrollment_id, "lesson_id": s.lesson_id, "user_id": s.learner.id}
        connection = db.session.connection()
        direct = queries._BY_USER.fetchone(connection, params)
        through = tuple(connection.execute(queries._BY_USER.statement, params).first())
        db.session.rollback()
    assert direct == through and [type(v) for v in direct] == [type(v) for v in through]
    assert any(getattr(v, "tzinfo", None) is not None for v in direct)  # the state's beat_at among them
