"""Demo step: the finished batch's briefings — the printed city admin's published briefing and the showcase
county's published summary report, each written from the template of its area's figures and completed by hand."""
from __future__ import annotations

from sqlalchemy import select

from lms.briefings import services
from lms.demo.loader import SHOWCASE_COUNTY
from lms.org.models import OrgUnit, User

CITY_NEXT_STEPS = "下一期开班前，各区县对参训率偏低的学校逐一提醒；作业完成率低于九成的班级由辅导教师跟进。"
COUNTY_PRACTICE = ("好的做法：各校把研修与校本教研结合，每周安排一次集中学习。\n\n"
                   "问题与改进：个别学校论坛参与不足，下一期由学校管理员每周通报一次进度。")


def _written(session, admin: User, unit: OrgUnit, kind: str, project, batch, ending: str) -> None:
    draft = services.start(session, admin, unit, kind, project, batch)
    services.revise(session, admin, draft, draft.title, f"{draft.body}\n{ending}")
    services.publish(session, admin, draft)


def briefings_step(session, ctx) -> None:
    city_admin = ctx.admins["city"]
    _written(session, city_admin, city_admin.org_unit, "briefing", ctx.project, ctx.finished, CITY_NEXT_STEPS)
    county_admin = session.scalar(select(User).where(User.username == f"county{SHOWCASE_COUNTY}"))
    _written(session, county_admin, county_admin.org_unit, "summary", ctx.project, ctx.finished, COUNTY_PRACTICE)
