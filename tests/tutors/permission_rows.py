"""The tutor routes' rows of the permission table (tests/web/test_permission_table.py), kept with the domain like
tests/live/permission_rows.py. Wired in three lines:

    SCOPED |= TUTORS_SCOPED                       # after SCOPED
    tutors_extras(db.session, ids, users)         # in ``world``
    TABLE += tutors_rows(row, ...)                # after TABLE

The in application: a teacher of the world teacher's school, waiting for its school's review (so the school
admin decides it and every admin of the chain reads it). The out application: a teacher of another city's school,
waiting at its school too. Each has an uploaded sample video: while an application waits, its video is its
applicant's and the reviewing admins' (lms/tutors/queries.py sample_video_of), like the application itself. The in tutor: the world's tutor (an approved profile in the demo); the out tutor:
another demo tutor (the library is open to all).
"""
from __future__ import annotations

import io

from flask import current_app
from sqlalchemy import select

from lms.core import clock
from lms.org.models import RoleAssignment, User
from lms.projects.media import LocalStorage
from lms.tutors.models import TutorApplication

WEBM = b"\x1a\x45\xdf\xa3" + b"\x00" * 28  # an uploaded sample video's file (only its bytes are sent)
TUTORS_SCOPED = {"application_id", "tutor_id"}
PROFILE = {"subjects": ["数学"], "stages": ["初中"], "topics": ["函数"],
           "introduction": "从事初中数学教学二十年，区级骨干教师，研究函数单元教学。", "sample_url": "https://v.example.cn/1"}


def _applicant(session, unit_id: int, exclude: int) -> User:
    busy = select(TutorApplication.user_id)
    return session.scalar(select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
                          .where(User.org_unit_id == unit_id, RoleAssignment.role == "teacher", User.id != exclude,
                                 User.id.not_in(busy)).order_by(User.id).limit(1))


def tutors_extras(session, ids: dict, users: dict) -> None:
    teacher = session.scalar(select(User).where(User.username == users["teacher"]))
    tutor = session.scalar(select(User).where(User.username == users["tutor"]))
    ids["application_id"] = {}
    for k, unit_id in (("in", teacher.org_unit_id), ("out", ids["unit_id"]["out"])):
        person = _applicant(session, unit_id, teacher.id)
        key, _size = LocalStorage(current_app.config["MEDIA_ROOT"]).save_stream(io.BytesIO(WEBM), ".webm", 1024)
        application = TutorApplication(user_id=person.id, org_unit_id=unit_id, status="school",
                                       submitted_at=clock.now(), achievements="", sample_video_key=key,
                                       sample_video_type="video/webm", sample_video_seconds=3, **PROFILE)
        session.add(application)
        session.flush()
        ids["application_id"][k] = application.id
    other = session.scalar(select(TutorApplication.user_id).where(TutorApplication.status == "approved",
                                                                  TutorApplication.user_id != tutor.id).limit(1))
    ids["tutor_id"] = {"in": tutor.id, "out": other}


def tutors_rows(row, *, SIGNED, ADMINS, T) -> list:
    SA = frozenset({"school_admin"})
    back = {"reason": "请补充示范课"}
    return [
        # pages
        row("GET /tutors/", SIGNED), row("GET /tutors/apply", SIGNED),
        row("GET /tutors/<int:tutor_id>", SIGNED, out=SIGNED),
        row("POST /tutors/apply", T, body={"subjects": "数学", "stages": "初中", "topics": "函数",
                                            "introduction": PROFILE["introduction"],
                                            "sample_url": PROFILE["sample_url"]}),
        row("GET /tutors/reviews", ADMINS),
        row("GET /tutors/applications/<int:application_id>", ADMINS),
        row("GET /tutors/applications/<int:application_id>/sample-video", ADMINS),
        row("POST /tutors/applications/<int:application_id>/approve", SA),
        row("POST /tutors/applications/<int:application_id>/return", SA, body=back),
        # API
        row("GET /api/v1/tutors", SIGNED), row("GET /api/v1/tutors/recommended", SIGNED),
        row("GET /api/v1/tutors/<int:tutor_id>", SIGNED, out=SIGNED),
        row("GET /api/v1/tutors/me/application", SIGNED),
        row("PUT /api/v1/tutors/me/application", T, body=PROFILE),
        row("GET /api/v1/tutors/applications", ADMINS),
        row("GET /api/v1/tutors/applications/<int:application_id>", ADMINS),
        row("GET /api/v1/tutors/applications/<int:application_id>/sample-video", ADMINS),
        row("POST /api/v1/tutors/applications/<int:application_id>/approve", SA),
        row("POST /api/v1/tutors/applications/<int:application_id>/return", SA, body=back),
    ]
