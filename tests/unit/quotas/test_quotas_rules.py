"""J4, J5, J6, J8: quota figures, hand-down checks, enrollment checks, compliance, deadline."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from lms.quotas.rules import (
    LEVELS, QUOTA_BELOW_USAGE, QUOTA_DEADLINE_PASSED, QUOTA_EXCEEDS_PARENT, QUOTA_EXHAUSTED,
    QuotaFigures, after_cancel, after_enroll, after_set_seats, check_can_enroll,
    check_quota_deadline, check_set_seats, child_level, compliance, parent_capacity_for,
    parent_level, quota_deadline_passed, required_minimum,
)


# --- levels (J1/J4) ---------------------------------------------------------------

def test_j4_levels_in_cascade_order():
    assert LEVELS == ("province", "city", "county", "school")
    assert [child_level(level) for level in LEVELS] == ["city", "county", "school", None]
    assert [parent_level(level) for level in LEVELS] == [None, "province", "city", "county"]


def test_j4_unknown_level_is_an_error():
    with pytest.raises(ValueError):
        child_level("village")
    with pytest.raises(ValueError):
        parent_level("village")


# --- figures ----------------------------------------------------------------------

def test_j4_available_is_seats_minus_allocated_minus_enrolled():
    f = QuotaFigures(seats=100, allocated=60, enrolled=15)
    assert f.available == 25
    assert f.used == 75
    assert f.consistent
    assert f.as_dict() == {"seats": 100, "allocated": 60, "enrolled": 15, "available": 25}


def test_j4_figures_default_to_nothing_used():
    assert QuotaFigures(7).available == 7


@pytest.mark.parametrize("kwargs", [dict(seats=-1), dict(seats=1, allocated=-1), dict(seats=1, enrolled=-2)])
def test_j4_negative_figures_are_refused(kwargs):
    with pytest.raises(ValueError):
        QuotaFigures(**kwargs)


@pytest.mark.parametrize("kwargs", [dict(seats=1.5), dict(seats=True), dict(seats="3")])
def test_j4_non_integer_figures_are_refused(kwargs):
    with pytest.raises(TypeError):
        QuotaFigures(**kwargs)


def test_j4_inconsistent_figures_are_visible_not_hidden():
    f = QuotaFigures(seats=5, allocated=4, enrolled=3)
    assert not f.consistent and f.available == -2
    assert check_can_enroll(f) == QUOTA_EXHAUSTED


def test_j4_figures_are_frozen():
    with pytest.raises(AttributeError):
        QuotaFigures(1).seats = 2  # type: ignore[misc]


# --- hand-down (J4) --------------------------------------------------------------

def test_j4_parent_capacity_counts_the_childs_current_seats():
    parent = QuotaFigures(seats=100, allocated=70, enrolled=0)  # 30 free
    assert parent_capacity_for(parent, current_seats=20) == 50


def test_j4_set_seats_within_parent_is_allowed():
    assert check_set_seats(QuotaFigures(20), 50, 50) is None


def test_j4_set_seats_beyond_parent_is_quota_exceeds_parent():
    assert check_set_seats(QuotaFigures(20), 51, 50) == QUOTA_EXCEEDS_PARENT


def test_j4_set_seats_below_usage_is_quota_below_usage():
    current = QuotaFigures(seats=20, allocated=12, enrolled=3)
    assert check_set_seats(current, 15, 100) is None
    assert check_set_seats(current, 14, 100) == QUOTA_BELOW_USAGE
    assert check_set_seats(current, 0, 100) == QUOTA_BELOW_USAGE


def test_j4_root_sets_seats_freely():
    assert check_set_seats(QuotaFigures(0), 10**9, None) is None


def test_j4_decrease_is_never_refused_for_the_parent():
    # Even when the parent is (somehow) over-committed, shrinking a child only helps.
    assert check_set_seats(QuotaFigures(30), 10, parent_available_including_current=5) is None


def test_j4_unchanged_seats_are_allowed():
    assert check_set_seats(QuotaFigures(30, 10, 0), 30, 30) is None


def test_j4_below_usage_wins_when_both_fail():
    assert check_set_seats(QuotaFigures(10, 10, 0), 5, 3) == QUOTA_BELOW_USAGE


def test_j4_new_seats_must_be_a_non_negative_int():
    with pytest.raises(ValueError):
        check_set_seats(QuotaFigures(10), -1, None)
    with pytest.raises(TypeError):
        check_set_seats(QuotaFigures(10), 2.5, None)  # type: ignore[arg-type]


def test_j4_after_set_seats_moves_the_delta_to_the_parent():
    parent = QuotaFigures(100, allocated=30)
    child = QuotaFigures(30, allocated=10, enrolled=0)
    new_parent, new_child = after_set_seats(parent, child, 80)
    assert new_parent == QuotaFigures(100, allocated=80)
    assert new_child == QuotaFigures(80, allocated=10)
    back_parent, back_child = after_set_seats(new_parent, new_child, 10)
    assert back_parent == QuotaFigures(100, allocated=10) and back_child.seats == 10


def test_j4_after_set_seats_raises_the_error_code():
    with pytest.raises(ValueError, match=QUOTA_EXCEEDS_PARENT):
        after_set_seats(QuotaFigures(10), QuotaFigures(0), 11)
    with pytest.raises(ValueError, match=QUOTA_BELOW_USAGE):
        after_set_seats(QuotaFigures(10, 5), QuotaFigures(5, enrolled=5), 4)


def test_j4_after_set_seats_at_the_root():
    parent, root = after_set_seats(None, QuotaFigures(10, 4), 50)
    assert parent is None and root == QuotaFigures(50, 4)


@given(st.integers(0, 200), st.integers(0, 200), st.integers(0, 200), st.integers(0, 400),
       st.integers(0, 400))
def test_j4_accepted_hand_down_keeps_the_invariant(p_seats, c_alloc, c_enr, c_seats_extra, new_seats):
    # Build a consistent parent and child, then any accepted change keeps both consistent.
    child = QuotaFigures(c_alloc + c_enr + c_seats_extra % 50, c_alloc, c_enr)
    parent = QuotaFigures(child.seats + p_seats, allocated=child.seats)
    capacity = parent_capacity_for(parent, child.seats)
    error = check_set_seats(child, new_seats, capacity)
    if error is None:
        new_parent, new_child = after_set_seats(parent, child, new_seats)
        assert new_parent is not None and new_parent.consistent and new_child.consistent
    elif error == QUOTA_BELOW_USAGE:
        assert new_seats < child.used
    else:
        assert new_seats > capacity


# --- enrollment (J8, J9) ----------------------------------------------------------

def test_j8_enroll_needs_a_free_seat():
    assert check_can_enroll(QuotaFigures(2, 0, 1)) is None
    assert check_can_enroll(QuotaFigures(2, 0, 2)) == QUOTA_EXHAUSTED
    assert check_can_enroll(QuotaFigures(0)) == QUOTA_EXHAUSTED


def test_j8_seats_handed_down_are_not_enrollable():
    assert check_can_enroll(QuotaFigures(5, allocated=5)) == QUOTA_EXHAUSTED


def test_j8_after_enroll_and_cancel():
    f = after_enroll(QuotaFigures(2))
    assert f == QuotaFigures(2, 0, 1)
    f = after_enroll(f)
    with pytest.raises(ValueError, match=QUOTA_EXHAUSTED):
        after_enroll(f)
    assert after_cancel(f) == QuotaFigures(2, 0, 1)


def test_j9_cancel_without_enrollment_is_an_error():
    with pytest.raises(ValueError):
        after_cancel(QuotaFigures(3))


# --- compliance (J6) --------------------------------------------------------------

@pytest.mark.parametrize("teachers, minimum", [(0, 0), (1, 1), (9, 1), (10, 1), (11, 2),
                                                (100, 10), (101, 11), (109, 11), (110, 11),
                                                (123456, 12346)])
def test_j6_required_minimum_is_ceil_ten_percent(teachers, minimum):
    assert required_minimum(teachers) == minimum


def test_j6_compliance_figure():
    assert compliance(1000, 100) == {"teacher_count": 1000, "participants": 100,
                                     "required_minimum": 100, "meets_minimum": True, "shortfall": 0}
    c = compliance(1001, 100)
    assert c["required_minimum"] == 101 and not c["meets_minimum"] and c["shortfall"] == 1


def test_j6_city_without_teachers_complies():
    assert compliance(0, 0)["meets_minimum"]


@pytest.mark.parametrize("ratio", [Fraction(1, 10), Decimal("0.1"), 0.1, "0.1", "1/10"])
def test_j6_ratio_forms_are_exact(ratio):
    # 0.1 as a float is slightly above 1/10; it must still ask 10 of 100, not 11.
    assert required_minimum(100, ratio) == 10
    assert required_minimum(1000000, ratio) == 100000


def test_j6_other_ratios():
    assert required_minimum(100, Fraction(1, 3)) == 34
    assert required_minimum(7, 0) == 0
    assert required_minimum(7, 1) == 7
    assert compliance(50, 10, minimum_ratio=Fraction(1, 5))["meets_minimum"]


@pytest.mark.parametrize("ratio", [-0.1, 1.5, "2"])
def test_j6_ratio_out_of_range(ratio):
    with pytest.raises(ValueError):
        required_minimum(10, ratio)


def test_j6_negative_counts_refused():
    with pytest.raises(ValueError):
        compliance(-1, 0)
    with pytest.raises(ValueError):
        compliance(10, -1)


@given(st.integers(0, 10**7), st.integers(1, 1000), st.integers(1, 1000))
def test_j6_required_minimum_matches_definition(teachers, num, den):
    ratio = Fraction(min(num, den), den)
    m = required_minimum(teachers, ratio)
    assert m >= teachers * ratio > m - 1  # the least integer at or above the share


# --- deadline (J5) ----------------------------------------------------------------

def test_j5_deadline_passed_from_the_deadline_day():
    deadline = date(2025, 7, 7)
    assert not quota_deadline_passed(deadline, date(2025, 7, 6))
    assert quota_deadline_passed(deadline, date(2025, 7, 7))
    assert quota_deadline_passed(deadline, date(2025, 12, 1))


def test_j5_only_city_seats_by_city_admins_are_bound():
    deadline, late = date(2025, 7, 7), date(2025, 7, 8)
    assert check_quota_deadline("city", False, deadline, late) == QUOTA_DEADLINE_PASSED
    assert check_quota_deadline("city", False, deadline, date(2025, 7, 6)) is None
    assert check_quota_deadline("city", True, deadline, late) is None  # province admin: any time
    assert check_quota_deadline("county", False, deadline, late) is None
    assert check_quota_deadline("school", False, deadline, late) is None
    assert check_quota_deadline("city", False, None, late) is None  # no deadline set


def test_an_ended_batch_keeps_its_seats_from_the_day_after_its_last():
    from lms.quotas.rules import BATCH_ENDED, check_batch_not_ended
    last_day = date(2025, 8, 4)
    assert check_batch_not_ended(last_day, date(2025, 8, 4)) is None  # still its last day
    assert check_batch_not_ended(last_day, date(2025, 7, 1)) is None  # ahead: seats are being handed down
    assert check_batch_not_ended(last_day, date(2025, 8, 5)) == BATCH_ENDED
