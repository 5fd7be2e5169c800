"""Demo step: the continuing-education record beyond this product's own trainings (whose entries the grades of
the finished batch already posted): outside claims of the showcase school's teachers at every review step."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from lms.core import clock
from lms.credits import rules, services
from lms.credits.models import CreditPlan
from lms.org.models import RoleAssignment, User

PDF = b"%PDF-1.4\n% demo evidence\n"
CLAIMS = (  # (source, title, provider, hours, category, theme, how far the review went)
    (rules.GUOPEI, "国培计划—初中数学骨干教师研修", "南京师范大学", Decimal(40), None, None, rules.CONFIRMED),
    (rules.OFFLINE, "师德修养专题讲座", "区教师发展中心", Decimal(30), rules.PUBLIC, "ethics", rules.CONFIRMED),
    (rules.SCHOOL_PROJECT, "校本研修：课堂提问的设计", "本校", Decimal(40), None, None, rules.APPROVED),
    (rules.OTHER_PLATFORM, "国家中小学智慧教育平台寒假研修", "国家智慧教育平台", Decimal(20), rules.ELECTIVE, None,
     rules.CLAIMED),
)


def credits_step(session, ctx) -> None:
    school_id = ctx.showcase_school_id
    teachers = list(session.scalars(select(User).join(RoleAssignment, RoleAssignment.user_id == User.id).where(
        User.org_unit_id == school_id, RoleAssignment.role == "teacher").order_by(User.id).limit(3)))
    school_admin = session.scalar(select(User).join(RoleAssignment, RoleAssignment.user_id == User.id).where(
        RoleAssignment.org_unit_id == school_id, RoleAssignment.role == "school_admin"))
    county_admin = session.scalar(select(User).join(RoleAssignment, RoleAssignment.user_id == User.id).where(
        RoleAssignment.org_unit_id == teachers[0].org_unit.county_id, RoleAssignment.role == "county_admin")) \
        if teachers else None
    year = ctx.today.year
    # The school's project of the year, as the county approved it in January (L625, L801).
    project = CreditPlan(kind=rules.SCHOOL_PROJECT, org_unit_id=school_id, year=year, title="课堂提问的设计与实践",
                         hours_tenths=400, status=rules.APPROVED, filed_by_id=getattr(school_admin, "id", None),
                         filed_at=clock.now(), decided_by_id=getattr(county_admin, "id", None), decided_at=clock.now())
    session.add(project)
    session.flush()
    for teacher in teachers:
        for source, title, provider, hours, category, theme, reached in CLAIMS:
            entry = services.claim(session, teacher, services.Claim(
                source=source, title=title, year=year, hours=hours, category=category, theme=theme,
                provider=provider, files=[("结业证书.pdf", PDF)],
                plan_id=project.id if source == rules.SCHOOL_PROJECT else None))
            if reached in (rules.APPROVED, rules.CONFIRMED) and school_admin is not None:
                services.approve(session, school_admin, entry)
            if reached == rules.CONFIRMED and county_admin is not None:
                services.confirm(session, county_admin, entry)
    session.flush()
