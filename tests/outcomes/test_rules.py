"""The pure rules of training outcomes: the steps and their order, what a hand-in must carry, proposals, notes."""
from __future__ import annotations

import pytest

from lms.grading import rules as grading
from lms.outcomes import rules
from lms.outcomes.rules import OutcomeRuleError
from lms.outcomes.services import FILE_TYPES

WORK = rules.WrittenWork(own=True, written=True, plagiarism_confirmed=False)


@pytest.mark.parametrize("state, action, target", [
    ("submitted", "accept", "accepted"), ("submitted", "return", "returned"), ("returned", "resubmit", "submitted"),
    ("accepted", "recommend", "recommended"), ("recommended", "showcase", "showcased"),
    ("recommended", "decline", "accepted")])
def test_each_step_leads_on(state, action, target):
    assert rules.next_state(state, action, reason="原因") == target


@pytest.mark.parametrize("state, action", [
    ("submitted", "recommend"), ("accepted", "showcase"), ("returned", "accept"), ("showcased", "decline"),
    ("showcased", "recommend"), ("accepted", "accept"), ("submitted", "resubmit")])
def test_a_step_out_of_order_is_refused(state, action):
    with pytest.raises(OutcomeRuleError) as refused:
        rules.next_state(state, action, reason="原因")
    assert refused.value.code == "wrong_state"


@pytest.mark.parametrize("action", ["return", "decline"])
def test_returning_and_declining_need_a_reason(action):
    state = "submitted" if action == "return" else "recommended"
    for reason in (None, "", "   "):
        with pytest.raises(OutcomeRuleError) as refused:
            rules.next_state(state, action, reason)
        assert (refused.value.code, refused.value.field) == ("reason_required", "reason")
    with pytest.raises(OutcomeRuleError) as refused:
        rules.next_state(state, action, "长" * (rules.REASON_MAX + 1))
    assert refused.value.code == "reason_too_long"


def test_unknown_action_and_allowed_actions():
    with pytest.raises(OutcomeRuleError) as refused:
        rules.next_state("submitted", "publish")
    assert refused.value.code == "unknown_action"
    assert rules.allowed_actions("submitted") == ("withdraw", "return", "accept")
    assert rules.allowed_actions("recommended") == ("showcase", "decline")
    assert rules.allowed_actions("showcased") == ()


@pytest.mark.parametrize("state,allowed", [("submitted", True), ("returned", True), ("accepted", False),
                                           ("recommended", False), ("showcased", False)])
def test_a_learner_withdraws_only_what_the_school_has_not_taken_in(state, allowed):
    if allowed:
        assert rules.next_state(state, "withdraw") == rules.WITHDRAWN
        assert "withdraw" in rules.allowed_actions(state)
    else:
        with pytest.raises(OutcomeRuleError) as refused:
            rules.next_state(state, "withdraw")
        assert refused.value.code == "wrong_state" and "withdraw" not in rules.allowed_actions(state)


def test_an_outcome_carries_exactly_one_content():
    assert rules.check_outcome("  教学设计  ", "lesson_design", "", has_file=True, work=None) == "教学设计"
    assert rules.check_outcome("反思", "reflection", "", has_file=False, work=WORK) == "反思"
    for has_file, work, code in ((True, WORK, "file_or_work"), (False, None, "content_required")):
        with pytest.raises(OutcomeRuleError) as refused:
            rules.check_outcome("题目", "other", "", has_file=has_file, work=work)
        assert refused.value.code == code


@pytest.mark.parametrize("title, kind, description, code", [
    ("", "other", "", "title_required"), ("  ", "other", "", "title_required"),
    ("题" * (rules.TITLE_MAX + 1), "other", "", "title_too_long"), ("题目", "poster", "", "unknown_kind"),
    ("题目", "other", "述" * (rules.DESCRIPTION_MAX + 1), "description_too_long")])
def test_title_kind_and_description_are_checked(title, kind, description, code):
    with pytest.raises(OutcomeRuleError) as refused:
        rules.check_outcome(title, kind, description, has_file=True, work=None)
    assert refused.value.code == code


@pytest.mark.parametrize("work, code", [
    (rules.WrittenWork(own=False, written=True, plagiarism_confirmed=False), "not_own_work"),
    (rules.WrittenWork(own=True, written=False, plagiarism_confirmed=False), "not_written_work"),
    (rules.WrittenWork(own=True, written=True, plagiarism_confirmed=True), "plagiarised_work")])
def test_only_own_clean_written_work_can_be_an_outcome(work, code):
    with pytest.raises(OutcomeRuleError) as refused:
        rules.check_outcome("反思", "reflection", "", has_file=False, work=work)
    assert (refused.value.code, refused.value.field) == (code, "submission_id")


def test_a_proposal_needs_reviewed_excellent_clean_new_written_work():
    fine = dict(reviewed=True, excellent=True, written=True, plagiarism_confirmed=False, already_an_outcome=False)
    rules.check_proposal(**fine)
    for change, code in (({"excellent": False}, "not_excellent"), ({"reviewed": False}, "not_excellent"),
                         ({"written": False}, "not_written_work"), ({"plagiarism_confirmed": True}, "plagiarised_work"),
                         ({"already_an_outcome": True}, "already_an_outcome")):
        with pytest.raises(OutcomeRuleError) as refused:
            rules.check_proposal(**{**fine, **change})
        assert refused.value.code == code


def test_notes_and_file_limits():
    assert rules.check_note("  用于第三单元集体备课  ") == "用于第三单元集体备课"
    for text, code in (("", "note_required"), ("记" * (rules.NOTE_MAX + 1), "note_too_long")):
        with pytest.raises(OutcomeRuleError) as refused:
            rules.check_note(text)
        assert refused.value.code == code
    assert rules.file_limit("课例.MP4", 10, 100) == 100
    assert rules.file_limit("设计.docx", 10, 100) == 10


def test_a_showcased_outcome_meets_the_excellent_work_criterion(app):
    with app.test_request_context():
        plain = grading.excellent_work_criterion(grading.CommendationFacts(), grading.CommendationPolicy())
        shown = grading.excellent_work_criterion(grading.CommendationFacts(showcased_outcome=True),
                                                 grading.CommendationPolicy())
    assert not plain.met and shown.met and shown.why != plain.why


def test_every_accepted_suffix_has_the_type_it_is_served_as():
    assert set(FILE_TYPES) == set(rules.FILE_SUFFIXES)
