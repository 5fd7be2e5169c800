"""Demo step: lessons with real playable videos and readings for every course, and study activity —
batch 8 finished (most learners at or near the required time), batch 9 running (partway)."""
from __future__ import annotations

import random
import tempfile
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from lms.core import clock
from lms.enrollment.models import Enrollment
from lms.projects import lessons as lesson_service
from lms.projects.media import LocalStorage, make_test_video, probe_duration
from lms.projects.models import Batch, Course, Lesson, TrainingClass
from lms.tracking.models import LessonProgress, StudyTotal

VIDEOS = (("专题讲座：核心概念与课标要求", 150, 20), ("课堂实录与评析", 90, 140))
READING_MINUTES = 60
READING_BODY = """## 学习要点

1. 结合本学科课程标准，理解本专题的核心概念与育人价值。
2. 对照课堂实录，分析教学目标、学习任务与评价方式的一致性。
3. 联系本校学情，设计一个可实施的教学片段。

> 阅读后请在班级论坛中分享一条收获或疑问。
"""


def _videos(storage: LocalStorage) -> list[tuple[str, str, int, int]]:
    """Two short real WebM files, stored once and shared by every course's video lessons."""
    made = []
    with tempfile.TemporaryDirectory() as folder:
        for title, seconds, hue in VIDEOS:
            path = make_test_video(Path(folder) / "lesson.webm", seconds, hue=hue)
            key, size = storage.copy_in(path, ".webm")
            made.append((title, key, size, probe_duration(path)))
    return made


def study_step(session, ctx) -> None:
    storage = LocalStorage(current_app.config["MEDIA_ROOT"])
    videos = _videos(storage)
    now = clock.now()
    for course in session.scalars(select(Course).order_by(Course.id)):
        position = 0
        for title, key, size, seconds in videos:
            position += 1
            session.add(Lesson(course_id=course.id, position=position, title=title, kind="video",
                               duration_seconds=seconds, media_key=key, media_size=size, content_type="video/webm",
                               created_at=now))
        # Readings carry the rest of the required time, so full marks are reachable (and not more).
        needed = course.required_minutes * 60 - sum(v[3] for v in videos)
        for n in range(1, needed // (READING_MINUTES * 60) + 2):
            position += 1
            session.add(Lesson(course_id=course.id, position=position, title=f"专题阅读（{n}）", kind="reading",
                               body=READING_BODY, reading_minutes=READING_MINUTES,
                               duration_seconds=READING_MINUTES * 60, created_at=now))
        session.flush()
        assert lesson_service.requirement_warning(session, course) is None
    _activity(session, random.Random(ctx.rng.random()), now)


def _activity(session, rng: random.Random, now) -> None:
    lessons_by_course: dict[int, list[Lesson]] = {}
    for lesson in session.scalars(select(Lesson).order_by(Lesson.course_id, Lesson.position)):
        lessons_by_course.setdefault(lesson.course_id, []).append(lesson)
    rows = session.execute(select(Enrollment, TrainingClass.course_id, Batch.number, Course.required_minutes)
                           .join(TrainingClass, Enrollment.class_id == TrainingClass.id)
                           .join(Batch, Enrollment.batch_id == Batch.id)
                           .join(Course, TrainingClass.course_id == Course.id)
                           .where(Enrollment.status == "active")).all()
    for enrollment, course_id, batch_number, required_minutes in rows:
        required = required_minutes * 60
        # Finished batch: most made it, a few fell short; running batch: a week in, all partway.
        share = rng.choice([1.0, 1.0, 1.0, 0.95, 0.85, 0.6]) if batch_number == 8 else rng.uniform(0.0, 0.6)
        remaining = share * required
        credited = 0.0
        for lesson in lessons_by_course[course_id]:
            if remaining <= 0:
                break
            seconds = min(float(lesson.duration_seconds), remaining)
            remaining -= seconds
            credited += seconds
            session.add(LessonProgress(enrollment_id=enrollment.id, lesson_id=lesson.id, intervals=[[0.0, seconds]],
                                       covered_seconds=seconds, credited_seconds=seconds,
                                       last_position=seconds if lesson.kind == "video" else 0.0,
                                       completed=seconds >= lesson.duration_seconds - 1, updated_at=now))
        if credited:
            session.add(StudyTotal(enrollment_id=enrollment.id, credited_seconds=credited, day=None, day_seconds=0.0,
                                   started_at=now, updated_at=now))
    session.flush()
