"""The demo's batch calendar, built around the day the demo is loaded (pure: dates in, dates out).

Whatever the date, the demo shows the three moments of a batch's life at once: batch 5 has
finished (grading closed, certificates out), batch 6 is running (a dozen days in), and batch 7's
enrollment window is open today, with batches 1–4 behind and 8–9 ahead. The batches keep the
Jiangsu rules (J3: 20 days, a new one every 15 days, like the 1st/16th; J7: enrollment in the five
days before a batch starts; J5: seats due before the first batch), only the dates move.
"""
from __future__ import annotations

from datetime import date, timedelta, tzinfo

from lms.projects import rules

BATCHES = 9
SPACING_DAYS = 15  # Jiangsu opens a batch on the 1st and the 16th
FINISHED, RUNNING, ENROLLING = 5, 6, 7
ENROLLING_STARTS_IN_DAYS = 3  # today sits inside its 5-day window, whatever the hour
QUOTA_LEAD_DAYS = 9  # J5: seats are due by Jul 7 for a first batch on Jul 16


def demo_batches(today: date, tz: tzinfo = rules.DEFAULT_TZ) -> list[rules.BatchDates]:
    """The nine batches of the demo project, placed so that ``today`` falls as described above."""
    first = today + timedelta(days=ENROLLING_STARTS_IN_DAYS - (ENROLLING - 1) * SPACING_DAYS)
    batches = []
    for number in range(1, BATCHES + 1):
        starts_on = first + timedelta(days=(number - 1) * SPACING_DAYS)
        opens, closes = rules.registration_window(starts_on, tz)
        batches.append(rules.BatchDates(number, starts_on, rules.batch_end_day(starts_on), opens, closes))
    return batches


def quota_deadline(batches: list[rules.BatchDates]) -> date:
    return batches[0].starts_on - timedelta(days=QUOTA_LEAD_DAYS)
