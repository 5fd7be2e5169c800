"""Survey services against the database: anonymity (no link from a response to its respondent), the once-only
marker, whom a survey addresses in the author's subtree, and the ordering of a draft's questions."""
from __future__ import annotations

from sqlalchemy import select

from lms.core import clock
from lms.core.errors import DomainError
from lms.extensions import db
from lms.org.models import User
from lms.surveys import queries, services
from lms.surveys.models import Survey, SurveyParticipation, SurveyResponse
from tests.forum.conftest import DURING
from tests.surveys.test_api import answers, published


def test_anonymous_responses_keep_no_link_named_ones_do(app, room):
    anonymous = published(room)
    named = published(room, anonymous=False)
    for survey in (anonymous, named):
        room.post(f"/surveys/{survey['id']}/responses", room.alice, json=answers(survey))
    with app.app_context():
        row = db.session.scalar(select(SurveyResponse).where(SurveyResponse.survey_id == anonymous["id"]))
        assert row.user_id is None and row.submitted_at is None
        assert db.session.get(SurveyParticipation, (anonymous["id"], room.alice.id)) is not None
        row = db.session.scalar(select(SurveyResponse).where(SurveyResponse.survey_id == named["id"]))
        assert row.user_id == room.alice.id and row.submitted_at is not None


def test_answering_twice_is_refused_by_the_marker(app, room):
    survey = published(room)
    room.post(f"/surveys/{survey['id']}/responses", room.alice, json=answers(survey))
    with app.test_request_context(method="POST"), clock.frozen_at(DURING):
        row = db.session.get(Survey, survey["id"])
        alice = db.session.get(User, room.alice.id)
        try:
            services.answer(db.session, alice, row, {q.id: 0 for q in row.questions})
        except DomainError as error:
            assert error.code == "already_answered"
        else:
            raise AssertionError("answered twice")
        assert queries.response_count(db.session, row.id) == 1


def test_audience_is_limited_to_the_authors_subtree(app, room):
    province = published(room)
    city1 = published(room, author=room.city1_admin)
    school = published(room, author=room.school_admin)
    city2 = published(room, author=room.city2_admin)
    with app.app_context():
        counts = {k: queries.audience_count(db.session, db.session.get(Survey, s["id"]))
                  for k, s in (("province", province), ("city1", city1), ("school", school), ("city2", city2))}
    assert counts == {"province": 3, "city1": 3, "school": 3, "city2": 0}


def test_questions_move_and_go(app, room):
    r = room.post("/surveys", room.admin, json={
        "title": "t", "opens_at": DURING.isoformat(), "closes_at": DURING.replace(day=28).isoformat(),
        "target_kind": "batch", "target_id": room.batch, "questions": [
            {"kind": "text", "prompt": p, "max_length": 10} for p in ("一", "二", "三")]})
    survey_id = r.get_json()["id"]
    with app.test_request_context(method="POST"), clock.frozen_at(DURING):
        row = db.session.get(Survey, survey_id)
        admin = db.session.get(User, room.admin.id)
        first, second, third = [q.id for q in row.questions]
        services.move_question(db.session, admin, row, third, -1)
        services.move_question(db.session, admin, row, first, -1)  # at the top already: nothing moves
        assert [q.prompt for q in row.questions] == ["一", "三", "二"]
        services.remove_question(db.session, admin, row, first)
        assert [(q.position, q.prompt) for q in row.questions] == [(1, "三"), (2, "二")]
        db.session.commit()
