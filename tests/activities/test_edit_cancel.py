"""Editing and cancelling an activity: only its managers; recorded attendance must still read as recorded; a
cancelled activity tells its learners (notices) and its attendance counts nothing."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from lms.activities import rules
from lms.notices.models import Notice
from lms.extensions import db
from sqlalchemy import select
from tests.activities.test_activities_api import LIVE_END, LIVE_START, _approve, _create, _grade, _mark
from tests.forum.conftest import DURING, TZ
from tests.helpers import assert_error, csrf_token, sign_in

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)


def _edit_problems(**over):
    facts = dict(old_kind="live_lecture", kind="live_lecture", starts_at=NOW - timedelta(hours=2),
                 ends_at=NOW - timedelta(hours=1), capacity=None, now=NOW, recorded=False, most_minutes=0, attended=0)
    return rules.edit_problems(**{**facts, **over})


def test_edit_rules():
    assert _edit_problems() == {}
    assert _edit_problems(kind="party") == {"kind": "unknown_kind"}
    assert _edit_problems(kind="guidance") == {}
    assert _edit_problems(kind="guidance", recorded=True) == {"kind": "kind_fixed"}
    assert _edit_problems(ends_at=NOW - timedelta(hours=2)) == {"ends_at": "not_after_start"}
    assert _edit_problems(recorded=True, most_minutes=61) == {"ends_at": "shorter_than_marked"}
    assert _edit_problems(recorded=True, most_minutes=60) == {}
    assert _edit_problems(recorded=True, starts_at=NOW + timedelta(hours=1),
                          ends_at=NOW + timedelta(hours=3)) == {"starts_at": "recorded_before_start"}
    assert _edit_problems(starts_at=NOW + timedelta(hours=1), ends_at=NOW + timedelta(hours=3)) == {}
    assert _edit_problems(capacity=2, attended=3) == {"capacity": "below_attended"}
    assert rules.counts(None) and not rules.counts(NOW)
    assert not rules.counts(None, "pending") and not rules.counts(None, "rejected")


def test_the_organiser_edits_an_activity_within_what_is_recorded(room):
    live = _create(room, room.city1_admin).get_json()
    r = room.call("PATCH", f"/activities/{live['id']}", room.city1_admin, json={"title": "改期后的讲座", "capacity": 30})
    assert r.status_code == 200 and r.get_json()["title"] == "改期后的讲座" and r.get_json()["capacity"] == 30
    assert r.get_json()["room_url"] == "https://live.example.cn/r/1"  # left out: unchanged
    # Another area's admin does not even see it; a learner may not edit it.
    assert_error(room.call("PATCH", f"/activities/{live['id']}", room.city2_admin, json={"title": "x"}), 404,
                 "not_found")
    assert_error(room.call("PATCH", f"/activities/{live['id']}", room.alice, json={"title": "x"}), 403, "forbidden")
    bad = room.call("PATCH", f"/activities/{live['id']}", room.city1_admin,
                    json={"ends_at": LIVE_START.isoformat()})
    assert "ends_at" in assert_error(bad, 400, "invalid_input")["error"]["fields"]
    assert_error(room.call("PATCH", f"/activities/{live['id']}", room.city1_admin, json={"room_url": "ftp://x"}),
                 400, "invalid_input")
    assert_error(room.call("PATCH", f"/activities/{live['id']}", room.city1_admin, json={"kind": "party"}),
                 400, "invalid_input")
    _mark(room, room.city1_admin, live["id"], [{"enrollment_id": room.enrollments["alice"], "minutes": 80},
                                               {"enrollment_id": room.enrollments["bob"], "minutes": 20}])
    shorter = room.call("PATCH", f"/activities/{live['id']}", room.city1_admin,
                        json={"ends_at": (LIVE_START + timedelta(minutes=60)).isoformat()})
    assert "ends_at" in assert_error(shorter, 400, "invalid_input")["error"]["fields"]
    kind = room.call("PATCH", f"/activities/{live['id']}", room.city1_admin, json={"kind": "guidance"})
    assert "kind" in assert_error(kind, 400, "invalid_input")["error"]["fields"]
    places = room.call("PATCH", f"/activities/{live['id']}", room.city1_admin, json={"capacity": 1})
    assert "capacity" in assert_error(places, 400, "invalid_input")["error"]["fields"]
    ok = room.call("PATCH", f"/activities/{live['id']}", room.city1_admin,
                   json={"ends_at": (LIVE_START + timedelta(minutes=80)).isoformat(), "capacity": None})
    assert ok.status_code == 200 and ok.get_json()["capacity"] is None


def test_cancelling_tells_the_learners_and_the_attendance_counts_nothing(app, room):
    live = _create(room, room.city1_admin).get_json()
    _approve(room, live["id"])
    _mark(room, room.city1_admin, live["id"], [{"enrollment_id": room.enrollments["alice"], "minutes": 90}])
    assert _grade(room, "alice")["components"]["study"]["activity_seconds"] == 90 * 60
    assert_error(room.post(f"/activities/{live['id']}/cancel", room.alice, json={"reason": "x"}), 403, "forbidden")
    assert_error(room.post(f"/activities/{live['id']}/cancel", room.city1_admin, json={"reason": ""}), 400,
                 "invalid_input")
    assert_error(room.post(f"/activities/{live['id']}/cancel", room.city1_admin, json={}), 400, "invalid_input")
    r = room.post(f"/activities/{live['id']}/cancel", room.city1_admin, json={"reason": "主讲人临时生病"})
    assert r.status_code == 200 and r.get_json()["cancelled_at"] and r.get_json()["cancel_reason"] == "主讲人临时生病"
    study = _grade(room, "alice")["components"]["study"]
    assert study.get("activity_seconds", 0) == 0 and "activities" not in study, study
    with app.app_context():
        told = {n.user_id: n for n in db.session.scalars(select(Notice).where(Notice.kind == "activity_cancelled"))}
    assert set(told) == {room.alice.id, room.bob.id, room.carol.id}
    assert told[room.alice.id].params["reason"] == "主讲人临时生病"
    notices = room.get("/notices", room.alice).get_json()["items"]
    assert "主讲人临时生病" in notices[0]["text"] and notices[0]["link"].endswith(f"/activities/{live['id']}")
    # Once cancelled: no second cancellation, no edit, no attendance.
    assert_error(room.post(f"/activities/{live['id']}/cancel", room.city1_admin, json={"reason": "再取消"}), 409,
                 "cancelled")
    assert_error(room.call("PATCH", f"/activities/{live['id']}", room.city1_admin, json={"title": "x"}), 409,
                 "cancelled")
    assert_error(_mark(room, room.city1_admin, live["id"], []), 409, "cancelled")
    mine = room.get("/activities?scope=mine", room.alice).get_json()["items"]
    assert mine[0]["cancelled_at"] is not None


@pytest.fixture
def pages(app, room):
    client = app.test_client()
    sign_in(client, room.city1_admin)
    return client


def test_pages_edit_and_cancel(app, room, pages):
    live = _create(room, room.city1_admin).get_json()
    detail = pages.get(f"/activities/{live['id']}").get_data(as_text=True)
    assert f"/activities/{live['id']}/edit" in detail and f"/activities/{live['id']}/cancel" in detail
    form = pages.get(f"/activities/{live['id']}/edit")
    text = form.get_data(as_text=True)
    assert form.status_code == 200 and "市级直播讲座" in text
    token = csrf_token(text)
    start = LIVE_START.astimezone(TZ).strftime("%Y-%m-%dT%H:%M")
    data = {"csrf_token": token, "kind": "live_lecture", "title": "网页上改的标题", "description": "",
            "starts_at": start, "ends_at": start, "room_url": "", "location": "", "capacity": ""}
    refused = pages.post(f"/activities/{live['id']}/edit", data=data)
    assert refused.status_code in (200, 400) and "网页上改的标题" in refused.get_data(as_text=True)
    data["ends_at"] = LIVE_END.astimezone(TZ).strftime("%Y-%m-%dT%H:%M")
    saved = pages.post(f"/activities/{live['id']}/edit", data=data)
    assert saved.status_code == 302
    assert "网页上改的标题" in pages.get(f"/activities/{live['id']}").get_data(as_text=True)
    empty = pages.post(f"/activities/{live['id']}/cancel", data={"csrf_token": token, "reason": ""})
    assert empty.status_code == 302
    assert 'data-testid="cancelled"' not in pages.get(f"/activities/{live['id']}").get_data(as_text=True)
    done = pages.post(f"/activities/{live['id']}/cancel", data={"csrf_token": token, "reason": "场地冲突"})
    assert done.status_code == 302
    page = pages.get(f"/activities/{live['id']}").get_data(as_text=True)
    assert 'data-testid="cancelled"' in page and "场地冲突" in page
    assert pages.get(f"/activities/{live['id']}/edit").status_code == 302
    learner = app.test_client()
    sign_in(learner, room.alice)
    assert learner.get(f"/activities/{live['id']}/edit").status_code == 403
    own_token = csrf_token(learner.get(f"/activities/{live['id']}").get_data(as_text=True))
    assert learner.post(f"/activities/{live['id']}/cancel",
                        data={"csrf_token": own_token, "reason": "x"}).status_code == 403
