"""The letters' pure rules: the code, its reading, the names shown and the term."""
from __future__ import annotations

from datetime import date

import pytest

from lms.letters import rules

KEY = b"test-secret"


def test_a_code_reads_back_to_its_role_project_and_person():
    code = rules.code_of(KEY, rules.TUTOR, 12, 345)
    assert code.startswith("T12-345-")
    assert rules.read_code(KEY, code) == (rules.TUTOR, 12, 345)
    assert rules.read_code(KEY, code.lower()) == (rules.TUTOR, 12, 345)
    assert rules.read_code(KEY, rules.code_of(KEY, rules.EXPERT, 1, 2)) == (rules.EXPERT, 1, 2)


def test_another_key_or_a_changed_part_is_not_genuine():
    code = rules.code_of(KEY, rules.TUTOR, 12, 345)
    assert rules.read_code(b"other", code) is None
    assert rules.read_code(KEY, code.replace("T12", "E12")) is None
    assert rules.read_code(KEY, code.replace("-345-", "-346-")) is None


@pytest.mark.parametrize("bad", [None, "", "x", "T-1-ABC", "T1-1", "X1-1-ABCDEFABCD", "T1-a-ABCDEFABCD",
                                 "T１-1-ABCDEFABCD", "T" + "9" * 40 + "-1-A", "T1-1-A-B", "T1-1-" + "Z" * 200])
def test_malformed_codes_are_refused_without_error(bad):
    assert rules.read_code(KEY, bad) is None


def test_names_shown_are_distinct_and_cut_with_a_count():
    assert rules.shown(["a", "b", "a", "", "c"], limit=2) == (["a", "b"], 1)
    assert rules.shown(["a"]) == (["a"], 0)


def test_the_term_runs_from_the_earliest_start_to_the_latest_end():
    assert rules.term([(date(2026, 3, 1), date(2026, 3, 20)), (date(2026, 1, 5), date(2026, 1, 25))]) == (
        date(2026, 1, 5), date(2026, 3, 20))
    assert rules.term([]) == (None, None)


def test_duties_are_empty_without_classes_or_reviews():
    assert rules.Duties().empty
    assert not rules.Duties(classes=("一班",)).empty
