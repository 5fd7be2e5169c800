"""A square question with a short video (001 L40 小视频): stored in the media storage, length-limited, served with
range requests to those who may read the question (its student, the tutors, its school's admins), on the API and
the pages."""
from __future__ import annotations

import io
import re

from lms.square import rules
from tests.helpers import assert_error, csrf_token, sign_in

BODY = "这道受力分析题怎么画图？"


def _ask(api, student, clip, name="q.webm"):
    return api.post("/square/questions", student, content_type="multipart/form-data",
                    data={"subject": "物理", "body": BODY, "video": (io.BytesIO(clip), name)})


def test_a_question_with_a_short_video_on_the_api(api, world, storage, clip):
    r = _ask(api, world.student, clip)
    assert r.status_code == 201, r.get_json()
    q = r.get_json()
    assert q["video_url"].endswith(f"/square/questions/{q['id']}/video") and q["video_seconds"] == 3
    assert len(list(storage.iterdir())) == 1  # in the media storage, not the database
    for reader in (world.physics, world.tutor, world.school, world.student):
        video = api.get(f"/square/questions/{q['id']}/video", reader)
        assert video.status_code == 200 and video.mimetype == "video/webm" and video.data == clip
    ranged = api.get(f"/square/questions/{q['id']}/video", world.physics, headers={"Range": "bytes=0-99"})
    assert ranged.status_code == 206 and ranged.data == clip[:100]
    # another student, a teacher who is no tutor, another city's admin: not readers of the question
    for outsider in (world.student2, world.teacher, world.city2):
        assert_error(api.get(f"/square/questions/{q['id']}/video", outsider), 403, "forbidden")
    listed = api.get("/square/questions?scope=mine", world.student).get_json()["items"]
    assert listed[0]["video_seconds"] == 3
    plain = api.post("/square/questions", world.student, json={"subject": "物理", "body": BODY}).get_json()
    assert plain["video_url"] is None
    assert_error(api.get(f"/square/questions/{plain['id']}/video", world.student), 404, "not_found")


def test_a_question_video_is_short_small_and_a_video(api, world, storage, clip, app, monkeypatch):
    monkeypatch.setattr(rules, "MAX_QUESTION_VIDEO_SECONDS", 2)
    long = assert_error(_ask(api, world.student, clip), 400, "invalid_input")
    assert list(long["error"]["fields"]) == ["video"]
    assert list(storage.iterdir()) == []  # the refused file is removed
    monkeypatch.setattr(rules, "MAX_QUESTION_VIDEO_SECONDS", 180)
    assert_error(_ask(api, world.student, b"not a video", "x.webm"), 415, "unsupported_media_type")
    monkeypatch.setitem(app.config, "MAX_QUESTION_VIDEO_BYTES", len(clip) - 1)
    assert_error(_ask(api, world.student, clip), 413, "too_large")
    assert list(storage.iterdir()) == []
    assert_error(_ask(api, world.tutor, clip), 403, "forbidden")  # only students ask


def test_a_question_with_a_video_on_the_pages(app, world, storage, clip):
    student = app.test_client()
    sign_in(student, world.student)
    student.get("/lang/en")
    page = student.get("/square/").get_data(as_text=True)
    assert 'name="video"' in page
    r = student.post("/square/questions", content_type="multipart/form-data", follow_redirects=True,
                     data={"subject": "物理", "body": BODY, "csrf_token": csrf_token(page),
                           "video": (io.BytesIO(clip), "q.webm")})
    html = r.get_data(as_text=True)
    assert 'data-testid="question-video"' in html
    path = re.search(r'src="(/square/questions/\d+/video)"', html).group(1)
    assert student.get(path).data == clip
    tutor = app.test_client()
    sign_in(tutor, world.physics)
    assert tutor.get(path).status_code == 200
    other = app.test_client()
    sign_in(other, world.student2)
    assert other.get(path).status_code == 403
    assert other.get(path.rsplit("/", 1)[0]).status_code == 403
