"""Demo step: the 2026 Jiangsu project, courses, classes with tutors, seats handed down, enrollments.

"Today" in the demo is late November 2026: batches 1–8 have ended and batch 9
(Nov 16 – Dec 5) is running. Seats are handed down province → city → county →
school for batches 8 and 9, and about half of each school's teachers chose a
class and were enrolled (first come, first served) inside the enrollment window,
through the same services the pages use, so every figure is exact.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.core import clock
from lms.enrollment import services as enrollment
from lms.org.models import OrgUnit, User
from lms.projects import services as projects
from lms.quotas import queries as quota_queries
from lms.quotas import services as quotas

COURSES = [
    ("义务教育数学新课标解读与教学实践", "数学", "小学", 600),
    ("初中语文整本书阅读教学设计", "语文", "初中", 600),
    ("高中英语读写结合教学策略", "英语", "高中", 540),
    ("大单元教学设计与作业改革", "通识", "初中", 480),
    ("信息技术与学科教学深度融合", "信息技术", "小学", 480),
    ("班主任工作与学生心理健康教育", "德育", "高中", 420),
]
ENROLLED_BATCHES = (8, 9)
SHARE_CHOOSING = 0.55  # of a school's teachers choose a class in each of these batches
SCHOOL_SEAT_SHARE = 0.45  # seats a school receives, of its demo teachers


def programme_step(session, ctx) -> None:
    rng = ctx.rng
    project = projects.create_project(session, None, code="JS2026", name="江苏省2026年中小学教师网络培训",
                                      year=2026, series="江苏省中小学教师网络培训", calendar="jiangsu")
    courses = [projects.create_course(session, None, title=t, subject=s, stage=st, required_minutes=m,
                                      description=f"{t}：专题讲座、案例研讨与实践作业。")
               for t, s, st, m in COURSES]
    tutors = list(session.scalars(select(User).where(User.username.in_(["tutor1", "tutor2", "tutor3"]))
                                  .order_by(User.username)))
    classes = {}
    for batch in project.batches:
        classes[batch.number] = [
            projects.create_class(session, None, course, batch, tutor_ids=[tutors[(batch.number + i) % len(tutors)].id])
            for i, course in enumerate(courses)]
    session.flush()
    teachers_by_school: dict[int, list[User]] = {}
    for teacher in ctx.teachers:
        teachers_by_school.setdefault(teacher.org_unit_id, []).append(teacher)
    for batch in project.batches:
        if batch.number not in ENROLLED_BATCHES:
            continue
        _hand_down(session, ctx, batch, teachers_by_school)
        # Inside the window, an hour after it opened: choices first, then the school admins enroll.
        with clock.frozen_at(batch.registration_opens_at + timedelta(hours=1)):
            _choose_and_enroll(session, rng, batch, classes[batch.number], teachers_by_school)


def _hand_down(session, ctx, batch, teachers_by_school) -> None:
    """Seats from the bottom up: each level gets what its children need plus a little in reserve."""
    schools = {s.id: s for s in ctx.schools}
    school_seats = {sid: max(1, round(len(ts) * SCHOOL_SEAT_SHARE)) for sid, ts in teachers_by_school.items()}
    county_need: dict[int, int] = {}
    for sid, seats in school_seats.items():
        county_need[schools[sid].county_id] = county_need.get(schools[sid].county_id, 0) + seats
    counties = {u.id: u for u in session.scalars(select(OrgUnit).where(OrgUnit.id.in_(county_need)))}
    city_need: dict[int, int] = {}
    for cid, need in county_need.items():
        county_need[cid] = need + 2
        city_need[counties[cid].city_id] = city_need.get(counties[cid].city_id, 0) + need + 2
    cities = {u.id: u for u in session.scalars(select(OrgUnit).where(OrgUnit.id.in_(city_need)))}
    quotas.set_seats(session, None, batch, ctx.province, sum(need + 5 for need in city_need.values()) + 20)
    for cid, need in city_need.items():
        quotas.set_seats(session, None, batch, cities[cid], need + 5)
    for cid, need in county_need.items():
        quotas.set_seats(session, None, batch, counties[cid], need)
    for sid, seats in school_seats.items():
        quotas.set_seats(session, None, batch, schools[sid], seats)


def _choose_and_enroll(session, rng, batch, classes, teachers_by_school) -> None:
    for school_id, teachers in teachers_by_school.items():
        choosing = rng.sample(teachers, max(1, round(len(teachers) * SHARE_CHOOSING)))
        wishes = []
        for teacher in choosing:
            klass = rng.choice(classes)
            enrollment.choose(session, teacher, klass)
            wishes.append((teacher, klass))
        school = teachers[0].org_unit
        for teacher, klass in wishes:  # in the order they chose: first come, first served
            # A refusal would roll back the whole demo transaction: look before leaping.
            if quota_queries.figures(session, batch.id, school)["available"] < 1:
                break  # the remaining choices stay open, as on a real school's page
            enrollment.enroll(session, None, klass, teacher)
