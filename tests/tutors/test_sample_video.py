"""A tutor application's sample micro-lesson as an uploaded video (001 L30 鼓励上传微课视频) or a link: stored
and served like a lesson's video, played by the reviewers, kept by a changed version unless replaced or removed."""
from __future__ import annotations

import io
import json
import re

import pytest

from lms.projects.media import make_test_video
from lms.tutors import rules
from tests.helpers import assert_error, csrf_token, sign_in
from tests.tutors.conftest import PROFILE, approve_all


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    return make_test_video(tmp_path_factory.mktemp("sample") / "sample.webm", 3).read_bytes()


@pytest.fixture
def storage(app, tmp_path):
    app.config["MEDIA_ROOT"] = str(tmp_path / "media")
    return tmp_path / "media"


def _upload(api, user, clip, name="sample.webm", **changes):
    return api.put("/tutors/me/application", user, content_type="multipart/form-data",
                   data={"profile": json.dumps({**PROFILE, **changes}), "file": (io.BytesIO(clip), name)})


def test_the_rule_takes_a_link_or_a_video():
    bare = rules.Profile(("数学",), ("初中",), ("函数",), "从事初中数学教学二十年，区级骨干教师。" * 2)
    assert rules.profile_problems(bare, ("初中",))["sample_url"] == "missing"
    video_only = rules.Profile(bare.subjects, bare.stages, bare.topics, bare.introduction, has_video=True)
    assert "sample_url" not in rules.profile_problems(video_only, ("初中",))
    with_bad_link = rules.Profile(bare.subjects, bare.stages, bare.topics, bare.introduction, sample_url="ftp://x",
                                  has_video=True)
    assert rules.profile_problems(with_bad_link, ("初中",))["sample_url"] == "bad_url"


def test_an_uploaded_video_is_played_by_the_reviewers_and_kept_by_a_change(api, world, storage, clip):
    r = _upload(api, world.applicant, clip, sample_url="")
    assert r.status_code == 200, r.get_json()
    a = r.get_json()
    assert a["sample_url"] == "" and a["sample_video"]["content_type"] == "video/webm"
    assert a["sample_video"]["duration_seconds"] == 3
    path = f"/tutors/applications/{a['id']}/sample-video"
    for viewer in (world.applicant, world.school, world.county, world.city):
        got = api.get(path, viewer)
        assert got.status_code == 200 and got.data == clip, viewer.username
    ranged = api.get(path, world.school, headers={"Range": "bytes=0-99"})
    assert ranged.status_code == 206 and len(ranged.data) == 100
    assert_error(api.get(path, world.learner), 403, "forbidden")  # not in the library yet
    assert_error(api.get(path, world.county2), 403, "forbidden")  # another city's district
    # A changed version (JSON) keeps the video; approved, anyone signed in plays it from the library.
    again = api.put("/tutors/me/application", world.applicant, json={**PROFILE, "sample_url": "",
                                                                      "introduction": PROFILE["introduction"] + "。"})
    assert again.status_code == 200 and again.get_json()["sample_video"] is not None
    approve_all(api, world, a["id"])
    assert api.get(path, world.learner).status_code == 200
    [entry] = api.get("/tutors", world.learner).get_json()["items"]
    assert entry["sample_video"]["url"] == "/api/v1" + path
    # Removing it with no link left is refused; with a link it goes.
    assert_error(api.put("/tutors/me/application", world.applicant,
                         json={**PROFILE, "sample_url": "", "remove_sample_video": True}), 400, "invalid_input")
    changed = api.put("/tutors/me/application", world.applicant, json={**PROFILE, "remove_sample_video": True})
    assert changed.get_json()["sample_video"] is None


def test_a_bad_upload_is_refused_with_its_reason(api, world, storage, clip):
    assert_error(_upload(api, world.applicant, b"not a video at all", name="x.webm"), 415, "unsupported_media_type")
    assert_error(_upload(api, world.applicant, clip, name="x.exe"), 415, "unsupported_media_type")
    assert_error(api.put("/tutors/me/application", world.applicant, content_type="multipart/form-data",
                         data={"profile": "{not json"}), 400, "invalid_input")
    assert_error(api.put("/tutors/me/application", world.applicant, json={**PROFILE, "sample_url": ""}), 400,
                 "invalid_input")
    assert list(storage.glob("*")) == []  # nothing refused stays on disk
    a = api.put("/tutors/me/application", world.applicant, json=PROFILE).get_json()
    assert_error(api.get(f"/tutors/applications/{a['id']}/sample-video", world.applicant), 404, "not_found")


def test_the_apply_page_uploads_and_the_review_page_plays(client, world, storage, clip):
    sign_in(client, world.applicant)
    page = client.get("/tutors/apply").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and 'name="sample_video"' in page
    form = {"csrf_token": csrf_token(page), "subjects": "数学", "stages": ["初中"], "topics": "函数",
            "introduction": PROFILE["introduction"], "achievements": "", "sample_url": "",
            "sample_video": (io.BytesIO(clip), "lesson.webm")}
    r = client.post("/tutors/apply", data=form, content_type="multipart/form-data")
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    client.post("/logout", data={"csrf_token": csrf_token(page)})
    sign_in(client, world.school)
    reviews = client.get("/tutors/reviews").get_data(as_text=True)
    application_id = int(re.search(r"/tutors/applications/(\d+)", reviews).group(1))
    shown = client.get(f"/tutors/applications/{application_id}").get_data(as_text=True)
    assert 'data-testid="sample-video"' in shown
    played = client.get(f"/tutors/applications/{application_id}/sample-video")
    assert played.status_code == 200 and played.data == clip
