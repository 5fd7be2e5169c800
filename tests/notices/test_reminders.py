"""Reminders made by the periodic work, with the clock pinned: the enrollment window closing with seats unused
(school admins), the quota deadline near with seats not handed down (admins above the schools), the batch
ending with work or study time missing (learners). Each is sent once: the tick run again sends nothing new."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from lms.core import clock, jobs
from lms.extensions import db
from lms.notices import reminders, rules
from tests.forum.conftest import TZ, fresh
from tests.grading.test_grade_path import _hand_in, _written
from tests.helpers import PINNED_NOW
from tests.notices.helpers import notices_of


def _tick(app, when) -> None:
    with clock.frozen_at(when):
        jobs.run(app, jobs.TICK, ())


def _send(app, when) -> dict:
    with app.app_context(), clock.frozen_at(when):
        sent = reminders.send_due(db.session, clock.now())
        db.session.commit()
        return sent


def _item(room, user, kind, when=PINNED_NOW):
    (found,) = [n for n in room.get("/notices", user, when).get_json()["items"] if n["kind"] == kind]
    return found


def test_the_tick_runs_the_reminders():
    assert "lms.notices.reminders.send_due_job" in jobs.PERIODIC


def test_batch_ending_reminds_learners_with_work_or_time_missing_once(room, app):
    written = _written(room)
    room.credit("alice", 100)                      # enough time, work missing
    room.credit("carol", 100)
    _hand_in(room, written, "carol", fresh(300, 8))  # carol has done everything
    four_days = datetime(2026, 12, 1, 9, 0, tzinfo=TZ)   # batch 9 ends Dec 5
    _tick(app, four_days)
    assert notices_of(app, room.alice, rules.BATCH_ENDING) == []
    three_days = datetime(2026, 12, 2, 9, 0, tzinfo=TZ)
    _tick(app, three_days)
    (alice,) = notices_of(app, room.alice, rules.BATCH_ENDING)
    assert alice.params["gaps"] == [rules.WORK_MISSING] and alice.params["work_missing"] == 1
    assert alice.key == rules.key(rules.BATCH_ENDING, room.enrollments["alice"])
    (bob,) = notices_of(app, room.bob, rules.BATCH_ENDING)
    assert bob.params["gaps"] == [rules.WORK_MISSING, rules.STUDY_SHORT] and bob.params["minutes_short"] == 100
    assert notices_of(app, room.carol, rules.BATCH_ENDING) == []
    # Again, the same day and the next: nothing new
    _tick(app, three_days)
    _tick(app, three_days + timedelta(days=1))
    assert len(notices_of(app, room.alice, rules.BATCH_ENDING)) == 1
    assert len(notices_of(app, room.bob, rules.BATCH_ENDING)) == 1
    assert _send(app, three_days) == {rules.WINDOW_CLOSING: 0, rules.QUOTA_DEADLINE: 0, rules.BATCH_ENDING: 0,
                                      rules.SURVEY_CLOSING: 0,
                                      rules.TUTORING_WEEK_SHORT: 0, rules.LIVE_FEEDBACK_DUE: 0}
    # Its words, in Chinese
    text = _item(room, room.bob, rules.BATCH_ENDING, three_days)["text"]
    assert text == "课程将于 2026-12-05 结束：还有 1 项作业未提交，学习时长还差 100 分钟。", text


def test_a_learner_who_turned_the_reminder_off_gets_none(room, app):
    r = room.call("PUT", "/me/notice-preferences", room.bob, json={"wanted": {rules.BATCH_ENDING: False}})
    assert r.status_code == 200
    _tick(app, datetime(2026, 12, 3, 9, 0, tzinfo=TZ))
    assert notices_of(app, room.bob, rules.BATCH_ENDING) == []
    assert len(notices_of(app, room.alice, rules.BATCH_ENDING)) == 1


def test_window_closing_reminds_school_admins_with_seats_unused(room, app):
    project = room.programme.project()
    closes = PINNED_NOW + timedelta(days=1, hours=12)
    batch = room.programme.batch(project, number=1, starts_on=date(2026, 12, 1),
                                 registration_opens_at=PINNED_NOW - timedelta(days=10), registration_closes_at=closes)
    room.programme.seats_down_to(batch, room.tree, "school111", 3)
    _tick(app, PINNED_NOW - timedelta(days=1))   # closes in 2.5 days: not yet
    assert notices_of(app, room.school_admin, rules.WINDOW_CLOSING) == []
    _tick(app, PINNED_NOW)
    (notice,) = notices_of(app, room.school_admin, rules.WINDOW_CLOSING)
    assert notice.params["seats"] == 3 and notice.params["unit_id"] == room.tree["school111"].id
    assert notice.key == rules.key(rules.WINDOW_CLOSING, batch, room.tree["school111"].id)
    _tick(app, PINNED_NOW + timedelta(hours=6))
    assert len(notices_of(app, room.school_admin, rules.WINDOW_CLOSING)) == 1
    for admin in (room.admin, room.city1_admin):  # only the school's admins
        assert notices_of(app, admin, rules.WINDOW_CLOSING) == []
    item = _item(room, room.school_admin, rules.WINDOW_CLOSING)
    assert item["link"] == f"/enrollment/schools/{room.tree['school111'].id}/batches/{batch}"
    assert "还有 3 个名额未使用" in item["text"] and "2026-11-24 22:00" in item["text"], item["text"]


def test_a_full_school_is_not_reminded(room, app):
    project = room.programme.project()
    batch = room.programme.batch(project, number=1, starts_on=date(2026, 12, 1),
                                 registration_opens_at=PINNED_NOW - timedelta(days=10),
                                 registration_closes_at=PINNED_NOW + timedelta(days=1))
    klass = room.programme.klass(batch, room.course)
    room.programme.seats_down_to(batch, room.tree, "school111", 1)
    room.programme.enroll(klass, room.alice)
    _tick(app, PINNED_NOW)
    assert notices_of(app, room.school_admin, rules.WINDOW_CLOSING) == []


def test_quota_deadline_reminds_admins_holding_seats(room, app):
    project = room.programme.project(quota_deadline=date(2026, 11, 25))
    batch = room.programme.batch(project, number=1, starts_on=date(2026, 12, 1))
    room.programme.seats(batch, room.tree["province"], 10)
    room.programme.seats(batch, room.tree["city1"], 4)
    _tick(app, PINNED_NOW - timedelta(days=1))   # Nov 22: three days before
    assert notices_of(app, room.admin, rules.QUOTA_DEADLINE) == []
    _tick(app, PINNED_NOW)                       # Nov 23
    (province,) = notices_of(app, room.admin, rules.QUOTA_DEADLINE)
    assert province.params["seats"] == 6 and province.params["deadline"] == "2026-11-25"
    (city,) = notices_of(app, room.city1_admin, rules.QUOTA_DEADLINE)
    assert city.params["seats"] == 4
    assert notices_of(app, room.city2_admin, rules.QUOTA_DEADLINE) == []
    assert notices_of(app, room.school_admin, rules.QUOTA_DEADLINE) == []
    _tick(app, PINNED_NOW + timedelta(days=1))
    assert len(notices_of(app, room.admin, rules.QUOTA_DEADLINE)) == 1
    item = _item(room, room.city1_admin, rules.QUOTA_DEADLINE)
    assert item["link"] == f"/quotas/batches/{batch}/units/{room.tree['city1'].id}"
    name = item["params"]["project"]
    assert item["text"] == f"{name}的名额须在 2026-11-25 之前下达，城市1在第 1 期还有 4 个名额未下达。", item["text"]
