"""The pure rules of surveys: a question's definition, an answer against its question, the window, the tally."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from lms.surveys import rules
from lms.surveys.rules import Problem, QuestionSpec

SINGLE = QuestionSpec(1, rules.SINGLE, options=("甲", "乙", "丙"))
MULTIPLE = QuestionSpec(2, rules.MULTIPLE, options=("甲", "乙", "丙", "丁"), min_picks=2, max_picks=3)
SCALE = QuestionSpec(3, rules.SCALE, scale_min=1, scale_max=5)
TEXT = QuestionSpec(4, rules.TEXT, required=False, max_length=5)
T0 = datetime(2026, 11, 20, 8, tzinfo=timezone.utc)


@pytest.mark.parametrize("spec, field, code", [
    (QuestionSpec(0, "essay"), "kind", "unknown_kind"),
    (QuestionSpec(0, rules.SINGLE, options=("甲",)), "options", "option_count"),
    (QuestionSpec(0, rules.SINGLE, options=tuple(str(i) for i in range(21))), "options", "option_count"),
    (QuestionSpec(0, rules.SINGLE, options=("甲", " ")), "options", "option_empty"),
    (QuestionSpec(0, rules.MULTIPLE, options=("甲", "甲")), "options", "option_twice"),
    (QuestionSpec(0, rules.SINGLE, options=("甲", "乙" * 201)), "options", "option_long"),
    (QuestionSpec(0, rules.MULTIPLE, options=("甲", "乙"), min_picks=3), "min_picks", "picks_range"),
    (QuestionSpec(0, rules.MULTIPLE, options=("甲", "乙"), max_picks=0), "max_picks", "picks_range"),
    (QuestionSpec(0, rules.MULTIPLE, options=("甲", "乙"), min_picks=2, max_picks=1), "max_picks", "picks_order"),
    (QuestionSpec(0, rules.SCALE, scale_min=3, scale_max=3), "scale_max", "scale_range"),
    (QuestionSpec(0, rules.SCALE, scale_min=0, scale_max=11), "scale_max", "scale_range"),
    (QuestionSpec(0, rules.SCALE), "scale_max", "scale_range"),
    (QuestionSpec(0, rules.TEXT, max_length=0), "max_length", "length_range"),
    (QuestionSpec(0, rules.TEXT, max_length=5001), "max_length", "length_range"),
])
def test_unsound_definitions_are_named(spec, field, code):
    assert rules.definition_problems(spec)[field].code == code


@pytest.mark.parametrize("spec", [SINGLE, MULTIPLE, SCALE, TEXT, QuestionSpec(0, rules.SCALE, scale_min=0,
                                                                               scale_max=10)])
def test_sound_definitions_pass(spec):
    assert rules.definition_problems(spec) == {}


@pytest.mark.parametrize("spec, value, clean, code", [
    (SINGLE, 2, 2, None), (SINGLE, "1", 1, None), (SINGLE, 3, None, "not_an_option"),
    (SINGLE, True, None, "not_an_option"), (SINGLE, "x", None, "not_an_option"), (SINGLE, None, None, "required"),
    (MULTIPLE, [3, 0, 0], [0, 3], None), (MULTIPLE, ["1", "2", "3"], [1, 2, 3], None),
    (MULTIPLE, [1], None, "too_few"), (MULTIPLE, [0, 1, 2, 3], None, "too_many"),
    (MULTIPLE, [0, 9], None, "not_an_option"), (MULTIPLE, [], None, "required"),
    (SCALE, 5, 5, None), (SCALE, 0, None, "off_scale"), (SCALE, "6", None, "off_scale"),
    (TEXT, " 好 ", "好", None), (TEXT, "太长了太长了", None, "too_long"), (TEXT, "   ", None, None),
    (TEXT, 5, None, "not_text"),
])
def test_answers_against_their_questions(spec, value, clean, code):
    got, problem = rules.check_answer(spec, value)
    assert got == clean and (problem.code if problem else None) == code


def test_check_answers_collects_every_problem_and_strangers():
    clean, problems = rules.check_answers([SINGLE, MULTIPLE, SCALE, TEXT], {1: 0, 2: [1], 9: "?"})
    assert clean == {1: 0}
    assert {k: p.code for k, p in problems.items()} == {2: "too_few", 3: "required", -1: "unknown_question"}
    assert problems[-1] == Problem("unknown_question", {"keys": [9]})


def test_open_and_window():
    closes = T0 + timedelta(days=1)
    assert rules.is_open(rules.PUBLISHED, T0, closes, T0)
    assert not rules.is_open(rules.PUBLISHED, T0, closes, closes)
    assert not rules.is_open(rules.PUBLISHED, T0, closes, T0 - timedelta(seconds=1))
    assert not rules.is_open(rules.DRAFT, T0, closes, T0)
    assert not rules.is_open(rules.CLOSED, T0, closes, T0)
    assert rules.window_problem(T0, T0).code == "closes_before_opens"
    assert rules.window_problem(T0, closes, now=closes).code == "closes_in_past"
    assert rules.window_problem(T0, closes, now=T0) is None


def test_tally():
    single = rules.tally(SINGLE, [0, 0, 2], respondents=4)
    assert single["answered"] == 3 and single["skipped"] == 1
    assert [(o["count"], o["percent"]) for o in single["options"]] == [(2, 66.7), (0, 0.0), (1, 33.3)]
    multiple = rules.tally(MULTIPLE, [[0, 1], [1, 2, 3]], respondents=2)
    assert [o["count"] for o in multiple["options"]] == [1, 2, 1, 1] and multiple["options"][1]["percent"] == 100.0
    scale = rules.tally(SCALE, [5, 4, 4], respondents=3)
    assert scale["mean"] == 4.33 and [o["count"] for o in scale["options"]] == [0, 0, 0, 2, 1]
    assert rules.tally(SCALE, [], respondents=0)["mean"] is None
    assert rules.tally(SCALE, [], respondents=0)["options"][0]["percent"] is None
    assert rules.tally(TEXT, ["甲", "乙"], respondents=5) == {"answered": 2, "skipped": 3, "texts": ["甲", "乙"]}
    assert rules.response_rate(1, 3) == 33.3 and rules.response_rate(0, 0) is None
