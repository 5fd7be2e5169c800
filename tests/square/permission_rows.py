"""The square routes' rows of the permission table (tests/web/test_permission_table.py), kept with the domain like
tests/tutors/permission_rows.py. Wired in three lines:

    square_extras(db.session, ids, users)         # in ``world``
    TABLE += square_rows(row, ...)                # after TABLE

The table has no student among its callers: the in objects are a student's of the world teacher's school (so the
admins of its chain read them), the out objects a student's of another city's school; each has an open question
with a photo and one answered by the world's tutor. Micro-lessons: a tutor of each school (made here) has one
certified with a video file and one waiting for certification (the in one for the world's city admin).
"""
from __future__ import annotations

from datetime import timedelta

import io

from sqlalchemy import select

from lms.core import clock
from lms.org.models import OrgUnit, RoleAssignment, User
from lms.projects import media
from lms.square.models import MicroLesson, MicroPost, SquareAnswer, SquareQuestion

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
QUESTION = {"question_id": "@sq_question"}
ANSWERED = {"question_id": "@sq_answered", "answer_id": "@sq_answer"}
LISTED = {"lesson_id": "@micro_listed"}
PENDING = {"lesson_id": "@micro_pending"}
POST = {"lesson_id": "@micro_listed", "post_id": "@micro_post"}


def _person(session, username: str, unit: OrgUnit, role: str, password_hash: str, now) -> User:
    person = User(username=username, name="测试" + role, org_unit=unit, password_hash=password_hash,
                  must_change_password=False, created_at=now, subject="数学")
    person.role_assignments = [RoleAssignment(role=role, org_unit=unit)]
    session.add(person)
    return person


def square_extras(session, ids: dict, users: dict) -> None:
    now = clock.now()
    teacher = session.scalar(select(User).where(User.username == users["teacher"]))
    tutor = session.scalar(select(User).where(User.username == users["tutor"]))
    for name in ("sq_question", "sq_answered", "sq_answer", "micro_listed", "micro_pending", "micro_post"):
        ids[name] = {}
    for k, unit_id in (("in", teacher.org_unit_id), ("out", ids["unit_id"]["out"])):
        unit = session.get(OrgUnit, unit_id)
        student = _person(session, f"stu-perm-{k}", unit, "student", teacher.password_hash, now)
        author = _person(session, f"perm-tutor-{k}", unit, "tutor", teacher.password_hash, now)
        session.flush()
        asked = [SquareQuestion(student_id=student.id, org_unit_id=unit.id, subject="数学", status="open",
                                body=f"第{n}道题怎么做？请老师讲一讲。", created_at=now - timedelta(hours=n),
                                image_name="题.png", image_type="image/png", image_data=PNG) for n in (1, 2)]
        session.add_all(asked)
        session.flush()
        key, _ = media.configured_storage().save_stream(io.BytesIO(b"\x1a\x45\xdf\xa3"), ".webm", 1024)
        answer = SquareAnswer(question_id=asked[1].id, tutor_id=tutor.id, body="先画图，再列方程。", created_at=now)
        listed = MicroLesson(tutor_id=author.id, org_unit_id=unit.id, title="一次函数", subject="数学", grade="初二",
                             description="", video_key=key, video_type="video/webm", video_seconds=3,
                             status="certified", audience=5, submitted_at=now - timedelta(days=3),
                             decided_at=now - timedelta(days=1))
        pending = MicroLesson(tutor_id=author.id, org_unit_id=unit.id, title="勾股定理", subject="数学", grade="初二",
                              description="", video_url="https://v.example.cn/1", status="pending", submitted_at=now)
        session.add_all([answer, listed, pending])
        session.flush()
        ids["sq_question"][k], ids["sq_answered"][k], ids["sq_answer"][k] = asked[0].id, asked[1].id, answer.id
        ids["micro_listed"][k], ids["micro_pending"][k] = listed.id, pending.id
        post = MicroPost(lesson_id=listed.id, author_id=student.id, body="第二段没听懂。", created_at=now)
        session.add(post)
        session.flush()
        ids["micro_post"][k] = post.id


def square_rows(row, *, SIGNED, ADMINS, TU, PA) -> list:
    CA = frozenset({"city_admin"})
    readers = TU | ADMINS
    ask = {"subject": "数学", "body": "这道题怎么做？"}
    lesson = {"title": "一次函数", "subject": "数学", "grade": "初二", "video_url": "https://v.example.cn/2"}
    return [
        # pages
        row("GET /square/", SIGNED), row("GET /square/lessons/", SIGNED), row("GET /square/statement", TU),
        row("POST /square/questions", body=ask),
        row("GET /square/questions/<int:question_id>", readers, out=TU | PA, ids=QUESTION),
        row("GET /square/questions/<int:question_id>/image", readers, out=TU | PA, ids=QUESTION),
        row("GET /square/questions/<int:question_id>/video", readers, out=TU | PA, nf=readers, ids=QUESTION),  # no video: 404 past the check
        row("POST /square/questions/<int:question_id>/answers", TU, out=TU, ids=QUESTION,
            body={"body": "配方后就能看出顶点。"}),
        row("POST /square/questions/<int:question_id>/answers/<int:answer_id>/adopt", ids=ANSWERED,
            body={"difficulty": "2", "satisfaction": "2"}),
        row("POST /square/lessons", TU, body=lesson),
        row("GET /square/lessons/<int:lesson_id>", SIGNED, out=SIGNED, ids=LISTED),
        row("GET /square/lessons/<int:lesson_id>/video", SIGNED, out=SIGNED, ids=LISTED),
        row("POST /square/lessons/<int:lesson_id>", ids=PENDING, body=lesson),
        row("POST /square/lessons/<int:lesson_id>/watch", ids=LISTED),
        row("POST /square/lessons/<int:lesson_id>/rate", ids=LISTED, body={"rating": "5"}),
        # progress and discussion: the lessons' tutors (made here) and students are not among the callers
        row("GET /square/lessons/<int:lesson_id>/viewers", ADMINS, out=PA, ids=LISTED),
        row("POST /square/lessons/<int:lesson_id>/posts", ids=LISTED, body={"body": "请问老师"}),
        row("POST /square/lessons/<int:lesson_id>/quiz", ids=LISTED, body={"questions": "斜率？\n1\n*2"}),
        row("POST /square/lessons/<int:lesson_id>/quiz/answers", ids=LISTED, body={"q0": "1"}),
        row("POST /square/lessons/<int:lesson_id>/posts/<int:post_id>/hide", ids=POST),
        row("POST /square/lessons/<int:lesson_id>/certify", CA, out=frozenset(), ids=PENDING, body={"audience": "5"}),
        row("POST /square/lessons/<int:lesson_id>/reject", CA, out=frozenset(), ids=PENDING,
            body={"reason": "画面不清晰"}),
        row("POST /square/lessons/<int:lesson_id>/settle", CA, out=frozenset(), ids=LISTED),
        # API
        row("GET /api/v1/square/questions", SIGNED), row("POST /api/v1/square/questions", body=ask),
        row("GET /api/v1/square/questions/<int:question_id>", readers, out=TU | PA, ids=QUESTION),
        row("GET /api/v1/square/questions/<int:question_id>/image", readers, out=TU | PA, ids=QUESTION),
        row("GET /api/v1/square/questions/<int:question_id>/video", readers, out=TU | PA, nf=readers, ids=QUESTION),
        row("POST /api/v1/square/questions/<int:question_id>/answers", TU, out=TU, ids=QUESTION,
            body={"body": "配方后就能看出顶点。"}),
        row("POST /api/v1/square/questions/<int:question_id>/answers/<int:answer_id>/adopt", ids=ANSWERED,
            body={"difficulty": 2, "satisfaction": 2}),
        row("GET /api/v1/square/lessons", SIGNED), row("POST /api/v1/square/lessons", TU, body=lesson),
        row("GET /api/v1/square/lessons/<int:lesson_id>", SIGNED, out=SIGNED, ids=LISTED),
        row("PUT /api/v1/square/lessons/<int:lesson_id>", ids=PENDING, body=lesson),
        row("GET /api/v1/square/lessons/<int:lesson_id>/video", SIGNED, out=SIGNED, ids=LISTED),
        row("POST /api/v1/square/lessons/<int:lesson_id>/certify", CA, out=frozenset(), ids=PENDING,
            body={"audience": 5}),
        row("POST /api/v1/square/lessons/<int:lesson_id>/reject", CA, out=frozenset(), ids=PENDING,
            body={"reason": "画面不清晰"}),
        row("POST /api/v1/square/lessons/<int:lesson_id>/settle", CA, out=frozenset(), ids=LISTED),
        row("POST /api/v1/square/lessons/<int:lesson_id>/watch", ids=LISTED),
        row("POST /api/v1/square/lessons/<int:lesson_id>/rate", ids=LISTED, body={"rating": 5}),
        row("POST /api/v1/square/lessons/<int:lesson_id>/progress", ids=LISTED, body={"position": 5, "played": 5}),
        row("GET /api/v1/square/lessons/<int:lesson_id>/progress", ids=LISTED),
        row("GET /api/v1/square/lessons/<int:lesson_id>/viewers", ADMINS, out=PA, ids=LISTED),
        row("GET /api/v1/square/lessons/<int:lesson_id>/posts", ADMINS, out=PA, ids=LISTED),
        row("GET /api/v1/square/lessons/<int:lesson_id>/quiz", ADMINS, out=PA, nf=ADMINS, ids=LISTED),  # no quiz: 404
        row("PUT /api/v1/square/lessons/<int:lesson_id>/quiz", ids=LISTED,
            body={"questions": [{"text": "斜率？", "options": ["1", "2"], "correct": 1}]}),
        row("POST /api/v1/square/lessons/<int:lesson_id>/quiz/answers", ids=LISTED, body={"choices": [1]}),
        row("GET /api/v1/square/lessons/<int:lesson_id>/quiz/results", ADMINS, out=PA, nf=ADMINS, ids=LISTED),
        row("POST /api/v1/square/lessons/<int:lesson_id>/posts", ids=LISTED, body={"body": "请问老师"}),
        row("POST /api/v1/square/lessons/<int:lesson_id>/posts/<int:post_id>/hide", ids=POST),
        row("GET /api/v1/square/statement", TU), row("GET /api/v1/square/statement/month", TU),
        row("GET /api/v1/square/figures", ADMINS),
    ]
