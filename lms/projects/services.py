"""Write operations on projects, batches, courses and classes. They take the actor and never commit."""
from __future__ import annotations

from datetime import date, datetime
from flask_babel import gettext as _
from sqlalchemy import select

from lms.core import audit, clock
from lms.core.errors import Conflict, InvalidInput
from lms.org.models import User
from lms.projects import policies, rules
from lms.projects.models import Batch, Course, Project, TrainingClass

# The rules speak English to developers; the API answers in the reader's language.
BATCH_FIELD_MESSAGES = {
    "must be a whole number of at least 1": lambda: _("Must be at least %(n)s.", n=1),
    "must be on or after starts_on": lambda: _("Must be on or after the first day."),
    "must be after registration_opens_at": lambda: _("Must be after the registration opens."),
    "must not be after the batch ends": lambda: _("Must not be after the batch ends."),
    "must include a time zone offset": lambda: _("Must include a time zone offset, e.g. +08:00."),
}


def require_catalogue_admin(actor) -> None:
    # actor None is the system itself (demo, benchmarks).
    if actor is not None:
        policies.MANAGE_CATALOGUE.enforce(actor)


def create_project(session, actor, *, code: str, name: str, year: int, series: str, calendar: str,
                   quota_deadline: date | None = None, consecutive_year_rule: bool = True,
                   minimum_percent: int = 10) -> Project:
    require_catalogue_admin(actor)
    if session.scalar(select(Project.id).where(Project.code == code)) is not None:
        raise Conflict("code_taken", _("Another project already has the code %(code)s.", code=code))
    project = Project(code=code, name=name, year=year, series=series, calendar=calendar,
                      quota_deadline=quota_deadline or rules.default_quota_deadline(year),
                      consecutive_year_rule=consecutive_year_rule, minimum_percent=minimum_percent,
                      created_at=clock.now())
    if calendar == "jiangsu":
        for dates in rules.jiangsu_batches(year, clock.local_tz()):
            project.batches.append(_batch_from(dates))
    session.add(project)
    session.flush()
    audit.record(session, actor, "project.create", "project", project.id, after=project.to_dict(with_batches=False))
    return project


def _batch_from(dates: rules.BatchDates) -> Batch:
    return Batch(number=dates.number, starts_on=dates.starts_on, ends_on=dates.ends_on,
                 registration_opens_at=dates.registration_opens_at,
                 registration_closes_at=dates.registration_closes_at)


def add_batch(session, actor, project: Project, *, number: int, starts_on: date, ends_on: date,
              registration_opens_at: datetime | None = None,
              registration_closes_at: datetime | None = None) -> Batch:
    """A batch with any dates (other provinces, tests); the window defaults to J7's."""
    require_catalogue_admin(actor)
    try:
        dates = rules.make_batch_dates(number, starts_on, ends_on, registration_opens_at, registration_closes_at,
                                       clock.local_tz())
    except rules.BatchDatesError as error:
        fields = {k: BATCH_FIELD_MESSAGES[v]() if v in BATCH_FIELD_MESSAGES else v for k, v in error.fields.items()}
        raise InvalidInput(_("Please correct the marked fields."), fields) from None
    if any(b.number == number for b in project.batches):
        raise Conflict("batch_number_taken", _("This project already has a batch %(n)d.", n=number))
    batch = _batch_from(dates)
    project.batches.append(batch)
    session.flush()
    audit.record(session, actor, "batch.create", "batch", batch.id, after=batch.to_dict())
    return batch


def create_course(session, actor, *, title: str, subject: str, stage: str, required_minutes: int,
                  description: str | None = None) -> Course:
    require_catalogue_admin(actor)
    course = Course(title=title, subject=subject, stage=stage, description=description or None,
                    required_minutes=required_minutes, created_at=clock.now())
    session.add(course)
    session.flush()
    audit.record(session, actor, "course.create", "course", course.id, after=course.to_dict())
    return course


def _tutors(session, tutor_ids: list[int]) -> list[User]:
    ids = list(dict.fromkeys(tutor_ids))
    found = {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    missing = [i for i in ids if i not in found or not found[i].has_role("tutor")]
    if missing:
        raise InvalidInput(_("Please correct the marked fields."),
                           {"tutor_ids": _("These users are not tutors: %(ids)s.", ids=", ".join(map(str, missing)))})
    return [found[i] for i in ids]


def create_class(session, actor, course: Course, batch: Batch, *, name: str | None = None,
                 tutor_ids: list[int] = ()) -> TrainingClass:
    require_catalogue_admin(actor)
    klass = TrainingClass(course=course, batch=batch, created_at=clock.now(),
                          name=name or _("%(course)s · batch %(n)d", course=course.title, n=batch.number))
    klass.tutors = _tutors(session, list(tutor_ids))
    session.add(klass)
    session.flush()
    audit.record(session, actor, "class.create", "training_class", klass.id,
                 after={"course_id": course.id, "batch_id": batch.id, "name": klass.name,
                        "tutor_ids": [t.id for t in klass.tutors]})
    return klass


def update_class(session, actor, klass: TrainingClass, *, name: str | None = None,
                 tutor_ids: list[int] | None = None) -> TrainingClass:
    require_catalogue_admin(actor)
    before = {"name": klass.name, "tutor_ids": [t.id for t in klass.tutors]}
    if name is not None:
        klass.name = name
    if tutor_ids is not None:
        klass.tutors = _tutors(session, tutor_ids)
    audit.record(session, actor, "class.update", "training_class", klass.id, before=before,
                 after={"name": klass.name, "tutor_ids": [t.id for t in klass.tutors]})
    return klass


def referenced(session, model, object_id: int, field: str):
    """A row named in a request body: a missing one is bad input, not a missing page."""
    obj = session.get(model, object_id)
    if obj is None:
        raise InvalidInput(_("Please correct the marked fields."), {field: _("Not found.")})
    return obj
