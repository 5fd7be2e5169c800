"""The demo's calendar and writing: pure functions, checked over every day of several years."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import pytest

from lms.demo import calendar as demo_calendar
from lms.demo import writing
from lms.projects import rules


@pytest.mark.parametrize("year", [2026, 2027, 2028])
def test_every_day_has_a_finished_a_running_and_an_enrolling_batch(year):
    tz = rules.DEFAULT_TZ
    day = date(year, 1, 1)
    while day.year == year:
        batches = demo_calendar.demo_batches(day, tz)
        assert [b.number for b in batches] == list(range(1, 10))
        for moment in (datetime.combine(day, time(0, 0), tz), datetime.combine(day, time(23, 59), tz)):
            phases = {b.number: rules.batch_phase(b.starts_on, b.ends_on, moment, tz) for b in batches}
            assert phases[demo_calendar.FINISHED] == "ended"
            assert phases[demo_calendar.RUNNING] == "running"
            assert [b.number for b in batches if rules.registration_open(b, moment)] == [demo_calendar.ENROLLING]
        finished = batches[demo_calendar.FINISHED - 1]
        assert rules.grading_closes_at(finished.ends_on, 2, tz) <= datetime.combine(day, time(0), tz)
        for a, b in zip(batches, batches[1:]):
            assert (b.starts_on - a.starts_on).days == 15 and (a.ends_on - a.starts_on).days == 19
        assert demo_calendar.quota_deadline(batches) < batches[0].starts_on
        day += timedelta(days=1)


@pytest.mark.parametrize("key", sorted(writing.TOPICS))
def test_reflections_fit_their_course_and_vary(key):
    rng = random.Random(7)
    texts = [writing.reflection(rng, key, "小学") for _ in range(20)]
    assert len(set(texts)) == 20
    for text in texts:
        assert 300 <= len(text) <= 900
        assert writing.TOPICS[key].short in text
        assert text.count("\n\n") == 3 and "{" not in text
