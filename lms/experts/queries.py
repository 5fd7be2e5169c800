"""Read side of the expert pool and of course review, filtered by the caller's scope."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from lms.core import clock, scope
from lms.core.errors import get_or_404
from lms.experts import policies, rules
from lms.experts.models import CourseReview, CourseReviewer, ExpertProfile, ExpertSelection
from lms.org.models import OrgUnit, User
from lms.projects.models import Course


def profile(session, actor, profile_id: int) -> ExpertProfile:
    """Loader of an expert's profile (the route's policy decides who sees it)."""
    return get_or_404(session, ExpertProfile, profile_id, _("No such expert."))


def review(session, actor, review_id: int) -> CourseReview:
    return get_or_404(session, CourseReview, review_id, _("No such review."))


def pool(session, *, subject: str | None = None, stage: str | None = None, title: str | None = None,
         text: str = "", retired: bool = False, page: int = 1, per_page: int = 50):
    """The pool, filtered by subject, stage, professional title and a name or organisation; retired experts only
    when asked."""
    query = select(ExpertProfile).join(User, ExpertProfile.user_id == User.id).where(
        ExpertProfile.retired_at.is_not(None) if retired else ExpertProfile.retired_at.is_(None))
    if subject:
        query = query.where(ExpertProfile.subject == subject)
    if stage:
        query = query.where(ExpertProfile.stage == stage)
    if title:
        query = query.where(ExpertProfile.title == title)
    if text.strip():
        like = f"%{text.strip()}%"
        query = query.where(or_(User.name.like(like), ExpertProfile.organisation.like(like),
                                ExpertProfile.specialty.like(like)))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(ExpertProfile.subject, ExpertProfile.stage, User.name, ExpertProfile.id)
                           .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def facets(session) -> dict[str, list[str]]:
    """The subjects, stages and titles the active pool holds (the filter's choices)."""
    active = ExpertProfile.retired_at.is_(None)
    return {name: list(session.scalars(select(column).where(active).distinct().order_by(column)))
            for name, column in (("subject", ExpertProfile.subject), ("stage", ExpertProfile.stage),
                                 ("title", ExpertProfile.title))}


def selected_ids(session, actor) -> set[int]:
    """The experts the actor's city or county selected (empty for anyone else)."""
    unit = policies.selecting_unit(actor)
    if unit is None:
        return set()
    return set(session.scalars(select(ExpertSelection.profile_id).where(ExpertSelection.unit_id == unit.id)))


def selected_by(session, profile: ExpertProfile, actor) -> list[OrgUnit]:
    """The units of the actor's area that selected this expert (the profile page)."""
    query = select(OrgUnit).join(ExpertSelection, ExpertSelection.unit_id == OrgUnit.id).where(
        ExpertSelection.profile_id == profile.id)
    root = scope.highest_admin_unit(actor)
    if root is None:
        return []
    return list(session.scalars(query.where(scope.subtree_filter(OrgUnit, root)).order_by(OrgUnit.name)))


def profile_of_user(session, user_id: int) -> ExpertProfile | None:
    return session.scalar(select(ExpertProfile).where(ExpertProfile.user_id == user_id))


def queue(session, actor, state: str | None = "open", page: int = 1, per_page: int = 50):
    """Review rounds the caller follows: the province every one, a city or county those of its area's courses."""
    query = select(CourseReview).join(Course, CourseReview.course_id == Course.id)
    if not actor.has_role("province_admin"):
        root = scope.highest_admin_unit(actor)
        query = query.where(Course.owner_unit_id.in_(select(OrgUnit.id).where(scope.subtree_filter(OrgUnit, root))))
    if state:
        query = query.where(CourseReview.state == state)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(CourseReview.submitted_at, CourseReview.id)
                           .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def my_reviews(session, actor) -> list[CourseReviewer]:
    """The expert's assignments: open rounds without its evaluation first, then the rest, newest first."""
    query = (select(CourseReviewer).join(ExpertProfile, CourseReviewer.profile_id == ExpertProfile.id)
             .join(CourseReview, CourseReviewer.review_id == CourseReview.id)
             .where(ExpertProfile.user_id == actor.id))
    rows = list(session.scalars(query.order_by(CourseReview.submitted_at.desc(), CourseReview.id.desc())))
    return sorted(rows, key=lambda r: not (r.review.state == "open" and r.verdict is None))


def rounds_of(session, course: Course) -> list[CourseReview]:
    return list(session.scalars(select(CourseReview).where(CourseReview.course_id == course.id)
                                .order_by(CourseReview.round.desc())))


def _when(moment):
    return moment.astimezone(clock.local_tz()).isoformat() if moment else None


def reviewer_dict(row: CourseReviewer) -> dict:
    return {"profile_id": row.profile_id, "name": row.profile.user.name, "title": row.profile.title,
            "organisation": row.profile.organisation,
            "scores": {n: getattr(row, n) for n in rules.CRITERIA} if row.verdict else None,
            "comment": row.comment, "verdict": row.verdict, "reviewed_at": _when(row.reviewed_at)}


def review_dict(review: CourseReview, actor) -> dict:
    outcome = rules.review_outcome([r.verdict for r in review.reviewers])
    return {"id": review.id, "course": review.course.to_dict(), "round": review.round, "state": review.state,
            "outcome": outcome, "reason": review.reason, "note": review.note,
            "submitted_by": review.submitted_by.name if review.submitted_by else None,
            "submitted_at": _when(review.submitted_at), "decided_at": _when(review.decided_at),
            "average": rules.average_score([{n: getattr(r, n) for n in rules.CRITERIA} for r in review.reviewers]),
            "reviewers": [reviewer_dict(r) for r in review.reviewers],
            "can_assign": review.state == "open" and policies.can_manage_review(actor, review),
            "can_evaluate": policies.can_evaluate(actor, review),
            "can_publish": review.state == "open" and outcome == rules.APPROVED and policies.can_publish(actor, review)}


def qa_hosts(session, actor) -> list[ExpertProfile]:
    """E1a: the experts ``actor`` may name as hosts of a Q&A session: active experts of the pool selected by the
    city or county of one of its roles (or above it); with a role at the province, the whole active pool."""
    units = [(a.org_unit.level, a.org_unit.city_id, a.org_unit.county_id) for a in actor.role_assignments]
    whole, unit_ids = rules.qa_host_sources(units)
    query = select(ExpertProfile).join(User, ExpertProfile.user_id == User.id).where(
        ExpertProfile.retired_at.is_(None), User.is_active_account.is_(True))
    if not whole:
        if not unit_ids:
            return []
        query = query.where(ExpertProfile.id.in_(select(ExpertSelection.profile_id)
                                                 .where(ExpertSelection.unit_id.in_(unit_ids))))
    return list(session.scalars(query.order_by(ExpertProfile.subject, User.name, ExpertProfile.id)))
