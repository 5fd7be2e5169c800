"""J2b, the consecutive-year rule, as a pure function: properties over any history of years."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lms.enrollment.rules import CONSECUTIVE_YEAR, consecutive_year_refusal, needs_waiver, took_series_the_year_before

years = st.integers(min_value=2000, max_value=2100)
histories = st.sets(st.integers(min_value=2000, max_value=2100), max_size=8)


@given(years, histories, st.booleans())
def test_switched_off_never_refuses(year, taken, waived):
    assert consecutive_year_refusal(rule_on=False, project_year=year, years_taken=taken, waived=waived) is None
    assert not needs_waiver(rule_on=False, project_year=year, years_taken=taken)


@given(years, histories)
def test_a_waiver_always_lifts_the_refusal(year, taken):
    assert consecutive_year_refusal(rule_on=True, project_year=year, years_taken=taken, waived=True) is None


@given(years, histories)
def test_refused_exactly_when_the_series_was_taken_the_year_before(year, taken):
    refusal = consecutive_year_refusal(rule_on=True, project_year=year, years_taken=taken, waived=False)
    assert (refusal == CONSECUTIVE_YEAR) == (year - 1 in taken)
    assert needs_waiver(rule_on=True, project_year=year, years_taken=taken) == (year - 1 in taken)


@given(years, histories, histories)
def test_other_years_do_not_matter(year, taken, more):
    """Only the year before counts: two years ago, the same year or later years change nothing."""
    extra = {y for y in more if y != year - 1}
    assert took_series_the_year_before(year, taken) == took_series_the_year_before(year, taken | extra)


def test_examples():
    assert consecutive_year_refusal(rule_on=True, project_year=2026, years_taken=[2025], waived=False) == CONSECUTIVE_YEAR
    assert consecutive_year_refusal(rule_on=True, project_year=2026, years_taken=[2024], waived=False) is None
    assert consecutive_year_refusal(rule_on=True, project_year=2026, years_taken=[], waived=False) is None
