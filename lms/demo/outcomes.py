"""Demo step: a finished batch with outcomes, a running batch partway — quizzes, reviewed written work,
forum posts, then the grades (final for batch 8, whose grading has closed; live for batch 9)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.assignments.demo import QUIZ
from lms.assignments.models import Assignment, Submission
from lms.core import clock
from lms.enrollment.models import Enrollment
from lms.forum.models import ForumPost
from lms.grading import services as grading
from lms.grading.models import GradingSettings
from lms.projects import rules as calendar
from lms.projects.models import Batch, Project, TrainingClass, local_tz

GRADING_CLOSE_DAYS = 2  # batch 8 ended Nov 20: its grades are final from Nov 23
TOPICS = ["大单元教学中如何设计驱动性问题？", "作业分层的几点做法", "课堂提问后的等待时间值得重视", "信息技术融合课的评价难点"]
REPLIES = ["很受启发，我们学校也在尝试类似的分层作业，效果不错。", "驱动性问题要贴近学生生活，这一点我非常认同。",
           "能否分享一下评价量规的具体样例？", "我在初二试过小组互评，关键是先示范评价标准。"]


def outcomes_step(session, ctx) -> None:
    rng = ctx.rng
    project = session.scalar(select(Project).where(Project.code == "JS2026"))
    session.add(GradingSettings(project_id=project.id, **{
        f: getattr(grading.settings_for(session, project.id), f) for f in grading.SETTING_FIELDS if f != "close_days"},
        close_days=GRADING_CLOSE_DAYS))
    assignments = {(a.course_id, a.kind): a for a in session.scalars(select(Assignment))}
    tutors = {}
    for number, share in ((8, 0.9), (9, 0.35)):
        rows = session.execute(select(Enrollment, TrainingClass, Batch)
                               .join(TrainingClass, Enrollment.class_id == TrainingClass.id)
                               .join(Batch, Enrollment.batch_id == Batch.id)
                               .where(Batch.number == number, Enrollment.status == "active")).all()
        handed_in = session.execute(select(Submission.enrollment_id, Submission.kind))
        done = {(row.enrollment_id, row.kind) for row in handed_in}
        for enrollment, klass, batch in rows:
            if rng.random() > share:
                continue
            moment = clock.now() - timedelta(days=1) if number == 9 else \
                calendar.local_midnight(batch.ends_on, local_tz()) - timedelta(hours=6)
            tutor_id = tutors.setdefault(klass.id, klass.tutors[0].id if klass.tutors else None)
            if (enrollment.id, "objective") not in done:
                _quiz(session, rng, enrollment, assignments[(klass.course_id, "objective")], moment)
            if number == 8 and (enrollment.id, "subjective") not in done:
                _written(session, rng, enrollment, assignments[(klass.course_id, "subjective")], moment, tutor_id)
            _posts(session, rng, enrollment, moment)
    session.flush()
    for number in (8, 9):
        batch = session.scalar(select(Batch).where(Batch.project_id == project.id, Batch.number == number))
        grading.recompute_batch(session, batch.id)


def _quiz(session, rng, enrollment, quiz, moment) -> None:
    right = rng.choice([3, 3, 3, 2, 2, 1])
    answers = [q["answer"] if i < right else [0 if q["answer"] != [0] else 1] for i, q in enumerate(QUIZ)]
    points = sum(q["points"] for i, q in enumerate(QUIZ) if i < right)
    session.add(Submission(assignment_id=quiz.id, enrollment_id=enrollment.id, class_id=enrollment.class_id,
                           learner_id=enrollment.teacher_id, kind="objective", submitted_at=moment, answers=answers,
                           score_percent=round(100 * points / sum(q["points"] for q in QUIZ), 1)))


def _written(session, rng, enrollment, assignment, moment, tutor_id) -> None:
    score = rng.choice([95, 92, 90, 88, 85, 82, 80, 76, 70])
    session.add(Submission(assignment_id=assignment.id, enrollment_id=enrollment.id, class_id=enrollment.class_id,
                           learner_id=enrollment.teacher_id, kind="subjective", submitted_at=moment,
                           text="（演示数据）研修心得正文。", score=score, excellent=score >= 92,
                           comment="结合课堂实际，思路清晰。", reviewed_by_id=tutor_id,
                           reviewed_at=moment + timedelta(hours=3)))


def _posts(session, rng, enrollment, moment) -> None:
    topic = ForumPost(class_id=enrollment.class_id, author_id=enrollment.teacher_id, enrollment_id=enrollment.id,
                      title=rng.choice(TOPICS), body=rng.choice(TOPICS) + "欢迎大家交流各自学校的做法。", counts=True,
                      reply_count=0, created_at=moment, last_activity_at=moment)
    session.add(topic)
    session.flush()
    for n in range(rng.choice([1, 2, 3, 3])):
        session.add(ForumPost(class_id=enrollment.class_id, topic_id=topic.id, author_id=enrollment.teacher_id,
                              enrollment_id=enrollment.id, body=f"{REPLIES[n % len(REPLIES)]}（{n + 1}）", counts=True,
                              created_at=moment, last_activity_at=moment))
        topic.reply_count += 1
