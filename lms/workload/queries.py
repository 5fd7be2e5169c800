"""A batch's workload statement for an admin's area (JX13a): one grouped count per measure over the people of
the area — the tutors of the batch's classes placed in it and its admins — by the counting rules of rules.py."""
from __future__ import annotations

from sqlalchemy import func, or_, select

from lms.assignments.models import PlagiarismDecision, Submission
from lms.briefings.models import AreaBriefing
from lms.core import clock, scope
from lms.enrollment.models import Enrollment
from lms.forum.models import ForumPost, QaQuestion, QaSession
from lms.org.models import OrgUnit, RoleAssignment, User
from lms.projects import queries as project_queries
from lms.projects.models import Batch, TrainingClass, class_tutor
from lms.reports.models import Announcement, Briefing
from lms.workload import rules


def _counts(session, query) -> dict[int, int]:
    return {who: int(n) for who, n in session.execute(query).all() if who is not None}


def _tutors(session, unit: OrgUnit, batch: Batch) -> list[dict]:
    rows = session.execute(
        select(User.id, User.name, OrgUnit.name).join(class_tutor, class_tutor.c.user_id == User.id)
        .join(TrainingClass, TrainingClass.id == class_tutor.c.class_id).join(OrgUnit, User.org_unit_id == OrgUnit.id)
        .where(TrainingClass.batch_id == batch.id, scope.subtree_filter(OrgUnit, unit)).distinct()).all()
    return [{"user_id": uid, "name": name, "role": "tutor", "unit": unit_name} for uid, name, unit_name in rows]


def _admins(session, unit: OrgUnit) -> list[dict]:
    """Each admin of the area once, at its highest admin role."""
    rows = session.execute(
        select(User.id, User.name, RoleAssignment.role, OrgUnit.name, OrgUnit.level)
        .join(RoleAssignment, RoleAssignment.user_id == User.id).join(OrgUnit, RoleAssignment.org_unit_id == OrgUnit.id)
        .where(RoleAssignment.role.in_(scope.ADMIN_ROLE_LEVEL), scope.subtree_filter(OrgUnit, unit))).all()
    best: dict[int, tuple] = {}
    for uid, name, role, unit_name, level in rows:
        if uid not in best or scope.level_index(level) < scope.level_index(best[uid][3]):
            best[uid] = (name, role, unit_name, level)
    return [{"user_id": uid, "name": name, "role": role, "unit": unit_name}
            for uid, (name, role, unit_name, _level) in best.items()]


def _tutor_work(session, batch: Batch, ids: list[int]) -> dict[str, dict[int, int]]:
    classes = select(TrainingClass.id).where(TrainingClass.batch_id == batch.id)
    in_batch = Submission.class_id.in_(classes)
    return {
        "reviews": _counts(session, select(Submission.reviewed_by_id, func.count()).where(
            in_batch, Submission.reviewed_by_id.in_(ids)).group_by(Submission.reviewed_by_id)),
        "verdicts": _counts(session, select(PlagiarismDecision.decided_by_id, func.count())
                            .join(Submission, PlagiarismDecision.submission_id == Submission.id)
                            .where(in_batch, PlagiarismDecision.decided_by_id.in_(ids))
                            .group_by(PlagiarismDecision.decided_by_id)),
        "class_briefings": _counts(session, select(Briefing.author_id, func.count()).where(
            Briefing.class_id.in_(classes), Briefing.author_id.in_(ids)).group_by(Briefing.author_id)),
        "forum_posts": _counts(session, select(ForumPost.author_id, func.count()).where(
            ForumPost.class_id.in_(classes), ForumPost.hidden.is_(False), ForumPost.author_id.in_(ids))
            .group_by(ForumPost.author_id)),
        "qa_answers": _counts(session, select(QaQuestion.answered_by_id, func.count())
                              .join(QaSession, QaQuestion.session_id == QaSession.id)
                              .where(QaSession.class_id.in_(classes), QaQuestion.answered_by_id.in_(ids))
                              .group_by(QaQuestion.answered_by_id)),
        "qa_sessions": _counts(session, select(QaSession.created_by_id, func.count()).where(
            QaSession.class_id.in_(classes), QaSession.created_by_id.in_(ids)).group_by(QaSession.created_by_id)),
    }


def _admin_work(session, batch: Batch, ids: list[int]) -> dict[str, dict[int, int]]:
    span = rules.window(batch.registration_opens_at, batch.ends_on, clock.local_tz())
    on_project = (AreaBriefing.batch_id.is_(None) & (AreaBriefing.project_id == batch.project_id)
                  & (AreaBriefing.published_at >= span[0]) & (AreaBriefing.published_at < span[1]))
    return {
        "enrollments": _counts(session, select(Enrollment.created_by_id, func.count()).where(
            Enrollment.batch_id == batch.id, Enrollment.created_by_id.in_(ids)).group_by(Enrollment.created_by_id)),
        "enrollment_changes": _counts(session, select(Enrollment.ended_by_id, func.count()).where(
            Enrollment.batch_id == batch.id, Enrollment.ended_by_id.in_(ids)).group_by(Enrollment.ended_by_id)),
        "area_briefings": _counts(session, select(AreaBriefing.author_id, func.count()).where(
            AreaBriefing.status == "published", AreaBriefing.author_id.in_(ids),
            or_(AreaBriefing.batch_id == batch.id, on_project)).group_by(AreaBriefing.author_id)),
        "announcements": _counts(session, select(Announcement.author_id, func.count()).where(
            Announcement.author_id.in_(ids), Announcement.created_at >= span[0], Announcement.created_at < span[1])
            .group_by(Announcement.author_id)),
    }


def statement(session, unit: OrgUnit, batch: Batch) -> list[dict]:
    """One row per tutor of the batch placed in ``unit``'s subtree and per admin of it, each measure counted
    (a measure that does not apply to the role is None), with the total."""
    tutors, admins = _tutors(session, unit, batch), _admins(session, unit)
    tutor_work = _tutor_work(session, batch, [r["user_id"] for r in tutors]) if tutors else {}
    admin_work = _admin_work(session, batch, [r["user_id"] for r in admins]) if admins else {}
    rows = []
    for people, work, measures, others in ((tutors, tutor_work, rules.TUTOR_MEASURES, rules.ADMIN_MEASURES),
                                           (admins, admin_work, rules.ADMIN_MEASURES, rules.TUTOR_MEASURES)):
        for person in people:
            row = {**person, **{m: work[m].get(person["user_id"], 0) for m in measures},
                   **{m: None for m in others}}
            row["total"] = rules.total(row)
            rows.append(row)
    return rows


def batch(session, actor, batch_id: int) -> Batch:
    """The pipeline's loader of the batch a statement is asked for (the policy decides who may)."""
    return project_queries.batch_for(session, actor, batch_id, viewers_only=False)
