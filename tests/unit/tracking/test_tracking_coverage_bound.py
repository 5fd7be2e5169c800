"""Issue 13: coverage never ahead of credit, jitter repaid, readings need a reader (lms.tracking.rules)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings as hsettings, strategies as st

from lms.tracking import rules as r
from lms.tracking.rules import Beat, CreditSettings, credit_beat

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


class Lesson:
    def __init__(self, kind="video", length=600.0, settings=CreditSettings()):
        self.kind, self.length, self.settings = kind, length, settings
        self.now, self.state, self.covered, self.credited = T0, None, (), 0.0

    def beat(self, after, position=0.0, playing=True, interacted=True, rate=1.0):
        self.now += timedelta(seconds=after)
        out = credit_beat(self.state, Beat("s", position, playing, True, rate, interacted), self.now, self.kind,
                          self.length if self.kind == "video" else None,
                          self.length if self.kind == "reading" else None, self.covered, self.settings,
                          lesson_credited=self.credited)
        self.state, self.covered = out.state, out.covered_intervals
        self.credited += out.credited_seconds
        return out


def test_the_jitter_allowance_is_granted_once_per_lesson_not_per_beat():
    lesson = Lesson(length=150)
    lesson.beat(0, 0)
    position = 0.0
    for _ in range(135):  # 13.5 s of beats every 100 ms, each 1.36 s ahead
        position += 0.1 * 1.1 + 1.25
        out = lesson.beat(0.1, position)
        assert out.covered_seconds <= lesson.credited + 1.25 + 1e-6
    assert not out.completed and lesson.credited <= 13.5 + 1e-6


def test_coverage_ahead_of_credit_is_paid_by_later_wall_clock_time():
    lesson = Lesson()
    lesson.beat(0, 0)
    out = lesson.beat(10, 11)  # a second ahead of the server's clock
    assert out.credited_seconds == 10 and out.covered_seconds == 11
    out = lesson.beat(10, 20)  # then a second behind: the wall clock pays for the second seen before
    assert out.credited_seconds == 10 and lesson.credited == 20 and out.covered_seconds == 20


def test_an_allowed_faster_rate_still_covers_its_rate_worth_of_credit():
    lesson = Lesson(settings=CreditSettings(max_playback_rate=1.5))
    lesson.beat(0, 0, rate=1.5)
    out = lesson.beat(10, 15, rate=1.5)
    assert out.credited_seconds == 10 and out.covered_seconds == 15


def test_a_reading_without_interaction_earns_nothing():
    lesson = Lesson(kind="reading", length=300)
    lesson.beat(0, playing=False)
    out = lesson.beat(15, playing=False, interacted=False)
    assert out.credited_seconds == 0 and out.reason == r.IDLE
    assert lesson.beat(15, playing=False).credited_seconds == 15


@hsettings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.floats(0.05, 40), st.floats(-5, 40)), min_size=1, max_size=80))
def test_coverage_never_exceeds_credit_plus_one_allowance(steps):
    lesson = Lesson(length=300)
    lesson.beat(0, 0)
    position = 0.0
    for after, move in steps:
        position = max(0.0, position + move)
        out = lesson.beat(after, position)
        assert out.covered_seconds <= lesson.credited + 1.25 + 1e-6
        assert out.covered_seconds >= lesson.credited - 1e-6
