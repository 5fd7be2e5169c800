"""Demo step: lessons with real playable videos and readings for every course, the project's study rules
(presence checks on), and study time as the heartbeat credits it — the finished batch mostly at or near
the required time, the running batch partway, in proportion to the days it has run."""
from __future__ import annotations

import logging
import random
import tempfile
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import insert, select

from lms.core import clock
from lms.core.clock import local_tz
from lms.enrollment.models import Enrollment
from lms.projects import lessons as lesson_service
from lms.projects import rules as calendar
from lms.projects import transcode
from lms.projects.media import LocalStorage, make_lecture_video, make_test_video, probe_duration
from lms.projects.models import Course, Lesson, TrainingClass
from lms.tracking import queries as tracking_queries
from lms.tracking.models import LessonProgress, StudyTotal, TrackingPolicy

# The defaults of lms.tracking plus 防挂机: a check about every 20 minutes of study, 2 minutes to answer.
PRESENCE_CHECK_MINUTES = 20
PRESENCE_ANSWER_SECONDS = 120
VIDEO_FPS = 1  # the demo's videos are moving colour bars: one frame a second plays as well, at a fifth of the cost
VIDEOS = (("专题讲座：核心概念与课标要求", 150, 20), ("课堂实录与评析", 90, 140))
# One lecture of a realistic length (issue 12): made with ffmpeg on the first start, kept in the instance folder.
LECTURE = ("完整讲座：单元整体教学设计", 600)
log = logging.getLogger(__name__)
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
            path = make_test_video(Path(folder) / "lesson.webm", seconds, hue=hue, fps=VIDEO_FPS)
            key, size = storage.copy_in(path, ".webm")
            made.append((title, key, size, probe_duration(path)))
    title, seconds = LECTURE
    lecture = make_lecture_video(Path(current_app.config["INSTANCE_PATH"]) / "demo" / f"lecture-{seconds}s.mp4",
                                 seconds)
    if lecture is None:
        log.warning("ffmpeg is not installed: the demo has no lecture-length video")
    else:
        key, size = storage.copy_in(lecture, ".mp4")
        made.append((title, key, size, probe_duration(lecture)))
    return made


def study_step(session, ctx) -> None:
    storage = LocalStorage(current_app.config["MEDIA_ROOT"])
    videos = _videos(storage)
    now = clock.now()
    session.add(TrackingPolicy(project_id=ctx.project.id, max_gap_seconds=30, max_playback_rate=1.0,
                               daily_cap_minutes=None, batch_cap_minutes=None,
                               presence_check_minutes=PRESENCE_CHECK_MINUTES,
                               presence_answer_seconds=PRESENCE_ANSWER_SECONDS))
    queued = False
    for course in session.scalars(select(Course).order_by(Course.id)):
        position = 0
        for title, key, size, seconds in videos:
            position += 1
            lesson = Lesson(course_id=course.id, position=position, title=title, kind="video",
                            duration_seconds=seconds, media_key=key, media_size=size,
                            content_type="video/mp4" if key.endswith(".mp4") else "video/webm", created_at=now)
            session.add(lesson)
            if key.endswith(".mp4") and not queued:  # the lecture's renditions, once (lms worker makes them)
                session.flush()
                transcode.queue(session, lesson)
                queued = True
        # Readings carry the rest of the required time, so full marks are reachable (and not more).
        needed = course.required_minutes * 60 - sum(v[3] for v in videos)
        for n in range(1, needed // (READING_MINUTES * 60) + 2):
            position += 1
            session.add(Lesson(course_id=course.id, position=position, title=f"专题阅读（{n}）", kind="reading",
                               body=READING_BODY, reading_minutes=READING_MINUTES,
                               duration_seconds=READING_MINUTES * 60, created_at=now))
        session.flush()
        assert lesson_service.requirement_warning(session, course) is None
    _activity(session, ctx, random.Random(ctx.rng.random()), now)
    _live_study(session, ctx, now)


def _activity(session, ctx, rng: random.Random, now) -> None:
    running = ctx.running
    share_of_time = (ctx.today - running.starts_on).days / ((running.ends_on - running.starts_on).days + 1)
    lessons_by_course: dict[int, list[Lesson]] = {}
    for lesson in session.scalars(select(Lesson).order_by(Lesson.course_id, Lesson.position)):
        lessons_by_course.setdefault(lesson.course_id, []).append(lesson)
    rows = session.execute(select(Enrollment.id, TrainingClass.course_id, Enrollment.batch_id, Course.required_minutes)
                           .join(TrainingClass, Enrollment.class_id == TrainingClass.id)
                           .join(Course, TrainingClass.course_id == Course.id)
                           .where(Enrollment.status == "active", Enrollment.batch_id.in_([ctx.finished.id, running.id]))
                           .order_by(Enrollment.id)).all()
    progress, totals = [], []
    for enrollment_id, course_id, batch_id, required_minutes in rows:
        finished = batch_id == ctx.finished.id
        # Finished batch: most made it, a few fell short; running batch: about as far as its days.
        share = rng.choice([1.0, 1.0, 1.0, 1.0, 1.0, 0.95, 0.6]) if finished else \
            min(1.0, rng.uniform(0.3, 1.4) * share_of_time)
        remaining = share * required_minutes * 60
        credited = 0.0
        last = _last_study(ctx.finished if finished else running, now, rng)
        for lesson in lessons_by_course[course_id]:
            if remaining <= 0:
                break
            seconds = min(float(lesson.duration_seconds), remaining)
            remaining -= seconds
            credited += seconds
            progress.append({"enrollment_id": enrollment_id, "lesson_id": lesson.id, "intervals": [[0.0, seconds]],
                             "covered_seconds": seconds, "credited_seconds": seconds,
                             "last_position": seconds if lesson.kind == "video" else 0.0,
                             "completed": seconds >= lesson.duration_seconds - 1, "updated_at": last})
        if credited:
            totals.append({"enrollment_id": enrollment_id, "credited_seconds": credited, "day": None,
                           "day_seconds": 0.0, "started_at": last, "updated_at": last})
    # Core inserts: ~15,000 rows in a few statements, without building ORM objects.
    if progress:
        session.execute(insert(LessonProgress), progress)
    if totals:
        session.execute(insert(StudyTotal), totals)


def _last_study(batch, now, rng):
    """When the learner last studied: an evening of the batch, never after now."""
    tz = local_tz()
    first = calendar.local_midnight(batch.starts_on, tz)
    last_day = min(batch.ends_on, calendar.local_date(now, tz))
    days = max(0, (last_day - batch.starts_on).days)
    moment = first + timedelta(days=rng.randint(0, days), hours=rng.randint(18, 22), minutes=rng.randint(0, 59))
    return min(moment, now - timedelta(minutes=rng.randint(5, 120)))


LIVE_BEATS = 20  # the printed teacher's last visit: five minutes of a lesson, a beat every 15 s
BEAT_SECONDS = 15


def _live_study(session, ctx, now) -> None:
    """The printed teacher studied an hour ago through the heartbeat itself, so the lesson page resumes
    where they left off and the credited time is the heartbeat's own."""
    import uuid

    from lms.demo.loader import _showcase_learner
    from lms.tracking import services as tracking

    learner = _showcase_learner(session, ctx)
    enrollment = session.scalar(select(Enrollment).where(Enrollment.teacher_id == learner.id,
                                                         Enrollment.batch_id == ctx.running.id))
    covered = set(session.scalars(select(LessonProgress.lesson_id)
                                  .where(LessonProgress.enrollment_id == enrollment.id)))
    lesson = session.scalar(select(Lesson).where(Lesson.course_id == enrollment.training_class.course_id,
                                                 Lesson.id.not_in(covered)).order_by(Lesson.position))
    if lesson is None:
        return
    start = max(now - timedelta(hours=1), calendar.local_midnight(ctx.running.starts_on, local_tz()))
    key = uuid.uuid4().hex
    # Within what the lesson can credit (a reading: its length-based bound), so the last beat still counts.
    for n in range(min(LIVE_BEATS, int(tracking_queries.lesson_length(lesson) // BEAT_SECONDS)) + 1):
        with clock.frozen_at(start + timedelta(seconds=n * BEAT_SECONDS)):
            tracking.heartbeat(session, learner, tracking.BeatInput(
                enrollment_id=enrollment.id, lesson_id=lesson.id, session_id=key,
                position=float(min(n * BEAT_SECONDS, lesson.duration_seconds)), playing=True, visible=True,
                playback_rate=1.0, interacted=True), tz=local_tz(), address="10.32.1.15")  # a reading: scrolled
