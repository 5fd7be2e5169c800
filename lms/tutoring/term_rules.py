"""Students' tutoring over a term (学期) or a month: each tutor's figures, the fee, the stars — pure functions of
plain values (no database, no clock; lms.tutoring.terms gathers the inputs). Docs: docs/TUTORING.md "Terms",
docs/RULES.md B14c, B15c, B16.

- A tutor's points of a span: its sessions' points (rules.session_points, by the session's start) + the question
  square's adoption points (by adoption) + its micro-lessons' points (by their settlement) — 001 L46–49.
- Sessions held: those with tutoring time (the tutor and a student in the room together); minutes tutored, the
  distinct students tutored, the students' mean rating (1–5) of those sessions.
- Fee (001 L57): points × 10 yuan × the title coefficient — live research's (lms.live.points.fee, coefficient).
- Star tutors (001 L65 "获取积分的数量和在线辅导的效果"): ≥ 2 sessions held, a mean rating ≥ 4, by points.
- Star students ("在线学习的时长、在线学习的效果和教师的评价"): ≥ 2 sessions tutored, the tutors' mean score ≥ 8 of
  10 (the platform's measure of the effect and the tutors' judgement), no misconduct recorded in the term; by
  minutes tutored.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from lms.live import points as live_points

ADOPTION = "adoption"
LESSON = "lesson"
STAR_TUTOR_MIN_SESSIONS = 2
STAR_TUTOR_MIN_RATING = Decimal(4)
STAR_STUDENT_MIN_SESSIONS = 2
STAR_STUDENT_MIN_SCORE = Decimal(8)
STARS_PER_TERM = 10
TENTH = Decimal("0.1")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Held:
    """One session of the span, as its tutor earned it."""
    tutor_id: int
    month: str  # YYYY-MM of its local start
    points: Decimal
    minutes: int  # tutoring time: the tutor with at least one student
    students: frozenset[int]  # the booked students tutored (own minutes > 0)
    ratings: tuple[int, ...]  # their stars, 1–5


@dataclass(frozen=True)
class Earned:
    """Points from the question square: an adopted answer or a settled micro-lesson."""
    tutor_id: int
    month: str
    kind: str  # ADOPTION or LESSON
    points: int


@dataclass(frozen=True)
class Attended:
    """One student in one session held: its own minutes with the tutor and the tutor's score of it (0–10)."""
    student_id: int
    minutes: int
    score: int | None


@dataclass(frozen=True)
class MonthLine:
    month: str
    session_points: Decimal = Decimal(0)
    adoption_points: int = 0
    lesson_points: int = 0
    sessions: int = 0
    minutes: int = 0

    @property
    def points(self) -> Decimal:
        return self.session_points + self.adoption_points + self.lesson_points


@dataclass(frozen=True)
class TutorFigures:
    """A tutor's figures over a span (a term, a month), with each month's line."""
    tutor_id: int
    months: tuple[MonthLine, ...] = ()
    students: int = 0
    ratings: tuple[int, ...] = field(default_factory=tuple)

    @property
    def session_points(self) -> Decimal:
        return sum((m.session_points for m in self.months), Decimal(0))

    @property
    def adoption_points(self) -> int:
        return sum(m.adoption_points for m in self.months)

    @property
    def lesson_points(self) -> int:
        return sum(m.lesson_points for m in self.months)

    @property
    def points(self) -> Decimal:
        return sum((m.points for m in self.months), Decimal(0))

    @property
    def sessions(self) -> int:
        return sum(m.sessions for m in self.months)

    @property
    def minutes(self) -> int:
        return sum(m.minutes for m in self.months)

    @property
    def hours(self) -> Decimal:
        """Minutes tutored as hours, to the tenth (the archive's 在线时长)."""
        return (Decimal(self.minutes) / 60).quantize(TENTH, rounding=ROUND_HALF_UP)

    @property
    def mean_rating(self) -> Decimal | None:
        if not self.ratings:
            return None
        return (Decimal(sum(self.ratings)) / len(self.ratings)).quantize(CENT, rounding=ROUND_HALF_UP)


def add_up(held: Iterable[Held], earned: Iterable[Earned]) -> dict[int, TutorFigures]:
    """Each tutor's figures over the span: months in order, sessions held (tutoring time > 0) and their minutes,
    students and ratings; square points by kind. Sessions without tutoring time earn nothing and count nowhere."""
    months: dict[int, dict[str, MonthLine]] = defaultdict(dict)
    students: dict[int, set[int]] = defaultdict(set)
    ratings: dict[int, list[int]] = defaultdict(list)
    for h in held:
        if h.minutes <= 0:
            continue
        line = months[h.tutor_id].get(h.month, MonthLine(h.month))
        months[h.tutor_id][h.month] = MonthLine(h.month, line.session_points + h.points, line.adoption_points,
                                                line.lesson_points, line.sessions + 1, line.minutes + h.minutes)
        students[h.tutor_id] |= h.students
        ratings[h.tutor_id] += h.ratings
    for e in earned:
        line = months[e.tutor_id].get(e.month, MonthLine(e.month))
        months[e.tutor_id][e.month] = MonthLine(
            e.month, line.session_points, line.adoption_points + (e.points if e.kind == ADOPTION else 0),
            line.lesson_points + (e.points if e.kind == LESSON else 0), line.sessions, line.minutes)
    return {tid: TutorFigures(tid, tuple(by_month[m] for m in sorted(by_month)), len(students[tid]),
                              tuple(ratings[tid]))
            for tid, by_month in months.items()}


def coefficient(title_grade: str | None) -> Decimal:
    """正高级/特级 1.4, 市级学科带头人/骨干 1.2, others 1.0 (001 L57, as live research's)."""
    return live_points.coefficient(title_grade)


def fee(points: Decimal, title_grade: str | None) -> Decimal:
    """按照每个积分10元计算辅导费，再乘以相应的系数: yuan, to the fen."""
    return live_points.fee(points, title_grade)


# --- stars -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StudentFigures:
    student_id: int
    minutes: int
    sessions: int
    scores: tuple[int, ...]  # the tutors' scores of it, 0–10
    misconduct: int  # misconduct recorded on it in the span

    @property
    def mean_score(self) -> Decimal | None:
        if not self.scores:
            return None
        return (Decimal(sum(self.scores)) / len(self.scores)).quantize(CENT, rounding=ROUND_HALF_UP)


def students_of(attended: Iterable[Attended], misconduct: dict[int, int]) -> list[StudentFigures]:
    """Each student's span: minutes with its tutors, sessions tutored (own minutes > 0), the tutors' scores."""
    minutes: dict[int, int] = defaultdict(int)
    sessions: dict[int, int] = defaultdict(int)
    scores: dict[int, list[int]] = defaultdict(list)
    for a in attended:
        if a.minutes <= 0:
            continue
        minutes[a.student_id] += a.minutes
        sessions[a.student_id] += 1
        if a.score is not None:
            scores[a.student_id].append(a.score)
    return [StudentFigures(sid, minutes[sid], sessions[sid], tuple(scores[sid]), misconduct.get(sid, 0))
            for sid in minutes]


def star_tutors(rows: Iterable[TutorFigures], limit: int = STARS_PER_TERM) -> list[TutorFigures]:
    """星级教师: ≥ 2 sessions held and a mean rating ≥ 4; the most points first (then the better rating)."""
    fit = [r for r in rows if r.sessions >= STAR_TUTOR_MIN_SESSIONS and r.mean_rating is not None
           and r.mean_rating >= STAR_TUTOR_MIN_RATING and r.points > 0]
    return sorted(fit, key=lambda r: (-r.points, -r.mean_rating, r.tutor_id))[:limit]


def star_students(rows: Iterable[StudentFigures], limit: int = STARS_PER_TERM) -> list[StudentFigures]:
    """星级学员: ≥ 2 sessions tutored, the tutors' mean score ≥ 8, no misconduct; the most minutes first (then the
    better score)."""
    fit = [r for r in rows if r.sessions >= STAR_STUDENT_MIN_SESSIONS and r.misconduct == 0
           and r.mean_score is not None and r.mean_score >= STAR_STUDENT_MIN_SCORE]
    return sorted(fit, key=lambda r: (-r.minutes, -r.mean_score, r.student_id))[:limit]
