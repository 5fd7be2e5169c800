"""A student's progress through a micro-lesson (bounded by the server's clock) and who sees it; the discussion
under a certified micro-lesson, its hidden posts and the tutor's notice (001 L42)."""
from __future__ import annotations

from datetime import timedelta

from lms.core import clock
from lms.extensions import db
from lms.notices import rules as notice_rules
from lms.square.models import MicroLesson
from tests.helpers import assert_error, csrf_token, sign_in
from tests.notices.helpers import kinds_of, notices_of
from tests.square.conftest import upload


def _certified(api, app, world, seconds: int | None = 300) -> str:
    """A certified micro-lesson of world.tutor (city 1) whose uploaded video lasts ``seconds``."""
    m = upload(api, world.tutor)
    path = f"/square/lessons/{m['id']}"
    assert api.post(path + "/certify", world.city, json={"audience": 10}).status_code == 200
    with app.app_context():
        lesson = db.session.get(MicroLesson, m["id"])
        lesson.video_key, lesson.video_type, lesson.video_seconds = "k" * 32, "video/webm", seconds
        db.session.commit()
    return path


def _report(api, user, path, position, played):
    return api.post(path + "/progress", user, json={"position": position, "played": played})


def test_progress_counts_only_what_the_server_clock_allows(api, app, world):
    path = _certified(api, app, world)
    mine = api.get(path + "/progress", world.student).get_json()
    assert mine["watching"] is False and mine["seconds_watched"] == 0 and mine["watched_percent"] == 0
    first = _report(api, world.student, path, 0, 0).get_json()
    assert first["watching"] and first["seconds_watched"] == 0
    clock.travel(timedelta(seconds=15))
    assert _report(api, world.student, path, 15, 15).get_json()["seconds_watched"] == 15
    # a report 5 s later claiming 60 s played, and a seek to the end: 5 more seconds, no completion
    clock.travel(timedelta(seconds=5))
    p = _report(api, world.student, path, 300, 60).get_json()
    assert p["seconds_watched"] == 20 and p["furthest_seconds"] == 50 and not p["completed"]
    assert p["watched_percent"] == 16
    for _ in range(9):  # honest watching up to the end
        clock.travel(timedelta(seconds=30))
        p = _report(api, world.student, path, min(300, p["furthest_seconds"] + 30), 30).get_json()
    assert p["completed"] and p["completed_at"] and p["watched_percent"] >= 90
    assert api.get(path + "/progress", world.student).get_json()["seconds_watched"] == p["seconds_watched"]
    assert_error(_report(api, world.student, path, -1, 5), 400, "invalid_input")
    assert_error(_report(api, world.tutor, path, 10, 5), 403, "forbidden")


def test_only_the_tutor_and_the_admins_above_see_the_viewers(api, app, world):
    path = _certified(api, app, world, seconds=None)  # a linked video: no percentage
    _report(api, world.student, path, 0, 0)
    api.post(path + "/rate", world.student2, json={"rating": 4})
    for user in (world.tutor, world.city, world.county, world.province):
        rows = api.get(path + "/viewers", user).get_json()["items"]
        assert sorted(r["student"]["name"] for r in rows) == ["小明", "小红"], user.name
    rated = next(r for r in api.get(path + "/viewers", world.tutor).get_json()["items"] if r["rating"])
    assert rated["student"]["id"] == world.student2.id and rated["watched_percent"] is None
    assert rated["last_seen_at"] and rated["completed"] is False
    # another student, another tutor, another city's or district's admin: no class of viewers
    for user in (world.student, world.student2, world.tutor_b, world.city2, world.county2, world.school):
        assert_error(api.get(path + "/viewers", user), 403, "forbidden")
    # a student reads its own progress only: the endpoint has no student parameter
    own = api.get(path + "/progress", world.student2).get_json()
    assert own["rating"] == 4 and own["seconds_watched"] == 0


def test_discussion_post_reply_hide_and_the_tutors_notice(api, app, world):
    m = upload(api, world.tutor)
    path = f"/square/lessons/{m['id']}"
    assert_error(api.post(path + "/posts", world.student, json={"body": "老师好"}), 403, "forbidden")  # not listed
    api.post(path + "/certify", world.city, json={"audience": 10})
    r = api.post(path + "/posts", world.student, json={"body": "斜率为负时图像怎么走？"})
    assert r.status_code == 201, r.get_json()
    question = r.get_json()
    assert kinds_of(app, world.tutor) == [notice_rules.MICRO_LESSON_POST]
    (notice,) = api.get("/notices", world.tutor).get_json()["items"]
    assert "小明" in notice["text"] and "斜率为负" in notice["text"]
    assert notice["link"] == f"{path}#discussion"
    reply = api.post(path + "/posts", world.tutor, json={"body": "从左上到右下。"}).get_json()
    assert reply["author"]["id"] == world.tutor.id
    assert len(notices_of(app, world.tutor)) == 1  # the tutor's own reply tells nobody
    spam = api.post(path + "/posts", world.student2, json={"body": "广告广告广告"}).get_json()
    assert_error(api.post(path + "/posts", world.student2, json={"body": "x"}), 400, "invalid_input")
    for other in (world.tutor_b, world.teacher):
        assert_error(api.post(path + "/posts", other, json={"body": "我也来说两句"}), 403, "forbidden")
    assert_error(api.post(f"{path}/posts/{spam['id']}/hide", world.student), 403, "forbidden")
    assert_error(api.post(f"{path}/posts/{spam['id']}/hide", world.city), 403, "forbidden")
    assert_error(api.post(f"{path}/posts/999999/hide", world.tutor), 404, "not_found")
    assert api.post(f"{path}/posts/{spam['id']}/hide", world.tutor).get_json()["hidden"] is True
    seen = [p["id"] for p in api.get(path + "/posts", world.student).get_json()["items"]]
    assert seen == [question["id"], reply["id"]]
    assert [p["hidden"] for p in api.get(path + "/posts", world.tutor).get_json()["items"]] == [False, False, True]
    assert len(api.get(path + "/posts", world.city).get_json()["items"]) == 2
    assert_error(api.get(path + "/posts", world.tutor_b), 403, "forbidden")


def test_progress_and_discussion_on_the_pages(app, api, world):
    path = _certified(api, app, world)
    _report(api, world.student, path, 0, 0)
    clock.travel(timedelta(seconds=20))
    _report(api, world.student, path, 20, 20)
    student = app.test_client()
    sign_in(student, world.student)
    student.get("/lang/en")
    page = student.get(path).get_data(as_text=True)
    assert "Your progress: 6% of the video (20 seconds watched)." in page and "data-progress-url" in page
    assert "micro_progress.js" in page and "progress</a>" not in page
    bad = student.post(path + "/posts", data={"body": "", "csrf_token": csrf_token(page)})
    assert bad.status_code == 200 and "This field is required" in bad.get_data(as_text=True)
    r = student.post(path + "/posts", data={"body": "第二段没听懂", "csrf_token": csrf_token(page)},
                     follow_redirects=True)
    assert "Posted in the discussion." in r.get_data(as_text=True) and "第二段没听懂" in r.get_data(as_text=True)
    assert student.get(path + "/viewers").status_code == 403
    tutor = app.test_client()
    sign_in(tutor, world.tutor)
    tutor.get("/lang/en")
    page = tutor.get(path).get_data(as_text=True)
    assert "progress</a>" in page and "Hide" in page
    viewers = tutor.get(path + "/viewers").get_data(as_text=True)
    assert "小明" in viewers and "6%" in viewers
    post_id = int(page.split("/posts/")[1].split("/hide")[0])
    r = tutor.post(f"{path}/posts/{post_id}/hide", data={"csrf_token": csrf_token(page)}, follow_redirects=True)
    assert "The post is hidden from the others." in r.get_data(as_text=True)
    assert "第二段没听懂" not in student.get(path).get_data(as_text=True)
