"""Study-time crediting (J13, docs/API.md "Study time") as pure arithmetic.

The browser sends a beat every ~15 s and on pause, seek, end and tab change.
Nothing it claims about time is trusted: the server's own clock ("now", passed
in) measures each stretch between two beats of the same session, and the
stretch is judged by the state the *previous* beat reported (what the player
was doing during the stretch) plus the current beat (where it ended up).

Decisions (shown to learners through ``BeatOutcome.reason``):
- A session's first beat credits nothing: there is no stretch before it.
- A stretch counts only if the previous beat said visible and the current beat
  still says visible; the tab may have been hidden at any moment in between,
  and we credit only what we can vouch for. The player sends a beat on
  ``visibilitychange``, so an honest learner loses at most part of one beat
  interval per tab switch. Video additionally needs the previous beat to say
  playing; the current beat may say paused (a pause beat closes a played stretch).
  Reading ignores ``playing``: it is credited for visible time in which the reader
  interacted (the beat's ``interacted``: a scroll or a page turn since the previous beat).
- A stretch credits at most min(wall-clock seconds, ``max_gap_seconds``).
- Video: the played interval is [previous position, position]. A backward
  move, a forward move faster than the allowed rate (plus slack for timer and
  network jitter), or a claimed rate above the allowed one credits nothing; the
  new position becomes the anchor for the next stretch (the state is always the
  latest beat). Credit is the growth of the covered union, so a re-watch adds nothing.
- Coverage never runs ahead of credit: a lesson covers at most its credited time ×
  the allowed rate plus one jitter allowance (``position_slack_seconds``) in all, not
  per beat; content covered ahead of credit is paid for by later wall-clock time.
  When a gap limit, a cap or the batch window cut the credit, coverage grows only
  by what was credited, so the learner can earn the rest by watching it again.
- Reading: covered is one interval [0, seconds read]; it grows by the credited
  time up to the reading's bound (``reading_seconds``: its length at a slow pace).
- Daily and per-batch caps (None = no cap) bound the credit, given what was
  already credited today / in the batch.
"""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Literal, Sequence

Interval = tuple[float, float]
LessonKind = Literal["video", "reading"]

MERGE_EPSILON = 1e-6  # float noise between touching intervals

# Why a stretch counted fully, partly or not at all.
CREDITED = "credited"
FIRST_BEAT = "first_beat"
NO_ELAPSED_TIME = "no_elapsed_time"
PAUSED = "paused"
HIDDEN = "hidden"
SEEK = "seek"
TOO_FAST = "too_fast"
STALLED = "stalled"
GAP_CAPPED = "gap_capped"
CAP_REACHED = "cap_reached"
COMPLETE = "complete"
REWATCH = "rewatch"
OUTSIDE_BATCH = "outside_batch"
SUPERSEDED = "superseded"
IDLE = "idle"  # a reading page open, but nobody scrolled or turned a page since the previous beat

# Readings: credit is bounded by the text's length read at this pace (a slow one: Chinese readers manage
# 300-500 characters a minute), never by less than READING_FLOOR_SECONDS nor more than the lesson's own
# reading time. Markup counts as text, which only makes the bound more generous.
READING_CHARACTERS_PER_MINUTE = 200
READING_FLOOR_SECONDS = 120


# --- intervals ----------------------------------------------------------------

def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, non-overlapping union; empty and reversed intervals are dropped."""
    items = sorted((float(a), float(b)) for a, b in intervals if b > a)
    merged: list[Interval] = []
    for start, end in items:
        if merged and start <= merged[-1][1] + MERGE_EPSILON:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def add_interval(intervals: Iterable[Interval], interval: Interval) -> list[Interval]:
    return merge_intervals([*intervals, interval])


def covered_seconds(intervals: Iterable[Interval]) -> float:
    return sum(end - start for start, end in merge_intervals(intervals))


def clip_interval(interval: Interval, low: float, high: float) -> Interval | None:
    start, end = max(interval[0], low), min(interval[1], high)
    return (start, end) if end > start else None


def uncovered_parts(intervals: Iterable[Interval], interval: Interval) -> list[Interval]:
    """The parts of ``interval`` outside the union of ``intervals``, in order."""
    parts: list[Interval] = []
    cursor, end = interval
    for a, b in merge_intervals(intervals):
        if b <= cursor:
            continue
        if a >= end:
            break
        if a > cursor:
            parts.append((cursor, a))
        cursor = max(cursor, b)
        if cursor >= end:
            break
    if cursor < end:
        parts.append((cursor, end))
    return parts


def take_seconds(parts: Sequence[Interval], budget: float) -> list[Interval]:
    """The first ``budget`` seconds of ``parts``, in order."""
    taken: list[Interval] = []
    for a, b in parts:
        if budget <= 0:
            break
        length = min(b - a, budget)
        taken.append((a, a + length))
        budget -= length
    return taken


# --- values -------------------------------------------------------------------

def _finite(value: float, name: str, *, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}")
    return float(value)


def _aware(moment: datetime, name: str) -> None:
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


@dataclass(frozen=True)
class CreditSettings:
    max_gap_seconds: float = 30.0  # heartbeat gap limit: a stretch credits at most this
    max_playback_rate: float = 1.0
    rate_tolerance: float = 0.10  # the position may run 10% ahead of the server's clock ...
    position_slack_seconds: float = 1.25  # ... plus this, for timer and network jitter
    backward_tolerance_seconds: float = 0.5  # smaller backward moves are rounding, not a seek
    complete_tolerance_seconds: float = 1.0  # a lesson this close to fully covered is complete
    daily_cap_seconds: float | None = None
    batch_cap_seconds: float | None = None

    def __post_init__(self) -> None:
        _finite(self.max_gap_seconds, "max_gap_seconds", minimum=1.0)
        _finite(self.max_playback_rate, "max_playback_rate", minimum=0.1)
        for name in ("rate_tolerance", "position_slack_seconds",
                     "backward_tolerance_seconds", "complete_tolerance_seconds"):
            _finite(getattr(self, name), name)
        for name in ("daily_cap_seconds", "batch_cap_seconds"):
            if getattr(self, name) is not None:
                _finite(getattr(self, name), name)


@dataclass(frozen=True)
class Beat:
    """What the client claims in one heartbeat (API ``POST /tracking/heartbeat``)."""

    session_id: str
    position: float = 0.0
    playing: bool = False
    visible: bool = True
    playback_rate: float = 1.0
    interacted: bool = True  # reading: the reader scrolled or turned a page since the previous beat

    def __post_init__(self) -> None:
        if not isinstance(self.session_id, str) or not self.session_id:
            raise ValueError("session_id must be a non-empty string")
        _finite(self.position, "position")
        _finite(self.playback_rate, "playback_rate")


@dataclass(frozen=True)
class BeatState:
    """What the server keeps of a session's latest beat: the anchor of the next stretch."""

    session_id: str
    at: datetime
    position: float
    playing: bool
    visible: bool
    playback_rate: float

    @classmethod
    def from_beat(cls, beat: Beat, at: datetime) -> BeatState:
        return cls(beat.session_id, at, beat.position, beat.playing, beat.visible, beat.playback_rate)


@dataclass(frozen=True)
class BeatOutcome:
    credited_seconds: float  # this beat's credit (API ``accepted_seconds``)
    covered_intervals: tuple[Interval, ...]  # the lesson's coverage after this beat
    covered_seconds: float
    completed: bool
    reason: str  # CREDITED, or why the stretch counted only partly or not at all
    state: BeatState  # store as the session's previous beat


# --- crediting ----------------------------------------------------------------

def session_action(active_session_id: str | None, beat_session_id: str,
                   seen_before: bool) -> Literal["continue", "start", "superseded"]:
    """One active session per learner: a newer session supersedes the older one.

    ``seen_before``: the beat's session already beat once (so it is older than
    the active one, if it is not the active one). Its beats get 409 ``session_superseded``.
    """
    if beat_session_id == active_session_id:
        return "continue"
    return "superseded" if seen_before else "start"


def _cap_remaining(settings: CreditSettings, credited_today: float,
                   credited_in_batch: float) -> float:
    remaining = math.inf
    if settings.daily_cap_seconds is not None:
        remaining = min(remaining, settings.daily_cap_seconds - credited_today)
    if settings.batch_cap_seconds is not None:
        remaining = min(remaining, settings.batch_cap_seconds - credited_in_batch)
    return max(0.0, remaining)


def credit_beat(previous_beat: BeatState | None, beat: Beat, now: datetime,
                lesson_kind: LessonKind, duration_seconds: float | None,
                reading_seconds: float | None, covered_intervals: Iterable[Interval],
                settings: CreditSettings = CreditSettings(), *,
                credited_today: float = 0.0, credited_in_batch: float = 0.0,
                batch_window: tuple[datetime, datetime] | None = None,
                lesson_credited: float | None = None) -> BeatOutcome:
    """Judge the stretch since the session's previous beat; see the module notes.

    ``duration_seconds`` is the video's server-measured length, ``reading_seconds``
    a reading's ``reading_minutes × 60``; ``covered_intervals`` the lesson's
    coverage so far; ``batch_window`` the batch's ``[opens, closes)`` if known; ``lesson_credited`` the
    seconds this lesson credited so far (None: as many as it covers, i.e. no coverage ahead of credit).
    """
    _aware(now, "now")
    if lesson_kind == "video":
        length = _finite(duration_seconds, "duration_seconds")  # type: ignore[arg-type]
    elif lesson_kind == "reading":
        length = _finite(reading_seconds, "reading_seconds")  # type: ignore[arg-type]
    else:
        raise ValueError(f"unknown lesson kind: {lesson_kind!r}")
    covered = [c for c in (clip_interval(i, 0.0, length) for i in merge_intervals(covered_intervals)) if c]
    covered_total = covered_seconds(covered)
    complete_at = _complete_at(length, settings)

    same_session = previous_beat is not None and previous_beat.session_id == beat.session_id
    # Never move the anchor back in time: a late-processed beat must not widen the next stretch.
    at = max(now, previous_beat.at) if same_session and previous_beat else now
    state = BeatState.from_beat(beat, at)

    def outcome(credit: float, reason: str, new_covered: list[Interval] = covered) -> BeatOutcome:
        total = covered_seconds(new_covered)
        return BeatOutcome(credit, tuple(new_covered), total, total >= complete_at, reason, state)

    if batch_window is not None:
        _aware(batch_window[0], "batch_window[0]")
        if not batch_window[0] <= now < batch_window[1]:
            return outcome(0.0, OUTSIDE_BATCH)
    if previous_beat is None or not same_session:
        return outcome(0.0, FIRST_BEAT)
    _aware(previous_beat.at, "previous_beat.at")
    elapsed = (now - previous_beat.at).total_seconds()
    if elapsed <= 0:
        return outcome(0.0, NO_ELAPSED_TIME)
    if covered_total >= length - MERGE_EPSILON:
        return outcome(0.0, COMPLETE)
    if not (previous_beat.visible and beat.visible):
        return outcome(0.0, HIDDEN)

    if lesson_kind == "reading" and not beat.interacted:
        return outcome(0.0, IDLE)
    if lesson_kind == "video":
        if not previous_beat.playing:
            return outcome(0.0, PAUSED)
        allowed_rate = settings.max_playback_rate + 1e-9
        if previous_beat.playback_rate > allowed_rate or beat.playback_rate > allowed_rate:
            return outcome(0.0, TOO_FAST)
        advance = beat.position - previous_beat.position
        if advance < -settings.backward_tolerance_seconds:
            return outcome(0.0, SEEK)
        plausible = (elapsed * settings.max_playback_rate * (1 + settings.rate_tolerance)
                     + settings.position_slack_seconds)
        if advance > plausible:
            return outcome(0.0, SEEK)
        if advance <= 0:
            return outcome(0.0, STALLED)
        played = clip_interval((previous_beat.position, beat.position), 0.0, length)
    else:
        played = (covered_total, length)  # reading: the next unread seconds

    new_parts = uncovered_parts(covered, played) if played else []
    new_seconds = sum(b - a for a, b in new_parts)
    if new_seconds <= 0:
        return outcome(0.0, COMPLETE if covered_total >= complete_at else REWATCH)

    # The limits on this stretch's credit; a limit only names the reason when it bites.
    limits = [(elapsed, CREDITED)]  # plain wall-clock time: the rule itself, nothing wrong
    if elapsed > settings.max_gap_seconds:
        limits.insert(0, (settings.max_gap_seconds, GAP_CAPPED))
    if batch_window is not None and previous_beat.at < batch_window[0]:
        limits.insert(0, ((now - batch_window[0]).total_seconds(), OUTSIDE_BATCH))
    cap = _cap_remaining(settings, credited_today, credited_in_batch)
    if cap < math.inf:
        limits.insert(0, (cap, CAP_REACHED))
    limit, limit_reason = min(limits, key=lambda pair: pair[0])
    rate = settings.max_playback_rate
    credited_before = covered_total / rate if lesson_credited is None else lesson_credited
    # Content covered earlier but not yet credited (timer jitter let the position run a little ahead): the
    # wall-clock time of this stretch may pay for it, so an honest learner's jitter evens out.
    lead = max(0.0, covered_total - credited_before * rate)
    credit = max(0.0, min(new_seconds + lead, limit))
    if credit == 0:
        return outcome(0.0, limit_reason)
    if new_seconds <= limit or limit_reason == CREDITED:
        reason, grown = CREDITED, (new_seconds if lesson_kind == "video" else min(new_seconds, credit))
    else:
        reason, grown = limit_reason, credit
    # Coverage never runs ahead of credit: at most the allowed rate's worth of the credited time plus one
    # jitter allowance per lesson (not per beat), so "completed" means watched.
    budget = (credited_before + credit) * rate + settings.position_slack_seconds - covered_total
    grown = max(0.0, min(grown, budget))
    return outcome(credit, reason, merge_intervals([*covered, *take_seconds(new_parts, grown)]))


def reading_seconds(reading_minutes_seconds: float, characters: int | None) -> float:
    """The most a reading credits: its text read at READING_CHARACTERS_PER_MINUTE, within the floor and the
    lesson's own reading time."""
    by_length = (characters or 0) / READING_CHARACTERS_PER_MINUTE * 60.0
    return float(min(reading_minutes_seconds, max(READING_FLOOR_SECONDS, math.ceil(by_length))))


def _complete_at(length: float, settings: CreditSettings) -> float:
    # The tolerance forgives the last frames a player may never report; never
    # more than half of a very short lesson.
    return length - min(settings.complete_tolerance_seconds, length / 2)


def lesson_completed(covered: float, length: float,
                     settings: CreditSettings = CreditSettings()) -> bool:
    """Progress's ``completed``: covered up to the completion tolerance."""
    return covered >= _complete_at(length, settings)


# --- automation hint ----------------------------------------------------------

@dataclass(frozen=True)
class Regularity:
    flagged: bool
    count: int
    mean_seconds: float | None
    stdev_seconds: float | None


def regular_beat_suspicion(intervals_between_beats: Sequence[float], *, min_count: int = 30,
                           max_stdev_seconds: float = 0.01) -> Regularity:
    """The regular-beat flag as it was before issue 13: beats whose gaps vary by under 10 ms.

    No longer raised: a script on a fixed schedule shows the network's jitter (tens of milliseconds) and slips
    through, while the product's own player on a quiet server fired it (benchmarks/study_flags.py compares it
    with ``fixed_schedule_suspicion``, which replaced it).
    """
    values = [float(v) for v in intervals_between_beats]
    if not values:
        return Regularity(False, 0, None, None)
    mean = statistics.fmean(values)
    stdev = statistics.pstdev(values)
    return Regularity(len(values) >= min_count and stdev <= max_stdev_seconds,
                      len(values), mean, stdev)


@dataclass(frozen=True)
class ScheduleHint:
    flagged: bool
    count: int
    median_seconds: float | None
    share_near_median: float | None


def fixed_schedule_suspicion(intervals_between_beats: Sequence[float], *, min_count: int = 30,
                             window_seconds: float = 0.5, min_share: float = 0.6) -> ScheduleHint:
    """Flag (never refuse) a session whose beats keep a fixed schedule.

    The product's player draws each interval at random between 10 and 20 s and beats on pauses, seeks and
    tab changes besides, so only about one gap in ten lies within half a second of the median; a script on a
    fixed schedule puts nearly all of them there, whatever the network adds (tens of milliseconds on a quiet
    server, a few hundred under load). Flagged when at least ``min_share`` of at least ``min_count`` gaps do.
    A script that randomises its own schedule passes: this is a hint for an admin, and the presence checks
    are the defence. Rates from scripted and honest runs: benchmarks/study_flags.py, docs/STUDY_TIME.md.
    """
    values = [float(v) for v in intervals_between_beats]
    if not values:
        return ScheduleHint(False, 0, None, None)
    median = statistics.median(values)
    share = sum(abs(v - median) <= window_seconds for v in values) / len(values)
    return ScheduleHint(len(values) >= min_count and share >= min_share, len(values), median, share)
