"""The periodic work without Redis: grades become final when grading closes through the final-grade path
(certificates issued), run by the tick — which the first request after it is due starts in a thread."""
from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select

from lms.certificates.models import Certificate
from lms.core import clock, jobs
from lms.extensions import db
from lms.grading import services
from lms.grading.models import Grade
from tests.forum.conftest import ENDED, FINAL, fresh
from tests.grading.test_grade_path import _hand_in, _interact, _review, _written


def _final_grades(app):
    with app.app_context():
        return {g.enrollment_id: g.passed for g in db.session.scalars(select(Grade).where(Grade.final.is_(True)))}


def _certificates(app):
    with app.app_context():
        return set(db.session.scalars(select(Certificate.enrollment_id)))


def test_the_tick_makes_grades_final_once_grading_has_closed(room, app):
    room.credit("alice", 100)
    _review(room, _hand_in(room, _written(room), "alice", fresh(300, 3))["id"], 100)
    _interact(room, "alice")
    with clock.frozen_at(ENDED):  # batch over, grading still open: nothing is due
        with app.app_context():
            assert services.batches_due(db.session, clock.now()) == []
        jobs.run(app, jobs.TICK, ())
    assert _final_grades(app) == {} and _certificates(app) == set()
    with clock.frozen_at(FINAL):
        with app.app_context():
            assert [b.id for b in services.batches_due(db.session, clock.now())] == [room.batch]
        jobs.run(app, jobs.TICK, ())
    finals = _final_grades(app)
    assert set(finals) == set(room.enrollments.values())  # every active enrollment, carol's class too
    assert finals[room.enrollments["alice"]] and not finals[room.enrollments["bob"]]
    assert _certificates(app) == {room.enrollments["alice"]}  # certificates.issue_due ran
    with clock.frozen_at(FINAL + timedelta(days=1)), app.app_context():
        assert services.batches_due(db.session, clock.now()) == []  # settled: the next ticks skip it


def test_lms_grades_finalise_runs_the_same_at_once(room, app):
    room.credit("alice", 100)
    with clock.frozen_at(FINAL), app.app_context():
        result = app.test_cli_runner().invoke(args=["grades", "finalise"])
    assert result.exit_code == 0 and "1 batches finalised" in result.output, result.output
    assert set(_final_grades(app)) == set(room.enrollments.values())


def test_without_redis_the_first_request_after_it_is_due_starts_the_tick(app, monkeypatch):
    ran = []
    started = threading.Event()

    def fake_run(app_, name, args):
        ran.append(name)
        started.set()

    monkeypatch.setitem(app.config, "JOBS", "auto")
    monkeypatch.setitem(app.config, "JOBS_REDIS_URL", "redis://127.0.0.1:1/0")  # nobody answers there
    monkeypatch.setattr(jobs, "run", fake_run)
    app.extensions.pop("lms_last_tick", None)
    try:
        assert jobs.tick_if_due(app)
        assert started.wait(5) and ran == [jobs.TICK]
        assert not jobs.tick_if_due(app)  # not again before JOBS_TICK_SECONDS
        app.extensions["lms_last_tick"] -= app.config["JOBS_TICK_SECONDS"] + 1
        started.clear()
        with app.test_client() as client:
            client.get("/login")  # any request
        assert started.wait(5) and ran == [jobs.TICK, jobs.TICK]
        monkeypatch.setitem(app.config, "JOBS", "manual")
        app.extensions.pop("lms_last_tick", None)
        assert not jobs.tick_if_due(app)  # tests and inline mode: only when called
    finally:
        app.extensions.pop("lms_last_tick", None)
