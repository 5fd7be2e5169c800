"""The read side of briefings: one briefing for its reader, and the reader's list — the area briefings and
summary reports it may read beside the class briefings of the classes it learns in or tutors."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select

from lms.briefings.models import AreaBriefing
from lms.briefings import drafting, policies
from lms.core import scope
from lms.core.errors import Forbidden, NotFound
from lms.enrollment.models import Enrollment
from lms.org.models import OrgUnit
from lms.projects.models import Project, TrainingClass, class_tutor
from lms.reports.models import Briefing


def briefing(session, actor, briefing_id: int) -> AreaBriefing:
    """The pipeline's loader: 404 when there is none, 403 when it is not for the caller's area (or a draft of
    another unit)."""
    item = session.get(AreaBriefing, briefing_id)
    if item is None:
        raise NotFound(_("No such briefing."))
    if not policies.can_read(actor, item):
        raise Forbidden(_("This briefing is not for your area."))
    return item


def readable(actor):
    """SQL condition on area_briefing rows (joined to their org_unit) that ``actor`` reads (rules.reads)."""
    units = scope.admin_units(actor)
    reach = set(actor.org_unit.ancestor_ids())
    for unit in units:
        reach |= set(unit.ancestor_ids())
    published = or_(AreaBriefing.org_unit_id.in_(reach), *[scope.subtree_filter(OrgUnit, u) for u in units])
    conditions = [and_(AreaBriefing.status == "published", published)]
    if units:
        conditions.append(and_(AreaBriefing.status == "draft", AreaBriefing.org_unit_id.in_([u.id for u in units])))
    return or_(*conditions)


def area_briefings(session, actor, *, offset: int = 0, limit: int = 50) -> tuple[list[AreaBriefing], int]:
    """The caller's readable briefings, drafts first then the newest published; and how many there are."""
    query = select(AreaBriefing).join(OrgUnit, AreaBriefing.org_unit_id == OrgUnit.id).where(readable(actor))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    items = session.scalars(query.order_by(AreaBriefing.status, func.coalesce(AreaBriefing.published_at,
                                                                              AreaBriefing.updated_at).desc(),
                                           AreaBriefing.id.desc()).offset(offset).limit(limit))
    return list(items), int(total or 0)


def class_briefings(session, actor, limit: int = 20) -> list[Briefing]:
    """The newest briefings of the classes ``actor`` tutors or learns in (active enrollment)."""
    tutored = select(class_tutor.c.class_id).where(class_tutor.c.user_id == actor.id)
    learning = select(Enrollment.class_id).where(Enrollment.teacher_id == actor.id, Enrollment.status == "active")
    return list(session.scalars(select(Briefing).where(or_(Briefing.class_id.in_(tutored),
                                                           Briefing.class_id.in_(learning)))
                                .order_by(Briefing.created_at.desc(), Briefing.id.desc()).limit(limit)))


def class_names(session, class_ids) -> dict[int, str]:
    if not class_ids:
        return {}
    return dict(session.execute(select(TrainingClass.id, TrainingClass.name)
                                .where(TrainingClass.id.in_(set(class_ids)))).all())


def described(actor, item: AreaBriefing) -> dict:
    return {**item.to_dict(), "can_edit": policies.can_edit(actor, item)}


def listing(session, actor, page: int = 1, per_page: int = 50) -> dict:
    """The caller's list as the API gives it: its area briefings paged, and its classes' newest briefings."""
    items, total = area_briefings(session, actor, offset=(page - 1) * per_page, limit=per_page)
    lessons = class_briefings(session, actor)
    names = class_names(session, [b.class_id for b in lessons])
    return {"items": [described(actor, i) for i in items], "page": page, "per_page": per_page, "total": total,
            "class_briefings": [{"id": b.id, "class_id": b.class_id, "class_name": names.get(b.class_id, ""),
                                 "author": b.author.name if b.author else None, "title": b.title,
                                 "created_at": b.created_at.isoformat()} for b in lessons]}


def periods(session, limit: int = 30) -> list[tuple[str, str]]:
    """What a briefing may report on, newest first: each batch (``b<id>``) and each project as a whole
    (``p<id>``)."""
    choices: list[tuple[str, str]] = []
    projects = session.scalars(select(Project).order_by(Project.year.desc(), Project.id.desc()).limit(limit))
    for project in projects:
        for batch in sorted(project.batches, key=lambda b: b.number, reverse=True):
            choices.append((f"b{batch.id}", drafting.period_name(project, batch)))
        choices.append((f"p{project.id}", _("%(project)s (whole project)", project=project.name)))
    return choices
