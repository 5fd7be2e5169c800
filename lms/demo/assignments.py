"""Demo step: a quiz and a written assignment per course, submissions from a sample of learners of the
finished batch (reviewed) and the running one, two of them suspected copies awaiting their tutor, and a
reference text in the corpus. Everything goes through the services, so each originality report is real;
the reflections (``lms.demo.writing``) fit their course and pass the check unless copied."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.assignments import papers, schemas, services
from lms.assignments.models import Assignment, Submission
from lms.core import clock
from lms.demo import writing
from lms.enrollment.models import Enrollment
from lms.originality import services as originality
from lms.projects.models import Batch, Course, TrainingClass

# One learner per course and batch hands in through the service: as many reflections as the demo's
# writing material keeps apart (lms.demo.writing), so only the deliberate copies are suspected.
SUBMITTERS_PER_COURSE = 1
QUIZ = [
    {"type": "single", "text": "新课标强调的核心素养导向主要体现在哪一方面？",
     "options": ["知识点的覆盖面", "真实情境中的问题解决", "练习题的数量"], "answer": [1], "points": 4},
    {"type": "multiple", "text": "下列哪些属于大单元教学设计的要素？",
     "options": ["单元目标", "学习任务", "持续性评价", "统一的课时数"], "answer": [0, 1, 2], "points": 4},
    {"type": "truefalse", "text": "作业设计应当兼顾基础性与选择性。", "options": ["对", "错"], "answer": [0], "points": 2},
]
PROMPT = "请结合本课程的学习内容和你的教学实践，写一篇不少于250字的研修心得，说明你将如何改进自己的课堂。"
REFERENCE = ("课堂提问是教师引导学生思维发展的重要手段。好的问题应当指向学习目标，具有一定的开放性和层次性，"
             "能够激发学生的探究兴趣。教师在设计问题时，要充分考虑学生已有的知识经验，给学生留出思考和表达的时间，"
             "并根据学生的回答及时调整教学节奏。")
COPIES = 2  # in the running batch: learners who hand in most of a classmate's reflection, awaiting their tutor


def assignments_step(session, ctx) -> None:
    rng = ctx.rng
    deck = writing.Deck(rng)
    originality.add_reference(session, None, title="课堂提问的设计与实施", text=REFERENCE, source="教学研究，2021年第3期")
    written = {}
    for course in session.scalars(select(Course).order_by(Course.id)):
        services.create_assignment(session, None, course, schemas.ObjectiveIn(kind="objective", title="单元测验",
                                                                              questions=QUIZ))
        written[course.id] = services.create_assignment(session, None, course, schemas.SubjectiveIn(
            kind="subjective", title="研修心得", prompt=PROMPT, min_chars=250))
    session.flush()
    now = clock.now()
    for batch in (ctx.finished, ctx.running):
        rows = session.execute(select(Enrollment, TrainingClass, Batch)
                               .join(TrainingClass, Enrollment.class_id == TrainingClass.id)
                               .join(Batch, Enrollment.batch_id == Batch.id)
                               .where(Batch.id == batch.id, Enrollment.status == "active")
                               .order_by(Enrollment.id)).all()
        by_course: dict[int, list] = {}
        for row in rows:
            by_course.setdefault(row[1].course_id, []).append(row)
        sample = [picked for course_id in sorted(by_course)
                  for picked in rng.sample(by_course[course_id], min(SUBMITTERS_PER_COURSE, len(by_course[course_id])))]
        copiers = _copiers(rows, sample) if batch is ctx.running else {}
        for enrollment, klass, _batch in sample:
            # The finished batch's learners handed in on its penultimate day; the running batch's lately.
            moment = services.deadline(batch) - timedelta(days=1) if batch is ctx.finished else \
                now - timedelta(hours=rng.randint(2, 72))
            _hand_in(session, rng, deck, ctx, enrollment, klass, written[klass.course_id], moment)
        for (enrollment, klass, _batch), source in copiers.items():
            _hand_in(session, rng, deck, ctx, enrollment, klass, written[klass.course_id], now - timedelta(hours=1),
                     copy_from=source)


def _copiers(rows, sample) -> dict:
    """Classmates of sampled learners who will copy them (the sample's first classes that have one)."""
    sampled = {e.id for e, _k, _b in sample}
    found = {}
    for source, klass, _b in sample:
        mate = next((row for row in rows if row[1].id == klass.id and row[0].id not in sampled
                     and row not in found), None)
        if mate is not None:
            found[mate] = source
        if len(found) == COPIES:
            break
    return found


def _hand_in(session, rng, deck, ctx, enrollment, klass, assignment, moment, copy_from=None) -> None:
    learner = enrollment.teacher
    with clock.frozen_at(moment):
        text = writing.reflection(rng, ctx.course_keys[klass.course_id], learner.stage or klass.course.stage,
                                 deck=deck)
        if copy_from is not None:  # the demo's suspected copy: most of a classmate's reflection
            source = session.scalar(select(Submission.text).where(Submission.enrollment_id == copy_from.id,
                                                                  Submission.kind == "subjective")) or ""
            text = source[: len(source) * 3 // 4] + text[-120:]
        submission = services.submit(session, learner, assignment,
                                     schemas.SubmissionIn(enrollment_id=enrollment.id, text=text))
        quiz = session.scalar(select(Assignment).where(Assignment.course_id == assignment.course_id,
                                                       Assignment.kind == "objective"))
        meant = [[1], rng.choice([[0, 1, 2], [0, 1]]), rng.choice([[0], [1]])]  # options as the quiz lists them
        paper = papers.paper_of(session, quiz, enrollment, draw=True)  # the learner's own order of them
        answers = [sorted(item["order"].index(k) for k in chosen) for item, chosen in zip(paper, meant)]
        services.submit(session, learner, quiz, schemas.SubmissionIn(enrollment_id=enrollment.id, answers=answers))
        if klass.batch_id == ctx.finished.id and klass.tutors:
            with clock.frozen_at(moment + timedelta(hours=rng.randint(2, 20))):
                services.review(session, klass.tutors[0], submission, klass,
                                schemas.ReviewIn(score=rng.randint(70, 96), excellent=rng.random() < 0.15,
                                                 comment=rng.choice(REVIEW_COMMENTS)))


REVIEW_COMMENTS = ("结合课堂实际，反思具体，改进措施可行。", "能联系课例谈体会，建议把改进后的效果再写具体些。",
                   "思路清晰，问题抓得准，期待看到后续的实践。", "写出了真实的困惑和尝试，很有价值。",
                   "理论联系实际较好，语言可以再精炼一些。")
