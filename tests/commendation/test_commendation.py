"""Outstanding learners from the data: the tutor's page shows each criterion beside the recommend control, a
learner missing one is recommended only with a reason, and the province confirms a batch's commendation list
(page, JSON, Excel, PDF), each lower admin seeing only its own subtree."""
from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook
from pypdf import PdfReader

from lms.core import clock
from tests.forum.conftest import DURING, fresh
from tests.grading.test_grade_path import QUESTIONS, _hand_in, _review
from tests.helpers import assert_error, csrf_token, sign_in


def _lessons(room, n=2):
    """The course's lessons, as the catalogue keeps them."""
    from lms.extensions import db
    from lms.projects.models import Lesson
    with room.app.app_context():
        ids = []
        for i in range(n):
            lesson = Lesson(course_id=room.course, position=i + 1, title=f"第{i + 1}讲", kind="video",
                            duration_seconds=600, created_at=clock.now())
            db.session.add(lesson)
            db.session.flush()
            ids.append(lesson.id)
        db.session.commit()
        return ids


def _watched(room, key, lessons, when):
    """Every lesson watched to the end at ``when`` (the tracking domain's heartbeat has its own tests)."""
    from lms.extensions import db
    from lms.tracking.models import LessonProgress, StudyTotal
    with room.app.app_context():
        db.session.get(StudyTotal, room.enrollments[key]).required_met_at = when
        for lesson_id in lessons:
            db.session.add(LessonProgress(enrollment_id=room.enrollments[key], lesson_id=lesson_id,
                                          intervals=[[0, 600]], covered_seconds=600, credited_seconds=600,
                                          last_position=600, completed=True, completed_at=when, updated_at=when))
        db.session.commit()


def _assignments(room):
    quiz = room.post(f"/courses/{room.course}/assignments", room.admin,
                     json={"kind": "objective", "title": "测验", "questions": QUESTIONS}).get_json()["id"]
    written = room.post(f"/courses/{room.course}/assignments", room.admin,
                        json={"kind": "subjective", "title": "研修作业", "prompt": "谈谈课堂提问"}).get_json()["id"]
    return quiz, written


def _active(room, key, replies, qa_id):
    user = getattr(room, key)
    topic = room.topic(user, title=f"{key}的话题", body=fresh(40, sum(map(ord, key)))).get_json()
    for i in range(replies):
        assert room.reply(topic["id"], user, fresh(30, 100 * i + len(key) * 7 + ord(key[0]))).get_json()["counts"]
    assert room.post(f"/qa-sessions/{qa_id}/questions", user, json={"body": "请问专家"}).status_code == 201


def _scored(room, key, work, replies, excellent):
    quiz, written = work
    room.credit(key, 100)
    room.post(f"/assignments/{quiz}/submissions", getattr(room, key),
              json={"enrollment_id": room.enrollments[key], "answers": [[1], [0]]})
    _review(room, _hand_in(room, written, key, fresh(300, ord(key[0])))["id"], 80, excellent=excellent)
    _active(room, key, replies, room.qa_id)


def _world(room, make):
    """Alice meets every criterion; Bob scores high but finished a day after the first third of the class, posted
    only the minimum and has no excellent work; Dave (another city's school, same class) meets every criterion."""
    room.programme.seats_down_to(room.batch, room.tree, "school211", 5)
    room.dave = make.user(room.tree["school211"], "teacher", name="学员丁")
    room.enrollments["dave"] = room.programme.enroll(room.klass, room.dave)
    lessons = _lessons(room)
    room.qa_id = room.qa()["id"]
    work = _assignments(room)
    for key, replies, excellent, days in (("alice", 5, True, 2), ("bob", 3, False, 1), ("dave", 5, True, 2)):
        _scored(room, key, work, replies, excellent)
        _watched(room, key, lessons, DURING - timedelta(days=days))


def _recommend(room, key, **body):
    return room.post(f"/enrollments/{room.enrollments[key]}/recommend", room.tutor, json=body)


def test_the_tutor_sees_each_criterion_and_must_give_a_reason_for_one_missed(room, make):
    _world(room, make)
    items = {i["name"]: i for i in room.get(f"/classes/{room.klass}/grades", room.tutor).get_json()["items"]}
    assert items["学员甲"]["candidate"] and all(c["met"] for c in items["学员甲"]["criteria"])
    bob = {c["key"]: c for c in items["学员乙"]["criteria"]}
    assert not items["学员乙"]["candidate"] and bob["score"]["met"] and items["学员乙"]["total"] >= 90
    assert not bob["active"]["met"] and not bob["excellent_work"]["met"] and not bob["finished_first"]["met"], bob
    assert "3 人中排第 3 位" in bob["finished_first"]["why"] and bob["studied_all"]["met"]

    client = room.app.test_client()
    with clock.frozen_at(DURING):
        sign_in(client, room.tutor)
        page = client.get(f"/classes/{room.klass}/grades").get_data(as_text=True)
        assert "✓" in page and "✗" in page and "率先完成" in page and "未被评为优秀" not in page
        assert bob["active"]["why"] in page  # the reason, in words, beside the control
        # The page: recommending Bob without a reason is refused with the criteria named; with one it stands.
        r = client.post(f"/classes/{room.klass}/grades/{room.enrollments['bob']}/recommend",
                        data={"csrf_token": csrf_token(page), "recommended": "1", "note": ""}, follow_redirects=True)
        assert r.status_code == 200 and "说明理由" in r.get_data(as_text=True)
    body = assert_error(_recommend(room, "bob"), 409, "reason_required")
    assert body["error"]["fields"]["note"]
    assert _recommend(room, "bob", note="线下研修表现突出").get_json()["recommended"] is True
    assert _recommend(room, "alice").get_json()["recommended"] is True  # every criterion met: no reason needed
    sheet = load_workbook(io.BytesIO(room.get(f"/classes/{room.klass}/grades.xlsx", room.tutor).data)).active
    by_name = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert by_name["学员甲"][15] == "是" and not by_name["学员甲"][16]
    assert by_name["学员乙"][15] == "否" and "作业被评为优秀" in by_name["学员乙"][16]
    assert by_name["学员乙"][17] == "线下研修表现突出"


def test_the_province_confirms_the_list_and_each_city_sees_only_its_own(room, make):
    _world(room, make)
    for key in ("alice", "dave"):
        assert _recommend(room, key).status_code == 200
    assert _recommend(room, "bob", note="线下研修表现突出").status_code == 200
    path = f"/batches/{room.batch}/commendation"
    listed = room.get(path, room.admin).get_json()
    assert not listed["confirmed"] and listed["entries"] == []
    assert [(r["name"], r["candidate"]) for r in listed["recommended"]] == [
        ("学员甲", True), ("学员丁", True), ("学员乙", False)]
    bob = next(r for r in listed["recommended"] if r["name"] == "学员乙")
    assert bob["note"] == "线下研修表现突出" and bob["recommended_by"] == "辅导员甲"

    # Errors: who may confirm, whom, with what body; unknown batch.
    assert_error(room.post(f"{path}/confirm", room.city1_admin, json={"enrollment_ids": []}), 403, "forbidden")
    assert_error(room.post(f"{path}/confirm", room.tutor, json={"enrollment_ids": []}), 403, "forbidden")
    assert_error(room.post(f"{path}/confirm", room.admin, json={"enrollment_ids": "x"}), 400, "invalid_input")
    assert_error(room.post(f"{path}/confirm", room.admin, json={"enrollment_ids": [room.enrollments["carol"]]}),
                 409, "not_recommended")
    assert_error(room.get("/batches/999999/commendation", room.admin), 404, "not_found")
    assert_error(room.get(path, room.tutor), 403, "forbidden")

    chosen = [room.enrollments["alice"], room.enrollments["dave"]]
    done = room.post(f"{path}/confirm", room.admin, json={"enrollment_ids": chosen, "note": "第9批"}).get_json()
    assert done["confirmed"] and [e["name"] for e in done["entries"]] == ["学员甲", "学员丁"]
    assert done["note"] == "第9批" and done["confirmed_by"]

    city1 = room.get(path, room.city1_admin).get_json()
    assert [e["name"] for e in city1["entries"]] == ["学员甲"] and not city1["can_confirm"]
    assert {r["name"] for r in city1["recommended"]} == {"学员甲", "学员乙"}
    city2 = room.get(path, room.city2_admin).get_json()
    assert [e["name"] for e in city2["entries"]] == ["学员丁"] and [r["name"] for r in city2["recommended"]] == ["学员丁"]

    # The files: the province's holds both, a city's only its own.
    book = load_workbook(io.BytesIO(room.get(f"{path}.xlsx", room.admin).data)).active
    names = [row[1] for row in book.iter_rows(min_row=4, values_only=True)]
    assert names == ["学员甲", "学员丁"] and "确认" in book["A2"].value
    city_book = load_workbook(io.BytesIO(room.get(f"{path}.xlsx", room.city1_admin).data)).active
    assert [row[1] for row in city_book.iter_rows(min_row=4, values_only=True)] == ["学员甲"]
    r = room.get(f"{path}.pdf", room.admin)
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.data)).pages)
    assert "学员甲" in text and "学员丁" in text and "优秀学员" in text
    city_text = PdfReader(io.BytesIO(room.get(f"{path}.pdf", room.city2_admin).data)).pages[0].extract_text()
    assert "学员丁" in city_text and "学员甲" not in city_text

    # Confirming again replaces the list, and the audit keeps each confirmation.
    again = room.post(f"{path}/confirm", room.admin, json={"enrollment_ids": [room.enrollments["alice"]]}).get_json()
    assert [e["name"] for e in again["entries"]] == ["学员甲"]


def test_the_list_page_for_the_province_and_read_only_for_a_city(room, make):
    _world(room, make)
    assert _recommend(room, "alice").status_code == 200
    assert _recommend(room, "dave").status_code == 200
    path = f"/batches/{room.batch}/commendation"
    client = room.app.test_client()
    with clock.frozen_at(DURING):
        sign_in(client, room.admin)
        page = client.get(path).get_data(as_text=True)
        assert "学员甲" in page and "学员丁" in page and "确认名单" in page and "✓" in page
        r = client.post(f"{path}/confirm", data={"csrf_token": csrf_token(page),
                                                 "enrollment_id": [str(room.enrollments["alice"])]})
        assert r.status_code == 302
        page = client.get(path).get_data(as_text=True)
        assert "已由" in page  # confirmed by …
        r = client.post(f"{path}/confirm", data={"csrf_token": csrf_token(page), "enrollment_id": ["x"]})
        assert r.status_code == 200  # the page again, with the message
        project = client.get(f"/projects/{room.project}").get_data(as_text=True)
        assert f"/batches/{room.batch}/commendation" in project
    city = room.app.test_client()
    with clock.frozen_at(DURING):
        sign_in(city, room.city2_admin)
        page = city.get(path).get_data(as_text=True)
        assert "学员丁" in page and "学员甲" not in page and f"{path}/confirm" not in page
        assert city.post(f"{path}/confirm", data={"csrf_token": csrf_token(page)}).status_code == 403


def test_the_project_sets_what_finishing_first_and_active_mean(room, make):
    _world(room, make)
    path = f"/projects/{room.project}/grading-policy"
    policy = room.get(path, room.admin).get_json()
    assert (policy["first_percent"], policy["early_days"], policy["extra_interactions"]) == (30, 0, 2)
    body = {k: v for k, v in policy.items() if k != "project_id"}
    assert_error(room.call("PUT", path, room.admin, json={**body, "first_percent": 101, "reason": "调整"}),
                 400, "invalid_input")
    r = room.call("PUT", path, room.admin, json={**body, "first_percent": 100, "extra_interactions": 0,
                                                  "reason": "调整评优条件"})
    assert r.status_code == 200, r.get_json()
    items = {i["name"]: i for i in room.get(f"/classes/{room.klass}/grades", room.tutor).get_json()["items"]}
    bob = {c["key"]: c["met"] for c in items["学员乙"]["criteria"]}
    assert bob["finished_first"] and bob["active"] and not bob["excellent_work"]


def test_once_the_province_confirms_the_certificate_marks_only_the_learners_on_the_list(room, make):
    from lms.certificates import services as certificates
    from lms.certificates.models import Certificate
    from lms.extensions import db
    from tests.forum.conftest import FINAL
    from tests.grading.test_grade_path import _finalise
    _world(room, make)
    for key in ("alice", "dave"):
        assert _recommend(room, key).status_code == 200
    _finalise(room)

    def marks():
        with room.app.app_context():
            return {key: certificates.outstanding(db.session, db.session.query(Certificate).filter_by(
                enrollment_id=room.enrollments[key]).one()) for key in ("alice", "dave")}

    assert marks() == {"alice": True, "dave": True}  # before the province decides: the tutors' recommendation
    r = room.post(f"/batches/{room.batch}/commendation/confirm", room.admin, FINAL,
                  json={"enrollment_ids": [room.enrollments["alice"]]})
    assert r.status_code == 200, r.get_json()
    assert marks() == {"alice": True, "dave": False}
