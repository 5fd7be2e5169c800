"""Read-side queries of projects, batches, courses and classes."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select

from lms.core import clock, registry, scope
from lms.core.audit import AuditEntry
from lms.core.errors import Forbidden, get_or_404
from lms.projects import policies, rules
from lms.org.models import OrgUnit
from lms.projects.models import Batch, Course, Project, TrainingClass, class_tutor


# The corrections the project page lists: its own settings, and the grading and study rules kept beside it.
PROJECT_CHANGE_ACTIONS = ("project.update", "grading_policy.update", "tracking_policy.update")


def project_changes(session, project: Project, limit: int = 50) -> list[AuditEntry]:
    """The corrections of the project and of its batches (audit log), newest first."""
    batch_ids = [b.id for b in project.batches]
    where = or_(and_(AuditEntry.target_type == "project", AuditEntry.target_id == project.id,
                     AuditEntry.action.in_(PROJECT_CHANGE_ACTIONS)),
                and_(AuditEntry.target_type == "batch", AuditEntry.target_id.in_(batch_ids),
                     AuditEntry.action == "batch.update"))
    return list(session.scalars(select(AuditEntry).where(where)
                                .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)))


def change_dict(entry: AuditEntry) -> dict:
    after = dict(entry.after or {})
    reason = after.pop("reason", None)
    return {"at": entry.at.astimezone(clock.local_tz()).isoformat(), "actor": entry.actor.name if entry.actor else None,
            "action": entry.action, "target_id": entry.target_id, "before": entry.before, "after": after,
            "reason": reason}


def require_viewer(actor) -> None:
    policies.VIEW_CATALOGUE.enforce(actor)


def project_for(session, actor, project_id: int) -> Project:
    project = get_or_404(session, Project, project_id, _("No such project."))
    require_viewer(actor)
    return project


def batch_for(session, actor, batch_id: int, *, viewers_only: bool = True) -> Batch:
    batch = get_or_404(session, Batch, batch_id, _("No such batch."))
    if viewers_only:
        require_viewer(actor)
    return batch


def course_for(session, actor, course_id: int) -> Course:
    course = get_or_404(session, Course, course_id, _("No such course."))
    if not policies.can_see_course(actor, course):
        raise Forbidden(_("This course is not published yet."))
    return course


def catalogue_filter(actor):
    """The catalogue a caller sees (E2, E3): the published courses, and the drafts and courses under review of
    its own area (an admin's subtree); the province and the experts see every course."""
    if actor.has_role("province_admin", "expert"):
        return None
    published = Course.status == "published"
    root = scope.highest_admin_unit(actor)
    if root is None or not policies.can_make_courses(actor):
        return published
    return or_(published, Course.owner_unit_id.in_(select(OrgUnit.id).where(scope.subtree_filter(OrgUnit, root))))


def class_by_id(session, class_id: int) -> TrainingClass:
    klass = get_or_404(session, TrainingClass, class_id, _("No such class."))
    return klass


def can_view_class(session, actor, klass: TrainingClass, now: datetime) -> bool:
    """Admins, tutors and experts; the class's learners; teachers while it is open to choose."""
    if policies.can_view_catalogue(actor):
        return True
    # Enrollment (a layer above) knows who learns where: it answers through a declared hook.
    if registry.hook("enrollment.learns_in_class")(session, actor.id, klass.id):
        return True
    return actor.has_role("teacher") and now < klass.batch.registration_closes_at


def class_for(session, actor, class_id: int, now: datetime | None = None) -> TrainingClass:
    """The pipeline's loader of a class (``now``: the moment asked about, by default the clock's)."""
    klass = class_by_id(session, class_id)
    if not can_view_class(session, actor, klass, now or clock.now()):
        raise Forbidden(_("This class is not open to you."))
    return klass


def list_projects(session, *, year: int | None = None, page: int = 1, per_page: int = 50):
    query = select(Project)
    if year is not None:
        query = query.where(Project.year == year)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(Project.year.desc(), Project.id.desc())
                           .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def list_courses(session, actor=None, *, text: str = "", subject: str | None = None, stage: str | None = None,
                 status: str | None = None, page: int = 1, per_page: int = 50):
    """Courses the caller's catalogue holds (``actor`` None: all, for the system); ``status`` narrows them
    (``published``: those a class may offer)."""
    query = select(Course)
    if actor is not None and (visible := catalogue_filter(actor)) is not None:
        query = query.where(visible)
    if status:
        query = query.where(Course.status == status)
    if text.strip():
        query = query.where(or_(Course.title.like(f"%{text.strip()}%"), Course.subject.like(f"%{text.strip()}%")))
    if subject:
        query = query.where(Course.subject == subject)
    if stage:
        query = query.where(Course.stage == stage)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(Course.id).offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def list_classes(session, *, batch_id: int | None = None, course_id: int | None = None,
                 open_at: datetime | None = None, tutor_id: int | None = None, page: int = 1, per_page: int = 50):
    """Classes, newest batch first; ``open_at`` keeps those whose registration has not closed then."""
    query = select(TrainingClass).join(Batch, TrainingClass.batch_id == Batch.id)
    if batch_id is not None:
        query = query.where(TrainingClass.batch_id == batch_id)
    if course_id is not None:
        query = query.where(TrainingClass.course_id == course_id)
    if open_at is not None:
        query = query.where(Batch.registration_closes_at > open_at)
    if tutor_id is not None:
        query = query.where(TrainingClass.id.in_(select(class_tutor.c.class_id).where(class_tutor.c.user_id == tutor_id)))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(Batch.starts_on, TrainingClass.id).offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def current_batch(session, now: datetime, project: Project | None = None, *,
                  prefer: str = "running") -> Batch | None:
    """The batch a page means when none is named.

    ``prefer="running"`` (classes, statistics): the batch running today, else the one enrolling, else the
    next, else the last — never a future batch while one runs. ``prefer="enrolling"`` (enrolling teachers,
    handing down seats: work done before a batch starts): the enrolling one first, then the same order.
    """
    base = select(Batch).join(Project, Batch.project_id == Project.id)
    if project is not None:
        base = base.where(Batch.project_id == project.id)
    today = rules.local_date(now, clock.local_tz())
    running = base.where(Batch.starts_on <= today, Batch.ends_on >= today).order_by(Batch.starts_on.desc(),
                                                                                      Batch.id.desc())
    enrolling = base.where(Batch.registration_opens_at <= now, Batch.registration_closes_at > now).order_by(
        Batch.starts_on, Batch.id)
    for pick in ((enrolling, running) if prefer == "enrolling" else (running, enrolling)):
        found = session.scalar(pick.limit(1))
        if found is not None:
            return found
    upcoming = session.scalar(base.where(Batch.starts_on > today).order_by(Batch.starts_on).limit(1))
    return upcoming or session.scalar(base.order_by(Batch.starts_on.desc()).limit(1))


def batches_for_select(session, limit: int = 60) -> list[Batch]:
    return list(session.scalars(select(Batch).join(Project, Batch.project_id == Project.id)
                                .order_by(Project.year.desc(), Project.id.desc(), Batch.number).limit(limit)))
