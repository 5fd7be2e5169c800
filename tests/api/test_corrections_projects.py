"""Corrections of projects and batches after creation (issue 15): API and pages, refusals and the audit."""
from __future__ import annotations

import pytest

from lms.core.audit import AuditEntry
from lms.extensions import db
from tests.helpers import assert_error, csrf_token, sign_in

# The clock is pinned at 2026-11-23 (tests/helpers.py): in a 2026 Jiangsu project every batch has
# started (batch 9, Nov 16 – Dec 5, runs); in a 2027 one none has.
P2026 = {"code": "JS2026", "name": "江苏省2026年培训", "year": 2026, "series": "jsjy", "calendar": "jiangsu"}
P2027 = {"code": "JS2027", "name": "江苏省2027年培训", "year": 2027, "series": "jsjy", "calendar": "jiangsu"}


@pytest.fixture
def people(make):
    t = make.tree()
    t["admin"] = make.admin(t["province"])
    t["city_admin"] = make.admin(t["city1"])
    t["teacher"] = make.user(t["school111"], "teacher")
    return t


def project(api, people, data):
    r = api.post("/projects", people["admin"], json=data)
    assert r.status_code == 201
    return r.get_json()


def entries(app, action):
    with app.app_context():
        return [(e.target_id, e.before, e.after) for e in db.session.query(AuditEntry).filter_by(action=action)
                .order_by(AuditEntry.id)]


def test_an_upcoming_batch_moves_with_its_window(api, app, people):
    body = project(api, people, P2027)
    batch = body["batches"][2]  # Aug 16 – Sep 4, 2027
    r = api.patch(f"/batches/{batch['id']}", people["admin"], json={"starts_on": "2027-08-18", "ends_on": "2027-09-06"})
    assert r.status_code == 200, r.get_json()
    moved = r.get_json()
    assert (moved["starts_on"], moved["ends_on"]) == ("2027-08-18", "2027-09-06")
    assert moved["registration_opens_at"] == "2027-08-13T00:00:00+08:00"
    assert moved["registration_closes_at"] == "2027-08-18T00:00:00+08:00"
    [(target, before, after)] = entries(app, "batch.update")
    assert target == batch["id"] and before["starts_on"] == "2027-08-16" and after["starts_on"] == "2027-08-18"
    # A window of its own.
    r = api.patch(f"/batches/{batch['id']}", people["admin"],
                  json={"registration_opens_at": "2027-08-01T08:00:00+08:00"})
    assert r.get_json()["registration_opens_at"] == "2027-08-01T08:00:00+08:00"


@pytest.mark.parametrize("change,status,code,field", [
    ({"starts_on": "2027-08-01"}, 409, "batch_order", "starts_on"),
    ({"ends_on": "2027-09-25"}, 409, "batch_order", "ends_on"),
    ({"ends_on": "2027-08-10"}, 400, "invalid_input", "ends_on"),
    ({"registration_closes_at": "2027-09-06T00:00:00+08:00"}, 400, "invalid_input", "registration_closes_at"),
    ({"registration_closes_at": "2027-08-10T00:00:00"}, 400, "invalid_input", "registration_closes_at"),
    ({"starts_on": "2027-02-30"}, 400, "invalid_input", "starts_on"),
    ({"number": 5}, 400, "invalid_input", "number"),
])
def test_bad_batch_corrections_change_nothing(api, app, people, change, status, code, field):
    batch = project(api, people, P2027)["batches"][2]
    body = assert_error(api.patch(f"/batches/{batch['id']}", people["admin"], json=change), status, code)
    assert field in body["error"]["fields"], body
    assert api.get(f"/batches/{batch['id']}", people["admin"]).get_json()["starts_on"] == "2027-08-16"
    assert entries(app, "batch.update") == []


def test_a_started_batch_keeps_its_first_day_and_its_last_day_needs_a_reason(api, app, people):
    batch = project(api, people, P2026)["batches"][8]  # Nov 16 – Dec 5, running
    url = f"/batches/{batch['id']}"
    body = assert_error(api.patch(url, people["admin"], json={"starts_on": "2026-11-25", "reason": "x"}), 409,
                        "batch_started")
    assert "starts_on" in body["error"]["fields"]
    body = assert_error(api.patch(url, people["admin"], json={"ends_on": "2026-12-04"}), 409, "reason_required")
    assert "reason" in body["error"]["fields"]
    r = api.patch(url, people["admin"], json={"ends_on": "2026-12-04", "reason": "期末考试提前"})
    assert r.status_code == 200 and r.get_json()["ends_on"] == "2026-12-04"
    [(_target, _before, after)] = entries(app, "batch.update")
    assert after["reason"] == "期末考试提前"
    changes = api.get(f"/projects/{batch['project_id']}/changes", people["city_admin"]).get_json()
    assert changes["items"][0]["reason"] == "期末考试提前" and changes["items"][0]["after"]["ends_on"] == "2026-12-04"


def test_project_settings_and_their_reason(api, app, people):
    pid = project(api, people, P2026)["id"]
    r = api.patch(f"/projects/{pid}", people["admin"], json={"name": "改名的项目", "quota_deadline": "2026-07-01"})
    assert r.status_code == 200 and r.get_json()["name"] == "改名的项目"
    assert r.get_json()["quota_deadline"] == "2026-07-01"
    body = assert_error(api.patch(f"/projects/{pid}", people["admin"], json={"minimum_percent": 15}), 409,
                        "reason_required")
    assert "reason" in body["error"]["fields"]
    r = api.patch(f"/projects/{pid}", people["admin"], json={"minimum_percent": 15, "consecutive_year_rule": False,
                                                            "reason": "省厅2026年11月通知"})
    assert r.get_json()["minimum_percent"] == 15 and r.get_json()["consecutive_year_rule"] is False
    updates = entries(app, "project.update")
    assert len(updates) == 2 and updates[1][1]["minimum_percent"] == 10 and updates[1][2]["reason"] == "省厅2026年11月通知"
    body = assert_error(api.patch(f"/projects/{pid}", people["admin"], json={"quota_deadline": "2026-07-20"}), 400,
                        "invalid_input")
    assert "quota_deadline" in body["error"]["fields"]
    for bad in ({"name": None}, {"minimum_percent": 101}, {"code": "X"}, {"year": 2027}, {"quota_deadline": None}):
        assert_error(api.patch(f"/projects/{pid}", people["admin"], json=bad), 400, "invalid_input")
    # Before any start, rules change without a reason.
    pid27 = project(api, people, P2027)["id"]
    assert api.patch(f"/projects/{pid27}", people["admin"], json={"minimum_percent": 12}).status_code == 200


def test_only_a_province_admin_corrects_the_programme(api, people):
    body = project(api, people, P2027)
    for who in ("city_admin", "teacher"):
        assert_error(api.patch(f"/projects/{body['id']}", people[who], json={"name": "x"}), 403, "forbidden")
        assert_error(api.patch(f"/batches/{body['batches'][0]['id']}", people[who], json={"ends_on": "2027-08-05"}),
                     403, "forbidden")
    assert_error(api.patch("/batches/987654", people["admin"], json={}), 404, "not_found")
    assert_error(api.patch("/projects/987654", people["admin"], json={}), 404, "not_found")


def test_the_pages_correct_a_batch_and_the_project(client, api, app, people):
    body = project(api, people, P2026)
    batch = body["batches"][8]
    sign_in(client, people["admin"])
    page = client.get(f"/batches/{batch['id']}/edit").get_data(as_text=True)
    assert 'value="2026-11-16"' in page
    data = {"csrf_token": csrf_token(page), "starts_on": "2026-11-16", "ends_on": "2026-12-06",
            "registration_opens_at": "2026-11-11T00:00", "registration_closes_at": "2026-11-16T00:00"}
    r = client.post(f"/batches/{batch['id']}/edit", data=data)
    assert r.status_code == 400  # started: a reason is needed
    r = client.post(f"/batches/{batch['id']}/edit", data=dict(data, reason="延长一天"))
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    project_page = client.get(f"/projects/{body['id']}").get_data(as_text=True)
    assert "延长一天" in project_page and "2026-12-06" in project_page
    form = {"csrf_token": csrf_token(project_page), "name": body["name"], "series": "jsjy",
            "quota_deadline": "2026-07-07", "minimum_percent": "20", "consecutive_year_rule": "y"}
    r = client.post(f"/projects/{body['id']}/edit", data=form)
    assert r.status_code == 400
    r = client.post(f"/projects/{body['id']}/edit", data=dict(form, reason="按省厅文件"))
    assert r.status_code == 302
    assert "按省厅文件" in client.get(f"/projects/{body['id']}").get_data(as_text=True)
    # Others may not.
    other = app.test_client()
    sign_in(other, people["city_admin"])
    assert other.get(f"/batches/{batch['id']}/edit").status_code == 403
    token = csrf_token(other.get(f"/projects/{body['id']}").get_data(as_text=True))
    assert other.post(f"/projects/{body['id']}/edit", data=dict(form, csrf_token=token, reason="x")).status_code == 403


def test_the_batch_page_moves_the_window_with_the_first_day(client, api, people):
    batch = project(api, people, P2027)["batches"][2]  # Aug 16 – Sep 4, 2027; window Aug 11 – Aug 16
    sign_in(client, people["admin"])
    page = client.get(f"/batches/{batch['id']}/edit").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "starts_on": "2027-08-18", "ends_on": "2027-09-06",
            "registration_opens_at": "2027-08-11T00:00", "registration_closes_at": "2027-08-16T00:00"}
    assert client.post(f"/batches/{batch['id']}/edit", data=data).status_code == 302
    moved = api.get(f"/batches/{batch['id']}", people["admin"]).get_json()
    assert moved["registration_opens_at"] == "2027-08-13T00:00:00+08:00"
    assert moved["registration_closes_at"] == "2027-08-18T00:00:00+08:00"
    # A window typed on the page is kept as typed.
    data = dict(data, starts_on="2027-08-18", registration_opens_at="2027-08-10T08:30",
                registration_closes_at="2027-08-18T00:00")
    assert client.post(f"/batches/{batch['id']}/edit", data=data).status_code == 302
    assert api.get(f"/batches/{batch['id']}", people["admin"]).get_json()["registration_opens_at"] == \
        "2027-08-10T08:30:00+08:00"
    # Bad input is a message on the form, never a 500.
    bad = client.post(f"/batches/{batch['id']}/edit", data=dict(data, ends_on="2027-08-01"))
    assert bad.status_code == 400 and "is-invalid" in bad.get_data(as_text=True)
    bad = client.post(f"/batches/{batch['id']}/edit", data=dict(data, registration_opens_at="nonsense"))
    assert bad.status_code == 400
