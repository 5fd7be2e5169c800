"""Lessons: durations read from the file, non-videos refused, range streaming, who may watch."""
from __future__ import annotations

import io

from lms.core import clock
from tests.helpers import assert_error, csrf_token, sign_in
from tests.tracking.conftest import VIDEO_SECONDS


def test_duration_comes_from_the_file_not_the_client(study):
    assert study["video"]["duration_seconds"] == VIDEO_SECONDS
    assert study["reading"]["duration_seconds"] == 120


def test_a_non_video_is_refused_and_nothing_is_kept(api, app, study):
    import os

    before = len(os.listdir(app.config["MEDIA_ROOT"]))
    r = api.post(f"/courses/{study['course']}/lessons", study["admin"],
                 data={"title": "假视频", "kind": "video", "file": (io.BytesIO(b"not a video at all"), "x.mp4")},
                 content_type="multipart/form-data")
    assert_error(r, 415, "unsupported_media_type")
    assert_error(api.post(f"/courses/{study['course']}/lessons", study["admin"],
                          data={"title": "文档", "kind": "video", "file": (io.BytesIO(b"%PDF"), "x.pdf")},
                          content_type="multipart/form-data"), 415, "unsupported_media_type")
    assert len(os.listdir(app.config["MEDIA_ROOT"])) == before


def test_too_large_video(api, app, study, video_file):
    app.config["MAX_VIDEO_BYTES"], limit = 1000, app.config["MAX_VIDEO_BYTES"]
    try:
        r = api.post(f"/courses/{study['course']}/lessons", study["admin"],
                     data={"title": "大", "kind": "video", "file": (io.BytesIO(video_file.read_bytes()), "a.webm")},
                     content_type="multipart/form-data")
    finally:
        app.config["MAX_VIDEO_BYTES"] = limit
    assert_error(r, 413, "too_large")


def test_bad_lesson_input(api, study, make):
    url = f"/courses/{study['course']}/lessons"
    for bad in ({"title": "", "kind": "reading", "body": "x", "reading_minutes": 1},
                {"title": "t", "kind": "reading", "body": "x", "reading_minutes": 0},
                {"title": "t", "kind": "quiz", "body": "x", "reading_minutes": 1},
                {"title": "t", "kind": "reading", "reading_minutes": 1}):
        assert_error(api.post(url, study["admin"], json=bad), 400, "invalid_input")
    assert_error(api.post(url, study["admin"], data={"title": "t", "kind": "video"},
                          content_type="multipart/form-data"), 400, "invalid_input")
    assert_error(api.post("/courses/999999/lessons", study["admin"], json={}), 404, "not_found")
    teacher = make.user(study["tree"]["school111"], "teacher")
    assert_error(api.post(url, teacher, json={"title": "t", "kind": "reading", "body": "x", "reading_minutes": 1}),
                 403, "forbidden")


def test_video_streams_with_range_requests_to_enrolled_learners_only(api, study, make, video_file):
    lesson = study["video"]["id"]
    with clock.frozen_at(study["learning"].now):
        r = api.get(f"/lessons/{lesson}/media", study["learner"], headers={"Range": "bytes=100-199"})
        assert r.status_code == 206 and len(r.data) == 100
        assert r.headers["Content-Range"] == f"bytes 100-199/{video_file.stat().st_size}"
        assert r.data == video_file.read_bytes()[100:200]
        stranger = make.user(study["tree"]["school211"], "teacher")
        assert_error(api.get(f"/lessons/{lesson}/media", stranger), 403, "forbidden")
        reading = api.get(f"/lessons/{study['reading']['id']}", study["learner"]).get_json()
        assert "<h1>标题</h1>" in reading["html"]


def test_reading_markdown_is_sanitised(api, study):
    with clock.frozen_at(study["learning"].now):
        r = api.post(f"/courses/{study['course']}/lessons", study["admin"],
                     json={"title": "x", "kind": "reading", "reading_minutes": 1,
                           "body": "<script>alert(1)</script>[a](javascript:alert(1)) <img src=x onerror=alert(1)>"})
        html = api.get(f"/lessons/{r.get_json()['id']}", study["learner"]).get_json()["html"]
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html


def test_pages_course_player_and_lesson_builder(app, study):
    client = app.test_client()
    with clock.frozen_at(study["learning"].now):
        sign_in(client, study["learner"])
        course = client.get(f"/study/{study['enrollment']}").get_data(as_text=True)
        assert "第一讲" in course and "阅读材料" in course
        player = client.get(f"/study/{study['enrollment']}/lessons/{study['video']['id']}").get_data(as_text=True)
        assert 'id="lesson-video"' in player and "player.js" in player
        admin = app.test_client()
        sign_in(admin, study["admin"])
        page = admin.get(f"/courses/{study['course']}/lessons").get_data(as_text=True)
        assert "第一讲" in page
        r = admin.post(f"/courses/{study['course']}/lessons/reading",
                       data={"csrf_token": csrf_token(page), "reading-title": "补充阅读", "reading-body": "正文",
                             "reading-reading_minutes": 3})
        assert r.status_code == 302
        r = admin.post(f"/courses/{study['course']}/lessons/video",
                       data={"csrf_token": csrf_token(page), "video-title": "坏文件",
                             "video-file": (io.BytesIO(b"nope"), "x.mp4")}, content_type="multipart/form-data")
        assert r.status_code == 400 and "WebM" in r.get_data(as_text=True)


def test_a_reading_speaks_of_reading_and_the_first_minute_shows(app, study):
    """A reading's page never gives video instructions; the course page does not read "0 of N minutes" once
    study time is credited."""
    import json
    import re
    from html import unescape

    from lms.extensions import db
    from lms.tracking.models import StudyTotal

    client = app.test_client()
    with clock.frozen_at(study["learning"].now):
        sign_in(client, study["learner"])
        client.get("/lang/en")
        page = client.get(f"/study/{study['enrollment']}/lessons/{study['reading']['id']}").get_data(as_text=True)
        said = json.loads(unescape(re.search(r'data-messages="([^"]*)"', page).group(1)))
        # What a reading can be told (the video-only states — paused, too fast, stalled — never fire on it)
        shown = [said["offline"], said["remaining"], said["reading"], said["finished"]] + [
            said["reasons"][k] for k in ("first_beat", "complete", "rewatch", "seek", "idle", "hidden")]
        text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S))
        words = " ".join(shown) + unescape(text)
        assert "video" not in words.lower() and "watch" not in words.lower(), words
        assert "while you read" in said["reasons"]["first_beat"]
        with app.app_context():
            now = clock.now()
            db.session.merge(StudyTotal(enrollment_id=study["enrollment"], credited_seconds=59.0, day_seconds=0.0,
                                        started_at=now, updated_at=now))
            db.session.commit()
        course = client.get(f"/study/{study['enrollment']}").get_data(as_text=True)
        assert "<strong>0.9</strong>" in course
