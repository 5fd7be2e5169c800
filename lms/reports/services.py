"""Write operations: announcements, briefings and course evaluations (J16, C5)."""
from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core import audit, clock
from lms.core.errors import Conflict
from lms.projects import rules as calendar
from lms.reports import policies
from lms.reports.models import Announcement, Briefing, CourseEvaluation

# Learners evaluate the course from this many days before the batch ends (and after it).
EVALUATION_OPENS_DAYS_BEFORE_END = 3


def announce(session, actor, unit, title: str, body: str) -> Announcement:
    policies.ANNOUNCE_TO.enforce(actor, unit)
    item = Announcement(org_unit_id=unit.id, author_id=actor.id, title=title.strip(), body=body, created_at=clock.now())
    session.add(item)
    session.flush()
    audit.record(session, actor, "announcement.create", "announcement", item.id, org_unit_id=unit.id,
                 after={"title": item.title})
    return item


def brief(session, actor, training_class, title: str, body: str) -> Briefing:
    policies.BRIEF.enforce(actor, training_class)
    item = Briefing(class_id=training_class.id, author_id=actor.id, title=title.strip(), body=body,
                    created_at=clock.now())
    session.add(item)
    session.flush()
    return item


def evaluation_refusal(session, enrollment) -> Conflict | None:
    """Why the learner cannot evaluate now (not open yet, or done already), or None: the page asks before it
    offers the form, the service before it stores."""
    batch = enrollment.training_class.batch
    today = calendar.local_date(clock.now(), clock.local_tz())
    if (batch.ends_on - today).days > EVALUATION_OPENS_DAYS_BEFORE_END:
        opens = batch.ends_on - timedelta(days=EVALUATION_OPENS_DAYS_BEFORE_END)
        return Conflict("evaluation_not_open", _(
            "The course evaluation opens in the last %(n)d days of the batch, on %(day)s.",
            n=EVALUATION_OPENS_DAYS_BEFORE_END, day=opens.isoformat()))
    if session.scalar(select(CourseEvaluation.id).where(CourseEvaluation.enrollment_id == enrollment.id)):
        return Conflict("already_evaluated", _("You have evaluated this course already. Thank you."))
    return None


def evaluate(session, actor, enrollment, rating: int, comment: str | None) -> CourseEvaluation:
    policies.EVALUATE.enforce(actor, enrollment)
    refusal = evaluation_refusal(session, enrollment)
    if refusal is not None:
        raise refusal
    item = CourseEvaluation(enrollment_id=enrollment.id, class_id=enrollment.class_id, rating=rating,
                            comment=(comment or "").strip() or None, created_at=clock.now())
    session.add(item)
    session.flush()
    return item
