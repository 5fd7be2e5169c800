"""The students' tutoring routes' rows of the permission table (tests/web/test_permission_table.py), kept with the
domain like tests/live/permission_rows.py.

The table's callers hold no student account, so every student-only operation (book, rate, ask) is refused to all
of them; withdrawing a request or a booking a caller does not hold answers 404. The in session: one-to-many,
hosted by the world's tutor (a province tutor: only the province's admins manage it), running now, booked by the
student of the teacher's school (the in student). The out session: another tutor's, running now. The out student:
a student of the out school (another city), in no session. The in person (a tutor's qualification, B17): the
world's tutor, whose qualification only the province's admins decide; the out person: a tutor of the out school,
its own city's (whose admin is no caller).
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.core import clock
from lms.org.models import OrgUnit, RoleAssignment, User
from lms.tutoring.models import TutoringBooking, TutoringRequest, TutoringSession

TUTORING_SCOPED = {"tutoring_id", "student_id", "person_id"}
CERTIFIERS = frozenset({"city_admin", "province_admin"})


def tutoring_extras(session, ids: dict, users: dict) -> None:
    now = clock.now()
    tutor = session.scalar(select(User).where(User.username == users["tutor"]))
    teacher = session.scalar(select(User).where(User.username == users["teacher"]))
    other_tutor = session.scalar(select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
                                 .where(RoleAssignment.role == "tutor", User.id != tutor.id).order_by(User.id))
    out_school = session.get(OrgUnit, ids["unit_id"]["out"])
    student, outsider = (User(username=f"perm_student_{k}", name=name, org_unit=unit, password_hash="x",
                              must_change_password=False, created_at=now)
                         for k, name, unit in (("in", "本校学生", teacher.org_unit), ("out", "外市学生", out_school)))
    for person in (student, outsider):
        person.role_assignments = [RoleAssignment(role="student", org_unit=person.org_unit)]
    far_tutor = User(username="perm_tutor_out", name="外市教师", org_unit=out_school, password_hash="x",
                     must_change_password=False, created_at=now)
    far_tutor.role_assignments = [RoleAssignment(role="tutor", org_unit=out_school)]
    session.add_all([student, outsider, far_tutor])
    ids["tutoring_id"] = {}
    for k, host in (("in", tutor), ("out", other_tutor or tutor)):
        row = TutoringSession(kind="group", topic="函数专题", subject="数学", tutor_id=host.id,
                              org_unit_id=host.org_unit_id, starts_at=now - timedelta(minutes=10),
                              ends_at=now + timedelta(minutes=30), capacity=10, on_demand=False, status="open",
                              meeting_key=f"perm-tutoring-{k}", host_secret="h", guest_secret="g", created_at=now)
        session.add(row)
        session.flush()
        ids["tutoring_id"][k] = row.id
    session.add(TutoringBooking(session_id=ids["tutoring_id"]["in"], student_id=student.id, status="booked",
                                booked_at=now))
    session.flush()
    ids["student_id"] = {"in": student.id, "out": outsider.id}
    ids["person_id"] = {"in": tutor.id, "out": far_tutor.id}
    waiting = session.scalar(select(TutoringRequest.id).where(TutoringRequest.status == "waiting"))
    ids["request_id"] = {"in": waiting, "out": waiting}


def tutoring_rows(row, *, SIGNED, ADMINS, TU, PA) -> list:
    MANAGERS = TU | PA  # the host and the admins whose area holds the host's (province) unit
    SETTLERS = PA | {"city_admin"}  # a term's tutoring settlement: the city's and the province's admins
    reason = {"reason": "恶意差评，辱骂教师"}
    new = {"kind": "one_to_one", "topic": "二次函数答疑", "starts_at": "2026-11-23T19:00", "minutes": "30"}
    score = {"student_id": "@student_id", "score": "5"}
    return [
        # pages
        row("GET /tutoring/", SIGNED), row("POST /tutoring/sessions", TU, body=new),
        row("POST /tutoring/availability", TU), row("POST /tutoring/requests"),
        row("POST /tutoring/requests/<int:request_id>/withdraw", nf=SIGNED),
        row("GET /tutoring/requests/<int:request_id>/image", TU, out=TU, nf=TU),  # no photo: 404 past the check
        row("POST /tutoring/requests/<int:request_id>/accept", TU),  # not available: refused in words (302)
        row("GET /tutoring/sessions/<int:tutoring_id>", SIGNED, out=SIGNED),
        row("POST /tutoring/sessions/<int:tutoring_id>/book"),
        row("POST /tutoring/sessions/<int:tutoring_id>/unbook", nf=SIGNED),
        row("POST /tutoring/sessions/<int:tutoring_id>/cancel", MANAGERS, out=PA),
        row("POST /tutoring/sessions/<int:tutoring_id>/end", MANAGERS, out=PA),
        row("POST /tutoring/sessions/<int:tutoring_id>/rating"),
        row("POST /tutoring/sessions/<int:tutoring_id>/scores", TU, body=score, lenient=True),  # not over: 400
        row("GET /tutoring/sessions/<int:tutoring_id>/room", TU),
        row("GET /tutoring/statement", TU),
        row("GET /tutoring/tutors", SIGNED),
        row("GET /tutoring/students/<int:student_id>/record", ADMINS, out=PA),
        row("POST /tutoring/students/<int:student_id>/misconduct", TU | ADMINS, out=TU | PA, body=reason),
        row("GET /tutoring/hours", ADMINS), row("GET /tutoring/qualifications", CERTIFIERS),
        # the in person is the province's tutor: a city admin's revocation of it is refused (403)
        row("POST /tutoring/qualifications", PA, body={"person_id": "@person_id", **reason}, lenient=True,
            empty=False),
        row("POST /tutoring/qualifications/<int:person_id>/reinstate", PA, out=frozenset(),
            lenient=True),  # not revoked: refused in words (302)
        # API
        row("GET /api/v1/tutoring/sessions", SIGNED),
        row("POST /api/v1/tutoring/sessions", TU, body={**new, "starts_at": "2026-11-23T19:00:00+08:00",
                                                         "minutes": 30}),
        row("GET /api/v1/tutoring/sessions/<int:tutoring_id>", SIGNED, out=SIGNED),
        row("POST /api/v1/tutoring/sessions/<int:tutoring_id>/cancel", MANAGERS, out=PA, lenient=True),
        row("POST /api/v1/tutoring/sessions/<int:tutoring_id>/end", MANAGERS, out=PA),
        row("POST /api/v1/tutoring/sessions/<int:tutoring_id>/booking"),
        row("DELETE /api/v1/tutoring/sessions/<int:tutoring_id>/booking", nf=SIGNED, lenient=True),
        row("GET /api/v1/tutoring/sessions/<int:tutoring_id>/bookings", MANAGERS, out=PA),
        row("POST /api/v1/tutoring/sessions/<int:tutoring_id>/join", TU),
        row("POST /api/v1/tutoring/sessions/<int:tutoring_id>/heartbeat", TU, body={"page_key": "permission-page-1"}),
        row("GET /api/v1/tutoring/sessions/<int:tutoring_id>/replay", MANAGERS, out=PA),
        row("POST /api/v1/tutoring/sessions/<int:tutoring_id>/rating", body={"rating": 5}),
        row("POST /api/v1/tutoring/sessions/<int:tutoring_id>/scores", TU, lenient=True,
            body={"student_id": "@student_id", "score": 5}),  # not over yet: 409
        row("PUT /api/v1/tutoring/me/availability", TU, body={"available": True}),
        row("GET /api/v1/tutoring/requests", SIGNED),
        row("POST /api/v1/tutoring/requests", body={"question": "这道题怎么做？"}),
        row("POST /api/v1/tutoring/requests/<int:request_id>/accept", TU, lenient=True),  # not available: 409
        row("POST /api/v1/tutoring/requests/<int:request_id>/withdraw", nf=SIGNED, lenient=True),
        row("GET /api/v1/tutoring/requests/<int:request_id>/image", TU, out=TU, nf=TU),
        row("GET /api/v1/tutoring/me/statement", TU),
        row("GET /api/v1/tutoring/tutors", SIGNED),
        row("GET /api/v1/tutoring/tutors/recommended"),  # students only: none of the table's callers
        row("GET /api/v1/tutoring/me/week", TU),
        row("GET /api/v1/tutoring/tutors/<int:tutor_id>/statement", MANAGERS),
        row("GET /api/v1/tutoring/students/<int:student_id>/record", ADMINS, out=PA),
        row("POST /api/v1/tutoring/students/<int:student_id>/misconduct", TU | ADMINS, out=TU | PA, lenient=True,
            body=reason),  # the out student had no session of the tutor's: 409
        # by term (lms.tutoring.term_views, term_api): the term runs, so a confirmation is refused in words (page:
        # 302) or 409 term_not_over; the city's and the province's admins may ask
        row("GET /tutoring/term-statement", TU), row("GET /tutoring/tutors/<int:tutor_id>/term-statement", MANAGERS),
        row("GET /tutoring/tutors/<int:tutor_id>/archive", MANAGERS),
        row("GET /tutoring/settlement", ADMINS), row("GET /tutoring/settlement.xlsx", ADMINS),
        row("POST /tutoring/terms/<int:term_id>/settle", SETTLERS),
        row("GET /tutoring/tutor-points", ADMINS), row("GET /tutoring/tutor-points.xlsx", ADMINS),
        row("GET /tutoring/stars", SIGNED),
        row("GET /api/v1/tutoring/me/terms/<int:term_id>/statement", TU),
        row("GET /api/v1/tutoring/tutors/<int:tutor_id>/terms/<int:term_id>/statement", MANAGERS),
        row("GET /api/v1/tutoring/tutors/<int:tutor_id>/archive", MANAGERS),
        row("GET /api/v1/tutoring/terms/<int:term_id>/settlement", ADMINS),
        row("GET /api/v1/tutoring/terms/<int:term_id>/settlement.xlsx", ADMINS),
        row("POST /api/v1/tutoring/terms/<int:term_id>/settlement", SETTLERS, lenient=True),
        row("GET /api/v1/tutoring/tutor-points", ADMINS),
        row("GET /api/v1/tutoring/terms/<int:term_id>/stars", SIGNED),
        row("GET /api/v1/tutoring/tutors/hours", ADMINS),
        row("GET /api/v1/tutoring/disqualifications", CERTIFIERS),
        row("POST /api/v1/tutoring/tutors/<int:person_id>/disqualify", PA, out=frozenset(), body=reason),
        row("POST /api/v1/tutoring/tutors/<int:person_id>/reinstate", PA, out=frozenset(), lenient=True),  # not revoked
        # organisation awards (lms.tutoring.award_views, award_api): the term runs, so a confirmation is refused
        # in words (page: 302) or 409 term_not_over; the city's and the province's admins may ask
        row("GET /tutoring/org-ranking", SETTLERS), row("GET /tutoring/org-ranking.xlsx", SETTLERS),
        row("POST /tutoring/terms/<int:term_id>/org-awards", SETTLERS), row("GET /tutoring/org-awards", SIGNED),
        row("GET /api/v1/tutoring/terms/<int:term_id>/org-ranking", SETTLERS),
        row("GET /api/v1/tutoring/terms/<int:term_id>/org-ranking.xlsx", SETTLERS),
        row("POST /api/v1/tutoring/terms/<int:term_id>/org-awards", SETTLERS, lenient=True,
            body={"kind": "school", "top": 3}),
        row("GET /api/v1/tutoring/terms/<int:term_id>/org-awards", SIGNED),
    ]
