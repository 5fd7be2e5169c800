"""B12: the students' tutor directory and recommendations — the rules (a student's stage and subjects; the tutor
library's scoring with its reasons), the API, the pages and who sees what (approved tutors only; a student's
recommendations read its own history, nothing of other students')."""
from __future__ import annotations

from lms.core import clock
from lms.extensions import db
from lms.org.models import User
from lms.square.models import MicroLesson
from lms.tutoring import matching
from lms.tutors import rules as tutors_rules
from lms.tutors.models import TutorApplication
from tests.helpers import assert_error, sign_in
from tests.tutoring.conftest import offer

INTRO = "从事初中数学教学二十年，区级骨干教师，长期研究函数单元的整体教学设计。"


# --- rules -----------------------------------------------------------------------------------------------------

def test_a_students_stage_comes_from_its_account_its_school_or_the_lessons_it_watched():
    assert matching.student_stage("初中", "高中", ["高一"]) == "初中"
    assert matching.student_stage(None, "高中", ["初一"]) == "高中"
    assert matching.student_stage(None, "完全中学", ["高二", "初一"]) == "高中"  # the newest watched first
    assert matching.student_stage("", None, []) is None
    assert matching.stage_of_grade("初三") == "初中" and matching.stage_of_grade("五年级") is None


def test_a_students_subjects_come_from_its_sessions_and_questions():
    assert matching.student_subjects(None, ["物理", "数学", "", "数学"]) == ("数学", frozenset({"物理", "数学"}))
    assert matching.student_subjects(None, ["物理", "数学"])[0] == "物理"  # a tie: the newest
    assert matching.student_subjects("语文", ["物理"]) == ("语文", frozenset({"语文", "物理"}))
    assert matching.student_subjects(None, []) == (None, frozenset())


def test_the_librarys_score_is_the_sum_of_its_reasons_and_counts_every_subject_studied():
    c = tutors_rules.Candidate(7, ("物理",), ("高中",), ("力学", "电学"), upcoming=2)
    learner = tutors_rules.Learner("数学", "高中", {7: (5, 4)}, frozenset({7}), frozenset({"力学"}),
                                   other_subjects=frozenset({"物理"}))
    parts = tutors_rules.score_parts(c, learner)
    assert parts == {"subject": 40, "stage": 30, "rated": 15, "topics": 5, "bookable": 10}
    assert tutors_rules.score(c, learner) == sum(parts.values()) == 100
    assert tutors_rules.score_parts(c, tutors_rules.Learner("数学", None)) == {"bookable": 10}
    assert tutors_rules.liked_topics({7: (5, 4), 8: (2,)}, {7: ("力学",), 8: ("电学",)}) == frozenset({"力学"})


# --- API -------------------------------------------------------------------------------------------------------

def approve(app, user, subjects, stages, topics):
    """Put ``user`` in the tutor library (its profile approved by school, district and city)."""
    with app.app_context():
        now = clock.now()
        db.session.add(TutorApplication(user_id=user.id, org_unit_id=user.org_unit_id, status="approved",
                                        subjects=subjects, stages=stages, topics=topics, introduction=INTRO,
                                        achievements="", sample_url="https://v.example.cn/1", submitted_at=now,
                                        approved_at=now))
        db.session.commit()


def lesson(app, tutor, status, title):
    with app.app_context():
        now = clock.now()
        row = MicroLesson(tutor_id=tutor.id, org_unit_id=tutor.org_unit_id, title=title, subject="数学", grade="初二",
                          video_url="https://v.example.cn/m", status=status, submitted_at=now,
                          audience=10 if status == "certified" else None, decided_at=now)
        db.session.add(row)
        db.session.commit()
        return row.id


def library(app, world, make):
    approve(app, world.tutor, ["数学"], ["初中"], ["函数", "几何证明"])
    approve(app, world.tutor2, ["物理"], ["高中"], ["力学"])
    world.unlisted = make.user(world.tree["school111"], "tutor", name="钱老师")  # a tutor with no approved profile


def test_the_directory_lists_approved_tutors_with_slots_and_certified_lessons(api, world, app, make):
    library(app, world, make)
    slot = offer(api, world.tutor, subject="数学")
    certified = lesson(app, world.tutor, "certified", "勾股定理")
    lesson(app, world.tutor, "pending", "未认证的微课")
    items = api.get("/tutoring/tutors", world.student).get_json()["items"]
    assert [t["name"] for t in items] == ["王老师", "赵老师"]  # by name; 钱老师 has no approved profile
    wang = items[0]
    assert wang["subjects"] == ["数学"] and wang["stages"] == ["初中"] and wang["topics"] == ["函数", "几何证明"]
    assert wang["open_session_count"] == 1 and wang["open_sessions"][0]["id"] == slot["id"]
    assert wang["micro_lessons"] == [{"id": certified, "title": "勾股定理", "subject": "数学", "grade": "初二"}]
    assert [t["name"] for t in api.get("/tutoring/tutors?subject=物理", world.student).get_json()["items"]] == ["赵老师"]
    assert [t["name"] for t in api.get("/tutoring/tutors?stage=初中", world.teacher).get_json()["items"]] == ["王老师"]
    assert api.get("/tutoring/tutors?subject=化学", world.student).get_json()["items"] == []
    assert_error(api.get("/tutoring/tutors?grade=初一", world.student), 400, "invalid_input")
    with app.app_context():  # a tutor whose account is closed or whose tutor role is gone is not listed
        db.session.get(User, world.tutor2.id).is_active_account = False
        db.session.commit()
    assert [t["name"] for t in api.get("/tutoring/tutors", world.student).get_json()["items"]] == ["王老师"]


def test_recommendations_follow_the_students_own_questions_sessions_and_stage(api, world, app, make):
    library(app, world, make)
    assert_error(api.get("/tutoring/tutors/recommended", world.tutor), 403, "forbidden")
    assert_error(api.get("/tutoring/tutors/recommended", world.school), 403, "forbidden")
    assert api.get("/tutoring/tutors/recommended", world.student).get_json()["items"] == []  # nothing known yet
    # Another student's questions tell nothing about this one.
    for _ in range(2):
        assert api.post("/square/questions", world.student2,
                        json={"subject": "数学", "body": "二次函数的顶点怎么求？"}).status_code == 201
    assert api.get("/tutoring/tutors/recommended", world.student).get_json()["items"] == []
    assert api.post("/square/questions", world.student, json={"subject": "物理", "body": "受力分析怎么画？"}).status_code == 201
    picked = api.get("/tutoring/tutors/recommended", world.student).get_json()["items"]
    assert [(p["tutor"]["name"], p["score"]) for p in picked] == [("赵老师", 40)]
    assert picked[0]["reasons"] == [{"code": "subject", "points": 40, "text": "教授物理，正是你在学的学科。"}]
    # It books 王老师's maths slot: the subject, the familiar tutor and its stage (its account says 初中) count.
    slot = offer(api, world.tutor, subject="数学")
    assert api.post(f"/tutoring/sessions/{slot['id']}/booking", world.student).status_code == 201
    with app.app_context():
        db.session.get(User, world.student.id).stage = "初中"
        db.session.commit()
    picked = api.get("/tutoring/tutors/recommended", world.student).get_json()["items"]
    assert [(p["tutor"]["name"], p["score"]) for p in picked] == [("王老师", 75), ("赵老师", 40)]
    assert [r["code"] for r in picked[0]["reasons"]] == ["subject", "stage", "familiar"]  # the slot is now full
    assert "李同学" not in str(picked) and "周同学" not in str(picked)  # no student's data in the cards


# --- pages -----------------------------------------------------------------------------------------------------

def _client(app, user):
    client = app.test_client()
    sign_in(client, user)
    client.get("/lang/en")
    return client


def test_the_directory_and_recommendations_on_the_pages(api, world, app, make):
    library(app, world, make)
    certified = lesson(app, world.tutor, "certified", "勾股定理")
    offer(api, world.tutor, subject="数学")
    assert api.post("/square/questions", world.student, json={"subject": "数学", "body": "勾股定理怎么证明？"}).status_code == 201
    student = _client(app, world.student)
    home = student.get("/tutoring/").get_data(as_text=True)
    assert "Recommended tutors" in home and "Teaches 数学, which you study." in home and "/tutoring/tutors" in home
    page = student.get("/tutoring/tutors").get_data(as_text=True)
    assert "Recommended for you" in page and page.count('data-testid="tutor-card"') == 3  # 1 recommended + 2 listed
    assert f"/square/lessons/{certified}" in page and "Has open slots to book." in page
    filtered = student.get("/tutoring/tutors?subject=物理").get_data(as_text=True)
    assert "赵老师" in filtered.split('data-testid="directory"')[1] and "王老师" not in filtered.split('data-testid="directory"')[1]
    assert "No tutor matches." in student.get("/tutoring/tutors?stage=幼儿园").get_data(as_text=True)
    tutor = _client(app, world.tutor2).get("/tutoring/tutors").get_data(as_text=True)
    assert "Recommended for you" not in tutor and tutor.count('data-testid="tutor-card"') == 2
    assert _client(app, world.school).get("/tutoring/tutors").status_code == 200
    assert "Recommended tutors" not in _client(app, world.tutor).get("/tutoring/").get_data(as_text=True)

