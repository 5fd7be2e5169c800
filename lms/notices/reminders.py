"""Reminders made by the periodic work (lms.core.jobs.PERIODIC → ``send_due_job``): the enrollment window
closing with a school's seats unused, the quota deadline near with seats not handed down, the batch ending with
a learner's work or study time missing, an open survey closing that someone it addresses has not answered, a
tutor's last week short of the 2-hour minimum, a live session's feedback still owed two days before its 7 days
close. Who and when is decided by lms.notices.rules; each reminder has a key, so it is sent once per subject and
running the tick again sends nothing new."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import func, select

from lms.assignments.models import Assignment, Submission
from lms.core import clock
from lms.core.db import hold_write_lock
from lms.enrollment.models import Enrollment
from lms.extensions import db
from lms.live import queries as live_queries
from lms.live import rules as live_rules
from lms.notices import rules, services
from lms.notices.listeners import unit_admins
from lms.org.models import OrgUnit, RoleAssignment, User
from lms.projects.models import Batch, Course, Project, TrainingClass
from lms.quotas.models import Quota
from lms.surveys import queries as survey_queries
from lms.surveys.models import Survey, SurveyParticipation
from lms.tracking.models import StudyTotal
from lms.tutoring import queries as tutoring_queries
from lms.tutoring import rules as tutoring_rules
from lms.tutors import rules as tutor_rules
from lms.tutors.models import TutorApplication

log = logging.getLogger(__name__)


def _unit_params(unit: OrgUnit, batch: Batch) -> dict:
    return {"unit": unit.name, "unit_id": unit.id, "level": unit.level, "batch": batch.number,
            "batch_id": batch.id, "project": batch.project.name}


def window_closing(session, now: datetime) -> int:
    """School admins whose school has seats nobody takes yet, when enrollment closes within two days."""
    sent = 0
    batches = session.scalars(select(Batch).where(Batch.registration_closes_at > now,
                                                  Batch.registration_closes_at <= now + rules.WINDOW_NOTICE))
    for batch in batches:
        rows = session.execute(select(Quota, OrgUnit).join(OrgUnit, OrgUnit.id == Quota.org_unit_id)
                               .where(Quota.batch_id == batch.id, OrgUnit.level == "school",
                                      Quota.seats > Quota.allocated + Quota.enrolled).order_by(OrgUnit.id)).all()
        for quota, unit in rows:
            if not rules.window_closing_due(batch.registration_closes_at, now, quota.available):
                continue
            params = {**_unit_params(unit, batch), "seats": quota.available,
                      "closes_at": batch.registration_closes_at.isoformat()}
            sent += len(services.notify_all(session, unit_admins(session, unit), rules.WINDOW_CLOSING, params,
                                            key=rules.key(rules.WINDOW_CLOSING, batch.id, unit.id)))
    return sent


def quota_deadline(session, now: datetime) -> int:
    """Admins above the schools holding seats they have not handed down, when the quota deadline is near."""
    today = now.astimezone(clock.local_tz()).date()
    sent = 0
    batches = session.scalars(select(Batch).join(Project, Project.id == Batch.project_id)
                              .where(Project.quota_deadline >= today,
                                     Project.quota_deadline <= today + timedelta(days=rules.QUOTA_NOTICE_DAYS),
                                     Batch.ends_on >= today))
    for batch in batches:
        rows = session.execute(select(Quota, OrgUnit).join(OrgUnit, OrgUnit.id == Quota.org_unit_id)
                               .where(Quota.batch_id == batch.id, OrgUnit.level != "school",
                                      Quota.seats > Quota.allocated).order_by(OrgUnit.id)).all()
        for quota, unit in rows:
            left = quota.seats - quota.allocated
            if not rules.quota_deadline_due(batch.project.quota_deadline, today, left):
                continue
            params = {**_unit_params(unit, batch), "seats": left,
                      "deadline": batch.project.quota_deadline.isoformat()}
            sent += len(services.notify_all(session, unit_admins(session, unit), rules.QUOTA_DEADLINE, params,
                                            key=rules.key(rules.QUOTA_DEADLINE, batch.id, unit.id)))
    return sent


def batch_ending(session, now: datetime) -> int:
    """Learners whose batch ends within three days with work not handed in or study time short."""
    today = now.astimezone(clock.local_tz()).date()
    sent = 0
    batches = session.scalars(select(Batch).where(Batch.ends_on >= today, Batch.starts_on <= today,
                                                  Batch.ends_on <= today + timedelta(days=rules.BATCH_NOTICE_DAYS)))
    for batch in batches:
        assignments = dict(session.execute(select(Assignment.course_id, func.count()).group_by(Assignment.course_id)
                                           .where(Assignment.course_id.in_(select(TrainingClass.course_id)
                                                  .where(TrainingClass.batch_id == batch.id)))).all())
        handed_in = (select(func.count(func.distinct(Submission.assignment_id)))
                     .where(Submission.enrollment_id == Enrollment.id).scalar_subquery())
        rows = session.execute(
            select(Enrollment.id, Enrollment.teacher_id, Course.id, Course.title, Course.required_minutes, handed_in,
                   func.coalesce(StudyTotal.credited_seconds, 0.0))
            .join(TrainingClass, TrainingClass.id == Enrollment.class_id).join(Course, Course.id == TrainingClass.course_id)
            .outerjoin(StudyTotal, StudyTotal.enrollment_id == Enrollment.id)
            .where(Enrollment.batch_id == batch.id, Enrollment.status == "active").order_by(Enrollment.id)).all()
        for enrollment_id, teacher_id, course_id, title, required, submitted, seconds in rows:
            standing = rules.LearnerStanding(assignments=assignments.get(course_id, 0), submitted=submitted,
                                             credited_seconds=seconds, required_minutes=required)
            gaps = rules.batch_ending_gaps(batch.ends_on, today, standing)
            if not gaps:
                continue
            params = {"course": title, "project": batch.project.name, "batch": batch.number, "batch_id": batch.id,
                      "ends_on": batch.ends_on.isoformat(), "enrollment_id": enrollment_id, "gaps": gaps,
                      "work_missing": max(0, standing.assignments - standing.submitted),
                      "minutes_short": rules.minutes_short(standing)}
            if services.notify(session, teacher_id, rules.BATCH_ENDING, params,
                               key=rules.key(rules.BATCH_ENDING, enrollment_id)):
                sent += 1
    return sent


def survey_closing(session, now: datetime) -> int:
    """Whom an open survey addresses and who has not answered it, when it closes within a day."""
    sent = 0
    surveys = session.scalars(select(Survey).where(Survey.status == "published", Survey.opens_at <= now,
                                                   Survey.closes_at > now, Survey.closes_at <= now + rules.SURVEY_NOTICE)
                              .order_by(Survey.id))
    for survey in surveys:
        answered = set(session.scalars(select(SurveyParticipation.user_id)
                                       .where(SurveyParticipation.survey_id == survey.id)))
        told = [uid for uid in session.scalars(survey_queries.audience_ids(survey))
                if rules.survey_closing_due(survey.opens_at, survey.closes_at, now, uid in answered)]
        params = {"title": survey.title, "survey_id": survey.id, "closes_at": survey.closes_at.isoformat()}
        sent += services.notify_bulk(session, told, rules.SURVEY_CLOSING, params,
                                     key=rules.key(rules.SURVEY_CLOSING, survey.id))
    return sent


def tutoring_week_short(session, now: datetime) -> int:
    """The active tutors whose last (Monday–Sunday) week, a week holding a term day, ended short of 2 hours of
    tutoring sessions (001 L29); a tutor approved during or after that week is not held to it. Once per week."""
    today = now.astimezone(clock.local_tz()).date()
    monday = tutoring_rules.week_of(today)[0] - timedelta(days=7)
    in_term = tutoring_queries.week_in_term(session, monday)
    if not in_term:
        return 0
    tutor_ids = list(session.scalars(select(User.id).join(RoleAssignment, RoleAssignment.user_id == User.id)
                                     .where(RoleAssignment.role == "tutor", User.is_active_account.is_(True))
                                     .distinct()))
    week_start = datetime.combine(monday, datetime.min.time(), clock.local_tz())
    late = set(session.scalars(select(TutorApplication.user_id).where(TutorApplication.status == tutor_rules.APPROVED,
                                                                      TutorApplication.approved_at >= week_start)))
    minutes = tutoring_queries.week_minutes_of(session, tutor_ids, monday)
    sent = 0
    for tutor_id in sorted(tutor_ids):
        if not rules.week_short_due(minutes[tutor_id], tutoring_rules.MIN_WEEKLY_MINUTES, in_term,
                                    tutor_id not in late):
            continue
        params = {"starts_on": monday.isoformat(), "ends_on": (monday + timedelta(days=6)).isoformat(),
                  "minutes": minutes[tutor_id], "minimum": tutoring_rules.MIN_WEEKLY_MINUTES,
                  "short_by": tutoring_rules.MIN_WEEKLY_MINUTES - minutes[tutor_id]}
        if services.notify(session, tutor_id, rules.TUTORING_WEEK_SHORT, params,
                           key=rules.key(rules.TUTORING_WEEK_SHORT, tutor_id, monday.toordinal())):
            sent += 1
    return sent


def live_feedback_due(session, now: datetime) -> int:
    """The learners who took part in a live session and owe its feedback, once the 7 days for it close within
    two days (B2b: its 学时 are recorded only with the feedback in time). Once per learner and session."""
    feedback_days = timedelta(days=live_rules.FEEDBACK_DAYS)
    sent = 0
    for live, user_id in live_queries.feedback_owed_between(session, now - feedback_days,
                                                            now - feedback_days + rules.FEEDBACK_NOTICE):
        closes = live_rules.feedback_closes(live.ends_at)
        if not rules.feedback_due(closes, now, given=False):
            continue
        params = {"title": live.title, "live_id": live.id, "ends_at": live.ends_at.isoformat(),
                  "closes_at": closes.isoformat()}
        if services.notify(session, user_id, rules.LIVE_FEEDBACK_DUE, params,
                           key=rules.key(rules.LIVE_FEEDBACK_DUE, live.id)):
            sent += 1
    return sent


def send_due(session, now: datetime) -> dict[str, int]:
    """Every reminder due at ``now`` and not sent before; how many of each kind were sent."""
    return {rules.WINDOW_CLOSING: window_closing(session, now), rules.QUOTA_DEADLINE: quota_deadline(session, now),
            rules.BATCH_ENDING: batch_ending(session, now), rules.SURVEY_CLOSING: survey_closing(session, now),
            rules.TUTORING_WEEK_SHORT: tutoring_week_short(session, now),
            rules.LIVE_FEEDBACK_DUE: live_feedback_due(session, now)}


def send_due_job() -> None:
    """The periodic task (lms.core.jobs.PERIODIC): its own transaction."""
    hold_write_lock(db.session)
    sent = send_due(db.session, clock.now())
    db.session.commit()
    if any(sent.values()):
        log.info("reminders sent: %s", sent)
