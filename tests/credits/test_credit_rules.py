"""The credit rules (lms/credits/rules.py), each example citing its line in seed 003 (or 000)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, strategies as st

from lms.credits import rules
from lms.credits.rules import Counted, Profile

CYCLE = rules.Cycle(2021, 2025)
hours = st.decimals(min_value=0, max_value=2000, places=1, allow_nan=False, allow_infinity=False)


def entry(year, category, credits, theme=None, hours=None, source=rules.TRAINING):
    credits = D(str(credits))
    return Counted(year, category, theme, D(hours) if hours is not None else credits * 10, credits, source)


def full_record(years=CYCLE.years, professional=12, elective=7, school=2):
    """A complete record of a regular teacher: the minima (L329-359) and enough for 36 credits, 540 学时 (L78)."""
    items = [entry(2021, rules.PUBLIC, 3, "ethics"), entry(2021, rules.PUBLIC, 3, "policy"),
             entry(2022, rules.PUBLIC, 1, "student_development"), entry(2022, rules.PUBLIC, 1, "information_technology"),
             entry(2023, rules.PROFESSIONAL, professional), entry(2024, rules.ELECTIVE, elective, hours=elective * 20)]
    items += [entry(y, rules.SCHOOL_BASED, school, hours=school * 20) for y in years]
    items[-1] = entry(years[-1], rules.SELF_STUDY, school, hours=school * 20)
    return items


def test_the_cycle_is_2021_to_2025_and_then_the_next_five_years():  # L78
    assert rules.cycle_of(2021) == rules.cycle_of(2025) == CYCLE
    assert rules.cycle_of(2026) == rules.Cycle(2026, 2030)
    assert rules.cycle_of(2020) == rules.Cycle(2016, 2020)


@given(st.integers(1990, 2100))
def test_every_year_lies_in_exactly_one_five_year_cycle(year):
    cycle = rules.cycle_of(year)
    assert year in cycle and len(cycle.years) == 5
    assert rules.cycle_of(cycle.start_year) == rules.cycle_of(cycle.end_year) == cycle


def test_a_full_cycle_asks_540_hours_36_credits_and_each_minimum():  # L78, L319-321, L329-359
    req = rules.requirements(Profile(), CYCLE)
    assert (req.total_credits, req.total_hours) == (36, 540)
    assert dict(req.public_themes) == {"ethics": 3, "policy": 3, "student_development": 1,
                                       "information_technology": 1}  # L331
    assert sum(req.public_themes.values()) + req.professional == 18  # L329
    assert (req.elective, req.school_based, req.school_based_per_year, req.self_study) == (6, 10, 2, 2)


def test_conversions():
    assert rules.convert(rules.TRAINING, rules.PROFESSIONAL, D(25)) == [rules.Award("professional", None, D("2.5"))]  # L335
    assert rules.convert(rules.OFFLINE, rules.ELECTIVE, D(30))[0].credits == D("1.5")  # L347
    assert rules.convert(rules.SCHOOL_PROJECT, None, D(40))[0] == rules.Award("school_based", None, D(2))  # L353
    assert rules.convert(rules.DEGREE, rules.ELECTIVE, D(40))[0] == rules.Award("professional", None, D(2))  # L369
    assert rules.convert(rules.GUOPEI, None, D(40))[0] == rules.Award("professional", None, D(4))  # L371
    assert rules.convert(rules.IT20, None, D(50)) == [rules.Award("public", "information_technology", D(1)),
                                                      rules.Award("professional", None, D(2))]  # L373
    assert rules.convert(rules.TRAINING, rules.INDUCTION, D(120))[0].credits == 0  # L363
    assert rules.convert(rules.RESEARCH, None, D(20))[0] == rules.Award("elective", None, D(1))  # 000 L33


def test_a_public_entry_names_one_of_the_four_themes():  # L331
    with pytest.raises(rules.RuleError) as caught:
        rules.convert(rules.TRAINING, rules.PUBLIC, D(10))
    assert caught.value.field == "theme"
    with pytest.raises(rules.RuleError):
        rules.convert(rules.TRAINING, rules.ELECTIVE, D(10), theme="ethics")
    with pytest.raises(rules.RuleError):
        rules.convert(rules.TRAINING, rules.PROFESSIONAL, D(10), theme="ethics")


@given(hours, st.sampled_from([rules.PUBLIC, rules.PROFESSIONAL, rules.ELECTIVE, rules.SCHOOL_BASED, rules.SELF_STUDY]))
def test_credits_never_exceed_what_the_hours_earn(h, category):
    theme = "ethics" if category == rules.PUBLIC else None
    [award] = rules.convert(rules.OTHER_PLATFORM, category, h, theme)
    rate = D(10) if category in (rules.PUBLIC, rules.PROFESSIONAL) else D(20)  # L335, L347, L353
    assert 0 <= award.credits <= h / rate < award.credits + D("0.01")


@given(hours, hours)
def test_more_hours_never_earn_fewer_credits(a, b):
    low, high = sorted((a, b))
    assert (rules.convert(rules.OFFLINE, rules.ELECTIVE, low)[0].credits
            <= rules.convert(rules.OFFLINE, rules.ELECTIVE, high)[0].credits)


def test_a_complete_record_completes_the_cycle():
    result = rules.standing(full_record(), Profile(), CYCLE, 2025)
    assert result.status == rules.COMPLETE, result.missing
    assert result.credits == 37 and result.hours == 540


def test_the_category_minima_alone_make_34_and_the_total_asks_36():  # L321 vs L319
    result = rules.standing(full_record(professional=10, elective=6), Profile(), CYCLE, 2025)
    assert {line.key for line in result.missing} == {"total", "hours"}
    assert result.credits == 34


def test_professional_above_ten_offsets_electives():  # L335
    result = rules.standing(full_record(professional=16, elective=0), Profile(), CYCLE, 2025)
    lines = {line.key: line for line in result.lines}
    assert result.offset == 6 and lines["elective"].met and lines["professional"].met


def test_electives_and_school_based_never_make_up_required_courses():  # L753
    result = rules.standing(full_record(professional=4, elective=12, school=4), Profile(), CYCLE, 2025)
    assert {line.key for line in result.missing} == {"professional"}
    assert result.credits >= 36 and result.status != rules.COMPLETE


@given(st.integers(0, 30), st.integers(0, 30))
def test_the_offset_goes_one_way_only(professional, elective):
    result = rules.standing(full_record(professional=professional, elective=elective), Profile(), CYCLE, 2025)
    lines = {line.key: line for line in result.lines}
    assert lines["professional"].earned == professional  # never raised by electives (L753)
    assert lines["elective"].earned == elective + max(0, professional - 10)  # L335


def test_school_based_asks_two_credits_every_year():  # L351
    record = full_record(school=2)
    record = [e for e in record if not (e.year == 2023 and e.category == rules.SCHOOL_BASED)]
    record.append(entry(2024, rules.SCHOOL_BASED, 2, hours=40))
    result = rules.standing(record, Profile(), CYCLE, 2025)
    assert "school_based.2023" in {line.key for line in result.missing}
    assert result.status != rules.COMPLETE


def test_self_study_counts_within_school_based():  # L359
    result = rules.standing(full_record(), Profile(), CYCLE, 2025)
    lines = {line.key: line for line in result.lines}
    assert lines["self_study"].earned == 2 and lines["school_based"].earned == 10


def test_a_new_teacher_needs_the_induction_and_7_2_a_year():  # L363, L365
    profile = Profile(kind=rules.NEW, start_year=2023)
    req = rules.requirements(profile, CYCLE)
    assert req.years == (2023, 2024, 2025) and req.total_credits == D("21.6") and req.induction_hours == 120
    record = [entry(2023, rules.PROFESSIONAL, 30, hours=300)]
    result = rules.standing(record, profile, CYCLE, 2025)
    assert "induction" in {line.key for line in result.missing}
    # Training before the teacher's first year does not count for this teacher.
    assert rules.standing([entry(2022, rules.ELECTIVE, 5)], profile, CYCLE, 2025).credits == 0


def test_a_transferred_teacher_owes_7_2_a_year_from_arrival_and_no_induction():  # L367
    req = rules.requirements(Profile(kind=rules.TRANSFERRED, start_year=2024), CYCLE)
    assert req.total_credits == D("14.4") and req.induction_hours == 0


@given(st.integers(2021, 2025))
def test_a_later_start_never_asks_more_than_a_full_cycle(start):
    for kind in (rules.NEW, rules.TRANSFERRED):
        req = rules.requirements(Profile(kind=kind, start_year=start), CYCLE)
        assert req.total_credits == rules.CHAOYANG.yearly_average * len(req.years) <= 36  # L365, L367
        assert req.school_based <= 10 and req.elective <= 6


def test_private_schools_ask_12_school_based_and_7_2_every_year():  # L749
    req = rules.requirements(Profile(private=True), CYCLE)
    assert req.school_based == 12 and req.yearly_credits == D("7.2")
    result = rules.standing(full_record(), Profile(private=True), CYCLE, 2025)
    assert {"school_based", "year.2025"} <= {line.key for line in result.missing}  # 2025: 2 credits only


def test_institution_staff_need_72_hours_a_year():  # L216
    result = rules.standing(full_record(), Profile(institution=True), CYCLE, 2025)
    assert "institution_hours.2025" in {line.key for line in result.missing}


def test_research_hours_need_the_feedback_within_seven_days():  # 000 L33, L35
    assert rules.research_hours(100, feedback_days=3) == 2
    assert rules.research_hours(100, feedback_days=3, reviews=1) == 4
    assert rules.research_hours(100, feedback_days=8) == 0
    assert rules.research_hours(100, feedback_days=None) == 0


def test_research_earns_at_most_one_credit_a_year():  # 000 L33
    record = [entry(2022, rules.ELECTIVE, 1, source=rules.RESEARCH), entry(2022, rules.ELECTIVE, 1, source=rules.RESEARCH),
              entry(2023, rules.ELECTIVE, "0.5", source=rules.RESEARCH)]
    assert rules.standing(record, Profile(), CYCLE, 2025).by_category["elective"] == D("1.5")


def test_on_track_and_behind_follow_the_yearly_average():  # L365: 7.2 a year
    ahead = [entry(y, rules.PROFESSIONAL, D("7.2")) for y in (2021, 2022)]
    assert rules.standing(ahead, Profile(), CYCLE, 2023).status == rules.ON_TRACK
    assert rules.standing(ahead[:1], Profile(), CYCLE, 2023).status == rules.BEHIND
    assert rules.standing(ahead, Profile(), CYCLE, 2026).status == rules.BEHIND  # the cycle is over


def test_review_steps():  # L323, L755: the school reports, the district confirms
    assert rules.next_status("approve", rules.CLAIMED) == rules.APPROVED
    assert rules.next_status("confirm", rules.APPROVED) == rules.CONFIRMED
    assert rules.next_status("confirm", rules.CLAIMED) is None
    assert rules.next_status("reject", rules.CONFIRMED) is None
    assert rules.counts(rules.CONFIRMED) and not rules.counts(rules.APPROVED)


def test_regions_default_to_chaoyang():
    assert rules.region(None) is rules.region("nowhere") is rules.CHAOYANG


def test_a_claim_waiting_over_thirty_days_is_overdue():
    from datetime import datetime, timedelta, timezone
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert not rules.review_overdue(start, start + timedelta(days=30))
    assert rules.review_overdue(start, start + timedelta(days=31))
