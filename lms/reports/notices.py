"""Read side of announcements, briefings and evaluations."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from lms.core import scope
from lms.core.errors import Forbidden, NotFound
from lms.enrollment.models import Enrollment
from lms.org.models import OrgUnit
from lms.forum import policies as forum_policies
from lms.projects.models import TrainingClass
from lms.reports import policies
from lms.reports.models import Announcement, Briefing, CourseEvaluation


def announcements_for(session, user, limit: int = 50) -> list[Announcement]:
    """What reaches the user: announcements to any unit on the path from the province to the user's unit,
    and those to units inside an admin's area."""
    reach = user.org_unit.ancestor_ids()
    admin_units = scope.admin_units(user)
    query = select(Announcement).join(OrgUnit, Announcement.org_unit_id == OrgUnit.id)
    conditions = [Announcement.org_unit_id.in_(reach)]
    conditions += [scope.subtree_filter(OrgUnit, unit) for unit in admin_units]
    return list(session.scalars(query.where(or_(*conditions)).order_by(Announcement.created_at.desc()).limit(limit)))


def class_for_people(session, user, class_id: int) -> TrainingClass:
    """The pipeline's loader of a class on briefing and evaluation routes, for the people of the class: the
    same circle that reads its forum (admins: with one of its learners in their area)."""
    klass = session.get(TrainingClass, class_id)
    if klass is None:
        raise NotFound(_("No such class."))
    if not forum_policies.can_view(session, user, klass):
        raise Forbidden(_("Only the people of this class see it."))
    return klass


def briefings(session, klass: TrainingClass) -> list[Briefing]:
    return list(session.scalars(select(Briefing).where(Briefing.class_id == klass.id)
                                .order_by(Briefing.created_at.desc())))


def readable_evaluations(reader, klass: TrainingClass):
    """The condition on course_evaluation rows ``reader`` may read: the class's tutors read them all
    (policies.reads_every_evaluation); anyone else — an admin — only those of the learners in its own subtree,
    whatever the class's other schools: nothing when it administers no unit."""
    if policies.reads_every_evaluation(reader, klass):
        return CourseEvaluation.class_id == klass.id
    units = scope.admin_units(reader)
    if not units:
        return CourseEvaluation.id.is_(None)
    in_area = (select(Enrollment.id).join(OrgUnit, Enrollment.school_id == OrgUnit.id)
               .where(Enrollment.class_id == klass.id, or_(*[scope.subtree_filter(OrgUnit, u) for u in units])))
    return (CourseEvaluation.class_id == klass.id) & CourseEvaluation.enrollment_id.in_(in_area)


def evaluation_summary(session, klass: TrainingClass, reader) -> dict:
    """Anonymous: the count, the average rating, the distribution and the comments without names, over the
    evaluations ``reader`` may read (readable_evaluations)."""
    readable = readable_evaluations(reader, klass)
    count, average = session.execute(select(func.count(CourseEvaluation.id), func.avg(CourseEvaluation.rating))
                                     .where(readable)).one()
    spread = dict(session.execute(select(CourseEvaluation.rating, func.count()).where(readable)
                                  .group_by(CourseEvaluation.rating)).all())
    comments = list(session.scalars(select(CourseEvaluation.comment).where(
        readable, CourseEvaluation.comment.isnot(None)).order_by(CourseEvaluation.created_at.desc()).limit(200)))
    return {"class_id": klass.id, "count": count, "rating_avg": round(float(average), 2) if average else None,
            "ratings": {str(r): spread.get(r, 0) for r in range(1, 6)}, "comments": comments}
