"""The organisation awards of students' tutoring (优秀学校组织奖, 优秀区组织奖; 001 L65, docs/RULES.md B18): each
school's and each district's indicators over a term, their composite score and the ranking — pure functions of
plain values (no database, no clock; lms.tutoring.awards gathers the inputs from the term figures).

Indicators of a unit (a school, or a county-level district with everything below it):
- student_minutes: the minutes its students were tutored in the term / its student accounts (active ones) — per
  account, not per participating student, so a unit that reaches few of its students does not look as good as
  one that reaches them all (组织 is what the award rewards);
- evaluation: the tutors' mean score (0–10) of its students' sessions (None without any score);
- key_share: of its key teachers (区级及以上骨干: the title grades recorded on users, ``KEY_GRADES``), the share that
  took part in the term's tutoring (held a session or earned square points);
- key_minutes, key_points: those participants' mean minutes tutored and mean points (the term figures').

Each indicator is scaled across the units compared to 0–100 as a share of the best unit's value (the best 100,
none 0; a missing evaluation 0); the composite is their weighted mean (``WEIGHTS``: equal); ranks are shared on
equal composites (1, 1, 3) and the order within is by name.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# The recorded grades that count as 区级及以上骨干 (lms.org.rules.TITLE_GRADES): 正高级/特级 and 市级学科带头人/骨干.
# No district-level grade is recorded, so a district's own 骨干 count only once their grade says leader.
KEY_GRADES = frozenset({"senior", "leader"})
SCHOOL = "school"
DISTRICT = "district"
KINDS = (SCHOOL, DISTRICT)
INDICATORS = ("student_minutes", "evaluation", "key_share", "key_minutes", "key_points")
WEIGHTS = {name: Decimal(1) / len(INDICATORS) for name in INDICATORS}
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class UnitTerm:
    """A unit's term, as gathered: its students and their tutored minutes and scores, its key teachers and the
    figures (minutes, points) of those who took part."""
    unit_id: int
    name: str
    students: int
    student_minutes: int
    scores: tuple[int, ...] = ()
    key_teachers: int = 0
    key_tutors: tuple[tuple[int, Decimal], ...] = ()  # (minutes, points) of each key teacher who took part


@dataclass(frozen=True)
class Indicators:
    student_minutes: Decimal
    evaluation: Decimal | None
    key_share: Decimal  # percent
    key_minutes: Decimal
    key_points: Decimal

    def value(self, name: str) -> Decimal | None:
        return getattr(self, name)


def indicators(u: UnitTerm) -> Indicators:
    def mean(values: Sequence) -> Decimal:
        return _cents(Decimal(sum(values)) / len(values)) if values else Decimal(0)
    return Indicators(
        student_minutes=_cents(Decimal(u.student_minutes) / u.students) if u.students else Decimal(0),
        evaluation=mean(u.scores) if u.scores else None,
        key_share=_cents(HUNDRED * len(u.key_tutors) / u.key_teachers) if u.key_teachers else Decimal(0),
        key_minutes=mean([m for m, _p in u.key_tutors]),
        key_points=mean([p for _m, p in u.key_tutors]))


def normalise(values: Sequence[Decimal | None]) -> list[Decimal]:
    """Each value as a share of the best one, 0–100 to the cent; missing ones 0, and all 0 when the best is 0."""
    best = max((v for v in values if v is not None), default=Decimal(0))
    if best <= 0:
        return [Decimal(0) for _v in values]
    return [Decimal(0) if v is None else _cents(HUNDRED * v / best) for v in values]


@dataclass(frozen=True)
class Ranked:
    unit: UnitTerm
    indicators: Indicators
    normalised: dict[str, Decimal]
    score: Decimal  # 0–100
    rank: int


def rank(units: Iterable[UnitTerm]) -> list[Ranked]:
    """The units compared, best composite first; equal composites share a rank (competition ranking)."""
    units = list(units)
    found = [indicators(u) for u in units]
    scaled = {name: normalise([i.value(name) for i in found]) for name in INDICATORS}
    rows = []
    for k, (u, i) in enumerate(zip(units, found)):
        normalised = {name: scaled[name][k] for name in INDICATORS}
        score = _cents(sum((WEIGHTS[name] * normalised[name] for name in INDICATORS), Decimal(0)))
        rows.append((u, i, normalised, score))
    rows.sort(key=lambda r: (-r[3], r[0].name, r[0].unit_id))
    ranked, previous = [], None
    for position, (u, i, normalised, score) in enumerate(rows, start=1):
        place = previous.rank if previous is not None and previous.score == score else position
        previous = Ranked(u, i, normalised, score, place)
        ranked.append(previous)
    return ranked


def top(ranked: Sequence[Ranked], n: int) -> list[Ranked]:
    """The winners of a top-N award: ranks 1..n (a tie on the n-th place takes all its units), score above 0
    (a unit without any tutoring wins nothing)."""
    return [r for r in ranked if r.rank <= n and r.score > 0]


def chosen(ranked: Sequence[Ranked], unit_ids: Iterable[int]) -> tuple[list[Ranked], set[int]]:
    """The ranked units chosen by id, and the ids that are not among the units ranked."""
    wanted = set(unit_ids)
    picked = [r for r in ranked if r.unit.unit_id in wanted]
    return picked, wanted - {r.unit.unit_id for r in picked}
