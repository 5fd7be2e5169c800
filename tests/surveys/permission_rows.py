"""The survey routes' rows of the permission table (tests/web/test_permission_table.py), kept with the domain like
tests/live/permission_rows.py. Wired in three lines:

    SCOPED |= SURVEY_SCOPED                        # after SCOPED
    survey_extras(db.session, ids, users)          # in ``world``
    TABLE += survey_rows(row, ...)                 # after TABLE

In: surveys of the teacher's school, written by its admin (so every admin of the chain manages them), for the
learners of the teacher's class — one published and open now (``survey_id``), one draft with a question
(``draft_survey_id``, ``survey_question``). Out: the same of another city's school and class.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.core import clock
from lms.org.models import User
from lms.surveys.models import Survey, SurveyQuestion

SURVEY_SCOPED = {"survey_id"}


def survey_extras(session, ids: dict, users: dict) -> None:
    now = clock.now()
    author = session.scalar(select(User).where(User.username == users["school_admin"]))
    for key, status in (("survey_id", "published"), ("draft_survey_id", "draft")):
        ids[key] = {}
        for variant in ("in", "out"):
            survey = Survey(title="问卷", anonymous=True, status=status, opens_at=now - timedelta(days=1),
                            closes_at=now + timedelta(days=5), owner_unit_id=ids["unit_id"][variant],
                            author_id=author.id if variant == "in" else None, target_kind="class",
                            audience="learners", target_class_id=ids["class_id"][variant], area_limited=True,
                            created_at=now, published_at=now if status == "published" else None)
            survey.questions = [SurveyQuestion(position=1, kind="scale", prompt="满意度", required=True, options=[],
                                               scale_min=1, scale_max=5)]
            session.add(survey)
            session.flush()
            ids[key][variant] = survey.id
    ids["survey_question"] = {v: session.get(Survey, ids["draft_survey_id"][v]).questions[0].id
                              for v in ("in", "out")}


def survey_rows(row, *, SIGNED, ADMINS, T, TU) -> list:
    WRITERS = ADMINS | TU
    READERS = ADMINS | T  # its managers and whom it addresses
    DRAFT = {"survey_id": "@draft_survey_id"}
    QUESTION = {"survey_id": "@draft_survey_id", "question_id": "@survey_question"}
    body = {"title": "问卷", "opens_at": "2026-11-01T08:00:00+08:00", "closes_at": "2027-01-31T22:00:00+08:00",
            "target_kind": "class", "target_id": "@class_id", "audience": "learners",
            "questions": [{"kind": "text", "prompt": "建议", "max_length": 100}]}
    return [
        # pages
        row("GET /surveys", SIGNED), row("GET /surveys/new", WRITERS), row("POST /surveys/new", WRITERS),
        row("GET /surveys/<int:survey_id>", ADMINS),
        row("POST /surveys/<int:survey_id>", ADMINS, ids=DRAFT),
        row("POST /surveys/<int:survey_id>/questions", ADMINS, ids=DRAFT),
        row("POST /surveys/<int:survey_id>/questions/<int:question_id>/delete", ADMINS, ids=QUESTION),
        row("POST /surveys/<int:survey_id>/questions/<int:question_id>/<direction>", ADMINS,
            ids={**QUESTION, "direction": "up"}),
        row("POST /surveys/<int:survey_id>/publish", ADMINS, ids=DRAFT),
        row("POST /surveys/<int:survey_id>/close", ADMINS),
        row("GET /surveys/<int:survey_id>/answer", READERS),
        row("POST /surveys/<int:survey_id>/answer", T, lenient=True),  # no answers sent: 400 with its messages
        row("GET /surveys/<int:survey_id>/results", ADMINS),
        # API
        row("GET /api/v1/survey-templates", WRITERS), row("GET /api/v1/surveys", SIGNED),
        row("POST /api/v1/surveys", WRITERS, body=body),
        row("GET /api/v1/surveys/<int:survey_id>", READERS),
        row("PUT /api/v1/surveys/<int:survey_id>", ADMINS, body=body, ids=DRAFT),
        row("POST /api/v1/surveys/<int:survey_id>/publish", ADMINS, ids=DRAFT),
        row("POST /api/v1/surveys/<int:survey_id>/close", ADMINS),
        row("POST /api/v1/surveys/<int:survey_id>/responses", T, lenient=True, body={"answers": {}}),
        row("GET /api/v1/surveys/<int:survey_id>/results", ADMINS),
        row("GET /api/v1/surveys/<int:survey_id>/results.xlsx", ADMINS),
    ]
