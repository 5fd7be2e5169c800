"""J3, J5, J7: the Jiangsu batch calendar, enrollment windows, phases, custom batches."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from lms.projects import rules
from lms.projects.rules import (
    BatchDates, BatchDatesError, batch_end_day, batch_ended, batch_phase, batch_running,
    default_quota_deadline, grading_closes_at, jiangsu_batches, local_date, make_batch_dates,
    registration_open, registration_window, validate_batch_dates,
)

SH = ZoneInfo("Asia/Shanghai")
UTC = timezone.utc
YEARS = [2023, 2024, 2025, 2026, 2027, 2028]


def sh(*args) -> datetime:
    return datetime(*args, tzinfo=SH)


# --- J3 calendar --------------------------------------------------------------

@pytest.mark.parametrize("year", YEARS)
def test_j3_nine_batches_on_the_1st_and_16th(year):
    batches = jiangsu_batches(year)
    assert [b.number for b in batches] == list(range(1, 10))
    assert [(b.starts_on.month, b.starts_on.day) for b in batches] == [
        (7, 16), (8, 1), (8, 16), (9, 1), (9, 16), (10, 1), (10, 16), (11, 1), (11, 16)]
    assert all(b.starts_on.year == year for b in batches)


@pytest.mark.parametrize("year", YEARS)
def test_j3_each_batch_lasts_20_days(year):
    for b in jiangsu_batches(year):
        assert (b.ends_on - b.starts_on).days + 1 == 20
        assert b.ends_on == b.starts_on + timedelta(days=19)


@pytest.mark.parametrize("year", YEARS)
def test_j3_first_and_last_batch_dates(year):
    batches = jiangsu_batches(year)
    assert (batches[0].starts_on, batches[0].ends_on) == (date(year, 7, 16), date(year, 8, 4))
    assert (batches[-1].starts_on, batches[-1].ends_on) == (date(year, 11, 16), date(year, 12, 5))


@pytest.mark.parametrize("year", YEARS)
def test_j3_all_batches_between_jul16_and_dec5_two_per_month(year):
    batches = jiangsu_batches(year)
    assert min(b.starts_on for b in batches) == date(year, 7, 16)
    assert max(b.ends_on for b in batches) == date(year, 12, 5)
    by_month: dict[int, int] = {}
    for b in batches:
        by_month[b.starts_on.month] = by_month.get(b.starts_on.month, 0) + 1
    assert by_month == {7: 1, 8: 2, 9: 2, 10: 2, 11: 2}


def test_j3_leap_year_does_not_shift_the_calendar():
    # Feb 29 is before Jul 16, so 2024 and 2023 have the same month/day layout.
    a = [(b.starts_on.month, b.starts_on.day, b.ends_on.month, b.ends_on.day) for b in jiangsu_batches(2023)]
    b = [(x.starts_on.month, x.starts_on.day, x.ends_on.month, x.ends_on.day) for x in jiangsu_batches(2024)]
    assert a == b


def test_j3_batch_end_dates_across_month_lengths():
    ends = [b.ends_on for b in jiangsu_batches(2025)]
    assert ends == [date(2025, 8, 4), date(2025, 8, 20), date(2025, 9, 4), date(2025, 9, 20),
                    date(2025, 10, 5), date(2025, 10, 20), date(2025, 11, 4), date(2025, 11, 20),
                    date(2025, 12, 5)]


def test_j3_batch_end_day_helper():
    assert batch_end_day(date(2025, 7, 16)) == date(2025, 8, 4)
    assert batch_end_day(date(2025, 2, 20)) == date(2025, 3, 11)


def test_j3_batches_are_frozen():
    b = jiangsu_batches(2025)[0]
    with pytest.raises(AttributeError):
        b.number = 3  # type: ignore[misc]


@pytest.mark.parametrize("year", [0, -1, 10000, "2025", 2025.0, True])
def test_j3_rejects_bad_years(year):
    with pytest.raises(ValueError):
        jiangsu_batches(year)  # type: ignore[arg-type]


# --- J7 registration window -----------------------------------------------------

@pytest.mark.parametrize("year", YEARS)
def test_j7_window_is_five_days_before_start_local_midnights(year):
    for b in jiangsu_batches(year):
        assert b.registration_opens_at == sh(b.starts_on.year, b.starts_on.month, b.starts_on.day) - timedelta(days=5)
        assert b.registration_closes_at == sh(b.starts_on.year, b.starts_on.month, b.starts_on.day)
        assert b.registration_opens_at.utcoffset() == timedelta(hours=8)


def test_j7_batch1_window_in_utc():
    b = jiangsu_batches(2025)[0]
    assert b.registration_opens_at.astimezone(UTC) == datetime(2025, 7, 10, 16, 0, tzinfo=UTC)
    assert b.registration_closes_at.astimezone(UTC) == datetime(2025, 7, 15, 16, 0, tzinfo=UTC)


def test_j7_window_spans_month_boundary():
    b = jiangsu_batches(2025)[1]  # Aug 1
    assert b.registration_opens_at == sh(2025, 7, 27)


def test_j7_registration_open_is_half_open():
    b = jiangsu_batches(2025)[0]
    assert not registration_open(b, sh(2025, 7, 10, 23, 59, 59))
    assert registration_open(b, sh(2025, 7, 11))
    assert registration_open(b, sh(2025, 7, 15, 23, 59, 59, 999999))
    assert not registration_open(b, sh(2025, 7, 16))


def test_j7_registration_open_compares_instants_not_wall_clock():
    b = jiangsu_batches(2025)[0]
    # 2025-07-10 16:00 UTC is 2025-07-11 00:00 in Shanghai: open.
    assert registration_open(b, datetime(2025, 7, 10, 16, 0, tzinfo=UTC))
    assert not registration_open(b, datetime(2025, 7, 10, 15, 59, tzinfo=UTC))


def test_j7_registration_open_accepts_a_window_tuple():
    window = (sh(2025, 1, 1), sh(2025, 1, 2))
    assert registration_open(window, sh(2025, 1, 1, 12))
    assert not registration_open(window, sh(2025, 1, 2))


def test_j7_naive_now_is_refused():
    with pytest.raises(ValueError):
        registration_open(jiangsu_batches(2025)[0], datetime(2025, 7, 12))


def test_j7_window_takes_a_time_zone():
    utc_batches = jiangsu_batches(2025, tz=UTC)
    assert utc_batches[0].registration_closes_at == datetime(2025, 7, 16, tzinfo=UTC)
    opens, closes = registration_window(date(2025, 7, 16), ZoneInfo("Europe/Berlin"), lead_days=3)
    assert opens == datetime(2025, 7, 13, tzinfo=ZoneInfo("Europe/Berlin"))
    assert closes.utcoffset() == timedelta(hours=2)


def test_j7_window_lead_days_must_not_be_negative():
    with pytest.raises(ValueError):
        registration_window(date(2025, 7, 16), SH, lead_days=-1)


# --- J5 quota deadline ----------------------------------------------------------

@pytest.mark.parametrize("year", YEARS)
def test_j5_default_quota_deadline_is_jul_7(year):
    assert default_quota_deadline(year) == date(year, 7, 7)


def test_j5_local_date_uses_the_zone():
    # 16:30 UTC on Jul 6 is already Jul 7 in Shanghai: the deadline has come.
    assert local_date(datetime(2025, 7, 6, 16, 30, tzinfo=UTC), SH) == date(2025, 7, 7)
    assert local_date(datetime(2025, 7, 6, 15, 59, tzinfo=UTC), SH) == date(2025, 7, 6)


# --- phases (J9 and crediting) ---------------------------------------------------

def test_j3_batch_phase_boundaries_are_local_midnights():
    start, end = date(2025, 7, 16), date(2025, 8, 4)
    assert batch_phase(start, end, sh(2025, 7, 15, 23, 59, 59)) == "upcoming"
    assert batch_phase(start, end, sh(2025, 7, 16)) == "running"
    assert batch_phase(start, end, sh(2025, 8, 4, 23, 59, 59)) == "running"
    assert batch_phase(start, end, sh(2025, 8, 5)) == "ended"


def test_j9_batch_ended_at_end_of_last_day():
    end = date(2025, 8, 4)
    assert not batch_ended(end, sh(2025, 8, 4, 23, 59, 59, 999999))
    assert batch_ended(end, sh(2025, 8, 5))
    # Same instant, expressed in UTC.
    assert batch_ended(end, datetime(2025, 8, 4, 16, 0, tzinfo=UTC))
    assert not batch_ended(end, datetime(2025, 8, 4, 15, 59, tzinfo=UTC))


def test_j3_batch_running_helper():
    start, end = date(2025, 7, 16), date(2025, 8, 4)
    assert batch_running(start, end, sh(2025, 7, 20))
    assert not batch_running(start, end, sh(2025, 7, 1))
    assert not batch_running(start, end, sh(2025, 9, 1))


def test_j3_one_day_batch_runs_for_that_day():
    d = date(2025, 3, 1)
    assert batch_phase(d, d, sh(2025, 3, 1, 12)) == "running"
    assert batch_phase(d, d, sh(2025, 3, 2)) == "ended"


def test_j3_phase_refuses_naive_now():
    with pytest.raises(ValueError):
        batch_phase(date(2025, 7, 16), date(2025, 8, 4), datetime(2025, 7, 20))
    with pytest.raises(ValueError):
        batch_ended(date(2025, 8, 4), datetime(2025, 8, 20))


def test_j13_grading_closes_days_after_the_batch_end():
    assert grading_closes_at(date(2025, 8, 4), 0) == sh(2025, 8, 5)
    assert grading_closes_at(date(2025, 8, 4), 7) == sh(2025, 8, 12)
    with pytest.raises(ValueError):
        grading_closes_at(date(2025, 8, 4), -1)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
       st.integers(min_value=0, max_value=60),
       st.integers(min_value=-3 * 86400, max_value=70 * 86400))
def test_j3_phase_is_monotonic_in_time(starts_on, length, offset):
    ends_on = starts_on + timedelta(days=length)
    now = sh(starts_on.year, starts_on.month, starts_on.day) + timedelta(seconds=offset)
    order = {"upcoming": 0, "running": 1, "ended": 2}
    phase = batch_phase(starts_on, ends_on, now)
    later = batch_phase(starts_on, ends_on, now + timedelta(hours=1))
    assert order[later] >= order[phase]
    assert (phase == "ended") == batch_ended(ends_on, now)


# --- custom batches -------------------------------------------------------------

def test_j3_custom_batch_fills_the_j7_window():
    b = make_batch_dates(10, date(2025, 3, 1), date(2025, 3, 20))
    assert isinstance(b, BatchDates)
    assert b.registration_opens_at == sh(2025, 2, 24)
    assert b.registration_closes_at == sh(2025, 3, 1)


def test_j3_custom_batch_keeps_given_window():
    b = make_batch_dates(1, date(2025, 3, 1), date(2025, 3, 20),
                         sh(2025, 2, 1, 9), sh(2025, 3, 5, 18))
    assert (b.registration_opens_at, b.registration_closes_at) == (sh(2025, 2, 1, 9), sh(2025, 3, 5, 18))


def test_j3_custom_batch_ends_before_start_is_invalid():
    with pytest.raises(BatchDatesError) as err:
        make_batch_dates(1, date(2025, 3, 20), date(2025, 3, 1))
    assert set(err.value.fields) == {"ends_on"}
    assert isinstance(err.value, ValueError)
    assert "ends_on" in str(err.value)


def test_j7_custom_window_must_close_after_it_opens():
    errors = validate_batch_dates(1, date(2025, 3, 1), date(2025, 3, 20),
                                  sh(2025, 2, 25), sh(2025, 2, 25))
    assert errors == {"registration_closes_at": "must be after registration_opens_at"}


def test_j7_custom_window_must_close_by_the_batch_end():
    ok = validate_batch_dates(1, date(2025, 3, 1), date(2025, 3, 20), sh(2025, 2, 25), sh(2025, 3, 21))
    assert ok == {}
    late = validate_batch_dates(1, date(2025, 3, 1), date(2025, 3, 20), sh(2025, 2, 25),
                                sh(2025, 3, 21, 0, 0, 1))
    assert set(late) == {"registration_closes_at"}


def test_j7_custom_window_needs_aware_datetimes():
    errors = validate_batch_dates(1, date(2025, 3, 1), date(2025, 3, 20),
                                  datetime(2025, 2, 25), sh(2025, 3, 1))
    assert set(errors) == {"registration_opens_at"}


def test_j3_custom_batch_reports_every_bad_field():
    errors = validate_batch_dates(0, "2025-03-01", date(2025, 3, 20), None, None)  # type: ignore[arg-type]
    assert set(errors) == {"number", "starts_on", "registration_opens_at", "registration_closes_at"}


def test_j3_custom_batch_rejects_datetime_as_date():
    errors = validate_batch_dates(1, datetime(2025, 3, 1), date(2025, 3, 20),  # type: ignore[arg-type]
                                  sh(2025, 2, 25), sh(2025, 3, 1))
    assert "starts_on" in errors


def test_j3_duplicate_batch_numbers():
    assert rules.check_batch_numbers([1, 2, 3]) == {}
    assert rules.check_batch_numbers([1, 2, 2, 3, 3]) == {"number": "duplicate batch number(s): 2, 3"}


def test_j3_jiangsu_batches_are_valid_custom_batches():
    for year in YEARS:
        for b in jiangsu_batches(year):
            assert validate_batch_dates(b.number, b.starts_on, b.ends_on,
                                        b.registration_opens_at, b.registration_closes_at) == {}
