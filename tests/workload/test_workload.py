"""A batch's workload statement (JX13a): each tutor's reviews, verdicts, briefings, posts and Q&A, each admin's
enrollments, briefings and announcements, counted by the rules and limited to the viewer's area (API, Excel,
page)."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from lms.core import clock
from tests.forum.conftest import ENDED, fresh
from tests.grading.test_grade_path import _hand_in, _review
from tests.helpers import assert_error, sign_in


def _work(room):
    """The tutor reviews one submission, writes a briefing, posts a topic, schedules a Q&A and answers in it; the
    city admin announces; the school admin made one enrollment; the other tutor only posts."""
    from lms.enrollment.models import Enrollment
    from lms.extensions import db
    written = room.post(f"/courses/{room.course}/assignments", room.admin,
                        json={"kind": "subjective", "title": "研修作业", "prompt": "谈谈课堂提问"}).get_json()["id"]
    _review(room, _hand_in(room, written, "alice", fresh(300, 7))["id"], 80)
    assert room.post(f"/classes/{room.klass}/briefings", room.tutor, json={"title": "第一周", "body": "好"}).status_code == 201
    room.topic(room.tutor, title="导学")
    room.topic(room.other_tutor, title="乙的导学", klass=room.other_class)
    qa = room.qa()
    question = room.post(f"/qa-sessions/{qa['id']}/questions", room.bob, json={"body": "请问"}).get_json()
    assert room.post(f"/qa-questions/{question['id']}/answer", room.tutor, json={"body": "答复"}).status_code == 200
    assert room.post("/announcements", room.city1_admin, json={"title": "通知", "body": "按时学习"}).status_code == 201
    for batch_id in (room.batch, None):  # one on the batch, published; one on the whole project, a draft
        draft = room.post("/briefings", room.city1_admin,
                          json={"kind": "briefing", "project_id": room.project, "batch_id": batch_id}).get_json()
    room.post(f"/briefings/{draft['id'] - 1}/publish", room.city1_admin)
    with room.app.app_context():
        db.session.get(Enrollment, room.enrollments["alice"]).created_by_id = room.school_admin.id
        db.session.commit()


def _rows(room, who, **params):
    response = room.get(f"/batches/{room.batch}/workload", who, query_string=params)
    assert response.status_code == 200, response.get_json()
    return {r["user_id"]: r for r in response.get_json()["rows"]}


def test_the_province_sees_every_tutors_and_admins_work(room):
    _work(room)
    rows = _rows(room, room.admin)
    tutor = rows[room.tutor.id]
    assert (tutor["reviews"], tutor["class_briefings"], tutor["forum_posts"], tutor["qa_answers"],
            tutor["qa_sessions"], tutor["verdicts"]) == (1, 1, 1, 1, 1, 0)
    assert tutor["enrollments"] is None and tutor["total"] == 5 and tutor["role"] == "tutor"
    assert rows[room.other_tutor.id]["forum_posts"] == 1 and rows[room.other_tutor.id]["total"] == 1
    city1 = rows[room.city1_admin.id]
    assert (city1["announcements"], city1["area_briefings"], city1["reviews"], city1["total"]) == (1, 1, None, 2)
    assert rows[room.school_admin.id]["enrollments"] == 1
    assert room.expert.id not in rows and room.alice.id not in rows


def test_each_admin_sees_its_own_area_only(room):
    _work(room)
    city1 = _rows(room, room.city1_admin)
    assert set(city1) == {room.city1_admin.id, room.school_admin.id}  # the tutors work for the province
    city2 = _rows(room, room.city2_admin)
    assert set(city2) == {room.city2_admin.id} and city2[room.city2_admin.id]["total"] == 0
    assert_error(room.get(f"/batches/{room.batch}/workload", room.city2_admin,
                          query_string={"org_unit_id": room.tree["city1"].id}), 403, "forbidden")
    drilled = _rows(room, room.admin, org_unit_id=room.tree["school111"].id)
    assert set(drilled) == {room.school_admin.id}
    for who in (room.tutor, room.alice, room.expert):
        assert_error(room.get(f"/batches/{room.batch}/workload", who), 403, "forbidden")
    assert_error(room.get("/batches/999999/workload", room.admin), 404, "not_found")
    assert_error(room.get(f"/batches/{room.batch}/workload", room.admin, query_string={"desc": "maybe"}), 400,
                 "invalid_input")


def test_announcements_count_within_the_batchs_window_only(room):
    """The batch ends Dec 5: an announcement of Dec 7 serves another batch; one during it counts."""
    assert room.post("/announcements", room.city1_admin, when=ENDED, json={"title": "下期通知", "body": "x"}).status_code == 201
    assert _rows(room, room.city1_admin)[room.city1_admin.id]["announcements"] == 0
    assert room.post("/announcements", room.city1_admin, json={"title": "本期通知", "body": "x"}).status_code == 201
    assert _rows(room, room.city1_admin)[room.city1_admin.id]["announcements"] == 1


def test_sorted_and_exported(room):
    _work(room)
    response = room.get(f"/batches/{room.batch}/workload", room.admin, query_string={"sort": "reviews", "desc": "true"})
    assert response.get_json()["rows"][0]["user_id"] == room.tutor.id
    book = room.get(f"/batches/{room.batch}/workload.xlsx", room.admin, query_string={"sort": "total", "desc": "true"})
    assert book.status_code == 200
    sheet = load_workbook(io.BytesIO(book.data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 2 + len(_rows(room, room.admin))
    assert values[2][0] == "辅导员甲" and values[2][-1] == 5


def test_the_page_sorts_on_a_phone_width_table(app, room):
    _work(room)
    client = app.test_client()
    sign_in(client, room.admin)
    with clock.frozen_at(clock.now()):
        html = client.get(f"/workload?batch={room.batch}&sort=forum_posts&desc=1").get_data(as_text=True)
    assert "辅导员甲" in html and 'aria-sort="descending"' in html and "workload.xlsx" in html
    teacher = app.test_client()
    sign_in(teacher, room.alice)
    assert teacher.get("/workload").status_code == 403
