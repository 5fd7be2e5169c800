"""Proposal calendars: training projects in October for the next year (L407), courses in May and November
(L495), a course's length (L487) — pure rules, and the refusal in words."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lms.core import clock
from lms.core.errors import InvalidInput
from lms.credits import rules, services


def test_projects_are_proposed_in_october_for_the_next_year():
    assert rules.project_proposal_error(2027, date(2026, 10, 1)) is None
    assert rules.project_proposal_error(2027, date(2026, 10, 31)) is None
    assert rules.project_proposal_error(2027, date(2026, 9, 30)) == "project_proposal_closed"
    assert rules.project_proposal_error(2027, date(2026, 11, 1)) == "project_proposal_closed"
    assert rules.project_proposal_error(2026, date(2026, 10, 15)) == "project_proposal_year"


@given(st.dates(min_value=date(2021, 1, 1), max_value=date(2040, 12, 31)))
def test_courses_are_proposed_in_may_and_november_only(day):
    assert (rules.course_proposal_error(day) is None) == (day.month in (5, 11))


@pytest.mark.parametrize("hours, fits", [(20, True), (40, True), (24, True), (4, True), (8, True), (12, False),
                                         (44, False), (22, False), (0, False), (6, False)])
def test_course_lengths(hours, fits):
    assert (rules.course_length_error(D(hours)) is None) is fits


def test_the_refusal_is_in_words(app):
    with app.test_request_context(), clock.frozen_at(datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        with pytest.raises(InvalidInput) as caught:
            services.check_project_proposal(2027)
        assert caught.value.fields["year"] == services.proposal_messages()["project_proposal_closed"]
        services.check_course_proposal(D(24))  # November, a general course
        with pytest.raises(InvalidInput) as caught:
            services.check_course_proposal(D(10))
        assert set(caught.value.fields) == {"hours"}
    with app.test_request_context(), clock.frozen_at(datetime(2026, 10, 9, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        services.check_project_proposal(2027)
        with pytest.raises(InvalidInput) as caught:
            services.check_course_proposal(D(24))
        assert caught.value.fields["date"] == services.proposal_messages()["course_proposal_closed"]
        assert "proposal" not in caught.value.fields["date"]  # words (Chinese by default), not the code
