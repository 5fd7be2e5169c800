"""Against the real Redis (skipped where none answers at LMS_REDIS_URL): a real RQ worker (``lms worker
--burst``, with RQ's own scheduler) runs an export job queued by the API, and the periodic tick that the
scheduler enqueues when it is due makes a batch's grades final."""
from __future__ import annotations

import io
import secrets
import zipfile
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import select

from lms.cli import main
from lms.core import clock, jobs
from lms.extensions import db
from lms.grading.models import Grade
from tests.deploy.test_worker import REDIS_URL, _redis_up
from tests.forum.conftest import FINAL, fresh
from tests.grading.test_grade_path import _finalise, _hand_in, _interact, _review, _written
from tests.helpers import assert_error

pytestmark = pytest.mark.skipif(not _redis_up(), reason="no Redis answers at LMS_REDIS_URL")


@pytest.fixture
def rq_mode(app, monkeypatch):
    """A queue of this test's own (other workers on the same Redis never see it)."""
    monkeypatch.setattr(jobs, "QUEUE", f"lms-test-{secrets.token_hex(4)}")
    monkeypatch.setitem(app.config, "JOBS", "rq")
    monkeypatch.setitem(app.config, "JOBS_REDIS_URL", REDIS_URL)
    yield
    with app.app_context():
        q = jobs.queue()
        for job_id in q.scheduled_job_registry.get_job_ids():
            q.scheduled_job_registry.remove(job_id, delete_job=True)
        q.empty()


def _worker(app):
    with clock.frozen_at(FINAL):
        result = CliRunner().invoke(main, ["worker", "--burst"], obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0, result.output
    return result.output


def test_a_real_worker_makes_the_zip_queued_by_the_api(room, app, rq_mode):
    room.credit("alice", 100)
    _review(room, _hand_in(room, _written(room), "alice", fresh(300, 3))["id"], 100)
    _interact(room, "alice")
    _finalise(room)
    school = room.tree["school111"].id
    r = room.post(f"/schools/{school}/certificates/exports", room.school_admin, FINAL, json={})
    assert r.status_code == 202 and r.headers["Location"] == r.get_json()["url"]
    job = r.get_json()
    with app.app_context():
        assert jobs.queue().count == 1  # sent after the commit
    assert room.get(f"/jobs/{job['id']}", room.school_admin, FINAL).get_json()["state"] == "queued"
    output = _worker(app)
    assert "periodic work scheduled" in output
    done = room.get(f"/jobs/{job['id']}", room.school_admin, FINAL).get_json()
    assert done["state"] == "done" and done["progress"] == 100, done
    f = room.get(f"/jobs/{job['id']}/file", room.school_admin, FINAL)
    assert f.status_code == 200 and len(zipfile.ZipFile(io.BytesIO(f.data)).namelist()) == 1
    assert_error(room.get(f"/jobs/{job['id']}/file", room.city1_admin, FINAL), 404, "not_found")


def test_the_schedulers_tick_makes_grades_final_and_schedules_the_next_one_once(room, app, rq_mode):
    room.credit("alice", 100)
    with app.app_context():
        conn = jobs.connection()
        q = jobs.queue(conn)
        # As if the previous tick had scheduled this one and its time has come
        q.enqueue_at(datetime.now(timezone.utc) - timedelta(seconds=1), jobs.perform, jobs.TICK,
                     job_id=f"{jobs.TICK_PREFIX}test")
        assert jobs.schedule_tick(conn) is None  # one waits already: not another
        assert jobs.scheduled_ticks(conn) == [f"{jobs.TICK_PREFIX}test"]
    _worker(app)  # the burst worker's scheduler enqueues what is due, then the worker runs it
    with app.app_context():
        finals = list(db.session.scalars(select(Grade).where(Grade.final.is_(True))))
        assert {g.enrollment_id for g in finals} == set(room.enrollments.values())
        waiting = jobs.scheduled_ticks(conn)
        assert len(waiting) == 1 and waiting != [f"{jobs.TICK_PREFIX}test"]  # the next, JOBS_TICK_SECONDS on
        when = q.scheduled_job_registry.get_scheduled_time(waiting[0])
        expected = datetime.now(timezone.utc) + timedelta(seconds=app.config["JOBS_TICK_SECONDS"])
        assert abs((when - expected).total_seconds()) < 60
