"""Demo: the province's course evaluation (the built-in template) open in the running batch, answered by some of
its learners, so the province admin sees results and the printed teacher finds a survey to answer."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.core import clock
from lms.enrollment.models import Enrollment
from lms.org.models import User
from lms.surveys import rules, services, starters

RESPONDENTS = 60
SUGGESTIONS = ("希望多一些课堂实录的案例。", "作业要求可以再具体一些。", "视频清晰，讲解到位，很实用。",
               "论坛讨论很有收获，辅导老师回复及时。", "希望直播时间安排在晚上。", "")


def surveys_step(session, ctx) -> None:
    from lms.demo.loader import _showcase_learner

    now = clock.now()
    admin = ctx.admins["province"]
    survey = services.create(session, admin, template="course", title="课程评价：第%d批" % ctx.running.number,
                             intro=str(starters.BY_KEY["course"].intro), anonymous=True, opens_at=now - timedelta(days=2),
                             closes_at=now + timedelta(days=12), target_kind=rules.BATCH,
                             target_id=ctx.running.id, audience=rules.LEARNERS)
    services.publish(session, admin, survey)
    showcase = _showcase_learner(session, ctx)
    learners = sorted(set(session.scalars(select(Enrollment.teacher_id).where(
        Enrollment.batch_id == ctx.running.id, Enrollment.status == "active", Enrollment.teacher_id != showcase.id))))
    rng = ctx.rng
    for teacher_id in rng.sample(learners, min(RESPONDENTS, len(learners))):
        raw = {}
        for q in survey.questions:
            if q.kind == rules.SCALE:
                raw[q.id] = rng.choices(range(q.scale_min, q.scale_max + 1), weights=(1, 2, 6, 14, 12))[0]
            elif q.kind == rules.SINGLE:
                raw[q.id] = rng.choices(range(len(q.options)), weights=(8, 2, 1))[0]
            elif q.kind == rules.MULTIPLE:
                raw[q.id] = rng.sample(range(len(q.options)), rng.randint(1, q.max_picks or 1))
            elif q.kind == rules.TEXT:
                raw[q.id] = rng.choice(SUGGESTIONS)
        with clock.frozen_at(now - timedelta(hours=rng.randint(1, 40))):
            services.answer(session, session.get(User, teacher_id), survey, raw)
