"""Demo steps: the rest of the learners' work, the experts' Q&A, the grades and the certificates.

The finished batch: quizzes, reviewed reflections and forum threads from most learners, grades final
(its grading closed) and a certificate for every pass. The running batch: about a third have done the
quiz, the forum is lively, an expert answered questions in an earlier Q&A session and another session
is scheduled; its grades are live. Rows are written in bulk; the grades come from the grading service.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.assignments.models import Assignment, Submission
from lms.certificates import services as certificates
from lms.commendation import services as commendation
from lms.core import clock
from lms.core.clock import local_tz
from lms.demo import writing
from lms.demo.assignments import QUIZ, REVIEW_COMMENTS
from lms.enrollment.models import Enrollment
from lms.forum.models import ForumPost, QaQuestion, QaSession
from lms.grading import services as grading
from lms.grading.models import Grade, GradingSettings
from lms.org.models import User
from lms.projects import rules as calendar
from lms.projects.models import TrainingClass

GRADING_CLOSE_DAYS = 2  # the finished batch ended 8 days ago: its grades are final
THREADS_PER_CLASS = 3
QA_ANSWERS = (
    "这个问题很有代表性。建议先明确目标，再选一两个具体做法在一个班里试两周，记录学生的变化后再调整。",
    "可以从小处着手：每节课只改一个环节，坚持下去比一次大改更有效。欢迎在论坛里继续交流你的尝试。",
    "我在课例研究中看到，关键在于给学生留出时间和空间。不妨把你的做法写成案例，下次答疑我们一起分析。",
)


def outcomes_step(session, ctx) -> None:
    rng = ctx.rng
    project = ctx.project
    defaults = grading.settings_for(session, project.id)
    session.add(GradingSettings(project_id=project.id, **{
        f: getattr(defaults, f) for f in grading.SETTING_FIELDS if f != "close_days"}, close_days=GRADING_CLOSE_DAYS))
    assignments = {(a.course_id, a.kind): a for a in session.scalars(select(Assignment))}
    done = {(row.enrollment_id, row.kind) for row in session.execute(select(Submission.enrollment_id, Submission.kind))}
    now = clock.now()
    for batch, share in ((ctx.finished, 0.9), (ctx.running, 0.35)):
        rows = session.execute(select(Enrollment, TrainingClass)
                               .join(TrainingClass, Enrollment.class_id == TrainingClass.id)
                               .where(Enrollment.batch_id == batch.id, Enrollment.status == "active")
                               .order_by(Enrollment.id)).all()
        finished = batch is ctx.finished
        last_day = calendar.local_midnight(batch.ends_on, local_tz())
        submissions, by_class = [], {}
        for enrollment, klass in rows:
            by_class.setdefault(klass, []).append(enrollment)
            if rng.random() > share:
                continue
            moment = last_day - timedelta(hours=rng.randint(6, 60)) if finished else \
                now - timedelta(hours=rng.randint(3, 96))
            key = ctx.course_keys[klass.course_id]
            if (enrollment.id, "objective") not in done:
                submissions.append(_quiz(rng, enrollment, assignments[(klass.course_id, "objective")], moment))
            if finished and (enrollment.id, "subjective") not in done:
                tutor_id = klass.tutors[0].id if klass.tutors else None
                submissions.append(_written(rng, enrollment, assignments[(klass.course_id, "subjective")], moment,
                                            tutor_id, writing.reflection(rng, key, enrollment.teacher.stage)))
        session.add_all(submissions)
        for klass, enrollments in by_class.items():
            start = calendar.local_midnight(batch.starts_on, local_tz())
            _forum(session, rng, ctx.course_keys[klass.course_id], klass, enrollments, start,
                   last_day if finished else now, (3, 3, 3, 2) if finished else (0, 1, 1, 2))
    _qa(session, rng, ctx, now)
    session.flush()
    for batch in (ctx.finished, ctx.running):
        grading.recompute_batch(session, batch.id)
    _commendation(session, ctx)


# What tutors write when they recommend a learner who misses a criterion the data cannot show (offline work).
RECOMMENDATION_NOTES = ("线下研修活动组织得力，校本教研成果突出。", "学习认真，作业质量高，乐于帮助同伴。")


def _commendation(session, ctx) -> None:
    """The finished batch's tutors recommend up to two learners at the outstanding mark in each class, and the
    province confirms them all: its commendation list is there to read, download and print."""
    rows = session.execute(select(Enrollment, TrainingClass).join(Grade, Grade.enrollment_id == Enrollment.id)
                           .join(TrainingClass, Enrollment.class_id == TrainingClass.id)
                           .where(Enrollment.batch_id == ctx.finished.id, Enrollment.status == "active",
                                  Grade.excellent.is_(True))
                           .order_by(Grade.total.desc(), Enrollment.id)).all()
    per_class, chosen = {}, []
    for enrollment, klass in rows:
        if not klass.tutors or per_class.get(klass.id, 0) >= 2:
            continue
        per_class[klass.id] = per_class.get(klass.id, 0) + 1
        note = RECOMMENDATION_NOTES[len(chosen) % len(RECOMMENDATION_NOTES)]
        grading.recommend(session, klass.tutors[0], enrollment, True, note)
        chosen.append(enrollment.id)
    commendation.confirm(session, ctx.admins["province"], ctx.finished, chosen)


def _quiz(rng, enrollment, quiz, moment) -> Submission:
    right = rng.choice([3, 3, 3, 2, 2, 1])
    answers = [q["answer"] if i < right else [0 if q["answer"] != [0] else 1] for i, q in enumerate(QUIZ)]
    points = sum(q["points"] for i, q in enumerate(QUIZ) if i < right)
    return Submission(assignment_id=quiz.id, enrollment_id=enrollment.id, class_id=enrollment.class_id,
                      learner_id=enrollment.teacher_id, kind="objective", version=1, submitted_at=moment,
                      answers=answers, score_percent=round(100 * points / sum(q["points"] for q in QUIZ), 1))


def _written(rng, enrollment, assignment, moment, tutor_id, text) -> Submission:
    score = rng.choice([95, 92, 90, 88, 85, 82, 80, 76, 70])
    return Submission(assignment_id=assignment.id, enrollment_id=enrollment.id, class_id=enrollment.class_id,
                      learner_id=enrollment.teacher_id, kind="subjective", version=1, submitted_at=moment, text=text,
                      score=score, excellent=score >= 92, comment=rng.choice(REVIEW_COMMENTS),
                      reviewed_by_id=tutor_id, reviewed_at=moment + timedelta(hours=rng.randint(3, 30)))


def _forum(session, rng, key, klass, enrollments, opened, until, replies_each) -> None:
    """A few learners open the course's threads; learners reply to some of them (``replies_each``: how many)."""
    span = max(60, int((until - opened).total_seconds() // 60))
    at = lambda: opened + timedelta(minutes=rng.randint(30, span - 10))  # noqa: E731
    starters = rng.sample(enrollments, min(THREADS_PER_CLASS, len(enrollments)))
    topics = []
    for i, enrollment in enumerate(starters):
        title, body = writing.thread(rng, key, i)
        moment = at()
        topics.append(ForumPost(class_id=klass.id, author_id=enrollment.teacher_id, enrollment_id=enrollment.id,
                                title=title, body=body, counts=True, reply_count=0, created_at=moment,
                                last_activity_at=moment))
    session.add_all(topics)
    session.flush()
    replies = []
    for enrollment in enrollments:
        wanted = min(len(topics), rng.choice(replies_each))
        for topic, body in zip(rng.sample(topics, wanted), rng.sample(writing.TOPICS[key].replies, wanted)):
            moment = max(topic.created_at + timedelta(minutes=rng.randint(5, 600)), topic.created_at)
            moment = min(moment, until - timedelta(minutes=1))
            replies.append(ForumPost(class_id=klass.id, topic_id=topic.id, author_id=enrollment.teacher_id,
                                     enrollment_id=enrollment.id, body=body, counts=True, created_at=moment,
                                     last_activity_at=moment))
            topic.reply_count += 1
            topic.last_activity_at = max(topic.last_activity_at, moment)
    session.add_all(replies)


def _qa(session, rng, ctx, now) -> None:
    """In the showcase learner's running class: an answered session two days ago, another one ahead."""
    experts = list(session.scalars(select(User).where(User.username.in_(["expert4", "expert5"])).order_by(User.id)))
    showcase = session.scalar(select(Enrollment).join(User, Enrollment.teacher_id == User.id).where(
        Enrollment.batch_id == ctx.running.id, Enrollment.school_id == ctx.showcase_school_id,
        Enrollment.status == "active").order_by(User.username))
    classes = [showcase.training_class] if showcase is not None else []
    classes += [k for k in session.scalars(select(TrainingClass).where(TrainingClass.batch_id == ctx.running.id)
                                           .order_by(TrainingClass.id)) if k not in classes]
    tz = local_tz()
    for n, klass in enumerate(classes[:3]):
        key = ctx.course_keys[klass.course_id]
        short = writing.TOPICS[key].short
        past_day = calendar.local_midnight(ctx.today - timedelta(days=2), tz)
        next_day = calendar.local_midnight(ctx.today + timedelta(days=2), tz)
        held = QaSession(class_id=klass.id, title=f"{short}在线答疑（一）", starts_at=past_day + timedelta(hours=19),
                         ends_at=past_day + timedelta(hours=20, minutes=30), created_by_id=experts[0].id,
                         created_at=past_day - timedelta(days=3), experts=[experts[0]])
        ahead = QaSession(class_id=klass.id, title=f"{short}在线答疑（二）", starts_at=next_day + timedelta(hours=19),
                          ends_at=next_day + timedelta(hours=20, minutes=30), created_by_id=experts[0].id,
                          created_at=now - timedelta(days=1), experts=experts[: 1 + n % 2])
        session.add_all([held, ahead])
        session.flush()
        learners = list(session.scalars(select(Enrollment).where(Enrollment.class_id == klass.id,
                                                                 Enrollment.status == "active")
                                        .order_by(Enrollment.id)))
        for i, (enrollment, question) in enumerate(zip(rng.sample(learners, min(3, len(learners))),
                                                       writing.QA_QUESTIONS[key])):
            asked = held.starts_at + timedelta(minutes=5 + 12 * i)
            session.add(QaQuestion(session_id=held.id, enrollment_id=enrollment.id, author_id=enrollment.teacher_id,
                                   body=question, created_at=asked, answer=QA_ANSWERS[i % len(QA_ANSWERS)],
                                   answered_by_id=experts[0].id, answered_at=asked + timedelta(minutes=8)))


def certificates_step(session, ctx) -> None:
    """Every pass of the finished batch has its certificate, as its learner's first download would make it."""
    passed = session.scalars(select(Enrollment).join(Grade, Grade.enrollment_id == Enrollment.id).where(
        Enrollment.batch_id == ctx.finished.id, Enrollment.status == "active", Grade.passed.is_(True),
        Grade.final.is_(True)).order_by(Enrollment.id))
    for enrollment in list(passed):
        certificates.issue(session, enrollment)
