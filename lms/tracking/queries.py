"""Read side of study time: progress per enrollment and lesson, open flags in an admin's area."""
from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import bindparam, func, select, update

from flask_babel import gettext as _

from lms.core import scope
from lms.core.errors import Forbidden, get_or_404
from lms.core.db import UTCDateTime
from lms.core.driver import DriverStatement
from lms.enrollment import queries as enrollment_queries
from lms.enrollment.models import Enrollment
from lms.org.models import ApiToken, OrgUnit, User
from lms.projects.models import Batch, Course, Lesson, TrainingClass
from lms.tracking import rules
from lms.tracking.models import (LearnerState, LessonProgress, PresenceCheck, StudyFlag, StudyTotal,
                                 TrackingPolicy)


def lesson_length(lesson: Lesson) -> int:
    """What a lesson can credit: a video's duration, a reading's bound by the length of its text."""
    if lesson.kind == "reading":
        return int(rules.reading_seconds(float(lesson.duration_seconds), len(lesson.body or "")))
    return lesson.duration_seconds


def progress(session, enrollment: Enrollment) -> dict:
    """Credited time against the course's required time, and each lesson's coverage."""
    course = enrollment.training_class.course
    lessons = session.scalars(select(Lesson).where(Lesson.course_id == course.id)
                              .order_by(Lesson.position, Lesson.id)).all()
    rows = {p.lesson_id: p for p in session.scalars(
        select(LessonProgress).where(LessonProgress.enrollment_id == enrollment.id))}
    total = session.get(StudyTotal, enrollment.id)
    items = []
    for lesson in lessons:
        row = rows.get(lesson.id)
        items.append({"lesson_id": lesson.id, "title": lesson.title, "kind": lesson.kind,
                      "duration_seconds": lesson_length(lesson),
                      "covered_seconds": round(row.covered_seconds, 1) if row else 0.0,
                      "credited_seconds": round(row.credited_seconds, 1) if row else 0.0,
                      "resume_position": round(row.last_position, 1) if row else 0.0,
                      "completed": bool(row and row.completed)})
    credited = round(total.credited_seconds, 1) if total else 0.0
    required = course.required_minutes * 60
    return {"enrollment_id": enrollment.id, "credited_seconds": credited, "required_seconds": required,
            "remaining_seconds": max(0.0, round(required - credited, 1)), "lessons": items}


def credited_minutes(seconds: float) -> str:
    """Credited time in minutes as the course page shows it: whole minutes, with tenths below ten minutes
    (rounded down, never ahead), so the first credited minute does not read as "0"."""
    if seconds >= 600:
        return str(int(seconds // 60))
    tenths = int(seconds // 6) / 10
    return f"{tenths:.1f}".removesuffix(".0") if seconds else "0"


def enrollment(session, actor, id: int) -> Enrollment:
    """Loader: an enrollment the actor may see (its learner, its tutors, admins above its school)."""
    return enrollment_queries.enrollment_for(session, actor, id)[0]


def lesson(session, actor, id: int) -> Lesson:
    """Loader: a lesson by id (the page checks that it belongs to the enrollment's course)."""
    found = get_or_404(session, Lesson, id, _("No such lesson in this course."))
    return found


def presence_check(session, actor, id: int) -> PresenceCheck:
    """Loader: the actor's own presence check (404 if there is none, 403 if it is someone else's)."""
    check = get_or_404(session, PresenceCheck, id, _("No such presence check."))
    if check.user_id != actor.id:
        raise Forbidden(_("This presence check is someone else's."))
    return check


def study_flag(session, actor, id: int) -> StudyFlag:
    """Loader: a study-time flag of a learner in the actor's area."""
    flag = get_or_404(session, StudyFlag, id, _("No such flag."))
    learner = session.get(User, flag.user_id)
    if not scope.covers(actor, learner.org_unit):
        raise Forbidden(_("This learner is outside your area."))
    return flag


def open_flags(session, root: OrgUnit, limit: int = 200) -> list[tuple[StudyFlag, User]]:
    """Flags not yet reviewed, of learners in the subtree of ``root``, newest first."""
    return session.execute(
        select(StudyFlag, User).join(User, StudyFlag.user_id == User.id).join(OrgUnit, User.org_unit_id == OrgUnit.id)
        .where(scope.subtree_filter(OrgUnit, root), StudyFlag.reviewed_at.is_(None))
        .order_by(StudyFlag.created_at.desc()).limit(limit)).all()


# --- the heartbeat's hot path: one locked read, one write (Core, no unit of work) ----------------------------

_STATE, _PROGRESS, _TOTAL = LearnerState.__table__, LessonProgress.__table__, StudyTotal.__table__
_POLICY, _CHECK = TrackingPolicy.__table__, PresenceCheck.__table__
BEAT_CONTEXT_COLUMNS = (Enrollment.id, Enrollment.teacher_id, Enrollment.status, Batch.project_id, Batch.number,
                        Batch.starts_on, Batch.ends_on, Course.required_minutes, Lesson.id, Lesson.kind,
                        Lesson.duration_seconds, func.length(Lesson.body))
_ROW_PARTS = (("state", _STATE.c), ("progress", _PROGRESS.c), ("total", _TOTAL.c), ("policy", _POLICY.c),
              ("check", (_CHECK.c.id, _CHECK.c.status, _CHECK.c.expires_at, _CHECK.c.answered_at,
                         _CHECK.c.attempts)))
_STATE_WRITTEN = ("enrollment_id", "lesson_id", "beat_at", "position", "playing", "visible", "playback_rate",
                  "recent_gaps", "studied_since_check", "last_reason")
_PROGRESS_WRITTEN = ("intervals", "covered_seconds", "credited_seconds", "last_position", "completed", "completed_at",
                     "updated_at")
_TOTAL_WRITTEN = ("credited_seconds", "day", "day_seconds", "updated_at", "required_met_at")


def _locked_beat_rows_query(by_token: bool):
    latest_check = (select(func.max(_CHECK.c.id)).where(_CHECK.c.user_id == _STATE.c.user_id)
                    .correlate(_STATE).scalar_subquery())
    columns = [*BEAT_CONTEXT_COLUMNS]
    for part, cols in _ROW_PARTS:
        columns += [c.label(f"{part}__{c.name}") for c in cols]
    query = (select(*columns).select_from(Enrollment)
             .join(TrainingClass, Enrollment.class_id == TrainingClass.id)
             .join(Batch, Enrollment.batch_id == Batch.id).join(Course, TrainingClass.course_id == Course.id)
             .join(Lesson, (Lesson.id == bindparam("lesson_id")) & (Lesson.course_id == TrainingClass.course_id))
             .join(_STATE, _STATE.c.user_id == Enrollment.teacher_id)
             .join(_PROGRESS, (_PROGRESS.c.enrollment_id == Enrollment.id) & (_PROGRESS.c.lesson_id == Lesson.id))
             .join(_TOTAL, _TOTAL.c.enrollment_id == Enrollment.id)
             .outerjoin(_POLICY, _POLICY.c.project_id == Batch.project_id)
             .outerjoin(_CHECK, _CHECK.c.id == latest_check)
             .where(Enrollment.id == bindparam("enrollment_id"))
             .with_for_update(of=[_STATE, _PROGRESS, _TOTAL]))
    if by_token:
        return query.join(ApiToken, ApiToken.user_id == Enrollment.teacher_id).join(
            User, User.id == ApiToken.user_id).where(ApiToken.token_hash == bindparam("token_digest"),
                                                     ApiToken.expires_at > bindparam("now", type_=UTCDateTime()),
                                                     User.is_active_account.is_(True),
                                                     User.must_change_password.is_(False))
    return query.where(Enrollment.teacher_id == bindparam("user_id"))


def _write_statements():
    def written(table, key, names, prefix):
        return (update(table).where(key == bindparam(f"{prefix}_key"))
                .values({name: bindparam(f"{prefix}_{name}", type_=table.c[name].type) for name in names}))
    return (written(_STATE, _STATE.c.user_id, _STATE_WRITTEN, "s"),
            written(_PROGRESS, _PROGRESS.c.id, _PROGRESS_WRITTEN, "p"),
            written(_TOTAL, _TOTAL.c.enrollment_id, _TOTAL_WRITTEN, "t"))


# Built once: composing these statements costs more Python than the whole beat otherwise does; on PostgreSQL they
# go to psycopg directly (lms.core.driver), since SQLAlchemy's execution around them cost more than they do.
_BY_TOKEN = DriverStatement(_locked_beat_rows_query(True))
_BY_USER = DriverStatement(_locked_beat_rows_query(False))
_WRITES = tuple(DriverStatement(statement) for statement in _write_statements())
# PostgreSQL writes the three rows in one statement (data-modifying CTEs run whether or not they are read).
_WRITE_AT_ONCE = DriverStatement(_WRITES[2].statement.add_cte(_WRITES[0].statement.cte("state_written"),
                                                              _WRITES[1].statement.cte("progress_written")))


def _part_slices() -> tuple:
    """Where each part's columns sit in the read's row, after the context's."""
    slices, at = [], len(BEAT_CONTEXT_COLUMNS)
    for part, cols in _ROW_PARTS:
        names = tuple(c.name for c in cols)
        slices.append((part, names, slice(at, at + len(names))))
        at += len(names)
    return tuple(slices)


_PART_SLICES = _part_slices()


def locked_beat_rows(session, enrollment_id: int, lesson_id: int, now: datetime, *, token_digest: str | None,
                     user_id: int | None):
    """In one statement: the beat's context, the learner's state, the lesson's coverage and the enrollment's total
    (locked ``FOR UPDATE``, so two beats of one learner take turns), the project's rules and the latest presence
    check; the learner is named by a live bearer token's digest or by id. None if any row is missing.

    Returns (context values, state, progress, total, policy or None, latest check or None), rows as namespaces.
    """
    params = {"enrollment_id": enrollment_id, "lesson_id": lesson_id}
    if token_digest is not None:
        query, params = _BY_TOKEN, {**params, "token_digest": token_digest, "now": now}
    else:
        query, params = _BY_USER, {**params, "user_id": user_id}
    row = query.fetchone(session.connection(), params)
    if row is None:
        return None
    parts = {part: SimpleNamespace(**dict(zip(names, row[at]))) for part, names, at in _PART_SLICES}
    policy, check = parts["policy"], parts["check"]
    return (tuple(row[:len(BEAT_CONTEXT_COLUMNS)]), parts["state"], parts["progress"], parts["total"],
            policy if policy.project_id is not None else None, check if check.id is not None else None)


def write_beat_rows(session, state, progress, total) -> None:
    """Write back what a beat changed in the three locked rows: one statement on PostgreSQL."""
    params = {"s_key": state.user_id, "p_key": progress.id, "t_key": total.enrollment_id}
    for prefix, row, names in (("s", state, _STATE_WRITTEN), ("p", progress, _PROGRESS_WRITTEN),
                               ("t", total, _TOTAL_WRITTEN)):
        params.update({f"{prefix}_{name}": getattr(row, name) for name in names})
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        _WRITE_AT_ONCE.execute(connection, params)
    else:
        for statement in _WRITES:
            statement.execute(connection, params)
