"""Write operations of the expert pool and of course review. They take the actor, check the policy, never commit."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.core import audit, clock, registry
from lms.core.errors import Conflict, InvalidInput
from lms.experts import policies, rules
from lms.experts.models import CourseReview, CourseReviewer, ExpertProfile, ExpertSelection
from lms.org.models import RoleAssignment, User
from lms.projects import services as projects
from lms.projects.models import Course

PROFILE_FIELDS = ("subject", "stage", "title", "organisation", "specialty", "introduction")


def _invalid(fields: dict[str, str]) -> InvalidInput:
    return InvalidInput(_("Please correct the marked fields."), fields)


def _province_unit(actor):
    return next(a.org_unit for a in actor.role_assignments if a.role == "province_admin")


def add_to_pool(session, actor, username: str, values: dict) -> ExpertProfile:
    """The province puts a user into its pool with a profile; the user becomes an expert (a retired one returns)."""
    policies.KEEP_POOL.enforce(actor)
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.is_active_account:
        raise _invalid({"username": _("No active user has this username.")})
    profile = session.scalar(select(ExpertProfile).where(ExpertProfile.user_id == user.id))
    if profile is not None and profile.active:
        raise Conflict("already_in_pool", _("%(name)s is in the expert pool already.", name=user.name),
                       fields={"username": _("Already in the pool.")})
    now = clock.now()
    if profile is None:
        profile = ExpertProfile(user=user, created_at=now)
        session.add(profile)
    profile.retired_at = None
    _apply(profile, values)
    if not user.has_role("expert"):
        session.add(RoleAssignment(user_id=user.id, role="expert", org_unit_id=_province_unit(actor).id))
    session.flush()
    session.refresh(user)
    audit.record(session, actor, "expert.add", "expert_profile", profile.id, after=profile.to_dict())
    return profile


def _apply(profile: ExpertProfile, values: dict) -> None:
    for name in PROFILE_FIELDS:
        if name in values and values[name] is not None:
            value = values[name].strip() if isinstance(values[name], str) else values[name]
            setattr(profile, name, value or None if name in ("specialty", "introduction") else value)
    missing = {name: _("This field is required.") for name in ("subject", "stage", "title", "organisation")
               if not getattr(profile, name)}
    if missing:
        raise _invalid(missing)


def update_profile(session, actor, profile: ExpertProfile, values: dict) -> ExpertProfile:
    policies.KEEP_POOL.enforce(actor)
    before = profile.to_dict()
    _apply(profile, values)
    session.flush()
    if profile.to_dict() != before:
        audit.record(session, actor, "expert.update", "expert_profile", profile.id, before=before,
                     after=profile.to_dict())
    return profile


def retire(session, actor, profile: ExpertProfile) -> ExpertProfile:
    """Out of the pool: no longer offered to any level nor assigned; what the expert reviewed stays."""
    policies.KEEP_POOL.enforce(actor)
    if not profile.active:
        raise Conflict("retired", _("This expert has left the pool already."))
    profile.retired_at = clock.now()
    session.flush()
    audit.record(session, actor, "expert.retire", "expert_profile", profile.id, after=profile.to_dict())
    return profile


def select_expert(session, actor, profile: ExpertProfile) -> ExpertSelection:
    """A city or county takes an expert of the pool into its own team (an expert already chosen stays chosen)."""
    policies.SELECT.enforce(actor, profile)
    unit = policies.selecting_unit(actor)
    found = session.scalar(_selection(unit, profile))
    if found is not None:
        return found
    chosen = ExpertSelection(unit_id=unit.id, profile_id=profile.id, selected_by_id=actor.id, selected_at=clock.now())
    session.add(chosen)
    session.flush()
    audit.record(session, actor, "expert.select", "expert_profile", profile.id, org_unit_id=unit.id)
    return chosen


def unselect_expert(session, actor, profile: ExpertProfile) -> None:
    policies.SELECTION.enforce(actor)
    unit = policies.selecting_unit(actor)
    found = session.scalar(_selection(unit, profile))
    if found is not None:
        session.delete(found)
        session.flush()
        audit.record(session, actor, "expert.unselect", "expert_profile", profile.id, org_unit_id=unit.id)


def _selection(unit, profile):
    return select(ExpertSelection).where(ExpertSelection.unit_id == unit.id,
                                             ExpertSelection.profile_id == profile.id)


# --- course review ---------------------------------------------------------------------------------------


def submit(session, actor, course: Course, note: str | None = None) -> CourseReview:
    """The owner sends its draft to expert review: a new round opens and the course waits in review."""
    policies.SUBMIT.enforce(actor, course)
    last = session.scalar(select(func.max(CourseReview.round)).where(CourseReview.course_id == course.id)) or 0
    review = CourseReview(course=course, round=last + 1, state="open", submitted_by_id=actor.id,
                          submitted_at=clock.now(), note=(note or "").strip() or None)
    session.add(review)
    projects.move_course(session, course, "in_review")
    audit.record(session, actor, "course.submit", "course", course.id, org_unit_id=course.owner_unit_id,
                 after={"round": review.round, "note": review.note})
    return review


def candidates(session, actor) -> list[ExpertProfile]:
    """Whom the actor may assign: the province the whole pool, a city or county the experts it selected."""
    query = select(ExpertProfile).join(User, ExpertProfile.user_id == User.id).where(
        ExpertProfile.retired_at.is_(None), User.is_active_account.is_(True))
    if not actor.has_role("province_admin"):
        unit = policies.selecting_unit(actor)
        if unit is None:
            return []
        query = query.join(ExpertSelection, ExpertSelection.profile_id == ExpertProfile.id).where(
            ExpertSelection.unit_id == unit.id)
    return list(session.scalars(query.order_by(ExpertProfile.subject, User.name)))


def assign(session, actor, review: CourseReview, profile_ids: list[int]) -> CourseReview:
    """The province (or the owning level) adds reviewers from the experts it may assign."""
    policies.MANAGE_REVIEW.enforce(actor, review)
    if review.state != "open":
        raise Conflict("review_closed", _("This review round is closed."))
    allowed = {p.id: p for p in candidates(session, actor)}
    wanted = list(dict.fromkeys(profile_ids))
    if not wanted or any(i not in allowed for i in wanted):
        raise _invalid({"profile_ids": _("Choose experts of the pool you may assign.")})
    present = {r.profile_id for r in review.reviewers}
    new = [i for i in wanted if i not in present]
    if len(present) + len(new) > rules.MAX_REVIEWERS:
        raise _invalid({"profile_ids": _("At most %(n)d reviewers.", n=rules.MAX_REVIEWERS)})
    now = clock.now()
    for i in new:
        review.reviewers.append(CourseReviewer(profile=allowed[i], assigned_by_id=actor.id, assigned_at=now))
    session.flush()
    if new:
        audit.record(session, actor, "course_review.assign", "course_review", review.id,
                     org_unit_id=review.course.owner_unit_id, after={"profile_ids": new})
    return review


def evaluate(session, actor, review: CourseReview, scores: dict, comment: str | None, verdict: str) -> CourseReviewer:
    """An assigned expert scores the course, comments and judges; one "revise" sends the course back to its owner
    (rules.review_outcome)."""
    policies.EVALUATE.enforce(actor, review)
    problems = {k: _("Must be a whole number from %(a)d to %(b)d.", a=rules.SCORE_MIN, b=rules.SCORE_MAX)
                for k in rules.score_problems(scores)}
    comment = (comment or "").strip() or None
    if verdict not in rules.VERDICTS:
        problems["verdict"] = _("Approve or ask for revision.")
    elif verdict == "revise" and not comment:
        problems["comment"] = _("Say what must be revised.")
    if problems:
        raise _invalid(problems)
    mine = next(r for r in review.reviewers if r.profile.user_id == actor.id)
    for name in rules.CRITERIA:
        setattr(mine, name, scores[name])
    mine.comment, mine.verdict, mine.reviewed_at = comment, verdict, clock.now()
    session.flush()
    audit.record(session, actor, "course_review.evaluate", "course_review", review.id,
                 org_unit_id=review.course.owner_unit_id,
                 after={"verdict": verdict, **{n: scores[n] for n in rules.CRITERIA}})
    if outcome(review) == rules.REVISE:
        review.state, review.decided_at = "returned", clock.now()
        if not review.course.is_published:  # a re-review (E2a): the course stays offered, still marked
            projects.move_course(session, review.course, "draft")
    return mine


def outcome(review: CourseReview) -> str:
    return rules.review_outcome([r.verdict for r in review.reviewers])


def publish(session, actor, review: CourseReview) -> Course:
    """The province publishes the course into its catalogue once every reviewer approved (E2)."""
    policies.PUBLISH.enforce(actor, review)
    if review.state != "open" or outcome(review) != rules.APPROVED:
        raise Conflict("review_not_approved", _("Every assigned expert must approve the course before it is "
                                                "published."))
    review.state, review.decided_by_id, review.decided_at = "published", actor.id, clock.now()
    course = review.course
    if course.is_published:  # a re-review (E2a): the changed lessons are the approved ones now
        course.lessons_changed_at = None
        session.flush()
    else:
        projects.move_course(session, course, "published")
    audit.record(session, actor, "course.publish", "course", course.id, org_unit_id=course.owner_unit_id,
                 after={"round": review.round})
    return course


def lessons_changed(session, course: Course, lesson, change: str, actor) -> CourseReview:
    """E2a (004 L94): the lessons of a published course changed, so its experts review it again. An open re-review
    round starts over (the verdicts given on the former lessons are cleared); otherwise a new round opens with the
    experts of the last approved round who are still in the pool (none: the owner or the province assigns them).
    The course stays published and marked until the province confirms the round; the experts are told
    (``course_review.reopened``)."""
    review = session.scalar(select(CourseReview).where(CourseReview.course_id == course.id,
                                                       CourseReview.state == "open"))
    if review is None:
        last = session.scalar(select(func.max(CourseReview.round)).where(CourseReview.course_id == course.id)) or 0
        approved = session.scalar(select(CourseReview).where(CourseReview.course_id == course.id,
                                                             CourseReview.state == "published")
                                  .order_by(CourseReview.round.desc()).limit(1))
        review = CourseReview(course=course, round=last + 1, state="open", reason="lessons_changed",
                              submitted_by_id=getattr(actor, "id", None), submitted_at=clock.now())
        session.add(review)
        now = clock.now()
        for former in (approved.reviewers if approved is not None else []):
            if former.profile.active and former.profile.user.is_active_account:
                review.reviewers.append(CourseReviewer(profile=former.profile, assigned_by_id=None, assigned_at=now))
    else:
        for row in review.reviewers:
            for name in rules.CRITERIA:
                setattr(row, name, None)
            row.comment = row.verdict = row.reviewed_at = None
    session.flush()
    audit.record(session, actor, "course_review.reopen", "course_review", review.id,
                 org_unit_id=course.owner_unit_id, after={"round": review.round, "lesson": lesson.title,
                                                          "change": change})
    registry.emit(session, "course_review.reopened", review=review, lesson=lesson, change=change)
    return review
