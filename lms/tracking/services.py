"""The heartbeat: judge one beat against the server's clock and record what it earned.

One short transaction per beat: the learner's state row and the lesson's progress row are
locked (PostgreSQL: FOR UPDATE; SQLite: BEGIN IMMEDIATE), judged by the pure rules, written.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from lms.core import audit, clock
from lms.core.db import hold_write_lock
from lms.core.errors import Conflict, Forbidden, NotFound
from lms.enrollment.models import Enrollment
from lms.org.services import token_digest
from lms.projects import rules as calendar
from lms.projects.models import Batch, Course, Lesson, TrainingClass
from lms.org.models import User
from lms.tracking import policies, presence, queries, rules
from lms.tracking.models import (LearnerState, LessonProgress, StudyFlag, StudyTotal, TrackingPolicy,
                                 WatchSession)

RECENT_GAPS_KEPT = 40
PRESENCE_PENDING = "presence_check"
PRESENCE_LOCKED = "presence_locked"
DEFAULT_PRESENCE_MINUTES = 20  # presence checks are on unless a project's admin turns them off
# A school's teachers share one public address, so only a crowd of accounts from *other* schools behind one
# address is worth a look (a 代刷 shop studying for many schools' teachers); never a verdict.
SHARED_ADDRESS_ACCOUNTS = 20
SHARED_ADDRESS_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class BeatInput:
    enrollment_id: int
    lesson_id: int
    session_id: str
    position: float
    playing: bool
    visible: bool
    playback_rate: float
    interacted: bool = False  # reading: a scroll or page turn since the previous beat


def policy_for(session, project_id: int) -> TrackingPolicy:
    return session.get(TrackingPolicy, project_id) or default_policy(project_id)


def default_policy(project_id: int) -> TrackingPolicy:
    """The rules of a project whose admin set none (not added to the session)."""
    return TrackingPolicy(project_id=project_id, max_gap_seconds=30, max_playback_rate=1.0, daily_cap_minutes=None,
                          batch_cap_minutes=None, presence_check_minutes=DEFAULT_PRESENCE_MINUTES,
                          presence_answer_seconds=120)


def credit_settings(policy: TrackingPolicy) -> rules.CreditSettings:
    minutes = lambda m: None if m is None else m * 60.0  # noqa: E731
    return rules.CreditSettings(max_gap_seconds=float(policy.max_gap_seconds),
                                max_playback_rate=float(policy.max_playback_rate),
                                daily_cap_seconds=minutes(policy.daily_cap_minutes),
                                batch_cap_seconds=minutes(policy.batch_cap_minutes))


@dataclass(frozen=True)
class BeatContext:
    """What a beat needs to know, read in one query (the hot path avoids loading whole objects)."""

    enrollment_id: int
    teacher_id: int
    status: str
    project_id: int
    batch_number: int
    starts_on: object
    ends_on: object
    required_minutes: int
    lesson_id: int | None
    lesson_kind: str | None
    lesson_seconds: int | None
    lesson_characters: int | None = None  # a reading's text length (its credit bound)

    @property
    def length(self) -> float:
        """The most this lesson credits: a video's duration, a reading's bound (rules.reading_seconds)."""
        if self.lesson_kind == "reading":
            return rules.reading_seconds(float(self.lesson_seconds), self.lesson_characters)
        return float(self.lesson_seconds)


def beat_context(session, user, enrollment_id: int, lesson_id: int) -> BeatContext:
    row = session.execute(
        select(*queries.BEAT_CONTEXT_COLUMNS)
        .join(TrainingClass, Enrollment.class_id == TrainingClass.id)
        .join(Batch, Enrollment.batch_id == Batch.id).join(Course, TrainingClass.course_id == Course.id)
        .outerjoin(Lesson, (Lesson.id == lesson_id) & (Lesson.course_id == TrainingClass.course_id))
        .where(Enrollment.id == enrollment_id)).first()
    if row is None:
        raise NotFound(_("No such enrollment."))
    context = BeatContext(*row)
    if context.teacher_id != user.id:
        raise Forbidden(_("This is not your enrollment."))
    if context.status != "active":
        raise Conflict("enrollment_inactive", _("This enrollment was cancelled or replaced."))
    if context.lesson_id is None:
        raise NotFound(_("No such lesson in this course."))
    return context


def _lock(session, model, *criteria):
    return session.scalar(select(model).where(*criteria).with_for_update())


def heartbeat(session, user, beat: BeatInput, *, tz: ZoneInfo, address: str | None = None) -> dict:
    """The general path: any beat, including a session's first, another lesson's, a new presence check."""
    hold_write_lock(session)
    now = clock.now()
    ctx = beat_context(session, user, beat.enrollment_id, beat.lesson_id)
    opens, closes = _batch_window(ctx, now, tz)
    policy = policy_for(session, ctx.project_id)
    state = _lock(session, LearnerState, LearnerState.user_id == user.id)
    previous = _session_turn(session, user, state, beat, now, address)
    if state is None:
        state = LearnerState(user_id=user.id, session_key=beat.session_id, recent_gaps=[],
                             studied_since_check=presence.first_count(policy))
        session.add(state)
    progress = _lock(session, LessonProgress, LessonProgress.enrollment_id == ctx.enrollment_id,
                     LessonProgress.lesson_id == ctx.lesson_id)
    if progress is None:
        progress = LessonProgress(enrollment_id=ctx.enrollment_id, lesson_id=ctx.lesson_id, intervals=[],
                                  covered_seconds=0.0, credited_seconds=0.0, last_position=0.0, completed=False,
                                  updated_at=now)
        session.add(progress)
    total = _lock(session, StudyTotal, StudyTotal.enrollment_id == ctx.enrollment_id)
    if total is None:
        total = StudyTotal(enrollment_id=ctx.enrollment_id, credited_seconds=0.0, day=calendar.local_date(now, tz),
                           day_seconds=0.0, started_at=now, updated_at=now)
        session.add(total)
    check = presence.pending_check(session, user, ctx.enrollment_id, policy, state, now)
    return _judge(session, user, beat, ctx, policy, state, progress, total, previous, check, now, tz, (opens, closes))


def quick_heartbeat(session, beat: BeatInput, *, tz: ZoneInfo, token: str | None = None,
                    user_id: int | None = None) -> dict | None:
    """The steady state of a watching learner in one locked read and one write; None: take the general path.

    The read checks the bearer token (or the signed-in user) too, so a revoked or expired token is refused
    at once. Anything out of the ordinary (no such row, not the learner's, a new or another session, a
    presence check to issue afresh) returns None before anything is written, and ``heartbeat`` decides.
    """
    hold_write_lock(session)
    now = clock.now()
    found = queries.locked_beat_rows(session, beat.enrollment_id, beat.lesson_id, now,
                                     token_digest=token_digest(token) if token else None, user_id=user_id)
    if found is None:
        return None
    context_values, state, progress, total, policy, latest_check = found
    ctx = BeatContext(*context_values)
    policy = policy or default_policy(ctx.project_id)
    if (ctx.teacher_id != state.user_id or ctx.status != "active"
            or rules.session_action(state.session_key, beat.session_id, False) != "continue"):
        return None
    check = presence.pending_decision(policy, latest_check, now)
    if check is presence.ISSUE_ANEW:
        return None
    opens, closes = _batch_window(ctx, now, tz)
    previous = None if state.beat_at is None else rules.BeatState(
        session_id=state.session_key, at=state.beat_at, position=state.position, playing=state.playing,
        visible=state.visible, playback_rate=state.playback_rate)
    answer = _judge(session, _Learner(state.user_id), beat, ctx, policy, state, progress, total, previous, check,
                    now, tz, (opens, closes))
    queries.write_beat_rows(session, state, progress, total)
    return answer


@dataclass(frozen=True)
class _Learner:
    """All the beat's helpers need of the user: the id (the quick path loads no User)."""

    id: int


def _batch_window(ctx: BeatContext, now: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    opens, closes = calendar.batch_opens_at(ctx.starts_on, tz), calendar.batch_closes_at(ctx.ends_on, tz)
    if not opens <= now < closes:
        raise Conflict("outside_batch", _("Batch %(n)d runs from %(start)s to %(end)s; study time counts only then.",
                                          n=ctx.batch_number, start=ctx.starts_on.isoformat(),
                                          end=ctx.ends_on.isoformat()))
    return opens, closes


def _judge(session, user, beat: BeatInput, ctx: BeatContext, policy, state, progress, total,
           previous: rules.BeatState | None, check, now: datetime, tz: ZoneInfo,
           window: tuple[datetime, datetime]) -> dict:
    """Credit the beat with the pure rules and update the three rows (ORM objects or plain ones) in place."""
    if previous is not None and (state.enrollment_id, state.lesson_id) != (ctx.enrollment_id, ctx.lesson_id):
        previous = None  # another lesson's beat anchors nothing here
    today = calendar.local_date(now, tz)
    if total.day != today:
        total.day, total.day_seconds = today, 0.0
    length = ctx.length
    outcome = rules.credit_beat(
        previous, rules.Beat(beat.session_id, beat.position, beat.playing, beat.visible, beat.playback_rate,
                             beat.interacted), now,
        ctx.lesson_kind, length if ctx.lesson_kind == "video" else None,
        length if ctx.lesson_kind == "reading" else None,
        [tuple(i) for i in progress.intervals], credit_settings(policy),
        credited_today=total.day_seconds, credited_in_batch=total.credited_seconds, batch_window=window,
        lesson_credited=progress.credited_seconds)
    credit, reason, intervals = outcome.credited_seconds, outcome.reason, outcome.covered_intervals
    locked = check is presence.LOCKED
    if locked or (check is not None and check.status == "open"):
        # Crediting waits for the answer (or the lock's end); the stretch is not stored as covered either.
        credit, intervals = 0.0, tuple(tuple(i) for i in progress.intervals)
        reason = PRESENCE_LOCKED if locked else PRESENCE_PENDING

    progress.intervals = [list(i) for i in intervals]
    progress.covered_seconds = rules.covered_seconds(intervals)
    progress.credited_seconds += credit
    progress.completed = rules.lesson_completed(progress.covered_seconds, length)
    if progress.completed and progress.completed_at is None:
        progress.completed_at = now
    if ctx.lesson_kind == "video":
        progress.last_position = max(0.0, min(beat.position, float(ctx.lesson_seconds)))
    progress.updated_at = now
    total.credited_seconds += credit
    total.day_seconds += credit
    total.updated_at = now
    if total.required_met_at is None and total.credited_seconds >= ctx.required_minutes * 60:
        total.required_met_at = now
    _remember_beat(session, state, outcome.state, previous, ctx, credit, reason, now)
    if check is None and not locked:
        check = presence.maybe_issue(session, user, ctx.enrollment_id, policy, state, now)
    answer = {
        "accepted_seconds": round(credit, 2), "lesson_covered_seconds": round(progress.covered_seconds, 2),
        "lesson_completed": progress.completed, "credited_seconds": round(total.credited_seconds, 2),
        "required_seconds": ctx.required_minutes * 60, "session_state": "active", "reason": reason,
    }
    if locked:
        answer["presence_locked"] = True
    elif check is not None and check.status == "open":
        answer["challenge"] = presence.describe(check)
    return answer


def _session_turn(session, user, state: LearnerState | None, beat: BeatInput, now: datetime,
                  address: str | None) -> rules.BeatState | None:
    """Apply "one active session per learner"; returns the previous beat of this session, if any."""
    active = state.session_key if state is not None else None
    seen = active != beat.session_id and session.scalar(
        select(WatchSession.id).where(WatchSession.session_key == beat.session_id)) is not None
    action = rules.session_action(active, beat.session_id, seen)
    if action == "superseded":
        raise Conflict("session_superseded", _("You opened this course in another window or device; "
                                               "study time counts there now."))
    if action == "start":
        if active is not None:
            session.execute(update(WatchSession).where(WatchSession.session_key == active)
                            .values(superseded_at=now))
        session.add(WatchSession(session_key=beat.session_id, user_id=user.id, started_at=now, address=address))
        if state is not None:
            state.session_key = beat.session_id
        _check_shared_address(session, user, beat.enrollment_id, address, now)
        return None
    if state.beat_at is None:
        return None
    return rules.BeatState(session_id=state.session_key, at=state.beat_at, position=state.position,
                           playing=state.playing, visible=state.visible, playback_rate=state.playback_rate)


def _check_shared_address(session, user, enrollment_id: int, address: str | None, now: datetime) -> None:
    if not address:
        return
    # Counting stops at the threshold, so a busy school address costs a bounded index scan.
    crowd = (select(WatchSession.user_id).join(User, User.id == WatchSession.user_id)
             .where(WatchSession.address == address, WatchSession.started_at > now - SHARED_ADDRESS_WINDOW,
                    User.org_unit_id != user.org_unit_id)
             .distinct().limit(SHARED_ADDRESS_ACCOUNTS - 1).subquery())
    accounts = 1 + session.scalar(select(func.count()).select_from(crowd))  # the learner and the strangers
    if accounts >= SHARED_ADDRESS_ACCOUNTS:
        _flag_once(session, user.id, enrollment_id, "shared_address", {"address": address, "accounts": accounts}, now)


def _remember_beat(session, state: LearnerState, new: rules.BeatState, previous, ctx: BeatContext, credit: float,
                   reason: str, now: datetime) -> None:
    gaps = list(state.recent_gaps or [])
    if previous is not None:
        gaps = (gaps + [round((now - previous.at).total_seconds(), 3)])[-RECENT_GAPS_KEPT:]
    state.enrollment_id, state.lesson_id = ctx.enrollment_id, ctx.lesson_id
    state.beat_at, state.position, state.playing = new.at, new.position, new.playing
    state.visible, state.playback_rate = new.visible, new.playback_rate
    state.recent_gaps = gaps
    state.studied_since_check = (state.studied_since_check or 0.0) + credit
    state.last_reason = reason
    schedule = rules.fixed_schedule_suspicion(gaps)
    if schedule.flagged and len(gaps) == RECENT_GAPS_KEPT:
        _flag_once(session, state.user_id, ctx.enrollment_id, "regular_beats",
                   {"median_seconds": schedule.median_seconds, "share_near_median": schedule.share_near_median,
                    "beats": schedule.count}, now)
        state.recent_gaps = []  # look at a fresh window before flagging again


def _flag_once(session, user_id: int, enrollment_id: int, kind: str, detail: dict, now: datetime) -> None:
    open_flag = session.scalar(select(StudyFlag.id).where(StudyFlag.user_id == user_id, StudyFlag.kind == kind,
                                                          StudyFlag.reviewed_at.is_(None)))
    if open_flag is None:
        session.add(StudyFlag(user_id=user_id, enrollment_id=enrollment_id, kind=kind, detail=detail,
                              created_at=now))


def review_flag(session, actor, flag: StudyFlag) -> None:
    """An admin above the learner has looked at the flag (the loader checked the area)."""
    policies.REVIEW_FLAGS.enforce(actor)
    flag.reviewed_at, flag.reviewed_by_id, flag.outcome = clock.now(), actor.id, _("Reviewed")


POLICY_FIELDS = ("max_gap_seconds", "max_playback_rate", "daily_cap_minutes", "batch_cap_minutes",
                 "presence_check_minutes", "presence_answer_seconds")


def save_policy(session, actor, project, values: dict, reason: str | None = None) -> TrackingPolicy:
    """A province admin sets the project's study-time rules (audited). They decide the study-time points of the
    grade: once a batch of the project has started they change only with a reason, which the log keeps."""
    policies.SET_STUDY_RULES.enforce(actor)
    policy = session.get(TrackingPolicy, project.id)
    before = {f: getattr(policy, f) for f in POLICY_FIELDS} if policy else None
    current = policy or default_policy(project.id)
    changed = any(_differs(getattr(current, f), values.get(f)) for f in POLICY_FIELDS)
    now, tz = clock.now(), clock.local_tz()
    started = any(calendar.batch_started(b.starts_on, now, tz) for b in project.batches)
    if calendar.needs_reason(started, changed, reason):
        raise Conflict("reason_required", _("A batch of this project has started: its study-time rules change only "
                                            "with a reason, which is kept in the log."),
                       fields={"reason": _("A batch has started: say why these rules change.")})
    if policy is None:
        policy = TrackingPolicy(project_id=project.id)
        session.add(policy)
    for name in POLICY_FIELDS:
        value = values.get(name)
        setattr(policy, name, float(value) if name == "max_playback_rate" else value)
    session.flush()
    audit.record(session, actor, "tracking_policy.update", "project", project.id, before=before,
                 after={**{f: getattr(policy, f) for f in POLICY_FIELDS}, "reason": (reason or "").strip() or None})
    return policy


def _differs(stored, given) -> bool:
    if stored is None or given is None:
        return stored is not given
    return float(stored) != float(given)
