"""Tutors' points (积分) and fees (劳务费) for live research, as pure functions (docs/LIVE.md "Points and payment").

Nothing here reads the clock or the database: the caller passes each session's counted minutes, the learners'
counted minutes and feedback, and where everyone works (school and county ids).

Decisions (docs/RULES.md L8a–L8h):
- Hours are the counted minutes (rules.count_attendance: service hours, the form's bounds, whole minutes) / 60;
  the session's length is its host's own counted minutes (讲堂有效时长).
- No points between teachers of the same school or the same district (county): such a learner counts for
  nothing (neither audience nor rating), and a one-to-one or review with only such learners earns nothing.
- A learner's score is the mean of its rating (1–5) and its satisfaction (very satisfied 5 … very dissatisfied
  1); the session's score is the mean over its eligible learners' feedback (on time or late). No feedback yet:
  no performance (评价) points yet; they come with the feedback.
- Live lecture: 30 points an hour; performance 11 + (score − 1) an hour (score 1 → 11, 5 → 15); audience: the
  completed learners are the eligible learners' counted minutes summed, over the session's length, in whole
  learners; up to 10 learners 1 point an hour, each further 10 one more, at most 15 an hour.
- One-to-one: 6 points an hour, and 6 + (score − 1) an hour from the learner's feedback (score 1 → 6, 5 → 10).
- Open lesson review: 60 points in all — the discussion 30, shared equally among the reviewers present for 45
  counted minutes or more, and the review report 30, shared equally among all reviewers once an organiser has
  recorded it. A reviewer of the reviewed teacher's own school or county keeps no share; the others' shares
  do not grow for it.
- Fee: points × 10 yuan × the title coefficient (正高级/特级 1.4, 市级学科带头人/骨干 1.2, others 1.0), to the fen.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Mapping, Sequence

from lms.live.rules import FORM_RULES, LECTURE, ONE_TO_ONE, REVIEW
from lms.org.rules import TITLE_GRADES

LECTURE_PER_HOUR = Decimal(30)
LECTURE_PERFORMANCE = (Decimal(11), Decimal(15))
AUDIENCE_STEP = 10
AUDIENCE_MAX_PER_HOUR = 15
ONE_TO_ONE_PER_HOUR = Decimal(6)
ONE_TO_ONE_EVALUATION = (Decimal(6), Decimal(10))
REVIEW_DISCUSSION = Decimal(30)
REVIEW_REPORT = Decimal(30)
YUAN_PER_POINT = Decimal(10)
COEFFICIENTS: Mapping[str, Decimal] = {"senior": Decimal("1.4"), "leader": Decimal("1.2"), "other": Decimal("1.0")}
SATISFACTION_SCORES: Mapping[str, int] = {"very_satisfied": 5, "satisfied": 4, "neutral": 3, "dissatisfied": 2,
                                          "very_dissatisfied": 1}
CENT = Decimal("0.01")
assert set(COEFFICIENTS) == set(TITLE_GRADES)


@dataclass(frozen=True)
class Place:
    """Where a teacher works: its school's and county's unit ids (None above that level)."""
    school_id: int | None
    county_id: int | None


def same_place(a: Place, b: Place) -> bool:
    """Same school or same district (county): 同校、同区教师之间研修不记录积分."""
    return (a.school_id is not None and a.school_id == b.school_id) or \
        (a.county_id is not None and a.county_id == b.county_id)


@dataclass(frozen=True)
class Learner:
    place: Place
    counted_minutes: int
    rating: int | None = None  # None: no feedback yet
    satisfaction: str | None = None


@dataclass(frozen=True)
class Reviewer:
    user_id: int
    place: Place
    counted_minutes: int


@dataclass(frozen=True)
class SessionPoints:
    """One tutor's points for one session, by part; ``excluded``: learners left out as same school/county."""
    duration: Decimal = Decimal(0)
    performance: Decimal = Decimal(0)
    audience: Decimal = Decimal(0)
    discussion: Decimal = Decimal(0)
    report: Decimal = Decimal(0)
    hours: Decimal = Decimal(0)
    score: Decimal | None = None
    completed_learners: int = 0
    excluded: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def total(self) -> Decimal:
        return _cents(self.duration + self.performance + self.audience + self.discussion + self.report)


# Why a session earns less than it might (shown on the statement).
SAME_PLACE_ONLY = "same_place_only"  # every learner is of the tutor's own school or county
NO_COUNTED_TIME = "no_counted_time"  # the host's presence counted no minutes
AWAITING_FEEDBACK = "awaiting_feedback"  # performance points come with the learners' feedback
NO_DISCUSSION = "no_discussion"  # the reviewer was not present 45 counted minutes
NO_REPORT = "no_report"  # no review report recorded yet


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def hours_of(counted_minutes: int) -> Decimal:
    """Whole counted minutes as hours (不足1分钟部分不计入积分: the minutes are whole already)."""
    return Decimal(max(0, int(counted_minutes))) / Decimal(60)


def learner_score(rating: int, satisfaction: str | None) -> Decimal:
    """Rating and satisfaction (both 1–5) averaged; without a known satisfaction, the rating alone."""
    if not 1 <= rating <= 5:
        raise ValueError("rating must be 1 to 5")
    if satisfaction not in SATISFACTION_SCORES:
        return Decimal(rating)
    return (Decimal(rating) + SATISFACTION_SCORES[satisfaction]) / 2


def mean_score(learners: Iterable[Learner]) -> Decimal | None:
    scores = [learner_score(x.rating, x.satisfaction) for x in learners if x.rating is not None]
    return sum(scores, Decimal(0)) / len(scores) if scores else None


def scaled(score: Decimal, bounds: tuple[Decimal, Decimal]) -> Decimal:
    """A score 1–5 onto ``bounds`` linearly (1 → low, 5 → high)."""
    low, high = bounds
    return low + (high - low) * (score - 1) / 4


def completed_learners(learner_minutes: Iterable[int], session_minutes: int) -> int:
    """完成观看学员人数: all learners' counted minutes over the session's counted length, in whole learners."""
    if session_minutes <= 0:
        return 0
    return int(math.floor(sum(learner_minutes) / session_minutes + 1e-9))


def audience_per_hour(completed: int) -> int:
    """Up to 10 learners 1 point an hour, each further 10 one more, at most 15."""
    if completed <= 0:
        return 0
    return min(AUDIENCE_MAX_PER_HOUR, math.ceil(completed / AUDIENCE_STEP))


def _eligible(tutor: Place, learners: Sequence[Learner]) -> tuple[list[Learner], int]:
    present = [x for x in learners if x.counted_minutes > 0]
    kept = [x for x in present if not same_place(tutor, x.place)]
    return kept, len(present) - len(kept)


def lecture_points(tutor: Place, host_minutes: int, learners: Sequence[Learner]) -> SessionPoints:
    kept, excluded = _eligible(tutor, learners)
    hours = hours_of(host_minutes)
    if hours == 0:
        return SessionPoints(excluded=excluded, notes=(NO_COUNTED_TIME,))
    if not kept:
        return SessionPoints(hours=hours, excluded=excluded, notes=(SAME_PLACE_ONLY,) if excluded else ())
    score = mean_score(kept)
    completed = completed_learners((x.counted_minutes for x in kept), host_minutes)
    performance = Decimal(0) if score is None else scaled(score, LECTURE_PERFORMANCE) * hours
    return SessionPoints(duration=_cents(LECTURE_PER_HOUR * hours), performance=_cents(performance),
                         audience=_cents(audience_per_hour(completed) * hours), hours=hours, score=score,
                         completed_learners=completed, excluded=excluded,
                         notes=(AWAITING_FEEDBACK,) if score is None else ())


def one_to_one_points(tutor: Place, host_minutes: int, learners: Sequence[Learner]) -> SessionPoints:
    kept, excluded = _eligible(tutor, learners)
    hours = hours_of(host_minutes)
    if hours == 0:
        return SessionPoints(excluded=excluded, notes=(NO_COUNTED_TIME,))
    if not kept:
        return SessionPoints(hours=hours, excluded=excluded, notes=(SAME_PLACE_ONLY,) if excluded else ())
    score = mean_score(kept)
    evaluation = Decimal(0) if score is None else scaled(score, ONE_TO_ONE_EVALUATION) * hours
    return SessionPoints(duration=_cents(ONE_TO_ONE_PER_HOUR * hours), performance=_cents(evaluation), hours=hours,
                         score=score, completed_learners=len(kept), excluded=excluded,
                         notes=(AWAITING_FEEDBACK,) if score is None else ())


def review_points(reviewers: Sequence[Reviewer], learners: Sequence[Learner],
                  report_recorded: bool) -> dict[int, SessionPoints]:
    """Each reviewer's share of the review's 60 points (discussion 30, report 30)."""
    minimum = FORM_RULES[REVIEW].min_minutes
    discussed = [r for r in reviewers if r.counted_minutes >= minimum]
    reviewed = [x for x in learners if x.counted_minutes >= minimum] or list(learners)
    result = {}
    for r in reviewers:
        others = [x for x in reviewed if not same_place(r.place, x.place)]
        excluded = len(reviewed) - len(others)
        if not others:
            result[r.user_id] = SessionPoints(hours=hours_of(r.counted_minutes), excluded=excluded,
                                              notes=(SAME_PLACE_ONLY,) if excluded else ())
            continue
        took_part = r in discussed and any(x.counted_minutes >= minimum for x in others)
        discussion = REVIEW_DISCUSSION / len(discussed) if took_part else Decimal(0)
        report = REVIEW_REPORT / len(reviewers) if report_recorded else Decimal(0)
        notes = tuple(n for n, missing in ((NO_DISCUSSION, not took_part), (NO_REPORT, not report_recorded))
                      if missing)
        result[r.user_id] = SessionPoints(discussion=_cents(discussion), report=_cents(report),
                                          hours=hours_of(r.counted_minutes), score=mean_score(others),
                                          completed_learners=len(others), excluded=excluded, notes=notes)
    return result


def session_points(form: str, tutor: Place, host_minutes: int, learners: Sequence[Learner]) -> SessionPoints:
    """A lecture's or one-to-one's points for its host (a review: review_points)."""
    if form == LECTURE:
        return lecture_points(tutor, host_minutes, learners)
    if form == ONE_TO_ONE:
        return one_to_one_points(tutor, host_minutes, learners)
    raise ValueError(f"not a hosted form: {form!r}")


# --- payment --------------------------------------------------------------------------------------------------

def coefficient(title_grade: str | None) -> Decimal:
    """正高级/特级 1.4, 市级学科带头人/骨干 1.2, others (and unknown) 1.0."""
    return COEFFICIENTS.get(title_grade or "other", COEFFICIENTS["other"])


def fee(points: Decimal, title_grade: str | None) -> Decimal:
    """按照每个积分10元计算辅导费，再乘以相应的系数: yuan, to the fen."""
    return _cents(Decimal(points) * YUAN_PER_POINT * coefficient(title_grade))


# --- star tutors and learners ------------------------------------------------------------------------------------

STAR_TUTOR_MIN_SESSIONS = 2
STAR_TUTOR_MIN_SCORE = Decimal(4)
STAR_LEARNER_MIN_SESSIONS = 2
STARS_PER_TERM = 10


@dataclass(frozen=True)
class TutorTerm:
    user_id: int
    points: Decimal
    sessions: int  # sessions that earned points
    score: Decimal | None  # mean learner score over the term's eligible feedback


@dataclass(frozen=True)
class LearnerTerm:
    user_id: int
    counted_minutes: int
    sessions: int  # sessions attended (counted minutes > 0)
    feedback_on_time: int  # of those, with feedback given within the 7 days


def star_tutors(rows: Iterable[TutorTerm], limit: int = STARS_PER_TERM) -> list[TutorTerm]:
    """星级指导教师: at least 2 sessions with points and a mean learner score of 4 or more; the most points first
    (then the better score), at most 10."""
    fit = [r for r in rows if r.sessions >= STAR_TUTOR_MIN_SESSIONS and r.score is not None
           and r.score >= STAR_TUTOR_MIN_SCORE and r.points > 0]
    return sorted(fit, key=lambda r: (-r.points, -r.score, r.user_id))[:limit]


def star_learners(rows: Iterable[LearnerTerm], limit: int = STARS_PER_TERM) -> list[LearnerTerm]:
    """星级学员教师: at least 2 sessions attended, each with its feedback given in time; the most counted minutes
    first, at most 10."""
    fit = [r for r in rows if r.sessions >= STAR_LEARNER_MIN_SESSIONS and r.feedback_on_time == r.sessions]
    return sorted(fit, key=lambda r: (-r.counted_minutes, -r.sessions, r.user_id))[:limit]
