"""Corrections of batches and projects after creation (issue 15), as pure rules: "not once a batch has
started, unless stated why"."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from lms.projects import rules
from lms.projects.rules import batch_change_refusal, jiangsu_batches, project_change_refusal

SH = ZoneInfo("Asia/Shanghai")
B = jiangsu_batches(2027)  # Jul 16 .. Dec 5, 2027
BEFORE = datetime(2027, 6, 1, 9, tzinfo=SH)          # nothing started
DURING_3 = datetime(2027, 8, 20, 9, tzinfo=SH)       # batch 3 (Aug 16 – Sep 4) runs


def change(i: int, now=BEFORE, reason=None, **new):
    old = B[i]
    return batch_change_refusal(old, replace(old, **new), B[i - 1] if i else None, B[i + 1] if i + 1 < len(B) else None,
                                now, reason, SH)


def test_jiangsu_batches_share_days_and_stay_editable():
    # J3's batches overlap by four days (Jul 16 – Aug 4 and Aug 1 – Aug 20): the order rule allows that.
    assert B[0].ends_on > B[1].starts_on
    assert change(2) is None
    assert change(2, starts_on=date(2027, 8, 18), ends_on=date(2027, 9, 6)) is None


@pytest.mark.parametrize("new,field", [
    ({"starts_on": date(2027, 8, 1)}, "starts_on"),             # on the previous batch's first day
    ({"starts_on": date(2027, 9, 1), "ends_on": date(2027, 9, 19)}, "starts_on"),  # on the next one's
    ({"ends_on": date(2027, 8, 20)}, "ends_on"),                # on the previous batch's last day
    ({"ends_on": date(2027, 9, 25)}, "ends_on"),                # after the next one's last day: swallows it
])
def test_a_batch_does_not_overtake_its_neighbours(new, field):
    code, fields = change(2, **new)
    assert code == rules.BATCH_ORDER and field in fields


@pytest.mark.parametrize("new,field", [
    ({"ends_on": date(2027, 8, 10)}, "ends_on"),   # before the first day
    ({"registration_closes_at": datetime(2027, 9, 6, tzinfo=SH)}, "registration_closes_at"),  # after the end
    ({"registration_opens_at": datetime(2027, 8, 17, tzinfo=SH)}, "registration_closes_at"),  # window reversed
])
def test_dates_and_windows_follow_the_creation_rules(new, field):
    code, fields = change(2, **new)
    assert code == "invalid_input" and field in fields


def test_a_started_batch_keeps_its_first_day_even_with_a_reason():
    code, fields = change(2, DURING_3, reason="节假日", starts_on=date(2027, 8, 17))
    assert code == rules.BATCH_STARTED and "starts_on" in fields


def test_a_started_batch_changes_its_last_day_only_with_a_reason():
    code, fields = change(2, DURING_3, ends_on=date(2027, 9, 5))
    assert code == rules.REASON_REQUIRED and "reason" in fields
    assert change(2, DURING_3, reason="   ", ends_on=date(2027, 9, 5))[0] == rules.REASON_REQUIRED
    assert change(2, DURING_3, reason="台风停课两天，延长一天", ends_on=date(2027, 9, 5)) is None
    # The window of a started batch is not a grading rule: no reason needed.
    assert change(2, DURING_3, registration_closes_at=datetime(2027, 8, 25, tzinfo=SH)) is None


def test_nothing_moves_into_the_past():
    code, fields = change(3, DURING_3, starts_on=date(2027, 8, 19), ends_on=date(2027, 9, 7))
    assert code == "invalid_input" and "starts_on" in fields
    code, fields = change(1, DURING_3, reason="补录", ends_on=date(2027, 8, 19))
    assert code == "invalid_input" and "ends_on" in fields


def test_the_first_and_last_batch_have_one_neighbour():
    assert change(0, starts_on=date(2027, 7, 10), ends_on=date(2027, 7, 29)) is None
    assert change(8, ends_on=date(2027, 12, 20)) is None


def test_started_depends_on_local_midnight():
    assert not rules.batch_started(date(2027, 8, 16), datetime(2027, 8, 15, 23, 59, tzinfo=SH), SH)
    assert rules.batch_started(date(2027, 8, 16), datetime(2027, 8, 15, 16, 0, tzinfo=ZoneInfo("UTC")), SH)
    with pytest.raises(ValueError):
        rules.batch_started(date(2027, 8, 16), datetime(2027, 8, 15), SH)


def test_project_rules_change_after_a_start_only_with_a_reason():
    first = date(2027, 7, 16)
    assert project_change_refusal({"minimum_percent"}, False, None, None, first) is None
    code, fields = project_change_refusal({"minimum_percent"}, True, None, None, first)
    assert code == rules.REASON_REQUIRED and "reason" in fields
    assert project_change_refusal({"consecutive_year_rule", "name"}, True, "省厅通知", None, first) is None
    # The name is not a rule: it changes freely.
    assert project_change_refusal({"name"}, True, None, None, first) is None


def test_the_quota_deadline_comes_before_learning():
    first = date(2027, 7, 16)
    assert project_change_refusal({"quota_deadline"}, False, None, date(2027, 7, 16), first) is None
    code, fields = project_change_refusal({"quota_deadline"}, False, None, date(2027, 7, 17), first)
    assert code == "invalid_input" and "quota_deadline" in fields
    assert project_change_refusal({"quota_deadline"}, False, None, date(2027, 9, 1), None) is None
    assert rules.needs_reason(True, True, None) and not rules.needs_reason(False, True, None)
    assert not rules.needs_reason(True, False, None)


def test_moving_a_batch_keeps_the_window_with_it():
    old = B[4]
    moved = replace(old, starts_on=old.starts_on + timedelta(days=2), ends_on=old.ends_on + timedelta(days=2),
                    registration_opens_at=old.registration_opens_at + timedelta(days=2),
                    registration_closes_at=old.registration_closes_at + timedelta(days=2))
    assert batch_change_refusal(old, moved, B[3], B[5], BEFORE, None, SH) is None
