"""Write operations on projects, batches, courses and classes. They take the actor and never commit."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core import audit, clock, scope
from lms.core.errors import Conflict, DomainError, InvalidInput
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
    "must not be in the past": lambda: _("Must not be in the past."),
    "cannot move: the batch has started": lambda: _("Cannot move: the batch has started."),
    "required: the batch has started": lambda: _("The batch has started: say why it changes."),
    "required: a batch has started": lambda: _("A batch has started: say why these rules change."),
    "must not be after the first batch starts": lambda: _("Must not be after the first batch starts."),
}
NEIGHBOUR_MESSAGES = {
    "must be after the first day of batch": lambda n: _("Must be after the first day of batch %(n)s.", n=n),
    "must be after the last day of batch": lambda n: _("Must be after the last day of batch %(n)s.", n=n),
    "must be before the first day of batch": lambda n: _("Must be before the first day of batch %(n)s.", n=n),
    "must be before the last day of batch": lambda n: _("Must be before the last day of batch %(n)s.", n=n),
}


def field_message(text: str) -> str:
    """A rule's English field message in the reader's language."""
    if text in BATCH_FIELD_MESSAGES:
        return BATCH_FIELD_MESSAGES[text]()
    if (match := re.fullmatch(r"(.*) (\d+)", text)) and match.group(1) in NEIGHBOUR_MESSAGES:
        return NEIGHBOUR_MESSAGES[match.group(1)](match.group(2))
    return text


def _fields(raw: dict[str, str]) -> dict[str, str]:
    return {k: field_message(v) for k, v in raw.items()}


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
        raise InvalidInput(_("Please correct the marked fields."), _fields(error.fields)) from None
    if any(b.number == number for b in project.batches):
        raise Conflict("batch_number_taken", _("This project already has a batch %(n)d.", n=number))
    batch = _batch_from(dates)
    project.batches.append(batch)
    session.flush()
    audit.record(session, actor, "batch.create", "batch", batch.id, after=batch.to_dict())
    return batch


def _dates_of(batch: Batch) -> rules.BatchDates:
    return rules.BatchDates(batch.number, batch.starts_on, batch.ends_on, batch.registration_opens_at,
                            batch.registration_closes_at)


def _refusal(code: str, fields: dict[str, str], message: str) -> DomainError:
    if code == "invalid_input":
        return InvalidInput(_("Please correct the marked fields."), _fields(fields))
    return Conflict(code, message, fields=_fields(fields))


def update_batch(session, actor, batch: Batch, *, starts_on: date | None = None, ends_on: date | None = None,
                 registration_opens_at: datetime | None = None, registration_closes_at: datetime | None = None,
                 reason: str | None = None) -> Batch:
    """A province admin corrects a batch's days and enrollment window (rules.batch_change_refusal).

    A first day that moves takes the window along by as many days, unless a window is given.
    """
    require_catalogue_admin(actor)
    old = _dates_of(batch)
    new_start = starts_on or old.starts_on
    shift = new_start - old.starts_on
    if registration_opens_at is None and registration_closes_at is None and shift:
        registration_opens_at = old.registration_opens_at + timedelta(days=shift.days)
        registration_closes_at = old.registration_closes_at + timedelta(days=shift.days)
    new = rules.BatchDates(batch.number, new_start, ends_on or old.ends_on,
                           registration_opens_at or old.registration_opens_at,
                           registration_closes_at or old.registration_closes_at)
    others = sorted((b for b in batch.project.batches if b.id != batch.id), key=lambda b: b.number)
    previous = next((_dates_of(b) for b in reversed(others) if b.number < batch.number), None)
    following = next((_dates_of(b) for b in others if b.number > batch.number), None)
    refusal = rules.batch_change_refusal(old, new, previous, following, clock.now(), reason, clock.local_tz())
    if refusal is not None:
        code, fields = refusal
        messages = {
            rules.BATCH_STARTED: _("Batch %(n)d has started: its first day cannot move.", n=batch.number),
            rules.REASON_REQUIRED: _("Batch %(n)d has started: its last day changes only with a reason, which is "
                                     "kept in the log.", n=batch.number),
            rules.BATCH_ORDER: _("The batches keep their order: a batch may share days with its neighbours but "
                                 "may not overtake them."),
        }
        raise _refusal(code, fields, messages.get(code, _("Please correct the marked fields.")))
    before = batch.to_dict()
    batch.starts_on, batch.ends_on = new.starts_on, new.ends_on
    batch.registration_opens_at, batch.registration_closes_at = new.registration_opens_at, new.registration_closes_at
    session.flush()
    after = batch.to_dict()
    if after != before:
        audit.record(session, actor, "batch.update", "batch", batch.id, before=before,
                     after={**after, "reason": (reason or "").strip() or None})
    return batch


PROJECT_SETTINGS = ("name", "series", "quota_deadline", "consecutive_year_rule", "minimum_percent")


def project_started(project: Project) -> bool:
    now = clock.now()
    return any(rules.batch_started(b.starts_on, now, clock.local_tz()) for b in project.batches)


def update_project(session, actor, project: Project, values: dict, reason: str | None = None) -> Project:
    """A province admin corrects the project's name and settings (rules.project_change_refusal); its code and
    year name it and stay."""
    require_catalogue_admin(actor)
    values = {k: v for k, v in values.items() if k in PROJECT_SETTINGS}
    changed = {k for k, v in values.items() if getattr(project, k) != v}
    deadline = values.get("quota_deadline", project.quota_deadline)
    first = min((b.starts_on for b in project.batches), default=None)
    refusal = rules.project_change_refusal(changed, project_started(project), reason, deadline, first)
    if refusal is not None:
        code, fields = refusal
        raise _refusal(code, fields, _("A batch of this project has started: its enrollment and seat rules change "
                                       "only with a reason, which is kept in the log."))
    if not changed:
        return project
    before = project.to_dict(with_batches=False)
    for name in changed:
        setattr(project, name, values[name])
    session.flush()
    audit.record(session, actor, "project.update", "project", project.id, before=before,
                 after={**project.to_dict(with_batches=False), "reason": (reason or "").strip() or None})
    return project


def create_course(session, actor, *, title: str, subject: str, stage: str, required_minutes: int,
                  description: str | None = None) -> Course:
    """An admin's course is a draft of its level (E3) until expert review passes and the province publishes it
    (E2); the system's (``actor`` None: the demo, imports) is published as it is made."""
    now = clock.now()
    course = Course(title=title, subject=subject, stage=stage, description=description or None,
                    required_minutes=required_minutes, created_at=now)
    if actor is None:
        course.status, course.published_at = "published", now
    else:
        policies.MAKE_COURSES.enforce(actor)
        course.status, course.owner_unit = "draft", scope.highest_admin_unit(actor)
    session.add(course)
    session.flush()
    audit.record(session, actor, "course.create", "course", course.id, after=course.to_dict())
    return course


COURSE_FIELDS = ("title", "subject", "stage", "description", "required_minutes")


def update_course(session, actor, course: Course, values: dict) -> Course:
    """The owner corrects its draft (policies.can_edit_course: never another county's course)."""
    policies.EDIT_COURSE.enforce(actor, course)
    before = course.to_dict()
    for name, value in values.items():
        if name in COURSE_FIELDS and value is not None:
            setattr(course, name, value or None if name == "description" else value)
    session.flush()
    if course.to_dict() != before:
        audit.record(session, actor, "course.update", "course", course.id, before=before, after=course.to_dict())
    return course


def move_course(session, course: Course, status: str) -> Course:
    """A course's next step on its way into the catalogue (rules.COURSE_MOVES); the expert review above decides
    when, under its own policies."""
    if status not in rules.COURSE_MOVES.get(course.status, ()):
        raise Conflict("course_state", _("This course cannot go from this state to that one."))
    course.status = status
    if status == "published":
        course.published_at = clock.now()
    session.flush()
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
    if not course.is_published:
        # E2: the publication gate — only a course that passed expert review is offered to a batch.
        raise Conflict("course_not_published", _("This course has not passed expert review yet: it cannot be "
                                                 "offered in a class."), fields={"course_id": _("Not published.")})
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
