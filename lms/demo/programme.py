"""Demo step: the project (its calendar built around today), courses, classes, seats, choices, enrollments.

Batch 5 has finished, batch 6 is running and batch 7 takes enrollments today (``lms.demo.calendar``).
Each teacher chooses only a class of their own stage, of their subject or a course for every
subject of that stage. Seats are handed down province → city → county → school for those three
batches. In batches 5 and 6 the school admins enrolled, first come first served, inside the windows
long past; in batch 7 the choices are in and a few schools have enrolled, so a school
admin finds waiting choices and free seats. Past batches are written in bulk (the services would
refuse them now, their windows closed); quota figures are computed from the same rows, so every
figure on the pages is exact.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from lms.core import clock
from lms.core.clock import local_tz
from lms.demo import calendar as demo_calendar
from lms.enrollment import services as enrollment
from lms.enrollment.models import Choice, Enrollment
from lms.org.models import OrgUnit, User
from lms.projects import services as projects
from lms.quotas.models import Quota


@dataclass(frozen=True)
class CourseSpec:
    key: str  # the writing topic (lms.demo.writing.TOPICS)
    title: str
    subject: str  # GENERAL: a course for every subject of its stage
    stage: str
    minutes: int


GENERAL = "通识"
COURSES = (
    CourseSpec("play", "幼儿园游戏活动的观察与支持", "学前教育", "幼儿园", 480),
    CourseSpec("math", "义务教育数学新课标解读与教学实践", "数学", "小学", 600),
    CourseSpec("chinese_primary", "小学语文学习任务群教学设计", "语文", "小学", 540),
    CourseSpec("ict", "信息技术与学科教学深度融合", GENERAL, "小学", 480),
    CourseSpec("chinese_junior", "初中语文整本书阅读教学设计", "语文", "初中", 600),
    CourseSpec("unit_design", "大单元教学设计与作业改革", GENERAL, "初中", 480),
    CourseSpec("english", "高中英语读写结合教学策略", "英语", "高中", 540),
    CourseSpec("care", "班主任工作与学生心理健康教育", GENERAL, "高中", 420),
)
SHARE_CHOOSING = 0.55  # of a school's teachers choose a class in each batch shown
SCHOOL_SEAT_SHARE = 0.45  # seats a school receives, of its demo teachers
SCHOOLS_ENROLLED_TODAY = 0.15  # of the schools have enrolled already in the batch taking enrollments


def fits(course, teacher) -> bool:
    """A teacher takes a course of their stage: their own subject's, or one for every subject."""
    return course.stage == teacher.stage and course.subject in (teacher.subject, GENERAL)


def programme_step(session, ctx) -> None:
    rng = ctx.rng
    tz = local_tz()
    dates = demo_calendar.demo_batches(ctx.today, tz)
    year = ctx.today.year
    project = projects.create_project(session, None, code=f"JS{year}", name=f"江苏省{year}年中小学教师网络培训",
                                      year=year, series="江苏省中小学教师网络培训", calendar="none",
                                      quota_deadline=demo_calendar.quota_deadline(dates))
    for d in dates:
        projects.add_batch(session, None, project, number=d.number, starts_on=d.starts_on, ends_on=d.ends_on,
                           registration_opens_at=d.registration_opens_at,
                           registration_closes_at=d.registration_closes_at)
    ctx.project = project
    batches = {b.number: b for b in project.batches}
    ctx.finished, ctx.running, ctx.enrolling = (batches[demo_calendar.FINISHED], batches[demo_calendar.RUNNING],
                                                batches[demo_calendar.ENROLLING])
    courses = [projects.create_course(session, None, title=c.title, subject=c.subject, stage=c.stage,
                                      required_minutes=c.minutes, description=f"{c.title}：专题讲座、案例研讨与实践作业。")
               for c in COURSES]
    ctx.course_keys = {course.id: spec.key for course, spec in zip(courses, COURSES)}
    tutors = list(session.scalars(select(User).where(User.username.in_(["tutor1", "tutor2", "tutor3"]))
                                  .order_by(User.username)))
    classes = {}
    for batch in project.batches:
        classes[batch.number] = [
            projects.create_class(session, None, course, batch, tutor_ids=[tutors[(batch.number + i) % len(tutors)].id])
            for i, course in enumerate(courses)]
    teachers_by_school: dict[int, list[User]] = {}
    for teacher in ctx.teachers:
        teachers_by_school.setdefault(teacher.org_unit_id, []).append(teacher)
    schools_enrolling_today = set(rng.sample(sorted(teachers_by_school),
                                             round(len(teachers_by_school) * SCHOOLS_ENROLLED_TODAY)))
    schools_enrolling_today.discard(ctx.showcase_school_id)  # its admin finds every choice waiting
    for batch in (ctx.finished, ctx.running, ctx.enrolling):
        school_seats = _hand_down(session, ctx, batch, teachers_by_school)
        wishes = _choose(session, rng, batch, classes[batch.number], teachers_by_school)
        if batch is ctx.enrolling:
            # Today, an hour or so ago: the school admins of half the schools have enrolled.
            with clock.frozen_at(max(batch.registration_opens_at, clock.now() - timedelta(hours=1))):
                for school_id in sorted(schools_enrolling_today):
                    for teacher, klass in wishes.get(school_id, [])[:school_seats[school_id] - 1]:
                        enrollment.enroll(session, None, klass, teacher)
        else:
            _enrolled_in_the_window(session, batch, wishes, school_seats)
    session.flush()


def _hand_down(session, ctx, batch, teachers_by_school) -> dict[int, int]:
    """Seats from the bottom up: each level gets what its children need plus a little in reserve."""
    schools = {s.id: s for s in ctx.schools}
    school_seats = {sid: max(1, round(len(ts) * SCHOOL_SEAT_SHARE)) for sid, ts in teachers_by_school.items()}
    seats: dict[int, int] = dict(school_seats)
    allocated: dict[int, int] = {}
    for sid, n in school_seats.items():
        county = schools[sid].county_id
        allocated[county] = allocated.get(county, 0) + n
    counties = {u.id: u for u in session.scalars(select(OrgUnit).where(OrgUnit.id.in_(allocated)))}
    for cid in list(counties):
        seats[cid] = allocated[cid] + 2
        city = counties[cid].city_id
        allocated[city] = allocated.get(city, 0) + seats[cid]
    cities = [u for u in ctx.cities]
    for city in cities:
        seats[city.id] = allocated.get(city.id, 0) + 5
        allocated[ctx.province.id] = allocated.get(ctx.province.id, 0) + seats[city.id]
    seats[ctx.province.id] = allocated[ctx.province.id] + 20
    now = clock.now()
    session.add_all(Quota(batch_id=batch.id, org_unit_id=uid, seats=n, allocated=allocated.get(uid, 0), enrolled=0,
                          updated_at=now) for uid, n in seats.items())
    session.flush()
    return school_seats


def _choose(session, rng, batch, classes, teachers_by_school) -> dict[int, list]:
    """About half of each school's teachers choose a class that fits them, in order of arrival."""
    wishes: dict[int, list] = {}
    moment = batch.registration_opens_at + timedelta(hours=1)
    rows = []
    for school_id, teachers in teachers_by_school.items():
        choosing = rng.sample(teachers, max(1, round(len(teachers) * SHARE_CHOOSING)))
        for n, teacher in enumerate(choosing):
            fitting = [k for k in classes if fits(k.course, teacher)]
            if not fitting:
                continue
            own = [k for k in fitting if k.course.subject == teacher.subject]
            klass = rng.choice(own) if own and rng.random() < 0.6 else rng.choice(fitting)
            wishes.setdefault(school_id, []).append((teacher, klass))
            rows.append(Choice(teacher_id=teacher.id, class_id=klass.id, school_id=school_id, batch_id=batch.id,
                               created_at=moment + timedelta(minutes=n)))
    session.add_all(rows)
    return wishes


def _enrolled_in_the_window(session, batch, wishes, school_seats) -> None:
    """A past window: each school admin enrolled in the order of the choices until the seats ran out."""
    moment = batch.registration_opens_at + timedelta(hours=3)
    rows, taken = [], {}
    for school_id, school_wishes in wishes.items():
        admitted = school_wishes[:school_seats[school_id]]
        taken[school_id] = len(admitted)
        rows += [Enrollment(class_id=klass.id, batch_id=batch.id, teacher_id=teacher.id, school_id=school_id,
                            status="active", created_at=moment) for teacher, klass in admitted]
    session.add_all(rows)
    session.flush()
    for row in session.scalars(select(Quota).where(Quota.batch_id == batch.id, Quota.org_unit_id.in_(taken))):
        row.enrolled = taken[row.org_unit_id]
