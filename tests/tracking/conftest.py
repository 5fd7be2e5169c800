"""A running batch with one class, a video and a reading, and an enrolled learner."""
from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from lms.core import clock
from lms.projects.media import make_test_video
from tests.programme import TZ, Programme

STARTS = date(2026, 11, 16)
DURING = datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
VIDEO_SECONDS = 120


@pytest.fixture(scope="session")
def video_file(tmp_path_factory) -> Path:
    return make_test_video(tmp_path_factory.mktemp("media") / "lesson.webm", VIDEO_SECONDS)


class Learning:
    """The learner's side: beats at controlled moments."""

    def __init__(self, api, learner, enrollment_id, lesson_id):
        self.api, self.learner = api, learner
        self.enrollment_id, self.lesson_id = enrollment_id, lesson_id
        self.now = DURING

    def beat(self, session="sess-one-0001", position=0.0, playing=True, visible=True, rate=1.0, after=0.0,
             lesson_id=None, **extra):
        self.now += timedelta(seconds=after)
        body = {"enrollment_id": self.enrollment_id, "lesson_id": lesson_id or self.lesson_id, "session_id": session,
                "position": position, "playing": playing, "visible": visible, "playback_rate": rate, **extra}
        with clock.frozen_at(self.now):
            return self.api.post("/tracking/heartbeat", self.learner, json=body)

    def progress(self, user=None):
        with clock.frozen_at(self.now):
            return self.api.get(f"/enrollments/{self.enrollment_id}/progress", user or self.learner)


@pytest.fixture
def study(app, api, make, video_file):
    tree = make.tree()
    admin = make.admin(tree["province"])
    tutor = make.user(tree["province"], "tutor")
    learner = make.user(tree["school111"], "teacher", name="学员甲")
    programme = Programme(app)
    project = programme.project()
    batch = programme.batch(project, number=9, starts_on=STARTS)
    course = programme.course(minutes=5)
    klass = programme.klass(batch, course, tutor_ids=[tutor.id])
    programme.seats_down_to(batch, tree, "school111", 2)
    enrollment = programme.enroll(klass, learner)
    with clock.frozen_at(DURING):
        r = api.post(f"/courses/{course}/lessons", admin, data={"title": "第一讲", "kind": "video",
                                                                 "file": (io.BytesIO(video_file.read_bytes()), "a.webm")},
                     content_type="multipart/form-data")
        assert r.status_code == 201, r.get_json()
        video = r.get_json()
        r = api.post(f"/courses/{course}/lessons", admin, json={"title": "阅读材料", "kind": "reading",
                                                                 "body": "# 标题\n\n正文", "reading_minutes": 2})
        assert r.status_code == 201, r.get_json()
        reading = r.get_json()
    api._tokens.clear()  # tokens made on the frozen day would be expired in real time
    return {"tree": tree, "admin": admin, "tutor": tutor, "learner": learner, "project": project, "batch": batch,
            "course": course, "class": klass, "enrollment": enrollment, "video": video, "reading": reading,
            "programme": programme, "learning": Learning(api, learner, enrollment, video["id"])}
