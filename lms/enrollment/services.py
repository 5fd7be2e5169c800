"""Choices, enroll, cancel, replace (J2, J7, J8, J9, J12). They take the actor and never commit.

An enrollment takes its seat by locking the school's quota row and applying
``lms.quotas.rules.after_enroll`` (``lms.quotas.services.take_seat``): concurrent
enrollments queue on that row, whoever gets there first wins, and no
interleaving can oversubscribe. The eligibility checks run before, inside the
same transaction; a partial unique index (one active enrollment per teacher and
batch) settles two admins enrolling the same teacher at once.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError

from lms.core import audit, clock, registry
from lms.core.errors import Conflict, DomainError, InvalidInput
from lms.enrollment import policies, queries, rules
from lms.enrollment.models import (TAKEN_STATUSES, Choice, ConsecutiveYearWaiver, Enrollment,
                                   PlagiarismBan)
from lms.projects import rules as calendar
from lms.org.models import User
from lms.projects.models import Batch, Project, TrainingClass
from lms.quotas import services as quotas


def _when(moment) -> str:
    return moment.astimezone(clock.local_tz()).strftime("%Y-%m-%d %H:%M")


def registration_closed(batch: Batch) -> Conflict:
    return Conflict("registration_closed", _(
        "Enrollment for batch %(n)d is open from %(opens)s to %(closes)s only.", n=batch.number,
        opens=_when(batch.registration_opens_at), closes=_when(batch.registration_closes_at)))


def batch_ended(batch: Batch) -> Conflict:
    return Conflict("batch_ended", _("Batch %(n)d ended on %(day)s: its enrollments can no longer be cancelled "
                                     "or replaced.", n=batch.number, day=batch.ends_on.isoformat()))


def registration_is_open(batch: Batch) -> bool:
    return calendar.registration_open((batch.registration_opens_at, batch.registration_closes_at), clock.now())


def enrollments_can_change(batch: Batch) -> bool:
    """J9: cancel and replace until the batch ends."""
    return not calendar.batch_ended(batch.ends_on, clock.now(), clock.local_tz())


def school_of_teacher(teacher):
    if not teacher.has_role("teacher") or teacher.org_unit.level != "school":
        raise InvalidInput(_("Please correct the marked fields."),
                           {"teacher_id": _("%(name)s is not a teacher of a school.", name=teacher.name)})
    return teacher.org_unit


# eligibility's three questions in one statement, built once (enrollment day brings thousands at once).
_ELIGIBILITY = select(
    select(Enrollment.id).where(Enrollment.teacher_id == bindparam("teacher_id"),
                                Enrollment.batch_id == bindparam("batch_id"), Enrollment.status == "active").exists(),
    # J2's fact: the latest earlier year the teacher took this series (rules.consecutive_year_refusal decides).
    select(func.max(Project.year)).select_from(Enrollment).join(Batch, Enrollment.batch_id == Batch.id)
    .join(Project, Batch.project_id == Project.id)
    .where(Enrollment.teacher_id == bindparam("teacher_id"), Enrollment.status.in_(TAKEN_STATUSES),
           Project.series == bindparam("series"), Project.year < bindparam("project_year")).scalar_subquery(),
    select(PlagiarismBan.id).where(PlagiarismBan.teacher_id == bindparam("teacher_id"),
                                   PlagiarismBan.year == bindparam("ban_year"),
                                   PlagiarismBan.lifted_at.is_(None)).exists())


def eligibility(session, teacher, batch: Batch) -> tuple[DomainError | None, ConsecutiveYearWaiver | None]:
    """already_enrolled, consecutive_year (J2), banned (J12): the checks that do not depend on seats.

    Returns the refusal (or None) and the waiver the enrollment rests on. One round
    trip asks all three questions; enrollment day brings thousands of these at once.
    """
    project: Project = batch.project
    year = batch.starts_on.year
    is_enrolled, last_taken_year, is_banned = session.execute(_ELIGIBILITY, {
        "teacher_id": teacher.id, "batch_id": batch.id, "series": project.series, "project_year": project.year,
        "ban_year": year}).one()
    years_taken = () if last_taken_year is None else (last_taken_year,)
    if is_enrolled:
        return Conflict("already_enrolled", _("%(name)s is already enrolled in batch %(n)d.", name=teacher.name,
                                              n=batch.number)), None
    j2 = {"rule_on": project.consecutive_year_rule, "project_year": project.year, "years_taken": years_taken}
    waiver = _waiver(session, teacher, project) if rules.needs_waiver(**j2) else None
    if rules.consecutive_year_refusal(**j2, waived=waiver is not None):
        return Conflict("consecutive_year", _(
            "%(name)s took %(series)s in %(year)d: the same series is not taken two years running. "
            "A province admin may make an exception.", name=teacher.name, series=project.series,
            year=project.year - 1)), None
    if is_banned:
        return Conflict("banned", _("%(name)s is barred from provincial online training in %(year)d for plagiarism.",
                                    name=teacher.name, year=year)), None
    return None, waiver


def _waiver(session, teacher, project: Project) -> ConsecutiveYearWaiver | None:
    return session.scalar(select(ConsecutiveYearWaiver).where(ConsecutiveYearWaiver.project_id == project.id,
                                                              ConsecutiveYearWaiver.teacher_id == teacher.id))


def _insert(session, enrollment: Enrollment, teacher, batch: Batch) -> None:
    # Read before the flush: after a failed flush the session cannot load anything.
    refusal = Conflict("already_enrolled", _("%(name)s is already enrolled in batch %(n)d.", name=teacher.name,
                                             n=batch.number))
    session.add(enrollment)
    try:
        session.flush()
    except IntegrityError:
        # Another admin enrolled this teacher in the same batch a moment earlier.
        raise refusal from None


def enroll(session, actor, klass, teacher) -> Enrollment:
    school = school_of_teacher(teacher)
    if actor is not None:  # None is the system (demo, tests' programmes)
        policies.ENROLL.enforce(actor, school)
    batch = klass.batch
    if not registration_is_open(batch):
        raise registration_closed(batch)
    quotas.hold_write_lock(session)
    problem, waiver = eligibility(session, teacher, batch)
    if problem:
        raise problem
    if not quotas.take_seat(session, batch.id, school.id):
        raise Conflict("quota_exhausted", _("No seat is left at %(school)s for batch %(n)d.", school=school.name,
                                            n=batch.number))
    enrollment = Enrollment(class_id=klass.id, batch_id=batch.id, teacher_id=teacher.id, school_id=school.id,
                            status="active", created_at=clock.now(), created_by_id=getattr(actor, "id", None),
                            waiver_id=waiver.id if waiver else None)
    _insert(session, enrollment, teacher, batch)
    audit.record(session, actor, "enrollment.create", "enrollment", enrollment.id, org_unit_id=school.id,
                 after={"class_id": klass.id, "teacher_id": teacher.id})
    registry.emit(session, "enrollment.created", enrollment=enrollment)
    return enrollment


def enroll_choices(session, actor, school, batch_id: int, choice_ids: list[int]) -> tuple[int, list[str]]:
    """The school admin enrolls the teachers of the selected choices, first chosen first (J8).

    Each teacher in a savepoint of its own: a refusal (no seat left, J2, a ban) undoes that teacher's
    enrollment only, never the others'. Returns how many were enrolled and the refusals' messages.
    """
    policies.ENROLL.enforce(actor, school)
    choices = queries.selected_choices(session, school, batch_id, choice_ids)
    if not choices:
        raise InvalidInput(_("Select at least one choice."), {"choice": _("Select at least one choice.")})
    enrolled, refusals = 0, []
    for class_id, teacher_id in [(c.class_id, c.teacher_id) for c in choices]:
        try:
            with session.begin_nested():
                enroll(session, actor, session.get(TrainingClass, class_id), session.get(User, teacher_id))
        except DomainError as error:
            refusals.append(error.message)
        else:
            enrolled += 1
    return enrolled, refusals


def _check_can_change(actor, enrollment: Enrollment, school) -> Batch:
    if actor is not None:
        policies.CHANGE_ENROLLMENT.enforce(actor, enrollment)
    batch = enrollment.training_class.batch
    if not enrollments_can_change(batch):
        raise batch_ended(batch)
    return batch


def _end(session, actor, enrollment: Enrollment, status: str) -> None:
    """Move an active enrollment to ``status``, once: two clicks cannot both return the seat."""
    result = session.execute(
        update(Enrollment).where(Enrollment.id == enrollment.id, Enrollment.status == "active")
        .values(status=status, ended_at=clock.now(), ended_by_id=getattr(actor, "id", None))
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Conflict("enrollment_not_active", _("This enrollment was already cancelled or replaced."))
    session.expire(enrollment)


def cancel(session, actor, enrollment: Enrollment, school) -> Enrollment:
    """J9: the seat returns to the school."""
    batch = _check_can_change(actor, enrollment, school)
    quotas.hold_write_lock(session)
    _end(session, actor, enrollment, "cancelled")
    quotas.return_seat(session, batch.id, school.id)
    audit.record(session, actor, "enrollment.cancel", "enrollment", enrollment.id, org_unit_id=school.id,
                 before={"status": "active"}, after={"status": "cancelled"})
    registry.emit(session, "enrollment.cancelled", enrollment=enrollment)
    return enrollment


def replace(session, actor, enrollment: Enrollment, school, teacher) -> Enrollment:
    """J9: another teacher of the same school takes the seat; the quota figures do not change."""
    batch = _check_can_change(actor, enrollment, school)
    if school_of_teacher(teacher).id != school.id:
        raise InvalidInput(_("Please correct the marked fields."),
                           {"teacher_id": _("The new teacher must belong to %(school)s.", school=school.name)})
    quotas.hold_write_lock(session)
    problem, waiver = eligibility(session, teacher, batch)
    if problem:
        raise problem
    _end(session, actor, enrollment, "replaced")
    new = Enrollment(class_id=enrollment.class_id, batch_id=batch.id, teacher_id=teacher.id, school_id=school.id,
                     status="active", created_at=clock.now(), created_by_id=getattr(actor, "id", None),
                     waiver_id=waiver.id if waiver else None)
    _insert(session, new, teacher, batch)
    session.execute(update(Enrollment).where(Enrollment.id == enrollment.id).values(replaced_by_id=new.id)
                    .execution_options(synchronize_session=False))
    session.expire(enrollment)
    audit.record(session, actor, "enrollment.replace", "enrollment", enrollment.id, org_unit_id=school.id,
                 before={"teacher_id": enrollment.teacher_id}, after={"teacher_id": teacher.id, "enrollment_id": new.id})
    registry.emit(session, "enrollment.replaced", enrollment=enrollment, new=new)
    return new


def choose(session, actor, klass) -> tuple[Choice, bool]:
    """A teacher's course choice; returns it and whether it is new (choosing twice is harmless)."""
    policies.CHOOSE.enforce(actor)
    batch = klass.batch
    if clock.now() >= batch.registration_closes_at:
        raise registration_closed(batch)
    existing = session.scalar(select(Choice).where(Choice.teacher_id == actor.id, Choice.class_id == klass.id))
    if existing is not None:
        return existing, False
    choice = Choice(teacher_id=actor.id, class_id=klass.id, school_id=actor.org_unit_id, batch_id=batch.id,
                    created_at=clock.now())
    session.add(choice)
    try:
        session.flush()
    except IntegrityError:  # the same teacher's double click
        raise Conflict("already_chosen", _("You have already chosen this class.")) from None
    return choice, True


def withdraw_choice(session, actor, choice: Choice) -> None:
    policies.WITHDRAW.enforce(actor, choice)
    session.delete(choice)
    session.flush()


def grant_waiver(session, actor, project: Project, teacher, reason: str) -> ConsecutiveYearWaiver:
    """J2: a province admin lets ``teacher`` take ``project``'s series again, with the reason on record."""
    if actor is not None:
        policies.GRANT_WAIVER.enforce(actor)
    school_of_teacher(teacher)
    waiver = _waiver(session, teacher, project)
    before = waiver.to_dict() if waiver else None
    if waiver is None:
        waiver = ConsecutiveYearWaiver(project_id=project.id, teacher_id=teacher.id, created_at=clock.now(),
                                       reason=reason, granted_by_id=getattr(actor, "id", None))
        session.add(waiver)
    waiver.reason, waiver.granted_by_id = reason, getattr(actor, "id", None)
    session.flush()
    audit.record(session, actor, "waiver.grant", "consecutive_year_waiver", waiver.id,
                 org_unit_id=teacher.org_unit_id, before=before, after=waiver.to_dict())
    return waiver


def ban_teacher(session, actor, teacher, year: int, reason: str, enrollment_id: int | None = None) -> PlagiarismBan:
    """J12: written when a tutor confirms plagiarism (the assignments domain checks who may)."""
    ban = PlagiarismBan(teacher_id=teacher.id, year=year, reason=reason, enrollment_id=enrollment_id,
                        created_by_id=getattr(actor, "id", None), created_at=clock.now())
    session.add(ban)
    session.flush()
    audit.record(session, actor, "plagiarism.ban", "plagiarism_ban", ban.id, org_unit_id=teacher.org_unit_id,
                 after={"teacher_id": teacher.id, "year": year, "reason": reason})
    return ban


def places_reached_by_ban(session, ban: PlagiarismBan, spared_enrollment_id: int | None) -> list[Enrollment]:
    """J12 "for the rest of that calendar year": the teacher's active places in batches of the ban's
    year that have not ended yet (running or to come); the training the verdict failed is spared (it
    stays, failed), and trainings already over keep their results."""
    now = clock.now()
    rows = session.scalars(select(Enrollment).join(Batch, Enrollment.batch_id == Batch.id).where(
        Enrollment.teacher_id == ban.teacher_id, Enrollment.status == "active",
        Enrollment.id != (spared_enrollment_id or 0)).order_by(Enrollment.id))
    return [e for e in rows if e.training_class.batch.starts_on.year == ban.year
            and not calendar.batch_ended(e.training_class.batch.ends_on, now, clock.local_tz())]


def apply_ban(session, actor, ban: PlagiarismBan, spared_enrollment_id: int | None = None) -> list[Enrollment]:
    """The ban reaches the places the teacher already holds that year: each is cancelled (its seat goes
    back to the school, which may enroll another teacher) and marked with the ban, so that lifting the
    ban on appeal can give it back. The caller holds the write lock (quotas.hold_write_lock)."""
    cancelled = []
    for enrollment in places_reached_by_ban(session, ban, spared_enrollment_id):
        _end(session, actor, enrollment, "cancelled")
        session.execute(update(Enrollment).where(Enrollment.id == enrollment.id).values(ban_id=ban.id)
                        .execution_options(synchronize_session=False))
        session.expire(enrollment)
        quotas.return_seat(session, enrollment.batch_id, enrollment.school_id)
        audit.record(session, actor, "enrollment.ban_cancel", "enrollment", enrollment.id,
                     org_unit_id=enrollment.school_id, before={"status": "active"},
                     after={"status": "cancelled", "ban_id": ban.id})
        cancelled.append(enrollment)
    return cancelled


def lift_ban(session, actor, ban: PlagiarismBan) -> tuple[list[Enrollment], list[Enrollment]]:
    """The verdict was overturned: the ban no longer bars the teacher, and each place it cancelled comes
    back while its batch has not ended, the teacher holds no other place in that batch and the school
    still has a seat free. Returns (restored, not restored); the school admin may still re-enroll."""
    if ban.lifted_at is None:
        ban.lifted_at, ban.lifted_by_id = clock.now(), getattr(actor, "id", None)
    restored, lost = [], []
    now = clock.now()
    for enrollment in session.scalars(select(Enrollment).where(Enrollment.ban_id == ban.id,
                                                               Enrollment.status == "cancelled")
                                      .order_by(Enrollment.id)).all():
        batch = enrollment.training_class.batch
        taken = session.scalar(select(Enrollment.id).where(
            Enrollment.teacher_id == enrollment.teacher_id, Enrollment.batch_id == enrollment.batch_id,
            Enrollment.status == "active").limit(1))
        if calendar.batch_ended(batch.ends_on, now, clock.local_tz()) or taken is not None or \
                not quotas.take_seat(session, enrollment.batch_id, enrollment.school_id):
            lost.append(enrollment)
            continue
        session.execute(update(Enrollment).where(Enrollment.id == enrollment.id).values(
            status="active", ended_at=None, ended_by_id=None, ban_id=None).execution_options(synchronize_session=False))
        session.expire(enrollment)
        audit.record(session, actor, "enrollment.ban_restore", "enrollment", enrollment.id,
                     org_unit_id=enrollment.school_id, before={"status": "cancelled"}, after={"status": "active"})
        restored.append(enrollment)
    session.flush()
    audit.record(session, actor, "plagiarism.ban_lift", "plagiarism_ban", ban.id,
                 after={"teacher_id": ban.teacher_id, "year": ban.year, "restored": [e.id for e in restored],
                        "not_restored": [e.id for e in lost]})
    return restored, lost
