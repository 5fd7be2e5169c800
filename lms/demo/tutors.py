"""Demo step: tutors (lms.tutors) — the demo tutors' approved profiles in the library, Nanjing teachers who passed
the three-level review, and applications waiting at each level for the printed school, district and city admins
(one returned with a reason, one approved tutor's changed profile back in review)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.core import clock
from lms.org.models import OrgUnit, RoleAssignment, User
from lms.tutors import rules
from lms.tutors.models import TutorApplication, TutorReview

TOPICS = {"语文": ["整本书阅读", "群文阅读教学", "作文评改"], "数学": ["函数单元整体教学", "几何证明", "统计与概率"],
          "英语": ["英语绘本阅读", "听说课设计", "读写结合"], "物理": ["实验探究教学", "力学概念建构"],
          "化学": ["化学实验安全", "物质结构教学"], "生物": ["生物学大概念", "探究实验设计"]}
DEFAULT_TOPICS = ["大单元教学设计", "课堂提问的设计", "作业设计"]
SAMPLE_URL = "https://basic.smartedu.cn/"  # the national platform where teachers publish their lessons


def _profile(person: User, stage: str, years: int) -> dict:
    subject = person.subject or "语文"
    return {"subjects": [subject], "stages": [stage], "topics": TOPICS.get(subject, DEFAULT_TOPICS)[:3],
            "introduction": f"从事{stage}{subject}教学{years}年，长期参与区级教研活动，"
                            f"擅长{('、'.join(TOPICS.get(subject, DEFAULT_TOPICS)[:2]))}等方面的课堂教学与研究。",
            "achievements": f"{subject}学科市级优质课一等奖；主持区级课题1项；指导青年教师多名。",
            "sample_url": SAMPLE_URL}


def _admin(session, role: str, unit: OrgUnit) -> User | None:
    return session.scalar(select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
                          .where(RoleAssignment.role == role, RoleAssignment.org_unit_id == unit.id).limit(1))


def _units_up(unit: OrgUnit) -> dict[str, OrgUnit]:
    found = {}
    while unit is not None:
        found[unit.level] = unit
        unit = unit.parent
    return found


def _application(session, person: User, status: str, submitted, *, stage: str, years: int,
                 decided: list[tuple[str, str, str | None]] = (), changes: dict | None = None) -> TutorApplication:
    """An application of ``person`` with the decisions taken on it (level, decision, reason), a day apart."""
    units = _units_up(person.org_unit)
    application = TutorApplication(user_id=person.id, org_unit_id=person.org_unit_id, status=status,
                                   submitted_at=submitted, **{**_profile(person, stage, years), **(changes or {})})
    for day, (level, decision, reason) in enumerate(decided, start=1):
        reviewer = _admin(session, rules.REVIEWER_ROLE[level], units[level])
        application.reviews.append(TutorReview(level=level, decision=decision, reason=reason,
                                               reviewer_id=reviewer.id if reviewer else None,
                                               decided_at=submitted + timedelta(days=day)))
        application.reason = reason
    if status == rules.APPROVED:
        application.approved_at = submitted + timedelta(days=len(decided) or 1)
        if not person.has_role("tutor"):
            person.role_assignments.append(RoleAssignment(role="tutor", org_unit_id=person.org_unit_id))
    session.add(application)
    return application


def tutors_step(session, ctx) -> None:
    from lms.demo.loader import _busiest_tutor, _showcase_learner

    now = clock.now()
    approve_all = [(level, rules.APPROVE, None) for level in rules.REVIEW_LEVELS]
    # The demo tutors are the province's own: their profiles enter the library as recruited by it.
    demo_tutors = list(session.scalars(select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
                                       .where(RoleAssignment.role == "tutor").order_by(User.id)))
    busiest = _busiest_tutor(session, ctx)
    for i, person in enumerate(sorted(demo_tutors, key=lambda u: u.id != busiest.id)):
        _application(session, person, rules.APPROVED, now - timedelta(days=60 + i), stage=("初中", "高中")[i % 2],
                     years=15 + i)

    learner = _showcase_learner(session, ctx)
    school = session.get(OrgUnit, ctx.showcase_school_id)
    county, city = school.parent, school.parent.parent
    mine = [t for t in ctx.teachers if t.id != learner.id]
    at_school = [t for t in mine if t.org_unit_id == school.id]
    in_county = [t for t in mine if t.org_unit.parent_id == county.id and t.org_unit_id != school.id]
    in_city = [t for t in mine if t.org_unit.parent.parent_id == city.id and t.org_unit.parent_id != county.id]
    stage = school.kind if school.kind in ("小学", "初中", "高中") else "初中"

    # Passed the three-level review: Nanjing teachers in the library; the first changed its profile since.
    for n, person in enumerate(in_city[:2] + in_county[:1]):
        _application(session, person, rules.APPROVED, now - timedelta(days=40 + n), stage=stage, years=12 + n,
                     decided=approve_all)
    session.flush()
    _application(session, in_city[0], rules.SCHOOL, now - timedelta(days=2), stage=stage, years=12,
                 changes={"topics": ["跨学科主题学习", "大单元教学设计"]})
    # Waiting at each level, for the printed school, district and city admins.
    for n, person in enumerate(at_school[:2]):
        _application(session, person, rules.SCHOOL, now - timedelta(days=3 + n), stage=stage, years=8 + n)
    _application(session, in_county[1], rules.COUNTY, now - timedelta(days=5), stage=stage, years=10,
                 decided=approve_all[:1])
    _application(session, in_city[2], rules.CITY, now - timedelta(days=7), stage=stage, years=18,
                 decided=approve_all[:2])
    _application(session, in_county[2], rules.RETURNED, now - timedelta(days=9), stage=stage, years=6,
                 decided=[approve_all[0], (rules.COUNTY, rules.RETURN, "示范微课的链接打不开，请上传到区教研平台后重新提交。")])
    session.flush()
