"""Live research's notices: a cancelled session tells its booked learners and its reviewers why (its host, an
admin, or the host's qualification revoked: B17), not the one who cancelled it; a learner who owes a session's
feedback is reminded once, two days before its 7 days close (B2b)."""
from __future__ import annotations

from datetime import datetime, timedelta

from lms.core import clock
from lms.extensions import db
from lms.live import rules as live_rules
from lms.notices import reminders, rules
from tests.live.conftest import MONDAY, TUESDAY, at, feedback, go, present, schedule
from tests.notices.helpers import kinds_of, notices_of


def _cancelled(app, user) -> list[str]:
    """The causes of the cancellations ``user`` was told of."""
    return [n.params["cause"] for n in notices_of(app, user, rules.LIVE_CANCELLED)]


def _book(api, sid, *learners):
    for learner in learners:
        assert api.post(f"/live/sessions/{sid}/booking", learner).status_code == 201


def test_the_host_cancelling_tells_the_booked_learners(app, api, make, world):
    sid = schedule(api, world.tutor)
    gone = make.user(world.tree["school121"], "teacher", name="吴老师")
    _book(api, sid, world.learner, world.learner2, gone)
    api.call("DELETE", f"/live/sessions/{sid}/booking", gone)  # no longer booked: not told
    assert api.post(f"/live/sessions/{sid}/cancel", world.tutor).status_code == 200
    assert _cancelled(app, world.learner) == _cancelled(app, world.learner2) == [live_rules.BY_HOST]
    assert kinds_of(app, gone) == [] and kinds_of(app, world.tutor) == []  # the host cancelled it itself
    (notice,) = api.get("/notices", world.learner).get_json()["items"]
    assert notice["link"] == f"/live/sessions/{sid}"
    assert "课堂提问的设计" in notice["text"] and "王导师" in notice["text"]


def test_an_admin_cancelling_a_review_tells_its_reviewers_and_learners(app, api, world):
    sid = schedule(api, world.tutor, form="review", co_reviewer_ids=[world.tutor2.id],
                   starts_at=at(TUESDAY, 18).isoformat(), ends_at=at(TUESDAY, 19).isoformat())
    _book(api, sid, world.learner2)
    assert api.post(f"/live/sessions/{sid}/cancel", world.city1).status_code == 200
    for user in (world.tutor, world.tutor2, world.learner2):
        assert _cancelled(app, user) == [live_rules.BY_ADMIN]
    assert kinds_of(app, world.city1) == [] and kinds_of(app, world.learner) == []
    (notice,) = notices_of(app, world.learner2, rules.LIVE_CANCELLED)
    assert notice.params["by"] == world.city1.name and notice.params["host"] == "王导师"


def test_a_cancellation_quotes_its_optional_reason(app, api, world):
    sid = schedule(api, world.tutor)
    _book(api, sid, world.learner)
    r = api.post(f"/live/sessions/{sid}/cancel", world.tutor, json={"reason": "  导师临时外出培训  "})
    assert r.status_code == 200 and r.get_json()["cancel_reason"] == "导师临时外出培训"
    (notice,) = api.get("/notices", world.learner).get_json()["items"]
    assert "王导师" in notice["text"] and notice["text"].endswith("原因：导师临时外出培训")
    other = schedule(api, world.tutor, starts_at=at(TUESDAY, 18).isoformat(), ends_at=at(TUESDAY, 19, 30).isoformat())
    _book(api, other, world.learner2)
    assert api.post(f"/live/sessions/{other}/cancel", world.city1, json={"reason": "   "}).get_json()[
        "cancel_reason"] is None  # blank: no reason
    (notice,) = api.get("/notices", world.learner2).get_json()["items"]
    assert "原因" not in notice["text"]


def test_a_disqualified_hosts_sessions_tell_their_learners_why(app, api, world):
    sid = schedule(api, world.tutor)
    _book(api, sid, world.learner)
    r = api.post(f"/tutoring/tutors/{world.tutor.id}/disqualify", world.city1, json={"reason": "多次无故缺席辅导"})
    assert r.status_code == 201, r.get_json()
    assert _cancelled(app, world.learner) == [live_rules.HOST_DISQUALIFIED]
    # the host hears of its qualification, not of each session
    assert kinds_of(app, world.tutor) == [rules.TUTOR_QUALIFICATION]
    (notice,) = api.get("/notices", world.learner).get_json()["items"]
    assert "王导师" in notice["text"] and notice["text"] != notice["title"]


def test_a_learner_who_turned_the_kind_off_is_not_told(app, api, world):
    sid = schedule(api, world.tutor)
    _book(api, sid, world.learner, world.learner2)
    r = api.call("PUT", "/me/notice-preferences", world.learner, json={"wanted": {rules.LIVE_CANCELLED: False}})
    assert r.status_code == 200, r.get_json()
    api.post(f"/live/sessions/{sid}/cancel", world.tutor)
    assert kinds_of(app, world.learner) == [] and _cancelled(app, world.learner2) == [live_rules.BY_HOST]


def _send(app, when) -> int:
    with app.app_context(), clock.frozen_at(when):
        sent = reminders.send_due(db.session, clock.now())[rules.LIVE_FEEDBACK_DUE]
        db.session.commit()
        return sent


def test_feedback_due_rule():
    closes = at(MONDAY, 19, 30) + timedelta(days=7)
    assert not rules.feedback_due(closes, closes - timedelta(days=2, minutes=1), given=False)  # too early
    assert rules.feedback_due(closes, closes - timedelta(days=2), given=False)
    assert rules.feedback_due(closes, closes - timedelta(minutes=1), given=False)
    assert not rules.feedback_due(closes, closes, given=False)  # closed: too late to help
    assert not rules.feedback_due(closes, closes - timedelta(days=1), given=True)


def test_a_learner_owing_feedback_is_reminded_once_two_days_before_it_closes(app, api, make, world):
    sid = schedule(api, world.tutor)
    absent = make.user(world.tree["school121"], "teacher", name="吴老师")  # booked, never came: owes nothing
    _book(api, sid, world.learner, world.learner2, absent)
    for user in (world.tutor, world.learner, world.learner2):
        present(app, sid, user, at(MONDAY, 18), 90)
    go(api, at(MONDAY, 21))
    feedback(api, sid, world.learner2, 5)
    closes = at(MONDAY, 19, 30) + timedelta(days=7)
    assert _send(app, closes - timedelta(days=2, minutes=5)) == 0  # not yet
    assert _send(app, closes - timedelta(days=1)) == 1
    assert _send(app, closes - timedelta(hours=1)) == 0  # once
    (told,) = notices_of(app, world.learner, rules.LIVE_FEEDBACK_DUE)
    assert told.params["live_id"] == sid and datetime.fromisoformat(told.params["closes_at"]) == closes
    for user in (world.learner2, world.tutor, absent):
        assert notices_of(app, user, rules.LIVE_FEEDBACK_DUE) == []
    go(api, closes - timedelta(hours=1))
    (notice,) = [n for n in api.get("/notices", world.learner).get_json()["items"]
                 if n["kind"] == rules.LIVE_FEEDBACK_DUE]
    assert notice["link"] == f"/live/sessions/{sid}" and "课堂提问的设计" in notice["text"]


def test_the_feedback_reminder_can_be_turned_off(app, api, world):
    sid = schedule(api, world.tutor)
    _book(api, sid, world.learner)
    present(app, sid, world.learner, at(MONDAY, 18), 90)
    r = api.call("PUT", "/me/notice-preferences", world.learner, json={"wanted": {rules.LIVE_FEEDBACK_DUE: False}})
    assert r.status_code == 200, r.get_json()
    assert _send(app, at(MONDAY, 19, 30) + timedelta(days=6)) == 0
