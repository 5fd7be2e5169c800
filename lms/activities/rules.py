"""What an activity's attendance is worth (004 L135, L153-156): pure functions of plain inputs.

Synchronous activities (a live lecture, a practice session) that a learner attended add study time: so many
minutes of study per attended hour, up to a cap per learner. Offline activities (线下研讨 discussion, 学情指导
guidance) a learner attended add interaction points: so many points each, up to a cap. The province sets the
numbers per project beside its grading policy (lms.grading.models.GradingSettings).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

KINDS = ("live_lecture", "practice", "offline_discussion", "guidance")
SYNCHRONOUS = ("live_lecture", "practice")
OFFLINE = ("offline_discussion", "guidance")
MAX_EVIDENCE_BYTES = 5 * 2**20
EVIDENCE_SUFFIXES = (".jpg", ".jpeg", ".png", ".pdf")


CANCEL_REASON_MAX = 500
# What an edit tells the learners of: when and where the activity takes place.
TIME_AND_PLACE = ("starts_at", "ends_at", "room_url", "location")


def is_synchronous(kind: str) -> bool:
    return kind in SYNCHRONOUS


REVIEW_STATUSES = ("pending", "approved", "rejected")
REVIEW_REASON_MAX = 500


def counts(cancelled_at, review_status: str = "approved") -> bool:
    """Whether an activity's attendance counts toward grades: once the province approved it as meeting its
    requirements (004 L135 "符合省级要求的纳入…学时考核范畴"), and not once it is cancelled."""
    return cancelled_at is None and review_status == "approved"


def review_at_creation(organiser_level: str | None) -> str:
    """An activity the province organises meets its own requirements; any other (a city's, county's, school's or
    a tutor's) waits for a province admin's review."""
    return "approved" if organiser_level == "province" else "pending"


def review_problem(status: str, decision: str, cancelled: bool) -> str | None:
    """Why the province cannot decide so (None: it can). Approving again, or rejecting what is rejected, changes
    nothing; an approval may be revoked (rejected) and a rejection reconsidered; a cancelled activity counts
    nothing either way."""
    if cancelled:
        return "cancelled"
    if decision == "approved" and status == "approved":
        return "already_approved"
    if decision == "rejected" and status == "rejected":
        return "already_rejected"
    return None


def news(before: dict, after: dict) -> list[str]:
    """Of an edit's facts (name → value before and after), the time and place that changed: what the learners
    the activity addresses are told. Empty: nobody needs to hear of it (a title, description or places). Times
    are compared as moments (the same moment in another time zone is no change)."""
    return [name for name in TIME_AND_PLACE if before.get(name) != after.get(name)]


def edit_problems(*, old_kind: str, kind: str, starts_at, ends_at, capacity: int | None, now,
                  recorded: bool, most_minutes: int, attended: int) -> dict[str, str]:
    """Field → why an edit of an activity cannot stand (empty: it can). Once attendance is recorded the marks
    must still read as recorded: the kind stays, the activity has still started, it is at least as long as the
    most minutes marked, and its places hold everyone marked present."""
    problems = {}
    if kind not in KINDS:
        problems["kind"] = "unknown_kind"
    elif recorded and kind != old_kind:
        problems["kind"] = "kind_fixed"
    if ends_at <= starts_at:
        problems["ends_at"] = "not_after_start"
    elif recorded and int((ends_at - starts_at).total_seconds() // 60) < most_minutes:
        problems["ends_at"] = "shorter_than_marked"
    if recorded and starts_at > now:
        problems["starts_at"] = "recorded_before_start"
    if capacity is not None and capacity < attended:
        problems["capacity"] = "below_attended"
    return problems


def mark_error(kind: str, attended: bool, minutes: int | None, duration_minutes: int) -> str | None:
    """Why a mark of attendance cannot stand (None: it can). A synchronous activity is marked in minutes
    (0 to its length); an offline one yes or no."""
    if kind not in KINDS:
        return "unknown_kind"
    if is_synchronous(kind):
        if minutes is None and attended:
            return "minutes_required"
        if minutes is not None and not 0 <= minutes <= duration_minutes:
            return "minutes_out_of_range"
    return None


def qualifies(kind: str, attended: bool, minutes: int | None) -> bool:
    """Whether a mark counts toward the grade: attended, and a synchronous one for at least a minute."""
    if is_synchronous(kind):
        return bool(minutes) and minutes > 0
    return bool(attended)


@dataclass(frozen=True)
class CreditRules:
    """A project's numbers (defaults: an attended hour is an hour of study up to 4 hours; 2 points per
    offline activity up to 6)."""

    minutes_per_hour: int = 60
    study_cap_minutes: int = 240
    points_per_offline: int = 2
    points_cap: int = 6


@dataclass(frozen=True)
class CreditLine:
    """One kind of activity on the learner's grade: how many, minutes attended, what they earned."""

    kind: str
    count: int
    minutes: int
    study_minutes: Decimal
    points: Decimal

    def as_dict(self) -> dict:
        return {"kind": self.kind, "count": self.count, "minutes": self.minutes,
                "study_minutes": float(self.study_minutes), "points": float(self.points)}


@dataclass(frozen=True)
class Credit:
    study_seconds: Decimal
    points: Decimal
    lines: tuple[CreditLine, ...]


def credit(facts: Iterable[tuple[str, int, int]], rules: CreditRules = CreditRules()) -> Credit:
    """The credit of a learner's qualifying attendances, given per kind as (kind, count, minutes attended).

    The caps hold for all kinds together; the kinds take their share in the order of KINDS, so the lines
    always add up to what is credited."""
    by_kind = {kind: (count, minutes) for kind, count, minutes in facts if count > 0}
    study_left, points_left = Decimal(rules.study_cap_minutes), Decimal(rules.points_cap)
    lines = []
    for kind in KINDS:
        if kind not in by_kind:
            continue
        count, minutes = by_kind[kind]
        study = points = Decimal(0)
        if is_synchronous(kind):
            study = min(Decimal(minutes) * rules.minutes_per_hour / 60, study_left)
            study_left -= study
        else:
            points = min(Decimal(count * rules.points_per_offline), points_left)
            points_left -= points
        lines.append(CreditLine(kind, count, minutes, study, points))
    study_minutes = sum((line.study_minutes for line in lines), Decimal(0))
    return Credit(study_minutes * 60, sum((line.points for line in lines), Decimal(0)), tuple(lines))


def featured_points(featured_posts: int, points_each: int, cap: int) -> int:
    """精华帖: each featured post a learner wrote (that counts) earns points, up to a cap."""
    return max(0, min(featured_posts * points_each, cap))
