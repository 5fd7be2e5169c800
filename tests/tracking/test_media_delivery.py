"""Issue 12: after the permission check a real server delivers the bytes (X-Accel-Redirect or a signed URL);
uploads are transcoded into HLS renditions on the job queue, with progress and errors the admin sees."""
from __future__ import annotations

import base64
import hashlib
import shutil
from datetime import datetime, timezone

import pytest

from lms import config
from lms.core import clock, jobs
from lms.extensions import db
from lms.projects import media, transcode
from lms.projects.models import Lesson
from tests.helpers import assert_error, csrf_token, sign_in
from tests.tracking.conftest import VIDEO_SECONDS

NOW = datetime(2026, 11, 20, 1, 0, tzinfo=timezone.utc)
needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")


@pytest.fixture(autouse=True)
def _no_jobs_of_earlier_tests(app):
    """Jobs recorded by earlier tests (the demo's, other uploads) name rows that are gone: drop them first."""
    app.extensions.pop("lms_jobs", None)


def _lesson(app, lesson_id) -> Lesson:
    with app.app_context():
        lesson = db.session.get(Lesson, lesson_id)
        db.session.expunge(lesson)
        return lesson


def test_x_accel_hands_the_file_to_nginx_after_the_check(app, api, study, make, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_DELIVERY", "x-accel")
    lesson = _lesson(app, study["video"]["id"])
    with clock.frozen_at(study["learning"].now):
        r = api.get(f"/lessons/{lesson.id}/media", study["learner"], headers={"Range": "bytes=0-"})
        assert r.status_code == 200 and r.data == b""
        assert r.headers["X-Accel-Redirect"] == f"/_media/{lesson.media_key}"
        assert r.headers["Content-Type"].startswith("video/webm")
        stranger = make.user(study["tree"]["school211"], "teacher")
        r = api.get(f"/lessons/{lesson.id}/media", stranger)
        assert_error(r, 403, "forbidden")
        assert "X-Accel-Redirect" not in r.headers


def test_signed_url_is_nginx_secure_link_md5_with_an_expiry(app, api, study, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_DELIVERY", "signed")
    monkeypatch.setitem(app.config, "MEDIA_SIGNING_KEY", "s3cret")
    lesson = _lesson(app, study["video"]["id"])
    with clock.frozen_at(NOW):
        r = api.get(f"/lessons/{lesson.id}/media", study["learner"])
    assert r.status_code == 302 and r.headers["Cache-Control"] == "private, no-store"
    expires = int(NOW.timestamp()) + 600 + VIDEO_SECONDS
    digest = hashlib.md5(f"{expires}{lesson.media_key} s3cret".encode()).digest()
    signature = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    assert r.headers["Location"].endswith(f"/media/{signature}/{expires}/{lesson.media_key}")


def test_signing_matches_nginx_documented_example():
    # nginx's docs: echo -n '2147483647/s/link127.0.0.1 secret' | openssl md5 -binary | openssl base64 | tr +/ -_
    assert media.sign("/s/link127.0.0.1", 2147483647, "secret") == "_e4Nc3iduzkWRm01TBBNYw"


def test_the_upload_queues_a_job_sent_only_after_commit(app, study):
    lesson = _lesson(app, study["video"]["id"])
    assert study["video"]["transcode"] == {"state": "queued", "progress": 0, "error": None}
    assert (transcode.JOB, (lesson.id,)) in app.extensions.get("lms_jobs", [])
    app.extensions.pop("lms_jobs", None)
    with app.app_context():
        jobs.after_commit(db.session, transcode.JOB, lesson.id)
        db.session.rollback()
        db.session.commit()
    assert app.extensions.get("lms_jobs", []) == []


def test_auto_mode_without_redis_runs_jobs_in_a_thread(app, monkeypatch):
    monkeypatch.setitem(app.config, "JOBS", "auto")
    monkeypatch.setitem(app.config, "JOBS_REDIS_URL", "redis://127.0.0.1:1/0")
    with app.app_context():
        assert jobs.mode() == "thread"


def test_missing_ffmpeg_is_reported_and_the_original_still_plays(app, api, study, monkeypatch):
    monkeypatch.setattr(transcode.shutil, "which", lambda name: None)
    assert jobs.run_recorded(app) >= 1
    lesson = _lesson(app, study["video"]["id"])
    assert (lesson.transcode_state, lesson.transcode_error) == ("failed", transcode.FFMPEG_MISSING)
    client = app.test_client()
    with clock.frozen_at(study["learning"].now):
        sign_in(client, study["admin"])
        page = client.get(f"/courses/{study['course']}/lessons").get_data(as_text=True)
        assert "transcode-failed" in page and "ffmpeg" in page
        assert_error(api.get(f"/lessons/{lesson.id}/hls/master.m3u8", study["learner"]), 404, "not_found")
        assert api.get(f"/lessons/{lesson.id}/media", study["learner"]).status_code == 200


@needs_ffmpeg
def test_a_broken_file_fails_with_ffmpeg_words(app, study):
    lesson = _lesson(app, study["video"]["id"])
    with app.app_context():
        media.configured_storage().path_for(lesson.media_key).write_bytes(b"not a video any more")
    jobs.run_recorded(app)
    lesson = _lesson(app, lesson.id)
    assert lesson.transcode_state == "failed" and lesson.transcode_error.startswith("ffmpeg exit")


@needs_ffmpeg
def test_transcoding_makes_three_renditions_and_a_poster(app, api, study, monkeypatch):
    monkeypatch.setitem(app.config, "TRANSCODE_PRESET", "ultrafast")
    jobs.run_recorded(app)
    lesson = _lesson(app, study["video"]["id"])
    assert (lesson.transcode_state, lesson.transcode_progress, lesson.transcode_error) == ("ready", 100, None)
    assert lesson.duration_seconds == VIDEO_SECONDS  # still measured from the original
    with clock.frozen_at(study["learning"].now):
        learner = study["learner"]
        master = api.get(f"/lessons/{lesson.id}/hls/master.m3u8", learner)
        assert master.status_code == 200 and master.headers["Content-Type"] == "application/vnd.apple.mpegurl"
        text = master.get_data(as_text=True)
        assert all(f"{name}/index.m3u8" in text for name in ("360p", "540p", "720p"))
        playlist = api.get(f"/lessons/{lesson.id}/hls/360p/index.m3u8", learner).get_data(as_text=True)
        segment = next(line for line in playlist.splitlines() if line.endswith(".ts"))
        r = api.get(f"/lessons/{lesson.id}/hls/360p/{segment}", learner, headers={"Range": "bytes=0-187"})
        assert r.status_code == 206 and r.data[0] == 0x47  # an MPEG-TS sync byte
        assert api.get(f"/lessons/{lesson.id}/hls/poster.jpg", learner).data[:2] == b"\xff\xd8"
        for bad in ("../secret_key", "360p/../../x.ts", "master.txt", "1080p/index.m3u8"):
            assert_error(api.get(f"/lessons/{lesson.id}/hls/{bad}", learner), 404, "not_found")
        monkeypatch.setitem(app.config, "MEDIA_DELIVERY", "x-accel")
        r = api.get(f"/lessons/{lesson.id}/hls/540p/index.m3u8", learner)
        assert r.headers["X-Accel-Redirect"] == f"/_media/{lesson.hls_key}/540p/index.m3u8"
        client = app.test_client()
        sign_in(client, learner)
        player = client.get(f"/study/{study['enrollment']}/lessons/{lesson.id}").get_data(as_text=True)
        assert "data-hls=" in player and "hls.light.min.js" in player and "poster.jpg" in player
        admin = app.test_client()
        sign_in(admin, study["admin"])
        assert "transcode-ready" in admin.get(f"/courses/{study['course']}/lessons").get_data(as_text=True)


def test_only_province_admins_build_lessons_and_only_staff_see_the_builder(app, study, make):
    tutor, teacher = app.test_client(), app.test_client()
    with clock.frozen_at(study["learning"].now):
        sign_in(tutor, study["tutor"])
        page = tutor.get(f"/courses/{study['course']}/lessons")
        assert page.status_code == 200 and "video-title" not in page.get_data(as_text=True)
        r = tutor.post(f"/courses/{study['course']}/lessons/reading",
                       data={"csrf_token": csrf_token(page.get_data(as_text=True)), "reading-title": "x"})
        assert r.status_code == 403  # refused before the form's rules are looked at
        sign_in(teacher, make.user(study["tree"]["school111"], "teacher"))
        assert teacher.get(f"/courses/{study['course']}/lessons").status_code == 403
        assert teacher.get("/courses/999999/lessons").status_code == 404


def test_media_delivery_setting_is_checked_at_start(monkeypatch):
    monkeypatch.setenv("LMS_MEDIA_DELIVERY", "nginx")
    with pytest.raises(ValueError, match="app, x-accel or signed"):
        config._media_delivery()
    monkeypatch.setenv("LMS_MEDIA_DELIVERY", "signed")
    monkeypatch.delenv("LMS_MEDIA_SIGNING_KEY", raising=False)
    with pytest.raises(ValueError, match="LMS_MEDIA_SIGNING_KEY"):
        config._media_delivery()
    monkeypatch.setenv("LMS_MEDIA_SIGNING_KEY", "k")
    assert config._media_delivery() == "signed"
