"""Demo step: the project's evaluation (JX11b) is open — the printed city admin has submitted its city's
self-evaluation, one expert of the pool has scored it, and the printed demo expert is asked to evaluate it too."""
from __future__ import annotations

from sqlalchemy import select

from lms.evaluations import services
from lms.evaluations.models import AreaEvaluation
from lms.org.models import User

SELF = ({"progress": 88, "measures": 90, "innovation": 82, "performance": 85},
        {"progress": "各区县按计划完成本期培训，参训率与合格率均高于全省平均。",
         "measures": "市、区县两级分层管理，每周通报学习进度，辅导教师跟进未完成作业的学员。",
         "innovation": "把网络研修与校本教研结合，试行专家评估与网络评估相结合的评估办法。",
         "performance": "个别学校论坛参与不足；下一期由学校管理员每周提醒，并纳入学校考核。"})
OUTSIDE = ({"progress": 86, "measures": 88, "innovation": 80, "performance": 84},
           {"progress": "进度数据属实。", "measures": "管理措施具体可行。", "innovation": "校本结合有特色，可推广。",
            "performance": "论坛参与问题已有改进计划。"})


def evaluations_step(session, ctx) -> None:
    province, city_admin = ctx.admins["province"], ctx.admins["city"]
    item = services.open_round(session, province, ctx.project)
    evaluation = session.scalar(select(AreaEvaluation).where(AreaEvaluation.round_id == item.id,
                                                             AreaEvaluation.org_unit_id == city_admin.org_unit_id))
    services.save_self(session, city_admin, evaluation, *SELF, submit=True)
    colleague = session.scalar(select(User).where(User.username == "expert5"))
    services.assign(session, province, evaluation, colleague.id)
    services.review(session, colleague, evaluation, *OUTSIDE)
    services.assign(session, province, evaluation, ctx.admins["expert"].id)
