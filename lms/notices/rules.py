"""The rules of notices as pure functions: which kinds exist, which cannot be turned off, and when a reminder
is due and to whom (the callers pass "now" and the figures; nothing here reads the clock or the database)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

# Every kind of notice, in the order the preferences list them.
ENROLLMENT_CREATED = "enrollment_created"
ENROLLMENT_CANCELLED = "enrollment_cancelled"
ENROLLMENT_REPLACED = "enrollment_replaced"
WORK_GRADED = "work_graded"
PLAGIARISM_VERDICT = "plagiarism_verdict"
APPEAL_DECIDED = "appeal_decided"
CERTIFICATE_ISSUED = "certificate_issued"
SEATS_RECEIVED = "seats_received"
WINDOW_CLOSING = "window_closing"
QUOTA_DEADLINE = "quota_deadline"
BATCH_ENDING = "batch_ending"
ACTIVITY_CANCELLED = "activity_cancelled"
TUTORING_MISCONDUCT = "tutoring_misconduct"
SQUARE_QUESTION = "square_question"
TUTORING_CANCELLED = "tutoring_cancelled"
TUTORING_ACCEPTED = "tutoring_accepted"
COURSE_REREVIEW = "course_rereview"
ACTIVITY_CHANGED = "activity_changed"
SURVEY_PUBLISHED = "survey_published"
SURVEY_CLOSING = "survey_closing"
OUTCOME_REVIEWED = "outcome_reviewed"
OUTCOME_SHOWCASED = "outcome_showcased"
EVALUATION_ASSIGNED = "evaluation_assigned"
EVALUATION_RETURNED = "evaluation_returned"
ACTIVITY_APPROVED = "activity_approved"
ACTIVITY_REJECTED = "activity_rejected"
TUTOR_QUALIFICATION = "tutor_qualification"
TUTORING_WEEK_SHORT = "tutoring_week_short"
TUTORING_ORG_AWARD = "tutoring_org_award"
LIVE_CANCELLED = "live_cancelled"
LIVE_FEEDBACK_DUE = "live_feedback_due"
ACTIVITY_AWAITING_REVIEW = "activity_awaiting_review"
MICRO_LESSON_POST = "micro_lesson_post"

KINDS = (ENROLLMENT_CREATED, ENROLLMENT_CANCELLED, ENROLLMENT_REPLACED, WORK_GRADED, PLAGIARISM_VERDICT,
         APPEAL_DECIDED, CERTIFICATE_ISSUED, SEATS_RECEIVED, WINDOW_CLOSING, QUOTA_DEADLINE, BATCH_ENDING,
         ACTIVITY_CANCELLED, ACTIVITY_CHANGED, ACTIVITY_AWAITING_REVIEW, ACTIVITY_APPROVED, ACTIVITY_REJECTED,
         SURVEY_PUBLISHED, SURVEY_CLOSING, OUTCOME_REVIEWED,
         OUTCOME_SHOWCASED, TUTORING_MISCONDUCT, SQUARE_QUESTION, TUTORING_CANCELLED, TUTORING_ACCEPTED,
         LIVE_CANCELLED, LIVE_FEEDBACK_DUE, COURSE_REREVIEW, EVALUATION_ASSIGNED, EVALUATION_RETURNED,
         TUTORING_WEEK_SHORT, TUTOR_QUALIFICATION, TUTORING_ORG_AWARD, MICRO_LESSON_POST)
# What a user must hear whatever the preferences: losing a place, and a plagiarism verdict or its appeal
# (they fail the training and ban the teacher for the year).
# A tutor's qualification revoked or given back (B17) is as much news as losing a place.
MANDATORY = frozenset({ENROLLMENT_CANCELLED, ENROLLMENT_REPLACED, PLAGIARISM_VERDICT, APPEAL_DECIDED,
                       TUTOR_QUALIFICATION})
# Reminders, made by the periodic work; each is sent once per subject (its key).
REMINDERS = (WINDOW_CLOSING, QUOTA_DEADLINE, BATCH_ENDING, SURVEY_CLOSING, TUTORING_WEEK_SHORT, LIVE_FEEDBACK_DUE)

WINDOW_NOTICE = timedelta(days=2)   # the enrollment window closes within two days
QUOTA_NOTICE_DAYS = 2               # the quota deadline is within two (local) days
BATCH_NOTICE_DAYS = 3               # the batch ends within three (local) days
SURVEY_NOTICE = timedelta(days=1)   # an open survey closes within a day
FEEDBACK_NOTICE = timedelta(days=2)  # a live session's 7-day feedback closes within two days

# Missing work a batch-ending reminder names.
WORK_MISSING = "work"
STUDY_SHORT = "study"


def wanted(kind: str, turned_off: set[str] | frozenset[str]) -> bool:
    """Whether a user who turned ``turned_off`` off gets a notice of ``kind``."""
    return kind in MANDATORY or kind not in turned_off


def preference_problems(changes: dict[str, bool]) -> dict[str, str]:
    """Kind → what is wrong with setting it ("unknown", "mandatory"); empty when the changes can be applied."""
    problems = {}
    for kind, on in changes.items():
        if kind not in KINDS:
            problems[kind] = "unknown"
        elif not on and kind in MANDATORY:
            problems[kind] = "mandatory"
    return problems


def key(kind: str, *ids: int) -> str:
    """A reminder's subject: the same kind about the same things is sent once (``window_closing:7:42``)."""
    return ":".join([kind, *map(str, ids)])


def week_short_due(minutes: int, minimum: int, in_term: bool, was_tutor: bool) -> bool:
    """A tutor hears its last week (a week holding a term day) ended short of the 2-hour minimum (001 L29) — a
    tutor qualified before the week began only."""
    return was_tutor and in_term and minutes < minimum


def window_closing_due(closes_at: datetime, now: datetime, seats_unused: int) -> bool:
    """A school admin is reminded while the enrollment window is still open and closes within two days,
    when the school has seats nobody takes yet."""
    return seats_unused > 0 and now < closes_at <= now + WINDOW_NOTICE


def survey_closing_due(opens_at: datetime, closes_at: datetime, now: datetime, answered: bool) -> bool:
    """Whom a published survey addresses is reminded while it is open and closes within a day, unless it has
    answered."""
    return not answered and opens_at <= now < closes_at <= now + SURVEY_NOTICE


def feedback_due(closes_at: datetime, now: datetime, given: bool) -> bool:
    """A learner who took part in a live session and has not given its feedback is reminded once the 7 days
    for it (B2b: its 学时 are recorded only then) close within two days, while they are still open."""
    return not given and now < closes_at <= now + FEEDBACK_NOTICE


def days_until(day: date, today: date) -> int:
    return (day - today).days


def quota_deadline_due(deadline: date | None, today: date, seats_not_handed_down: int) -> bool:
    """An admin above the schools is reminded when the project's quota deadline (changes allowed *before* it)
    is today or within two days and the unit holds seats it has not handed down."""
    return (deadline is not None and seats_not_handed_down > 0
            and 0 <= days_until(deadline, today) <= QUOTA_NOTICE_DAYS)


@dataclass(frozen=True)
class LearnerStanding:
    """What a learner has done in a batch that is ending."""
    assignments: int           # the course's assignments
    submitted: int             # those the learner handed in
    credited_seconds: float    # study time credited so far
    required_minutes: int      # the course's required study time


def batch_ending_gaps(ends_on: date, today: date, standing: LearnerStanding) -> list[str]:
    """What a learner is reminded of when the batch ends within three days (its last day included):
    work not handed in, study time short. Empty: no reminder (nothing missing, or not the time)."""
    if not 0 <= days_until(ends_on, today) <= BATCH_NOTICE_DAYS:
        return []
    gaps = []
    if standing.submitted < standing.assignments:
        gaps.append(WORK_MISSING)
    if standing.credited_seconds < standing.required_minutes * 60:
        gaps.append(STUDY_SHORT)
    return gaps


def minutes_short(standing: LearnerStanding) -> int:
    """Whole minutes of study still needed (rounded up)."""
    missing = standing.required_minutes * 60 - standing.credited_seconds
    return max(0, -int(-missing // 60))
