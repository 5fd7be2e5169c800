"""The province's admins hear an activity waits for their review (004 L135 "符合省级要求"): not the one who created
it, not another province's admins, not for an activity the province approves at once; a preference turns it off."""
from __future__ import annotations

from lms.notices import rules
from tests.activities.test_activities_api import _create
from tests.notices.helpers import notices_of


def _waiting(app, user) -> list[int]:
    """The activities ``user`` was told wait for review (the room's admins hear of seats as well)."""
    return [n.params["activity_id"] for n in notices_of(app, user, rules.ACTIVITY_AWAITING_REVIEW)]


def test_the_province_admins_hear_an_activity_waits_for_their_review(app, make, room):
    colleague = make.admin(room.tree["province"])
    elsewhere = make.admin(make.unit("province", name="浙江省"))
    made = _create(room, room.city1_admin).get_json()
    assert made["review_status"] == "pending"
    assert _waiting(app, room.admin) == _waiting(app, colleague) == [made["id"]]
    assert _waiting(app, elsewhere) == _waiting(app, room.city2_admin) == []
    assert _waiting(app, room.city1_admin) == []  # the creator
    notice = next(n for n in room.get("/notices", room.admin).get_json()["items"]
                  if n["kind"] == rules.ACTIVITY_AWAITING_REVIEW)
    assert notice["link"] == "/activities/review"
    assert "市级直播讲座" in notice["text"] and notice["params"]["by"] == room.city1_admin.name
    # A tutor's activity waits too (it has no area of its own: the tutor's province is told).
    tutors = _create(room, room.tutor, class_id=room.klass, title="班级研讨").get_json()
    assert _waiting(app, room.admin) == [made["id"], tutors["id"]]


def test_the_provinces_own_activity_tells_nobody_and_the_kind_can_be_turned_off(app, make, room):
    colleague = make.admin(room.tree["province"])
    assert _create(room, room.admin).get_json()["review_status"] == "approved"
    assert _waiting(app, colleague) == []
    r = room.call("PUT", "/me/notice-preferences", colleague, json={"wanted": {rules.ACTIVITY_AWAITING_REVIEW: False}})
    assert r.status_code == 200, r.get_json()
    school = _create(room, room.school_admin).get_json()
    assert _waiting(app, colleague) == [] and _waiting(app, room.admin) == [school["id"]]
