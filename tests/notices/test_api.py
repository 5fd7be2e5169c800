"""The notices API: the caller's own notices only (another's is missing: 404), paging and the unread filter,
marking read, the preferences and their refusals in the API's error shape."""
from __future__ import annotations

from lms.core import clock
from lms.extensions import db
from lms.notices import rules, services
from tests.forum.conftest import DURING
from tests.helpers import assert_error
from tests.notices.helpers import notices_of


def _send(app, user, n: int, kind=rules.CERTIFICATE_ISSUED) -> None:
    with app.app_context(), clock.frozen_at(DURING):
        for i in range(n):
            services.notify(db.session, user.id, kind, {"course": f"课程{i}", "project": "项目", "batch": 9})
        db.session.commit()


def test_the_list_is_the_callers_own_newest_first_and_paged(room):
    _send(room.app, room.alice, 4)
    r = room.get("/notices?per_page=2", room.alice)
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["total"] == 5 and body["page"] == 1 and body["per_page"] == 2 and len(body["items"]) == 2
    first = body["items"][0]
    assert first["kind"] == rules.CERTIFICATE_ISSUED and first["read"] is False and first["read_at"] is None
    assert first["id"] > body["items"][1]["id"]  # newest first
    assert "课程3" in first["text"] and first["title"]
    last = room.get("/notices?per_page=2&page=3", room.alice).get_json()["items"]
    assert [n["kind"] for n in last] == [rules.ENROLLMENT_CREATED]
    assert last[0]["link"] == "/my/training"
    assert room.get("/notices", room.carol).get_json()["total"] == 1  # carol's own enrollment only


def test_text_is_in_the_default_language_chinese(room):
    (notice,) = room.get("/notices", room.alice).get_json()["items"]
    project = notice["params"]["project"]  # 项目N: numbered by the programme's counter
    assert notice["text"] == f"你已报名参加课程（{project}，第 9 期，2026-11-16 至 2026-12-05）。", notice["text"]
    assert notice["title"] == "报名成功"


def test_mark_one_read_and_filter_unread(room):
    _send(room.app, room.alice, 2)
    items = room.get("/notices", room.alice).get_json()["items"]
    r = room.post(f"/notices/{items[0]['id']}/read", room.alice)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["read"] is True and r.get_json()["read_at"]
    again = room.post(f"/notices/{items[0]['id']}/read", room.alice).get_json()
    assert again["read_at"] == r.get_json()["read_at"]  # read once, when first read
    unread = room.get("/notices?unread=true", room.alice).get_json()
    assert unread["total"] == 2 and items[0]["id"] not in [n["id"] for n in unread["items"]]


def test_another_users_notice_is_missing(room):
    (theirs,) = notices_of(room.app, room.bob)
    for user in (room.alice, room.school_admin, room.admin):
        assert_error(room.post(f"/notices/{theirs.id}/read", user), 404, "not_found")
    assert_error(room.post("/notices/2000000000/read", room.alice), 404, "not_found")
    assert notices_of(room.app, room.bob)[0].read_at is None


def test_read_all_marks_only_the_callers(room):
    _send(room.app, room.alice, 3)
    r = room.post("/notices/read-all", room.alice)
    assert r.status_code == 200 and r.get_json() == {"marked": 4, "unread": 0}
    assert room.post("/notices/read-all", room.alice).get_json()["marked"] == 0
    assert room.get("/notices?unread=true", room.alice).get_json()["total"] == 0
    assert notices_of(room.app, room.bob)[0].read_at is None


def test_preferences_turn_kinds_off_and_on(room):
    prefs = room.get("/me/notice-preferences", room.alice).get_json()["items"]
    assert [p["kind"] for p in prefs] == list(rules.KINDS) and all(p["wanted"] for p in prefs)
    assert {p["kind"] for p in prefs if p["mandatory"]} == set(rules.MANDATORY)
    r = room.call("PUT", "/me/notice-preferences", room.alice,
                  json={"wanted": {rules.CERTIFICATE_ISSUED: False, rules.WORK_GRADED: False}})
    assert r.status_code == 200, r.get_json()
    off = {p["kind"] for p in r.get_json()["items"] if not p["wanted"]}
    assert off == {rules.CERTIFICATE_ISSUED, rules.WORK_GRADED}
    _send(room.app, room.alice, 2)
    assert len(notices_of(room.app, room.alice)) == 1  # not sent
    room.call("PUT", "/me/notice-preferences", room.alice, json={"wanted": {rules.CERTIFICATE_ISSUED: True}})
    _send(room.app, room.alice, 1)
    assert len(notices_of(room.app, room.alice)) == 2
    mine = {p["kind"]: p["wanted"] for p in room.get("/me/notice-preferences", room.alice).get_json()["items"]}
    assert mine[rules.WORK_GRADED] is False and mine[rules.CERTIFICATE_ISSUED] is True
    # bob's choice is his own
    assert all(p["wanted"] for p in room.get("/me/notice-preferences", room.bob).get_json()["items"])


def test_preference_refusals_have_the_error_shape(room):
    body = assert_error(room.call("PUT", "/me/notice-preferences", room.alice,
                                  json={"wanted": {rules.PLAGIARISM_VERDICT: False, "spam": False}}),
                        400, "invalid_input")
    assert set(body["error"]["fields"]) == {f"wanted.{rules.PLAGIARISM_VERDICT}", "wanted.spam"}
    assert_error(room.call("PUT", "/me/notice-preferences", room.alice, json={"wanted": {"x": "maybe"}}),
                 400, "invalid_input")
    assert_error(room.call("PUT", "/me/notice-preferences", room.alice, json={"other": 1}), 400, "invalid_input")
    assert_error(room.call("PUT", "/me/notice-preferences", room.alice, data="nonsense",
                           content_type="application/json"), 400, "invalid_input")
    assert_error(room.get("/notices?page=0", room.alice), 400, "invalid_input")
    assert_error(room.get("/notices?unread=perhaps", room.alice), 400, "invalid_input")
    assert all(p["wanted"] for p in room.get("/me/notice-preferences", room.alice).get_json()["items"])


def test_anonymous_callers_are_refused(room):
    for method, path in (("GET", "/notices"), ("POST", "/notices/1/read"), ("POST", "/notices/read-all"),
                         ("GET", "/me/notice-preferences"), ("PUT", "/me/notice-preferences")):
        assert_error(room.api.call(method, path, json={}), 401, "unauthenticated")
