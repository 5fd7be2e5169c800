"""Export jobs in the ``manual`` jobs mode (no Redis): the job is recorded after the commit and run by hand.

queued → running → done with progress, the file for the user who asked only, expiry, the nothing-to-zip
refusal before anything is queued, the statistics workbook and the originality rebuild as jobs."""
from __future__ import annotations

import io
import zipfile
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from lms.core import clock, jobs
from lms.exports import tasks
from lms.exports.models import ExportJob
from lms.extensions import db
from tests.forum.conftest import FINAL
from tests.grading.test_grade_path import _finalise, _hand_in, _interact, _review, _written
from tests.forum.conftest import fresh
from tests.helpers import assert_error, csrf_token, sign_in


def _passed_alice(room):
    room.credit("alice", 100)
    _review(room, _hand_in(room, _written(room), "alice", fresh(300, 3))["id"], 100)
    _interact(room, "alice")
    _finalise(room)


def _run(app, when=FINAL) -> int:
    with clock.frozen_at(when):
        return jobs.run_recorded(app)


def _rows(app):
    with app.app_context():
        return list(db.session.scalars(select(ExportJob).order_by(ExportJob.id)))


def test_a_school_zip_is_made_by_a_job_and_downloaded_by_whoever_asked_only(room, app):
    _passed_alice(room)
    school = room.tree["school111"].id
    r = room.post(f"/schools/{school}/certificates/exports", room.school_admin, FINAL,
                  json={"batch_id": room.batch})
    assert r.status_code == 202, r.get_json()
    job = r.get_json()
    assert job["state"] == "queued" and job["progress"] == 0 and job["file"] is None
    assert job["kind"] == "certificates_zip" and job["url"] == f"/api/v1/jobs/{job['id']}"
    # Not before the worker ran it
    assert_error(room.get(f"/jobs/{job['id']}/file", room.school_admin, FINAL), 409, "not_ready")
    assert _run(app) == 1
    done = room.get(f"/jobs/{job['id']}", room.school_admin, FINAL).get_json()
    assert done["state"] == "done" and done["progress"] == 100 and done["finished_at"]
    assert done["file"]["name"].startswith(f"certificates-{school}") and done["file"]["content_type"] == "application/zip"
    f = room.get(f"/jobs/{job['id']}/file", room.school_admin, FINAL)
    assert f.status_code == 200 and f.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(f.data)).namelist()
    assert len(names) == 1 and names[0].startswith("学员甲")
    assert done["file"]["size"] == len(f.data)
    # Nobody else: not an admin above, not the learner (404: its existence is not theirs to know)
    for other in (room.admin, room.city1_admin, room.alice):
        assert_error(room.get(f"/jobs/{job['id']}", other, FINAL), 404, "not_found")
        assert_error(room.get(f"/jobs/{job['id']}/file", other, FINAL), 404, "not_found")
    assert room.get("/jobs", room.admin, FINAL).get_json()["items"] == []
    assert [j["id"] for j in room.get("/jobs", room.school_admin, FINAL).get_json()["items"]] == [job["id"]]
    # A job sent twice runs once
    with app.app_context():
        tasks.perform(job["id"])
    assert _rows(app)[0].state == "done"


def test_the_page_button_queues_the_zip_and_my_exports_shows_it(room, app):
    _passed_alice(room)
    school = room.tree["school111"].id
    client = app.test_client()
    with clock.frozen_at(FINAL):
        sign_in(client, room.school_admin)
        page = client.get(f"/enrollment/schools/{school}/batches/{room.batch}")
        token = csrf_token(page.get_data(as_text=True))
        r = client.post(f"/schools/{school}/certificates/export?batch_id={room.batch}", data={"csrf_token": token})
        assert r.status_code == 302 and r.location.endswith("/exports")
        mine = client.get("/exports").get_data(as_text=True)
        assert 'http-equiv="refresh"' in mine and "progress-bar" in mine
    _run(app)
    with clock.frozen_at(FINAL):
        mine = client.get("/exports").get_data(as_text=True)
        assert 'http-equiv="refresh"' not in mine
        job_id = _rows(app)[0].id
        assert f"/exports/{job_id}/file" in mine
        f = client.get(f"/exports/{job_id}/file")
        assert f.status_code == 200 and zipfile.ZipFile(io.BytesIO(f.data)).namelist()
    other = app.test_client()
    with clock.frozen_at(FINAL):
        sign_in(other, room.city1_admin)
        assert other.get(f"/exports/{job_id}/file").status_code == 404
        assert f"/exports/{job_id}/file" not in other.get("/exports").get_data(as_text=True)


def test_nothing_to_zip_is_refused_before_anything_is_queued(room, app):
    school = room.tree["school111"].id
    assert_error(room.post(f"/schools/{school}/certificates/exports", room.school_admin, FINAL, json={}),
                 409, "nothing_to_zip")
    assert_error(room.post(f"/schools/{school}/certificates/exports", room.city2_admin, FINAL, json={}),
                 403, "forbidden")
    assert _rows(app) == [] and app.extensions.get("lms_jobs", []) == []
    client = app.test_client()
    with clock.frozen_at(FINAL):
        sign_in(client, room.school_admin)
        page = client.get(f"/enrollment/schools/{school}/batches/{room.batch}")
        token = csrf_token(page.get_data(as_text=True))
        r = client.post(f"/schools/{school}/certificates/export?batch_id={room.batch}", data={"csrf_token": token})
        assert r.status_code == 302 and f"/enrollment/schools/{school}/batches/{room.batch}" in r.location
        assert "尚未获发证书" in client.get(r.location).get_data(as_text=True)
    assert _rows(app) == []


def test_files_expire_and_the_periodic_clean_up_removes_them(room, app):
    _passed_alice(room)
    school = room.tree["school111"].id
    job = room.post(f"/schools/{school}/certificates/exports", room.school_admin, FINAL, json={}).get_json()
    _run(app)
    with app.app_context():
        from lms.exports import services
        path = services.root() / _rows(app)[0].file_path
    assert path.is_file()
    later = FINAL + timedelta(hours=app.config["EXPORTS_KEEP_HOURS"], minutes=1)
    assert_error(room.get(f"/jobs/{job['id']}/file", room.school_admin, later), 409, "expired")
    with clock.frozen_at(FINAL + timedelta(hours=1)):
        jobs.run(app, "lms.exports.tasks.clean_expired_job", ())
    assert path.is_file() and len(_rows(app)) == 1  # not yet
    with clock.frozen_at(later):
        jobs.run(app, jobs.TICK, ())  # the periodic work: clean-up included
    assert not path.exists() and _rows(app) == []
    assert_error(room.get(f"/jobs/{job['id']}", room.school_admin, later), 404, "not_found")


def _hook(app, name, builder):
    from lms.core import registry
    hooks = app.extensions[registry.EXTENSION_KEY].hooks
    hooks[name] = builder
    return hooks


def test_progress_is_seen_while_the_job_runs_and_a_failure_is_told_in_words(room, app):
    from lms.exports import services
    seen = {}

    def builder(session, job, out, progress):
        with db.engine.connect() as other:  # what another request sees meanwhile
            seen["state"] = other.execute(select(ExportJob.state).where(ExportJob.id == job.id)).scalar()
        progress(40, "四成")
        with db.engine.connect() as other:
            seen["progress"] = tuple(other.execute(select(ExportJob.progress, ExportJob.message)
                                                   .where(ExportJob.id == job.id)).one())
        out.write(b"a,b\n")
        return "t.csv"

    def broken(session, job, out, progress):
        raise ValueError("disk on fire")

    hooks = _hook(app, "exports.test_kind", builder)
    hooks["exports.test_broken"] = broken
    try:
        with app.test_request_context(method="POST"), clock.frozen_at(FINAL):
            good = services.start(db.session, room.school_admin, "test_kind", "测试").id
            bad = services.start(db.session, room.school_admin, "test_broken", "测试").id
            db.session.commit()
        _run(app)
    finally:
        hooks.pop("exports.test_kind"), hooks.pop("exports.test_broken")
    assert seen == {"state": "running", "progress": (40, "四成")}
    rows = {job.id: job for job in _rows(app)}
    assert rows[good].state == "done" and rows[good].content_type == "text/csv" and rows[good].size == 4
    assert rows[bad].state == "failed" and "disk on fire" in rows[bad].message and rows[bad].file_path is None
    assert_error(room.get(f"/jobs/{bad}/file", room.school_admin, FINAL), 409, "failed")


def test_the_statistics_workbook_is_a_job_from_the_dashboard_and_the_api(room, app):
    r = room.post("/reports/participation/exports", room.city1_admin, FINAL, json={"batch_id": room.batch})
    assert r.status_code == 202, r.get_json()
    assert_error(room.post("/reports/participation/exports", room.city1_admin, FINAL, json={}), 400, "invalid_input")
    assert_error(room.post("/reports/participation/exports", room.alice, FINAL, json={"batch_id": room.batch}),
                 403, "forbidden")
    client = app.test_client()
    with clock.frozen_at(FINAL):
        sign_in(client, room.city1_admin)
        page = client.get(f"/reports?batch={room.batch}")
        token = csrf_token(page.get_data(as_text=True))
        assert "/reports/participation/export?" in page.get_data(as_text=True)
        r = client.post(f"/reports/participation/export?batch={room.batch}", data={"csrf_token": token})
        assert r.status_code == 302 and r.location.endswith("/exports")
    assert _run(app) == 2
    jobs_ = _rows(app)
    assert [j.state for j in jobs_] == ["done", "done"]
    f = room.get(f"/jobs/{jobs_[0].id}/file", room.city1_admin, FINAL)
    assert f.status_code == 200 and jobs_[0].file_name == f"participation-{room.tree['city1'].id}-batch{room.batch}.xlsx"
    sheet = load_workbook(io.BytesIO(f.data)).active
    assert sheet.max_row >= 2


def test_the_originality_index_is_rebuilt_as_a_job_a_province_admin_starts(room, app):
    _hand_in(room, _written(room), "alice", fresh(300, 3))
    r = room.post("/originality/rebuild", room.admin, FINAL)
    assert r.status_code == 202, r.get_json()
    assert_error(room.post("/originality/rebuild", room.city1_admin, FINAL), 403, "forbidden")
    _run(app)
    done = room.get(f"/jobs/{r.get_json()['id']}", room.admin, FINAL).get_json()
    assert done["state"] == "done" and done["file"] is None and "1" in done["message"]


def test_a_batchs_certificates_in_a_whole_area_are_one_zip_with_a_folder_per_school(room, app):
    _passed_alice(room)
    r = room.post(f"/batches/{room.batch}/certificates/exports", room.city1_admin, FINAL, json={})
    assert r.status_code == 202, r.get_json()
    assert_error(room.post(f"/batches/{room.batch}/certificates/exports", room.city2_admin, FINAL, json={}),
                 409, "nothing_to_zip")  # nothing issued in city2: refused before queueing
    assert_error(room.post(f"/batches/{room.batch}/certificates/exports", room.city2_admin, FINAL,
                           json={"org_unit_id": room.tree["city1"].id}), 403, "forbidden")
    assert_error(room.post(f"/batches/{room.batch}/certificates/exports", room.alice, FINAL, json={}),
                 403, "forbidden")
    assert_error(room.post("/batches/999999/certificates/exports", room.city1_admin, FINAL, json={}),
                 404, "not_found")
    client = app.test_client()
    with clock.frozen_at(FINAL):
        sign_in(client, room.admin)
        page = client.get(f"/reports?batch={room.batch}")
        assert f"/batches/{room.batch}/certificates/export?" in page.get_data(as_text=True)
        posted = client.post(f"/batches/{room.batch}/certificates/export?unit={room.tree['county11'].id}",
                             data={"csrf_token": csrf_token(page.get_data(as_text=True))})
        assert posted.status_code == 302 and posted.location.endswith("/exports")
    assert _run(app) == 2
    city_job, county_job = _rows(app)
    assert room.tree["city1"].code in city_job.file_name
    for job, who in ((city_job, room.city1_admin), (county_job, room.admin)):
        f = room.get(f"/jobs/{job.id}/file", who, FINAL)
        names = zipfile.ZipFile(io.BytesIO(f.data)).namelist()
        assert len(names) == 1 and names[0].split("/")[1].startswith("学员甲"), names


def test_a_job_lost_with_its_worker_is_told_as_failed_by_the_clean_up(room, app):
    _passed_alice(room)
    school = room.tree["school111"].id
    job = room.post(f"/schools/{school}/certificates/exports", room.school_admin, FINAL, json={}).get_json()
    app.extensions.pop("lms_jobs")  # the process that would have run it is gone
    with clock.frozen_at(FINAL + timedelta(hours=2)):
        jobs.run(app, "lms.exports.tasks.clean_expired_job", ())
    assert room.get(f"/jobs/{job['id']}", room.school_admin, FINAL).get_json()["state"] == "queued"
    with clock.frozen_at(FINAL + timedelta(hours=8)):
        jobs.run(app, "lms.exports.tasks.clean_expired_job", ())
    lost = room.get(f"/jobs/{job['id']}", room.school_admin, FINAL + timedelta(hours=8)).get_json()
    assert lost["state"] == "failed" and lost["message"] and lost["expires_at"]
