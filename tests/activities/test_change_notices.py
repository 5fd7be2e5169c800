"""An edit of an activity's time or place tells the learners it addresses (one notice each per edit); a corrected
title, description or number of places tells nobody."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from lms.activities import rules
from lms.notices import rules as notice_rules
from tests.activities.test_activities_api import LIVE_END, LIVE_START, _create
from tests.activities.test_edit_cancel import pages  # noqa: F401
from tests.forum.conftest import TZ
from tests.helpers import csrf_token
from tests.notices.helpers import notices_of


def test_news_are_the_time_and_place_that_changed():
    start = datetime(2026, 11, 21, 1, 0, tzinfo=timezone.utc)
    before = {"title": "讲座", "starts_at": start, "ends_at": start + timedelta(hours=2),
              "room_url": "https://live.example.cn/r/1", "location": None, "capacity": 10}
    assert rules.news(before, dict(before)) == []
    assert rules.news(before, {**before, "title": "新标题", "capacity": 20}) == []
    assert rules.news(before, {**before, "starts_at": start.astimezone(TZ)}) == []  # the same moment
    assert rules.news(before, {**before, "starts_at": start + timedelta(days=1)}) == ["starts_at"]
    assert rules.news(before, {**before, "room_url": None, "location": "报告厅"}) == ["room_url", "location"]


def _changed(app, user):
    return notices_of(app, user, notice_rules.ACTIVITY_CHANGED)


def test_a_new_time_or_room_tells_the_learners(app, room):
    live = _create(room, room.city1_admin).get_json()
    path = f"/activities/{live['id']}"
    assert room.call("PATCH", path, room.city1_admin, json={"title": "改名的讲座", "capacity": 40}).status_code == 200
    assert all(_changed(app, u) == [] for u in (room.alice, room.bob, room.carol))

    later = {"starts_at": (LIVE_START + timedelta(days=1)).isoformat(),
             "ends_at": (LIVE_END + timedelta(days=1)).isoformat()}
    assert room.call("PATCH", path, room.city1_admin, json=later).status_code == 200
    for learner in (room.alice, room.bob, room.carol):
        (notice,) = _changed(app, learner)
        assert notice.params["activity_id"] == live["id"] and notice.params["changed"] == ["starts_at", "ends_at"]
    assert _changed(app, room.city1_admin) == [] and _changed(app, room.tutor) == []
    (item,) = [n for n in room.get("/notices", room.alice).get_json()["items"]
               if n["kind"] == notice_rules.ACTIVITY_CHANGED]
    moved = (LIVE_START + timedelta(days=1)).astimezone(TZ).strftime("%Y-%m-%d %H:%M")
    assert "改名的讲座" in item["text"] and moved in item["text"] and "https://live.example.cn/r/1" in item["text"]
    assert item["link"] == path and item["title"] == "活动时间或地点有变动"

    assert room.call("PATCH", path, room.city1_admin, json={"room_url": "https://live.example.cn/r/2"}).status_code == 200
    assert [n.params["room_url"] for n in _changed(app, room.bob)] == ["https://live.example.cn/r/1",
                                                                        "https://live.example.cn/r/2"]
    # A refused edit tells nobody.
    room.call("PATCH", path, room.city1_admin, json={"ends_at": LIVE_START.isoformat()})
    assert len(_changed(app, room.alice)) == 2


def test_a_class_activity_tells_only_its_class(app, room):
    made = _create(room, room.tutor, class_id=room.klass)
    assert made.status_code == 201, made.get_json()
    live = made.get_json()
    r = room.call("PATCH", f"/activities/{live['id']}", room.tutor, json={"room_url": "https://live.example.cn/r/9"})
    assert r.status_code == 200
    assert len(_changed(app, room.alice)) == 1 and len(_changed(app, room.bob)) == 1
    assert _changed(app, room.carol) == []


def test_the_edit_page_tells_the_learners(app, room, pages):
    live = _create(room, room.city1_admin).get_json()
    token = csrf_token(pages.get(f"/activities/{live['id']}/edit").get_data(as_text=True))
    start = LIVE_START.astimezone(TZ).strftime("%Y-%m-%dT%H:%M")
    end = (LIVE_END + timedelta(minutes=30)).astimezone(TZ).strftime("%Y-%m-%dT%H:%M")
    saved = pages.post(f"/activities/{live['id']}/edit", data={
        "csrf_token": token, "kind": "live_lecture", "title": "市级直播讲座", "description": "", "starts_at": start,
        "ends_at": end, "room_url": "https://live.example.cn/r/1", "location": "", "capacity": ""})
    assert saved.status_code == 302
    (notice,) = _changed(app, room.alice)
    assert notice.params["changed"] == ["ends_at"]
