"""On PostgreSQL a steady beat sends its BEGIN together with its locked read (one round trip, lms.tracking.queries):
it is still one transaction, holding the learner's rows until it ends, and a rollback leaves nothing behind."""
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
