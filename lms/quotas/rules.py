"""The quota cascade (J4, J5, J6, J8) as pure checks on plain figures.

One quota row per (batch, org unit) holds ``seats`` (received from the parent,
or set freely at the root), ``allocated`` (the sum of the children's seats) and
``enrolled`` (the unit's own active enrollments; only schools enroll). The
invariant, for every row: ``allocated + enrolled <= seats``.

These functions decide; the services apply the decision with a locked row or a
conditional UPDATE so the invariant also holds under concurrency (J8).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

from lms.core.scope import LEVELS, child_level

__all__ = [
    "LEVELS", "child_level", "parent_level", "QuotaFigures",
    "QUOTA_EXCEEDS_PARENT", "QUOTA_BELOW_USAGE", "QUOTA_EXHAUSTED", "QUOTA_DEADLINE_PASSED",
    "parent_capacity_for", "check_set_seats", "check_can_enroll", "after_set_seats",
    "after_enroll", "after_cancel", "compliance", "required_minimum", "DEFAULT_MINIMUM_RATIO",
    "quota_deadline_passed", "check_quota_deadline", "BATCH_ENDED", "check_batch_not_ended",
]

# API error codes (409).
QUOTA_EXCEEDS_PARENT = "quota_exceeds_parent"
QUOTA_BELOW_USAGE = "quota_below_usage"
QUOTA_EXHAUSTED = "quota_exhausted"
QUOTA_DEADLINE_PASSED = "quota_deadline_passed"
BATCH_ENDED = "batch_ended"

DEFAULT_MINIMUM_RATIO = Fraction(1, 10)  # J6: participants >= 10% of a city's teachers


def parent_level(level: str) -> str | None:
    """The level above ``level`` (None for the province)."""
    i = LEVELS.index(level)
    return LEVELS[i - 1] if i > 0 else None


def _count(value: int, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must not be negative")
    return value


@dataclass(frozen=True)
class QuotaFigures:
    """One unit's figures in one batch (the API's quota shape minus ids)."""

    seats: int
    allocated: int = 0
    enrolled: int = 0

    def __post_init__(self) -> None:
        _count(self.seats, "seats")
        _count(self.allocated, "allocated")
        _count(self.enrolled, "enrolled")

    @property
    def available(self) -> int:
        """Seats still free to hand down or enroll against."""
        return self.seats - self.allocated - self.enrolled

    @property
    def used(self) -> int:
        return self.allocated + self.enrolled

    @property
    def consistent(self) -> bool:
        return self.used <= self.seats

    def as_dict(self) -> dict[str, int]:
        return {"seats": self.seats, "allocated": self.allocated,
                "enrolled": self.enrolled, "available": self.available}


# --- hand-down (J4) -----------------------------------------------------------

def parent_capacity_for(parent: QuotaFigures, current_seats: int) -> int:
    """The most a child may hold: the parent's free seats plus what the child already holds."""
    return parent.available + current_seats


def check_set_seats(current: QuotaFigures, new_seats: int,
                    parent_available_including_current: int | None) -> str | None:
    """J4: may a unit's seats become ``new_seats``? An API error code, or None.

    ``parent_available_including_current`` is ``parent_capacity_for(parent,
    current.seats)``; None for the root (the province sets its own total freely).
    A decrease is never refused for the parent's sake: it only frees seats.
    """
    _count(new_seats, "new_seats")
    if new_seats < current.used:
        return QUOTA_BELOW_USAGE
    if (parent_available_including_current is not None
            and new_seats > current.seats
            and new_seats > parent_available_including_current):
        return QUOTA_EXCEEDS_PARENT
    return None


def after_set_seats(parent: QuotaFigures | None, current: QuotaFigures,
                    new_seats: int) -> tuple[QuotaFigures | None, QuotaFigures]:
    """The parent's and the unit's figures after an accepted seat change.

    Raises ValueError with the error code when check_set_seats refuses it.
    """
    capacity = None if parent is None else parent_capacity_for(parent, current.seats)
    error = check_set_seats(current, new_seats, capacity)
    if error:
        raise ValueError(error)
    delta = new_seats - current.seats
    new_parent = None if parent is None else replace(parent, allocated=parent.allocated + delta)
    return new_parent, replace(current, seats=new_seats)


# --- enrollment (J8, J9) ------------------------------------------------------

def check_can_enroll(figures: QuotaFigures) -> str | None:
    """J8: one more enrollment needs a free seat at the school."""
    return QUOTA_EXHAUSTED if figures.available < 1 else None


def after_enroll(figures: QuotaFigures) -> QuotaFigures:
    error = check_can_enroll(figures)
    if error:
        raise ValueError(error)
    return replace(figures, enrolled=figures.enrolled + 1)


def after_cancel(figures: QuotaFigures) -> QuotaFigures:
    """J9: a cancelled enrollment returns its seat to the school.

    (A replacement keeps the seat: the figures do not change.)
    """
    if figures.enrolled < 1:
        raise ValueError("no active enrollment to cancel")
    return replace(figures, enrolled=figures.enrolled - 1)


# --- compliance (J6) ----------------------------------------------------------

def _ratio(value: Fraction | Decimal | int | float | str) -> Fraction:
    # A float goes through its shortest repr: Fraction(0.1) is slightly above
    # 1/10 and would demand 11 participants of 100 teachers.
    ratio = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    if not 0 <= ratio <= 1:
        raise ValueError("minimum_ratio must be between 0 and 1")
    return ratio


def required_minimum(teacher_count: int,
                     minimum_ratio: Fraction | Decimal | int | float | str = DEFAULT_MINIMUM_RATIO) -> int:
    """J6: ceil(teacher_count × ratio), in exact integer arithmetic."""
    _count(teacher_count, "teacher_count")
    ratio = _ratio(minimum_ratio)
    return -(-teacher_count * ratio.numerator // ratio.denominator)


def compliance(teacher_count: int, participants: int,
               minimum_ratio: Fraction | Decimal | int | float | str = DEFAULT_MINIMUM_RATIO) -> dict:
    """J6: a city's compliance figure: does it send at least the minimum share of its teachers?"""
    _count(participants, "participants")
    minimum = required_minimum(teacher_count, minimum_ratio)
    return {
        "teacher_count": teacher_count,
        "participants": participants,
        "required_minimum": minimum,
        "meets_minimum": participants >= minimum,
        "shortfall": max(0, minimum - participants),
    }


# --- deadline (J5) ------------------------------------------------------------

def quota_deadline_passed(deadline: date, today: date) -> bool:
    """J5: changes are allowed while the local date is before ``deadline`` ("before Jul 7")."""
    return today >= deadline


def check_quota_deadline(unit_level: str, actor_is_province_admin: bool,
                         deadline: date | None, today: date) -> str | None:
    """J5: after the deadline only a province admin changes a *city's* seats.

    Counties and schools are not bound by it: cities hand seats down all year.
    """
    if unit_level != "city" or actor_is_province_admin or deadline is None:
        return None
    return QUOTA_DEADLINE_PASSED if quota_deadline_passed(deadline, today) else None


def check_batch_not_ended(ends_on: date, today: date) -> str | None:
    """An ended batch's seats are its record: enrollments are final, so its seats no longer change."""
    return BATCH_ENDED if today > ends_on else None
