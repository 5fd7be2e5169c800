"""The Jiangsu demo: the real cities and counties, schools, ~2,000 teachers and admins at every level.

Later domains add their steps to ``DEMO_STEPS`` (projects, quotas, enrollments, activity);
each step takes (session, context) and is run once, in order, on a fresh database.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

import click
from sqlalchemy import select

from lms.demo import jiangsu, names
from lms.org import passwords, services
from lms.org.models import OrgUnit, User

DEMO_PASSWORD = "demo2026"
SCHOOLS_PER_COUNTY = 4
TEACHERS_PER_SCHOOL = (6, 11)
SEED = 20260716


@dataclass
class DemoContext:
    rng: random.Random
    password_hash: str
    province: OrgUnit | None = None
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # (role label, username, where)
    schools: list[OrgUnit] = field(default_factory=list)
    teachers: list[User] = field(default_factory=list)
    admins: dict[str, User] = field(default_factory=dict)


DEMO_STEPS: list = []


def _user(session, ctx: DemoContext, username: str, name: str, unit: OrgUnit, roles: list[str], **extra) -> User:
    new = services.NewUser(username=username, name=name, org_unit=unit, roles=roles, **extra)
    user, _generated = services.create_user(session, None, new, password_hash=ctx.password_hash)
    user.must_change_password = False
    return user


def _tree(session, ctx: DemoContext) -> None:
    rng = ctx.rng
    province = services.create_root(session, jiangsu.PROVINCE_NAME, jiangsu.PROVINCE_CODE)
    province.teacher_count = sum(city.teacher_count for city in jiangsu.CITIES)
    ctx.province = province
    ctx.admins["province"] = _user(session, ctx, "admin", "省项目办管理员", province, ["province_admin"])
    for i, role in enumerate(["tutor", "tutor", "tutor", "expert", "expert"], start=1):
        person = _user(session, ctx, f"{role}{i}", names.person_name(rng), province, [role],
                       subject=rng.choice(names.SUBJECTS[:6]))
        ctx.admins.setdefault(role, person)
    for city in jiangsu.CITIES:
        city_unit = _unit(session, province, city.name, "city", city.code, city.teacher_count)
        admin = _user(session, ctx, f"city{city.code}", names.person_name(rng), city_unit, ["city_admin"])
        ctx.admins.setdefault("city", admin)
        for county in city.counties:
            county_unit = _unit(session, city_unit, county.name, "county", county.code, county.teacher_count)
            admin = _user(session, ctx, f"county{county.code}", names.person_name(rng), county_unit, ["county_admin"])
            ctx.admins.setdefault("county", admin)
            _schools(session, ctx, county, county_unit)


def _unit(session, parent: OrgUnit, name: str, level: str, code: str, teacher_count: int) -> OrgUnit:
    return services.create_unit(session, None, parent, name, level, code, teacher_count)


def _schools(session, ctx: DemoContext, county, county_unit: OrgUnit) -> None:
    rng = ctx.rng
    for index, school in enumerate(jiangsu.school_names(county.name, SCHOOLS_PER_COUNTY, rng), start=1):
        code = jiangsu.school_code(county.code, index)
        staff = rng.randint(*TEACHERS_PER_SCHOOL)
        unit = _unit(session, county_unit, school.name, "school", code, staff * rng.randint(6, 12))
        ctx.schools.append(unit)
        admin = _user(session, ctx, f"school{code}", names.person_name(rng), unit, ["school_admin"])
        ctx.admins.setdefault("school", admin)
        subjects = names.SUBJECTS_BY_STAGE.get(school.stage, names.SUBJECTS)
        for n in range(1, staff + 1):
            teacher = _user(session, ctx, f"t{code}{n:02d}", names.person_name(rng), unit, ["teacher"],
                            phone=names.phone_number(rng), subject=rng.choice(subjects), stage=school.stage)
            ctx.teachers.append(teacher)


DEMO_STEPS.append(_tree)


def _programme(session, ctx: DemoContext) -> None:
    from lms.demo.programme import programme_step

    programme_step(session, ctx)


DEMO_STEPS.append(_programme)


def _study(session, ctx: DemoContext) -> None:
    from lms.demo.study import study_step

    study_step(session, ctx)


DEMO_STEPS.append(_study)


def _assignments(session, ctx: DemoContext) -> None:
    from lms.assignments.demo import assignments_step

    assignments_step(session, ctx)


DEMO_STEPS.append(_assignments)


def _outcomes(session, ctx: DemoContext) -> None:
    from lms.demo.outcomes import outcomes_step

    outcomes_step(session, ctx)


DEMO_STEPS.append(_outcomes)


def load_demo(session) -> list[tuple[str, str, str]]:
    """Load the demo once; on a database that has it, only list its accounts."""
    if session.scalar(select(OrgUnit.id).where(OrgUnit.code == jiangsu.PROVINCE_CODE)) is None:
        ctx = DemoContext(rng=random.Random(SEED), password_hash=passwords.hash_password(DEMO_PASSWORD))
        for step in DEMO_STEPS:
            step(session, ctx)
    return demo_accounts(session)


def demo_accounts(session) -> list[tuple[str, str, str]]:
    """One account of each kind, found by the demo's username scheme."""
    wanted = [("province_admin", "admin"), ("tutor", "tutor1"), ("expert", "expert4"),
              ("city_admin", "city320100"), ("county_admin", "county320115")]
    accounts = []
    for role, username in wanted:
        user = session.scalar(select(User).where(User.username == username))
        if user is not None:
            accounts.append((role, user.username, user.org_unit.name))
    school_admin = session.scalar(select(User).where(User.username.like("school320115%")).order_by(User.username))
    if school_admin is not None:
        accounts.append(("school_admin", school_admin.username, school_admin.org_unit.name))
        teacher = _demo_learner(session, school_admin.org_unit_id)
        if teacher is not None:
            accounts.append(("teacher", teacher.username, teacher.org_unit.name))
    return accounts


def _demo_learner(session, school_id: int) -> User | None:
    """A teacher of the school with an enrollment in the newest batch, so the demo shows a learner at work."""
    from lms.enrollment.models import Enrollment

    return session.scalar(select(User).join(Enrollment, Enrollment.teacher_id == User.id)
                          .where(User.org_unit_id == school_id, Enrollment.status == "active")
                          .order_by(Enrollment.batch_id.desc(), User.username).limit(1)) or session.scalar(
        select(User).where(User.org_unit_id == school_id, User.username.like("t%")).order_by(User.username))


def print_accounts(accounts: list[tuple[str, str, str]]) -> None:
    click.echo("\nDemo accounts (password for all: %s)" % DEMO_PASSWORD)
    for role, username, where in accounts:
        click.echo(f"  {role:<15} {username:<22} {where}")
    click.echo("")
