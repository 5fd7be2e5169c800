"""Read side of tutors: the loaders, an applicant's versions, the reviewers' queues, the library, recommendations."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, or_, select

from lms.core import scope
from lms.core.errors import Forbidden, NotFound, get_or_404
from lms.live.models import LiveBooking, LiveFeedback, LiveSession
from lms.org.models import OrgUnit, User
from lms.tutors import policies, rules
from lms.tutors.models import TutorApplication, TutorDisqualification


def application_for(session, actor, application_id: int) -> TutorApplication:
    application = get_or_404(session, TutorApplication, application_id, _("No such tutor application."))
    if not policies.can_read(actor, application):
        raise Forbidden(_("This application is its applicant's and the reviewing admins'."))
    return application


def sample_video_of(session, actor, application_id: int) -> TutorApplication:
    """Loader of an application's uploaded sample video: its applicant and reviewing admins; an approved
    profile's, anyone signed in (the library shows it). 404 without a video."""
    application = get_or_404(session, TutorApplication, application_id, _("No such tutor application."))
    if application.status != rules.APPROVED and not policies.can_read(actor, application):
        raise Forbidden(_("This application is its applicant's and the reviewing admins'."))
    if application.sample_video_key is None:
        raise NotFound(_("This application has no uploaded sample video."))
    return application


def approved_of(session, user_id: int) -> TutorApplication | None:
    return session.scalar(select(TutorApplication).where(TutorApplication.user_id == user_id,
                                                         TutorApplication.status == rules.APPROVED))


def disqualification_of(session, user_id: int) -> TutorDisqualification | None:
    """The tutor's revoked qualification in force (B17), if any."""
    return session.scalar(select(TutorDisqualification).where(TutorDisqualification.user_id == user_id,
                                                              TutorDisqualification.reinstated_at.is_(None)))


def open_of(session, user_id: int) -> TutorApplication | None:
    return session.scalar(select(TutorApplication).where(TutorApplication.user_id == user_id,
                                                         TutorApplication.status.in_(rules.OPEN)))


def tutor_for(session, actor, tutor_id: int) -> TutorApplication:
    """The library's loader: a tutor's approved profile (the library is open to every signed-in teacher)."""
    profile = approved_of(session, tutor_id)
    if profile is None:
        raise NotFound(_("No such tutor in the library."))
    return profile


def queue(session, actor) -> list[TutorApplication]:
    """The applications waiting for the actor: at each level it reviews, those of its own subtree."""
    clauses = [and_(TutorApplication.status == level, scope.subtree_filter(OrgUnit, a.org_unit))
               for a in actor.role_assignments for level, role in rules.REVIEWER_ROLE.items() if a.role == role]
    if not clauses:
        return []
    return list(session.scalars(select(TutorApplication).join(OrgUnit, TutorApplication.org_unit_id == OrgUnit.id)
                                .where(or_(*clauses)).order_by(TutorApplication.submitted_at, TutorApplication.id)))


def area_applications(session, actor, status: str | None = None, *, limit: int = 500) -> list[TutorApplication]:
    """Every application of the admin's area (any state), newest first: what it has already decided, too."""
    units = scope.admin_units(actor)
    if not units:
        return []
    query = (select(TutorApplication).join(OrgUnit, TutorApplication.org_unit_id == OrgUnit.id)
             .where(or_(*(scope.subtree_filter(OrgUnit, u) for u in units))))
    if status:
        query = query.where(TutorApplication.status == status)
    return list(session.scalars(query.order_by(TutorApplication.submitted_at.desc(), TutorApplication.id.desc())
                                .limit(limit)))


def library(session, *, subject: str | None = None, stage: str | None = None,
            topic: str | None = None) -> list[TutorApplication]:
    """The approved profiles, filtered by subject, stage (exact) and topic (a part of one), by name.

    The lists are JSON columns: the filter runs here, over the approved profiles only (a province's tutors are
    hundreds, not millions)."""
    rows = session.scalars(select(TutorApplication).join(User, TutorApplication.user_id == User.id)
                           .where(TutorApplication.status == rules.APPROVED).order_by(User.name, User.id))
    topic = (topic or "").strip().lower()
    return [r for r in rows if (not subject or subject in r.subjects) and (not stage or stage in r.stages)
            and (not topic or any(topic in t.lower() for t in r.topics))]


def choices(session) -> tuple[list[str], list[str]]:
    """The subjects and stages the library's profiles name (the filters' options)."""
    subjects, stages = set(), set()
    for row in session.scalars(select(TutorApplication).where(TutorApplication.status == rules.APPROVED)):
        subjects.update(row.subjects)
        stages.update(row.stages)
    return sorted(subjects), sorted(stages)


def upcoming_by_tutor(session, tutor_ids, now: datetime) -> dict[int, list[LiveSession]]:
    """Each tutor's scheduled sessions not over yet, soonest first."""
    found: dict[int, list[LiveSession]] = {i: [] for i in tutor_ids}
    if not found:
        return found
    rows = session.scalars(select(LiveSession).where(LiveSession.host_id.in_(list(found)),
                                                     LiveSession.status == "scheduled", LiveSession.ends_at > now)
                           .order_by(LiveSession.starts_at, LiveSession.id))
    for live in rows:
        found[live.host_id].append(live)
    return found


def learner_history(session, learner, approved: dict[int, TutorApplication]) -> rules.Learner:
    """What the learner did: the tutors whose sessions it booked, the ratings it gave, the topics of those it liked."""
    booked = set(session.scalars(select(LiveSession.host_id).join(LiveBooking)
                                 .where(LiveBooking.user_id == learner.id, LiveBooking.status == "booked")))
    ratings: dict[int, list[int]] = {}
    for host_id, rating in session.execute(select(LiveSession.host_id, LiveFeedback.rating)
                                           .join(LiveFeedback, LiveFeedback.session_id == LiveSession.id)
                                           .where(LiveFeedback.user_id == learner.id)):
        ratings.setdefault(host_id, []).append(rating)
    given = {k: tuple(v) for k, v in ratings.items()}
    liked = rules.liked_topics(given, {k: tuple(r.topics) for k, r in approved.items()})
    return rules.Learner(learner.subject, learner.stage, given, frozenset(booked), liked)


def recommendations(session, learner, now: datetime, *, limit: int = 5) -> list[tuple[TutorApplication, int]]:
    """The library's best tutors for the learner with their scores (rules.score)."""
    approved = {r.user_id: r for r in library(session)}
    upcoming = upcoming_by_tutor(session, list(approved), now)
    candidates = [rules.Candidate(r.user_id, tuple(r.subjects), tuple(r.stages), tuple(r.topics),
                                  len(upcoming[r.user_id])) for r in approved.values()]
    history = learner_history(session, learner, approved)
    return [(approved[c.tutor_id], points)
            for c, points in rules.recommend(candidates, history, exclude=learner.id, limit=limit)]
