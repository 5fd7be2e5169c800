"""The read side of surveys: the loader, whom a survey addresses, the surveys open to a respondent, the surveys
of an area, and the stored answers for the results."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from lms.core import scope
from lms.core.errors import Forbidden, get_or_404
from lms.enrollment.models import Enrollment
from lms.org.models import OrgUnit, RoleAssignment, User
from lms.projects.models import TrainingClass, class_tutor
from lms.surveys import policies, rules
from lms.surveys.models import Survey, SurveyAnswer, SurveyParticipation, SurveyResponse

AUDIENCE_ROLES = {rules.LEARNERS: ("teacher",), rules.TUTORS: ("tutor",), rules.ADMINS: tuple(scope.ADMIN_ROLE_LEVEL)}


def audience_ids(survey: Survey):
    """SELECT of the ids of the (active) users the survey addresses now."""
    owner = survey.owner_unit
    if survey.target_kind == rules.UNIT or survey.audience != rules.LEARNERS:
        roles = AUDIENCE_ROLES[survey.audience]
        query = (select(User.id).join(RoleAssignment, RoleAssignment.user_id == User.id)
                 .join(OrgUnit, OrgUnit.id == User.org_unit_id)
                 .where(RoleAssignment.role.in_(roles), User.is_active_account.is_(True)))
        if survey.target_kind == rules.UNIT:
            query = query.where(scope.subtree_filter(OrgUnit, survey.target_unit))
        else:  # the tutors of the class, or of the batch's classes
            tutors = select(class_tutor.c.user_id).join(TrainingClass, TrainingClass.id == class_tutor.c.class_id)
            tutors = (tutors.where(TrainingClass.id == survey.target_class_id) if survey.target_kind == rules.CLASS
                      else tutors.where(TrainingClass.batch_id == survey.target_batch_id))
            query = query.where(User.id.in_(tutors))
        if survey.area_limited:
            query = query.where(scope.subtree_filter(OrgUnit, owner))
        return query.distinct()
    query = (select(Enrollment.teacher_id).join(User, User.id == Enrollment.teacher_id)
             .where(Enrollment.status == "active", User.is_active_account.is_(True)))
    query = (query.where(Enrollment.class_id == survey.target_class_id) if survey.target_kind == rules.CLASS
             else query.where(Enrollment.batch_id == survey.target_batch_id))
    if survey.area_limited:
        query = query.join(OrgUnit, OrgUnit.id == Enrollment.school_id).where(scope.subtree_filter(OrgUnit, owner))
    return query.distinct()


def addresses(session, survey: Survey, user_id: int) -> bool:
    return session.scalar(audience_ids(survey).where(_id_column(survey) == user_id).limit(1)) is not None


def _id_column(survey: Survey):
    return Enrollment.teacher_id if survey.target_kind != rules.UNIT and survey.audience == rules.LEARNERS \
        else User.id


def audience_count(session, survey: Survey) -> int:
    return session.scalar(select(func.count()).select_from(audience_ids(survey).subquery())) or 0


def has_answered(session, survey_id: int, user_id: int) -> bool:
    return session.get(SurveyParticipation, (survey_id, user_id)) is not None


def response_count(session, survey_id: int) -> int:
    return session.scalar(select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == survey_id)) or 0


def survey(session, actor, survey_id: int) -> Survey:
    """The pipeline's loader: a survey its manager sees in any state; a published one whom it addresses."""
    found = get_or_404(session, Survey, survey_id, _("No such survey."))
    if policies.can_manage(actor, found):
        return found
    if found.status != rules.DRAFT and addresses(session, found, actor.id):
        return found
    raise Forbidden(_("This survey is not addressed to you."))


def survey_to_answer(session, actor, survey_id: int) -> Survey:
    """The loader of answering: only a published survey that addresses ``actor`` (its managers included only when
    it addresses them too), so nobody else learns the answers' rules."""
    found = get_or_404(session, Survey, survey_id, _("No such survey."))
    if found.status == rules.DRAFT or not addresses(session, found, actor.id):
        raise Forbidden(_("This survey is not addressed to you."))
    return found


def open_for(session, actor, now: datetime) -> list[tuple[Survey, bool]]:
    """The published surveys open now that address ``actor``, each with whether it has answered, soonest to close
    first."""
    candidates = session.scalars(select(Survey).where(Survey.status == rules.PUBLISHED, Survey.opens_at <= now,
                                                      Survey.closes_at > now)
                                 .order_by(Survey.closes_at, Survey.id))
    answered = set(session.scalars(select(SurveyParticipation.survey_id)
                                   .where(SurveyParticipation.user_id == actor.id)))
    return [(s, s.id in answered) for s in candidates if addresses(session, s, actor.id)]


def managed(session, actor, *, page: int = 1, per_page: int = 50) -> tuple[list[Survey], int]:
    """The surveys ``actor`` manages: its own, and those of the units in its admin areas; newest first."""
    areas = scope.admin_units(actor)
    owned = [Survey.author_id == actor.id]
    if areas:
        owned.append(Survey.owner_unit_id.in_(select(OrgUnit.id).where(
            or_(*(scope.subtree_filter(OrgUnit, unit) for unit in areas)))))
    query = select(Survey).where(or_(*owned))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Survey.created_at.desc(), Survey.id.desc())
                           .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def answers_by_question(session, survey_id: int) -> dict[int, list]:
    """Every stored answer's value, by question, in the order the responses came."""
    rows = session.execute(select(SurveyAnswer.question_id, SurveyAnswer.value)
                           .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
                           .where(SurveyResponse.survey_id == survey_id)
                           .order_by(SurveyResponse.id, SurveyAnswer.id))
    found: dict[int, list] = {}
    for question_id, value in rows:
        found.setdefault(question_id, []).append(value)
    return found


def named_responses(session, survey_id: int) -> list[SurveyResponse]:
    """A named survey's responses with their respondents (an anonymous survey's have none)."""
    return list(session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey_id)
                                .order_by(SurveyResponse.id)))
