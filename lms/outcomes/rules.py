"""Training outcomes (研修成果) as pure functions: what an outcome is, and how it moves (004 L82-83, L91, L119).

A learner hands in the outcomes of its training to its school (004 L91 "按照要求向校级管理员提交成果"): a title, a
kind, a description and either a file or one of its own written assignments. The school accepts it or returns it
with a reason; the learner may hand a returned one in again, or withdraw one the school has not taken in. A tutor of the learner's class recommends an
accepted outcome (or a piece of written work it marked excellent) for the province showcase (004 L119 "整理优秀
培训成果报省师干训中心进行汇报展示"); the province showcases it or declines it with a reason (it is then accepted
again). The school's teaching-research group (教研组, 004 L82-83) uses the outcomes for collective lesson
preparation.

Nothing here reads the clock, the database or the request: the callers pass the facts.
"""
from __future__ import annotations

from dataclasses import dataclass

KINDS = ("lesson_design", "courseware", "lesson_video", "reflection", "other")
SUBMITTED, RETURNED, ACCEPTED, RECOMMENDED, SHOWCASED = "submitted", "returned", "accepted", "recommended", "showcased"
STATES = (SUBMITTED, RETURNED, ACCEPTED, RECOMMENDED, SHOWCASED)
# A withdrawn outcome is not kept: the learner takes it back before its school took it in (its file or written
# work is free to be handed in again). The step's target names no stored state.
WITHDRAWN = "withdrawn"
# What the school's group space shows of its own teachers: outcomes the school took in.
TAKEN_IN = (ACCEPTED, RECOMMENDED, SHOWCASED)

TITLE_MAX, DESCRIPTION_MAX, REASON_MAX, NOTE_MAX = 200, 2000, 500, 1000

# The files an outcome may carry, by suffix: documents and pictures, and a lesson video (课例) in MP4.
DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".ppt", ".pptx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".zip")
VIDEO_SUFFIXES = (".mp4",)
FILE_SUFFIXES = DOCUMENT_SUFFIXES + VIDEO_SUFFIXES


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    needs_reason: bool = False


# Who may take each step is the policies' business; which step leads where is the rules'.
TRANSITIONS = {
    "resubmit": Transition((RETURNED,), SUBMITTED),
    "withdraw": Transition((SUBMITTED, RETURNED), WITHDRAWN),
    "return": Transition((SUBMITTED,), RETURNED, needs_reason=True),
    "accept": Transition((SUBMITTED,), ACCEPTED),
    "recommend": Transition((ACCEPTED,), RECOMMENDED),
    "showcase": Transition((RECOMMENDED,), SHOWCASED),
    "decline": Transition((RECOMMENDED,), ACCEPTED, needs_reason=True),
}


class OutcomeRuleError(ValueError):
    """A refused step or input: ``code`` names the rule, ``field`` the input it concerns (None: the whole)."""

    def __init__(self, code: str, field: str | None = None):
        super().__init__(code)
        self.code, self.field = code, field


def next_state(state: str, action: str, reason: str | None = None) -> str:
    """The state ``action`` leads to from ``state``; refused when the step does not start there, or when it needs a
    reason and none is given."""
    step = TRANSITIONS.get(action)
    if step is None:
        raise OutcomeRuleError("unknown_action", "action")
    if state not in step.sources:
        raise OutcomeRuleError("wrong_state")
    if step.needs_reason and not (reason or "").strip():
        raise OutcomeRuleError("reason_required", "reason")
    if reason is not None and len(reason.strip()) > REASON_MAX:
        raise OutcomeRuleError("reason_too_long", "reason")
    return step.target


def allowed_actions(state: str) -> tuple[str, ...]:
    """The steps that start from ``state`` (a page offers only these)."""
    return tuple(action for action, step in TRANSITIONS.items() if state in step.sources)


def file_limit(name: str, document_bytes: int, video_bytes: int) -> int:
    """The size a file of this name may have: a lesson video more than a document."""
    return video_bytes if name.lower().endswith(VIDEO_SUFFIXES) else document_bytes


@dataclass(frozen=True)
class WrittenWork:
    """One of the learner's written assignments, as the outcome would carry it."""
    own: bool  # handed in by this learner
    written: bool  # a written (subjective) assignment, not a quiz
    plagiarism_confirmed: bool


def check_outcome(title: str, kind: str, description: str, *, has_file: bool,
                  work: WrittenWork | None) -> str:
    """The cleaned title when the outcome may be handed in; the first broken rule otherwise.

    An outcome carries exactly one of a file and a written assignment; the assignment must be the learner's
    own written work with no plagiarism confirmed (a confirmed verdict fails the training)."""
    title = (title or "").strip()
    if not title:
        raise OutcomeRuleError("title_required", "title")
    if len(title) > TITLE_MAX:
        raise OutcomeRuleError("title_too_long", "title")
    if kind not in KINDS:
        raise OutcomeRuleError("unknown_kind", "kind")
    if len((description or "").strip()) > DESCRIPTION_MAX:
        raise OutcomeRuleError("description_too_long", "description")
    if has_file and work is not None:
        raise OutcomeRuleError("file_or_work", "file")
    if not has_file and work is None:
        raise OutcomeRuleError("content_required", "file")
    if work is not None:
        if not work.own:
            raise OutcomeRuleError("not_own_work", "submission_id")
        if not work.written:
            raise OutcomeRuleError("not_written_work", "submission_id")
        if work.plagiarism_confirmed:
            raise OutcomeRuleError("plagiarised_work", "submission_id")
    return title


def check_proposal(*, reviewed: bool, excellent: bool, written: bool, plagiarism_confirmed: bool,
                   already_an_outcome: bool) -> None:
    """A tutor proposes a piece of written work for the showcase only when it reviewed it and marked it
    excellent (lms.assignments), it is not plagiarised and it is not an outcome already."""
    if not written:
        raise OutcomeRuleError("not_written_work", "submission_id")
    if not (reviewed and excellent):
        raise OutcomeRuleError("not_excellent", "submission_id")
    if plagiarism_confirmed:
        raise OutcomeRuleError("plagiarised_work", "submission_id")
    if already_an_outcome:
        raise OutcomeRuleError("already_an_outcome", "submission_id")


def check_note(text: str) -> str:
    """A note of the group's lesson preparation: some words, not a book."""
    text = (text or "").strip()
    if not text:
        raise OutcomeRuleError("note_required", "body")
    if len(text) > NOTE_MAX:
        raise OutcomeRuleError("note_too_long", "body")
    return text
