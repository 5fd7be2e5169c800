"""Reading activities: the caller's (organised, managed, addressed to it), an activity's learners, and the
attendance facts grading reads."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select

from lms.activities import policies
from lms.activities.models import Activity, Attendance, activity_class
from lms.core import scope
from lms.core.errors import NotFound
from lms.enrollment.models import Enrollment
from lms.org.models import OrgUnit, User
from lms.projects.models import TrainingClass, class_tutor


def activity_for(session, actor, activity_id: int) -> Activity:
    """The pipeline's loader: an activity the caller manages, reviews (the province) or is addressed to (others:
    404, not 403, so nobody learns of another area's activities)."""
    activity = session.get(Activity, activity_id)
    if activity is None or not (policies.can_manage(actor, activity) or policies.can_review(actor, activity)
                                or my_enrollment(session, actor, activity)):
        raise NotFound(_("No such activity."))
    return activity


def audience_filter(activity: Activity):
    """SQL predicate on Enrollment (joined to its school's OrgUnit): the activity's learners."""
    condition = and_(Enrollment.batch_id == activity.batch_id, Enrollment.status == "active")
    if activity.classes:
        condition = and_(condition, Enrollment.class_id.in_(activity.class_ids))
    if activity.org_unit is not None:
        condition = and_(condition, scope.subtree_filter(OrgUnit, activity.org_unit))
    return condition


def audience(session, activity: Activity) -> list:
    """Each learner addressed: enrollment id, name, username, school, class, with its attendance if recorded."""
    return session.execute(
        select(Enrollment.id, User.name, User.username, OrgUnit.name.label("school"),
               TrainingClass.name.label("class_name"), Attendance.attended, Attendance.minutes,
               Attendance.recorded_at)
        .join(User, Enrollment.teacher_id == User.id).join(OrgUnit, Enrollment.school_id == OrgUnit.id)
        .join(TrainingClass, Enrollment.class_id == TrainingClass.id)
        .outerjoin(Attendance, and_(Attendance.enrollment_id == Enrollment.id, Attendance.activity_id == activity.id))
        .where(audience_filter(activity)).order_by(TrainingClass.id, User.name, Enrollment.id)).all()


@dataclass(frozen=True)
class Recorded:
    marks: int
    attended: int
    most_minutes: int


def recorded(session, activity: Activity) -> Recorded:
    """What attendance is recorded: the marks, those present, the most minutes marked."""
    marks, attended, most = session.execute(
        select(func.count(Attendance.id), func.count(Attendance.id).filter(Attendance.attended.is_(True)),
               func.coalesce(func.max(Attendance.minutes), 0))
        .where(Attendance.activity_id == activity.id)).one()
    return Recorded(int(marks), int(attended), int(most))


def present_enrollments(session, activity: Activity) -> list[int]:
    """The enrollments marked present: their grades count the activity."""
    return list(session.scalars(select(Attendance.enrollment_id).where(Attendance.activity_id == activity.id,
                                                                        Attendance.attended.is_(True))
                                .order_by(Attendance.enrollment_id)))


def audience_user_ids(session, activity: Activity) -> list[int]:
    """The teachers the activity addresses (whom its cancellation is told)."""
    return list(session.scalars(select(Enrollment.teacher_id).join(OrgUnit, Enrollment.school_id == OrgUnit.id)
                                .where(audience_filter(activity)).distinct().order_by(Enrollment.teacher_id)))


def my_enrollment(session, actor, activity: Activity) -> int | None:
    """The caller's enrollment the activity addresses, if any."""
    return session.scalar(select(Enrollment.id).join(OrgUnit, Enrollment.school_id == OrgUnit.id)
                          .where(audience_filter(activity), Enrollment.teacher_id == actor.id))


def _managed_filter(actor):
    """The activities policies.can_manage lets the caller manage: those it organised, a tutor's activities of its
    tutored classes, and those addressed to an area its admin roles cover. An admin's activity of one class is the
    organiser's and its area's admins' (docs/RULES.md J10b), not the class's tutors': the list does not offer them
    what the activity's page refuses."""
    tutored = select(class_tutor.c.class_id).where(class_tutor.c.user_id == actor.id)
    addressed = select(activity_class.c.class_id).where(activity_class.c.activity_id == Activity.id)
    conditions = [Activity.created_by_id == actor.id,
                  # a tutor's activity of classes all of which the caller tutors (policies.can_manage)
                  and_(Activity.org_unit_id.is_(None), addressed.exists(),
                       ~addressed.where(activity_class.c.class_id.not_in(tutored)).exists())]
    for unit in scope.admin_units(actor):
        conditions.append(Activity.org_unit_id.in_(select(OrgUnit.id).where(scope.subtree_filter(OrgUnit, unit))))
    return or_(*conditions)


def managed(session, actor, *, page: int = 1, per_page: int = 50) -> tuple[list[Activity], int]:
    query = select(Activity).where(_managed_filter(actor))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = list(session.scalars(query.order_by(Activity.starts_at.desc(), Activity.id.desc())
                                .offset((page - 1) * per_page).limit(per_page)))
    return rows, total


def mine(session, actor, *, page: int = 1, per_page: int = 50) -> tuple[list[tuple[Activity, Attendance | None]], int]:
    """The activities addressed to the caller as a learner, with its attendance as recorded."""
    enrollments = list(session.execute(select(Enrollment.id, Enrollment.batch_id, Enrollment.class_id, OrgUnit)
                                       .join(OrgUnit, Enrollment.school_id == OrgUnit.id)
                                       .where(Enrollment.teacher_id == actor.id, Enrollment.status == "active")))
    if not enrollments:
        return [], 0
    addressed = []
    for eid, batch_id, class_id, school in enrollments:
        area = [Activity.org_unit_id.is_(None)] + [Activity.org_unit_id == getattr(school, f"{level}_id")
                                                   for level in scope.LEVELS if getattr(school, f"{level}_id")]
        classes = select(activity_class.c.class_id).where(activity_class.c.activity_id == Activity.id)
        addressed.append(and_(Activity.batch_id == batch_id, or_(*area),
                              or_(~classes.exists(), classes.where(activity_class.c.class_id == class_id).exists())))
    query = (select(Activity, Attendance).outerjoin(Attendance, and_(
        Attendance.activity_id == Activity.id,
        Attendance.enrollment_id.in_([e[0] for e in enrollments]))).where(or_(*addressed)))
    total = session.scalar(select(func.count()).select_from(select(Activity.id).where(or_(*addressed)).subquery()))
    rows = list(session.execute(query.order_by(Activity.starts_at.desc(), Activity.id.desc())
                                .offset((page - 1) * per_page).limit(per_page)).all())
    return rows, total


def attendance_facts(session, scope_condition) -> dict[int, tuple[tuple[str, int, int], ...]]:
    """Grading's input: each enrollment matching ``scope_condition`` (a condition on Enrollment) → its qualifying
    attendances per kind, (kind, count, attended minutes). One statement, whatever the number of learners."""
    facts: dict[int, list] = {}
    for eid, kind, count, minutes in session.execute(
            select(Attendance.enrollment_id, Activity.kind, func.count(), func.coalesce(func.sum(Attendance.minutes), 0))
            .join(Activity, Attendance.activity_id == Activity.id)
            .join(Enrollment, Attendance.enrollment_id == Enrollment.id)
            .where(scope_condition, Attendance.attended.is_(True), Activity.cancelled_at.is_(None),
                   Activity.review_status == "approved")  # rules.counts
            .group_by(Attendance.enrollment_id, Activity.kind).order_by(Attendance.enrollment_id, Activity.kind)):
        facts.setdefault(eid, []).append((kind, int(count), int(minutes)))
    return {eid: tuple(rows) for eid, rows in facts.items()}


def awaiting_review(session, *, page: int = 1, per_page: int = 50) -> tuple[list[Activity], int]:
    """The province's queue: activities not cancelled that wait for its review, the soonest first."""
    query = select(Activity).where(Activity.review_status == "pending", Activity.cancelled_at.is_(None))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = list(session.scalars(query.order_by(Activity.starts_at, Activity.id)
                                .offset((page - 1) * per_page).limit(per_page)))
    return rows, total


def class_choices(session, actor, batch_id: int | None = None) -> list[TrainingClass]:
    """Classes the caller may address: a tutor's own; an admin's, every class of a batch (its area filters)."""
    query = select(TrainingClass).order_by(TrainingClass.id)
    if batch_id is not None:
        query = query.where(TrainingClass.batch_id == batch_id)
    if not actor.is_admin:
        query = query.where(TrainingClass.id.in_(select(class_tutor.c.class_id)
                                                 .where(class_tutor.c.user_id == actor.id)))
    return list(session.scalars(query))
