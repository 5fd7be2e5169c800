"""The training outcomes' rows of the permission table (tests/web/test_permission_table.py), kept with the domain
like tests/live/permission_rows.py. Wired in three lines:

    SCOPED |= OUTCOME_SCOPED                      # after SCOPED
    outcome_extras(db.session, ids)               # in ``world``
    TABLE += outcome_rows(row, ...)               # after TABLE

The in outcome: the world's teacher's, of its enrollment in the class the world's tutor teaches, taken in by its
school (so it lies in the school's teaching-research group space); the out outcome: the out enrollment's, in
another city. The in and out schools are the teacher's and the other city's.
"""
from __future__ import annotations

import io

from flask import current_app

from lms.core import clock
from lms.enrollment.models import Enrollment
from lms.outcomes.models import Outcome
from lms.projects.media import LocalStorage

OUTCOME_SCOPED = {"outcome_id", "school_id"}


def outcome_extras(session, ids: dict) -> None:
    now = clock.now()
    ids["outcome_id"] = {}
    for k in ("in", "out"):
        enrollment = session.get(Enrollment, ids["enrollment_id"][k])
        key, _size = LocalStorage(current_app.config["MEDIA_ROOT"]).save_stream(io.BytesIO(b"%PDF"), ".pdf", 1024)
        row = Outcome(enrollment_id=enrollment.id, learner_id=enrollment.teacher_id, school_id=enrollment.school_id,
                      class_id=enrollment.class_id, batch_id=enrollment.batch_id, subject="数学", stage="小学",
                      title="教学设计", kind="lesson_design", file_name="设计.pdf", content_type="application/pdf",
                      file_size=4, file_key=key, state="accepted", created_at=now, submitted_at=now)
        session.add(row)
        session.flush()
        ids["outcome_id"][k] = row.id
    ids["school_id"] = dict(ids["unit_id"])


def outcome_rows(row, *, SIGNED, ADMINS, T, TU, SA, PA) -> list:
    SEES = T | TU | ADMINS  # the learner, its class's tutors, the admins over its school
    GROUP = T | ADMINS  # the school's own people and the admins over it
    OWN = T | SA  # who writes in the group's notes
    return [
        # pages
        row("GET /outcomes", SIGNED), row("GET /outcomes/new", T), row("POST /outcomes", T, lenient=True),
        row("GET /outcomes/<int:outcome_id>", SEES),
        row("POST /outcomes/<int:outcome_id>/resubmit", T, lenient=True),
        row("POST /outcomes/<int:outcome_id>/withdraw", T, lenient=True),
        row("POST /outcomes/<int:outcome_id>/accept", SA, lenient=True),
        row("POST /outcomes/<int:outcome_id>/return", SA, body={"reason": "请补充"}, lenient=True),
        row("POST /outcomes/<int:outcome_id>/recommend", TU),
        row("POST /outcomes/<int:outcome_id>/showcase", PA, lenient=True),
        row("POST /outcomes/<int:outcome_id>/decline", PA, body={"reason": "重复"}, lenient=True),
        row("POST /submissions/<int:submission_id>/propose-outcome", TU, lenient=True),
        row("GET /showcase", SIGNED), row("GET /group", SIGNED),
        row("GET /schools/<int:school_id>/group", GROUP),
        row("POST /schools/<int:school_id>/group/outcomes/<int:outcome_id>/notes", OWN, body={"body": "集体备课时参考"}),
        # JSON API
        row("GET /api/v1/outcomes", SIGNED), row("POST /api/v1/outcomes", T, lenient=True),
        row("GET /api/v1/outcomes/<int:outcome_id>", SEES), row("GET /api/v1/outcomes/<int:outcome_id>/file", SEES),
        row("POST /api/v1/outcomes/<int:outcome_id>/resubmit", T, lenient=True),
        row("POST /api/v1/outcomes/<int:outcome_id>/withdraw", T, lenient=True),
        row("POST /api/v1/outcomes/<int:outcome_id>/review", SA, body={"action": "accept"}, lenient=True),
        row("POST /api/v1/outcomes/<int:outcome_id>/recommend", TU, body={}),
        row("POST /api/v1/outcomes/<int:outcome_id>/showcase", PA, body={"action": "showcase"}, lenient=True),
        row("POST /api/v1/submissions/<int:submission_id>/propose", TU, body={}, lenient=True),
        row("GET /api/v1/showcase", SIGNED),
        row("GET /api/v1/schools/<int:school_id>/group", GROUP),
        row("POST /api/v1/schools/<int:school_id>/group/outcomes/<int:outcome_id>/notes", OWN,
            body={"body": "集体备课时参考"}),
    ]
