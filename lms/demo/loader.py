"""The Jiangsu demo: the real cities and counties, schools, ~2,000 teachers and admins at every level,
and a project whose calendar is built around the day the demo is loaded (``lms.demo.calendar``).

Each step takes (session, context) and runs once, in order, on a fresh database. The demo records
the accounts it prints (an audit entry ``demo.load``); every later start resets exactly those to the
demo password, so the printed accounts always sign in, whatever happened to them meanwhile.
"""
from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from datetime import date

import click
from sqlalchemy import select

from lms.core import audit, clock, scope
from lms.core.audit import AuditEntry
from lms.demo import jiangsu, names
from lms.org import passwords, throttle
from lms.org.models import OrgUnit, RoleAssignment, User
from lms.projects import rules as calendar

DEMO_PASSWORD = "demo2026"
SCHOOLS_PER_COUNTY = 4
TEACHERS_PER_SCHOOL = (6, 11)
SEED = 20260716
SHOWCASE_COUNTY = "320115"  # 江宁区: its first school's admin and one of its teachers are printed
LOAD_ACTION = "demo.load"
ROLE_ORDER = ("province_admin", "city_admin", "county_admin", "school_admin", "teacher", "tutor", "expert",
              "student")


@dataclass
class DemoContext:
    rng: random.Random
    password_hash: str
    today: date
    province: OrgUnit | None = None
    cities: list[OrgUnit] = field(default_factory=list)
    schools: list[OrgUnit] = field(default_factory=list)
    teachers: list[User] = field(default_factory=list)
    admins: dict[str, User] = field(default_factory=dict)
    showcase_school_id: int | None = None
    # Filled by the programme step.
    project: object = None
    finished: object = None
    running: object = None
    enrolling: object = None
    course_keys: dict[int, str] = field(default_factory=dict)
    videos: object = None


def _unit(parent: OrgUnit | None, name: str, level: str, code: str, now) -> OrgUnit:
    return OrgUnit(name=name, level=level, parent=parent, code=code, teacher_count=0, created_at=now)


def _place(units: list[OrgUnit]) -> None:
    """Ancestor ids at every level (what ``lms.org.services`` sets), once the units have ids."""
    for unit in units:
        parent = unit.parent
        for level in scope.LEVELS:
            column = scope.ancestor_column(level)
            setattr(unit, column, getattr(parent, column) if parent is not None else None)
        setattr(unit, scope.ancestor_column(unit.level), unit.id)


def _tree(session, ctx: DemoContext) -> None:
    """Units level by level (one flush each), then every account in one flush; the teacher counts are
    the accounts the demo creates, so the J6 figures (10% of a city's teachers) make sense."""
    rng, now = ctx.rng, clock.now()
    users: list[User] = []

    def user(username: str, name: str, unit: OrgUnit, role: str, **extra) -> User:
        person = User(username=username, name=name, org_unit=unit, password_hash=ctx.password_hash,
                      must_change_password=False, created_at=now, **extra)
        person.role_assignments = [RoleAssignment(role=role, org_unit=unit)]
        users.append(person)
        return person

    province = _unit(None, jiangsu.PROVINCE_NAME, "province", jiangsu.PROVINCE_CODE, now)
    session.add(province)
    session.flush()
    _place([province])
    ctx.province = province
    ctx.admins["province"] = user("admin", "省项目办管理员", province, "province_admin")
    for i, role in enumerate(["tutor", "tutor", "tutor", "expert", "expert"], start=1):
        subject = rng.choice(names.SUBJECTS[:6])
        ctx.admins.setdefault(role, user(f"{role}{i}", names.person_name(rng), province, role, subject=subject))
    cities = [(_unit(province, c.name, "city", c.code, now), c) for c in jiangsu.CITIES]
    counties = [(_unit(unit, k.name, "county", k.code, now), k) for unit, c in cities for k in c.counties]
    session.add_all(u for u, _c in cities + counties)
    session.flush()
    _place([u for u, _c in cities + counties])
    ctx.cities = [u for u, _c in cities]
    for unit, city in cities:
        ctx.admins.setdefault("city", user(f"city{city.code}", names.person_name(rng), unit, "city_admin"))
    staff: list[tuple[OrgUnit, str, int]] = []
    for unit, county in counties:
        ctx.admins.setdefault("county", user(f"county{county.code}", names.person_name(rng), unit, "county_admin"))
        for index, school in enumerate(jiangsu.school_names(county.name, SCHOOLS_PER_COUNTY, rng), start=1):
            code = jiangsu.school_code(county.code, index)
            staff.append((_unit(unit, school.name, "school", code, now), school.stage, rng.randint(*TEACHERS_PER_SCHOOL)))
    session.add_all(u for u, _s, _n in staff)
    session.flush()
    _place([u for u, _s, _n in staff])
    for unit, stage, headcount in staff:
        ctx.schools.append(unit)
        ctx.admins.setdefault("school", user(f"school{unit.code}", names.person_name(rng), unit, "school_admin"))
        subjects = names.SUBJECTS_BY_STAGE.get(stage, names.SUBJECTS)
        for n in range(1, headcount + 1):
            ctx.teachers.append(user(f"t{unit.code}{n:02d}", names.person_name(rng), unit, "teacher",
                                     phone=names.phone_number(rng), subject=rng.choice(subjects), stage=stage))
        unit.teacher_count = headcount
        unit.parent.teacher_count += headcount
        unit.parent.parent.teacher_count += headcount
        province.teacher_count += headcount
    ctx.showcase_school_id = next(u.id for u, _s, _n in staff if u.code.startswith(SHOWCASE_COUNTY))
    _unique_phones(users, rng)
    session.add_all(users)
    session.flush()


def _unique_phones(users: list[User], rng: random.Random) -> None:
    seen: set[str] = set()
    for person in users:
        while person.phone is not None and person.phone in seen:
            person.phone = names.phone_number(rng)
        if person.phone:
            seen.add(person.phone)


def _step(module: str, function: str):
    def run(session, ctx):
        import importlib

        getattr(importlib.import_module(module), function)(session, ctx)
    return run


# (what the operator sees while it loads, the step)
DEMO_STEPS: list = [
    ("机构与账号", _tree),
    ("项目、课程与报名", _step("lms.demo.programme", "programme_step")),
    ("课程视频与学习记录", _step("lms.demo.study", "study_step")),
    ("作业与查重", _step("lms.demo.assignments", "assignments_step")),
    ("论坛、答疑与成绩", _step("lms.demo.outcomes", "outcomes_step")),
    ("结业证书", _step("lms.demo.outcomes", "certificates_step")),
    ("研修成果与展示", _step("lms.demo.training_outcomes", "training_outcomes_step")),
    ("继续教育学分", _step("lms.demo.credits", "credits_step")),
    ("直播研修", _step("lms.demo.live", "live_step")),
    ("问卷调查", _step("lms.demo.surveys", "surveys_step")),
    ("指导教师库", _step("lms.demo.tutors", "tutors_step")),
    ("同步与线下活动", _step("lms.demo.activities", "activities_step")),
    ("专家库与课程审核", _step("lms.demo.experts", "experts_step")),
    ("直播研修积分与结算", _step("lms.demo.live_points", "live_points_step")),
    ("简报与总结", _step("lms.demo.briefings", "briefings_step")),
    ("项目综合评估", _step("lms.demo.evaluations", "evaluations_step")),
    ("答疑广场与微课", _step("lms.demo.square", "square_step")),
    ("学生在线辅导", _step("lms.demo.tutoring", "tutoring_step")),
]


def today() -> date:
    return calendar.local_date(clock.now(), clock.local_tz())


def load_demo(session, progress: bool = False) -> list[tuple[str, str, str]]:
    """Load the demo once; on every call, reset its printed accounts and list them."""
    demo_hash = passwords.hash_password(DEMO_PASSWORD)  # once: every demo account shares it
    if session.scalar(select(OrgUnit.id).where(OrgUnit.code == jiangsu.PROVINCE_CODE)) is None:
        ctx = DemoContext(rng=random.Random(SEED), password_hash=demo_hash, today=today())
        if progress and sys.stderr.isatty():
            with click.progressbar(DEMO_STEPS, label="正在载入演示数据", file=sys.stderr, show_pos=True,
                                   item_show_func=lambda s: s[0] if s else "") as steps:
                for _label, step in steps:
                    step(session, ctx)
        else:  # a log, not a terminal: one line per step (click's bar would print its label only)
            for n, (label, step) in enumerate(DEMO_STEPS, start=1):
                if progress:
                    click.echo(f"正在载入演示数据 [{n}/{len(DEMO_STEPS)}] {label}", err=True)
                step(session, ctx)
        _record_accounts(session, ctx)
    return reset_accounts(session, demo_hash)


def _record_accounts(session, ctx: DemoContext) -> None:
    picked = {"province_admin": ctx.admins["province"], "city_admin": ctx.admins["city"],
              "county_admin": session.scalar(select(User).where(User.username == f"county{SHOWCASE_COUNTY}")),
              "school_admin": session.scalar(select(User).join(RoleAssignment).where(
                  User.org_unit_id == ctx.showcase_school_id, RoleAssignment.role == "school_admin")),
              "teacher": _showcase_learner(session, ctx),
              "tutor": _busiest_tutor(session, ctx), "expert": ctx.admins["expert"],
              "student": session.scalar(select(User).where(User.username == "student"))}
    audit.record(session, None, LOAD_ACTION, "org_unit", ctx.province.id, org_unit_id=ctx.province.id,
                 after={"today": ctx.today.isoformat(), "project_id": ctx.project.id,
                        "accounts": [[role, picked[role].username] for role in ROLE_ORDER]})
    session.flush()


def _showcase_learner(session, ctx: DemoContext) -> User:
    """A teacher of the showcase school studying in the running batch, best one who also finished the last."""
    from lms.enrollment.models import Enrollment

    rows = session.execute(select(Enrollment.teacher_id, Enrollment.batch_id).where(
        Enrollment.school_id == ctx.showcase_school_id, Enrollment.status == "active",
        Enrollment.batch_id.in_([ctx.running.id, ctx.finished.id]))).all()
    running = {t for t, b in rows if b == ctx.running.id}
    both = sorted(running & {t for t, b in rows if b == ctx.finished.id})
    teacher_id = (both or sorted(running))[0]
    return session.get(User, teacher_id)


def _busiest_tutor(session, ctx: DemoContext) -> User:
    """The tutor of the showcase learner's running class, so the printed tutor sees that class."""
    from lms.enrollment.models import Enrollment

    learner = _showcase_learner(session, ctx)
    enrollment = session.scalar(select(Enrollment).where(Enrollment.teacher_id == learner.id,
                                                         Enrollment.batch_id == ctx.running.id))
    tutors = enrollment.training_class.tutors
    return tutors[0] if tutors else ctx.admins["tutor"]


def recorded_accounts(session) -> list[tuple[str, str]]:
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == LOAD_ACTION)
                           .order_by(AuditEntry.id.desc()).limit(1))
    return [tuple(pair) for pair in (entry.after or {}).get("accounts", [])] if entry is not None else []


def reset_accounts(session, demo_hash: str) -> list[tuple[str, str, str]]:
    """Every printed account signs in with the demo password: unlocked, active, no forced change.

    Only accounts the demo created and recorded are touched (and printed), never an imported one.
    """
    accounts = []
    for role, username in recorded_accounts(session):
        person = session.scalar(select(User).where(User.username == username))
        if person is None:
            continue
        if not passwords.verify_password(person.password_hash, DEMO_PASSWORD):
            person.password_hash = demo_hash
            person.session_version += 1  # browsers signed in with another password sign in afresh
        person.failed_logins, person.locked_until = 0, None
        throttle.clear_account(session, person.username)  # no wait left from wrong passwords
        person.must_change_password, person.is_active_account = False, True
        accounts.append((role, person.username, person.org_unit.name))
    session.flush()
    return accounts


def print_accounts(accounts: list[tuple[str, str, str]]) -> None:
    if not accounts:
        click.echo("\nThis database has Jiangsu data but no demo accounts on record.")
        return
    click.echo("\nDemo accounts (password for all: %s)" % DEMO_PASSWORD)
    for role, username, where in accounts:
        click.echo(f"  {role:<15} {username:<22} {where}")
    click.echo("")
