"""J13 study time: interval union arithmetic and the regular-beat flag."""
from __future__ import annotations

import random

import pytest
from hypothesis import given, strategies as st

from lms.tracking import rules as r
from lms.tracking.rules import (
    add_interval, clip_interval, covered_seconds, merge_intervals, regular_beat_suspicion,
    take_seconds, uncovered_parts,
)


# --- intervals ------------------------------------------------------------------

def test_j13_merge_intervals_sorts_merges_and_drops_empty():
    assert merge_intervals([(10, 20), (0, 5), (4, 8), (30, 30), (25, 22)]) == [(0.0, 8.0), (10.0, 20.0)]


def test_j13_merge_intervals_joins_touching():
    assert merge_intervals([(0, 10), (10, 20)]) == [(0.0, 20.0)]
    assert merge_intervals([(0, 10), (10.0000001, 20)]) == [(0.0, 20.0)]


def test_j13_merge_intervals_contained():
    assert merge_intervals([(0, 100), (10, 20), (50, 60)]) == [(0.0, 100.0)]


def test_j13_add_interval_and_covered_seconds():
    covered = add_interval([(0, 10)], (5, 15))
    assert covered == [(0.0, 15.0)]
    assert covered_seconds(add_interval(covered, (20, 25))) == 20.0
    assert covered_seconds([]) == 0.0
    assert covered_seconds([(0, 10), (5, 15)]) == 15.0  # overlapping input counts once


def test_j13_clip_interval():
    assert clip_interval((-5, 5), 0, 10) == (0, 5)
    assert clip_interval((8, 15), 0, 10) == (8, 10)
    assert clip_interval((12, 15), 0, 10) is None


def test_j13_uncovered_parts():
    assert uncovered_parts([(10, 20), (30, 40)], (0, 50)) == [(0, 10), (20, 30), (40, 50)]
    assert uncovered_parts([(0, 50)], (10, 20)) == []
    assert uncovered_parts([], (3, 4)) == [(3, 4)]
    assert uncovered_parts([(0, 5)], (3, 8)) == [(5, 8)]


def test_j13_take_seconds_in_order():
    assert take_seconds([(0, 10), (20, 30)], 15) == [(0, 10), (20, 25)]
    assert take_seconds([(0, 10)], 0) == []
    assert take_seconds([(0, 10)], 50) == [(0, 10)]


@given(st.lists(st.tuples(st.floats(0, 1000), st.floats(0, 1000)), max_size=30))
def test_j13_merge_is_disjoint_sorted_and_preserves_the_union(intervals):
    merged = merge_intervals(intervals)
    for (a, b), (c, d) in zip(merged, merged[1:]):
        assert a < b < c < d
    real = [(a, b) for a, b in intervals if b > a]
    # Every input lies inside one merged interval ...
    for a, b in real:
        assert any(c <= a and b <= d for c, d in merged)
    # ... and every merged interval starts and ends where some input does (nothing invented).
    for c, d in merged:
        assert c in {a for a, _ in real} and d in {b for _, b in real}
    assert covered_seconds(merged) <= sum(b - a for a, b in real) + 1e-6


@given(st.lists(st.tuples(st.integers(0, 500), st.integers(0, 500)), max_size=20),
       st.tuples(st.integers(0, 500), st.integers(0, 500)))
def test_j13_uncovered_parts_are_the_growth_of_the_union(intervals, new):
    a, b = min(new), max(new)
    growth = covered_seconds(add_interval(intervals, (a, b))) - covered_seconds(intervals)
    parts = uncovered_parts(intervals, (a, b))
    assert sum(y - x for x, y in parts) == pytest.approx(growth)


# --- regular beats (flag only) ----------------------------------------------------------

def test_j13_perfectly_regular_beats_are_flagged():
    rep = regular_beat_suspicion([15.0] * 40)
    assert rep.flagged and rep.count == 40 and rep.stdev_seconds == 0


def test_j13_human_jitter_is_not_flagged():
    rng = random.Random(7)
    rep = regular_beat_suspicion([15 + rng.gauss(0, 0.05) for _ in range(100)])
    assert not rep.flagged


def test_j13_too_few_beats_are_not_flagged():
    assert not regular_beat_suspicion([15.0] * 10).flagged
    assert regular_beat_suspicion([]) == r.Regularity(False, 0, None, None)


def test_j13_regularity_thresholds_are_arguments():
    assert regular_beat_suspicion([15.0, 15.02] * 5, min_count=10, max_stdev_seconds=0.02).flagged
