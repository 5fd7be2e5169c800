"""The appointment letters' rows of the permission table (tests/web/test_permission_table.py), kept with the
domain like tests/tutors/permission_rows.py. Wired in two lines:

    letter_extras(db.session, ids, users)         # in ``world``
    TABLE += letter_rows(row, ...)                # after TABLE

lms/letters/policies.py: every admin lists a project's letters (of its own subtree's tutors and experts); a letter's
PDF is its appointee's and the admins' whose subtree holds the appointee's unit; checking a code is public.
The in letter: the world's tutor's letter of the world's project (it teaches the in class); that tutor is the
province's, so of the admins only the province admin downloads it. The out letter: a tutor of the out class (same
batch, so the same project), whom the world's tutor and no admin but the province's may read.
"""
from __future__ import annotations

from sqlalchemy import select

from lms.letters import rules
from lms.letters import services as letters
from lms.org.models import User
from lms.projects.models import TrainingClass

def letter_extras(session, ids: dict, users: dict) -> None:
    tutor = session.scalar(select(User).where(User.username == users["tutor"]))
    other = next(t for t in session.get(TrainingClass, ids["class_id"]["out"]).tutors if t.id != tutor.id)
    ids["letter_tutor"] = {"in": tutor.id, "out": other.id}
    code = rules.code_of(letters.key(), rules.TUTOR, ids["project_id"]["in"], tutor.id)
    ids["letter_code"] = {"in": code, "out": code}


def letter_rows(row, *, ANY, SIGNED, ADMINS, TU, PA) -> list:
    pdf = {"user_id": "@letter_tutor", "role": rules.TUTOR}
    code = {"code": "@letter_code"}
    return [
        # pages
        row("GET /letters", SIGNED),
        row("GET /letters/check", ANY), row("GET /letters/check/<code>", ANY, ids=code),
        row("GET /projects/<int:project_id>/letters", ADMINS),
        # no tutor or expert of the school's, county's or city's subtree serves the world's project: their zip is
        # 409 nothing_to_zip (lenient); the province's holds the world's tutor's letter
        row("GET /projects/<int:project_id>/letters.zip", ADMINS, lenient=True),
        row("GET /projects/<int:project_id>/letters/<role>/<int:user_id>.pdf", TU | PA, ids=pdf),
        # API
        row("GET /api/v1/me/letters", SIGNED),
        row("GET /api/v1/letters/<code>", ANY, ids=code),
        row("GET /api/v1/projects/<int:project_id>/letters", ADMINS),
        row("GET /api/v1/projects/<int:project_id>/letters.zip", ADMINS, lenient=True),
        row("GET /api/v1/projects/<int:project_id>/letters/<role>/<int:user_id>.pdf", TU | PA, ids=pdf),
    ]
