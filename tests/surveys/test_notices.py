"""Whom a survey addresses is told when it is published (one notice each, leading to the answer page), and reminded
once, the day before it closes, when it has not answered yet."""
from __future__ import annotations

from datetime import timedelta

from lms.notices import rules as notice_rules
from tests.forum.conftest import DURING
from tests.notices.helpers import notices_of
from tests.notices.test_pages import _client, _get
from tests.notices.test_reminders import _send
from tests.surveys.test_api import answers, published, survey_body

CLOSES = DURING + timedelta(days=3)  # the surveys of tests.surveys.test_api close then


def test_publishing_tells_everyone_addressed_once(app, room):
    draft = room.post("/surveys", room.admin, json=survey_body(room, title="草稿问卷"))
    assert draft.status_code == 201
    assert all(notices_of(app, u, notice_rules.SURVEY_PUBLISHED) == [] for u in (room.alice, room.bob, room.carol))

    survey = published(room)
    for learner in (room.alice, room.bob, room.carol):
        (notice,) = notices_of(app, learner, notice_rules.SURVEY_PUBLISHED)
        assert notice.params["survey_id"] == survey["id"] and notice.params["title"] == "课程评价"
    for other in (room.admin, room.tutor, room.school_admin, room.expert):
        assert notices_of(app, other, notice_rules.SURVEY_PUBLISHED) == []

    (item,) = [n for n in room.get("/notices", room.alice).get_json()["items"]
               if n["kind"] == notice_rules.SURVEY_PUBLISHED]
    assert item["link"] == f"/surveys/{survey['id']}/answer"
    assert "课程评价" in item["text"] and "请填写问卷" in item["text"]
    assert item["title"] == "有问卷待您填写"


def test_a_class_survey_tells_only_its_class_and_tutors_hear_of_theirs(app, room):
    published(room, target_kind="class", target_id=room.klass)
    assert len(notices_of(app, room.alice, notice_rules.SURVEY_PUBLISHED)) == 1
    assert notices_of(app, room.carol, notice_rules.SURVEY_PUBLISHED) == []
    published(room, target_kind="class", target_id=room.klass, audience="tutors")
    assert len(notices_of(app, room.tutor, notice_rules.SURVEY_PUBLISHED)) == 1
    assert notices_of(app, room.other_tutor, notice_rules.SURVEY_PUBLISHED) == []
    assert len(notices_of(app, room.alice, notice_rules.SURVEY_PUBLISHED)) == 1


def test_the_notice_leads_to_the_answer_page(app, room):
    survey = published(room)
    client = _client(room, room.bob)
    html = _get(client, "/notices").get_data(as_text=True)
    assert "有问卷待您填写" in html
    page = _get(client, f"/surveys/{survey['id']}/answer")
    assert page.status_code == 200 and "课程评价" in page.get_data(as_text=True)


def test_the_day_before_it_closes_those_who_have_not_answered_are_reminded_once(app, room):
    survey = published(room)
    assert room.post(f"/surveys/{survey['id']}/responses", room.alice, json=answers(survey)).status_code == 201
    assert _send(app, CLOSES - timedelta(days=2))[notice_rules.SURVEY_CLOSING] == 0
    assert _send(app, CLOSES - timedelta(hours=12))[notice_rules.SURVEY_CLOSING] == 2
    assert notices_of(app, room.alice, notice_rules.SURVEY_CLOSING) == []
    (bob,) = notices_of(app, room.bob, notice_rules.SURVEY_CLOSING)
    assert bob.key == notice_rules.key(notice_rules.SURVEY_CLOSING, survey["id"])
    assert len(notices_of(app, room.carol, notice_rules.SURVEY_CLOSING)) == 1
    assert _send(app, CLOSES - timedelta(hours=2))[notice_rules.SURVEY_CLOSING] == 0
    assert _send(app, CLOSES + timedelta(hours=1))[notice_rules.SURVEY_CLOSING] == 0
    (item,) = [n for n in room.get("/notices", room.bob).get_json()["items"]
               if n["kind"] == notice_rules.SURVEY_CLOSING]
    assert "尚未填写" in item["text"] and item["link"] == f"/surveys/{survey['id']}/answer"


def test_a_survey_closed_early_reminds_nobody(app, room):
    survey = published(room)
    assert room.post(f"/surveys/{survey['id']}/close", room.admin).status_code == 200
    assert _send(app, CLOSES - timedelta(hours=12))[notice_rules.SURVEY_CLOSING] == 0


def test_the_crowd_is_told_in_chunks_and_preferences_hold(app, room, monkeypatch):
    from lms.notices import services
    monkeypatch.setattr(services, "BULK_CHUNK", 2)  # three learners: two chunks
    r = room.call("PUT", "/me/notice-preferences", room.bob, json={"wanted": {notice_rules.SURVEY_PUBLISHED: False}})
    assert r.status_code == 200, r.get_json()
    survey = published(room)
    assert len(notices_of(app, room.alice, notice_rules.SURVEY_PUBLISHED)) == 1
    assert len(notices_of(app, room.carol, notice_rules.SURVEY_PUBLISHED)) == 1
    assert notices_of(app, room.bob, notice_rules.SURVEY_PUBLISHED) == []
    # The reminder too: sent once per survey, whatever the chunks.
    assert _send(app, CLOSES - timedelta(hours=12))[notice_rules.SURVEY_CLOSING] == 3
    assert _send(app, CLOSES - timedelta(hours=11))[notice_rules.SURVEY_CLOSING] == 0
    assert survey["id"] == notices_of(app, room.bob, notice_rules.SURVEY_CLOSING)[0].params["survey_id"]
