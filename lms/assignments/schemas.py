"""Input models of the assignments and originality API."""
from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, RootModel

from lms.web.api import ApiModel, Id, OpenModel, PageParams

from lms.assignments.rules import MAX_OPTIONS, MAX_QUESTIONS

MAX_SUBMISSION_CHARS = 50_000

Title = Annotated[str, Field(min_length=1, max_length=200)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class QuizQuestionIn(_In):
    type: Literal["single", "multiple", "truefalse"]
    text: str = Field(min_length=1, max_length=2000)
    options: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(min_length=2, max_length=MAX_OPTIONS)
    answer: list[int] = Field(min_length=1, max_length=MAX_OPTIONS)
    points: int = Field(1, ge=1, le=100)


class ObjectiveIn(_In):
    """Either the quiz's own ``questions`` or ``draw``: how many each learner's paper draws from the
    course's question bank."""

    kind: Literal["objective"]
    title: Title
    questions: list[QuizQuestionIn] | None = Field(None, min_length=1, max_length=MAX_QUESTIONS)
    draw: int | None = Field(None, ge=1, le=MAX_QUESTIONS)


class BankIn(_In):
    questions: list[QuizQuestionIn] = Field(min_length=1, max_length=MAX_QUESTIONS)


class SubjectiveIn(_In):
    kind: Literal["subjective"]
    title: Title
    prompt: str = Field(min_length=1, max_length=10_000)
    min_chars: int = Field(0, ge=0, le=20_000)


class AssignmentIn(RootModel[Annotated[Union[ObjectiveIn, SubjectiveIn], Field(discriminator="kind")]]):
    """For the OpenAPI document; the handler picks the shape by ``kind`` (``ASSIGNMENT_SHAPES``) so
    error fields read ``questions.0.answer``, not the union's internal path."""


ASSIGNMENT_SHAPES = {"objective": ObjectiveIn, "subjective": SubjectiveIn}


class SubmissionIn(BaseModel):
    """Objective: ``answers``; subjective: ``text`` (the assignment's kind decides which is required)."""

    model_config = ConfigDict(extra="forbid")

    enrollment_id: Id
    answers: list[list[int]] | None = Field(None, max_length=MAX_QUESTIONS)
    text: str | None = Field(None, max_length=MAX_SUBMISSION_CHARS)


class DraftIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enrollment_id: Id
    text: str = Field(max_length=MAX_SUBMISSION_CHARS)


class DraftQuery(BaseModel):
    enrollment_id: Id


class AssignmentQuery(BaseModel):
    enrollment_id: Id | None = None


class ReviewIn(_In):
    score: int = Field(ge=0, le=100)
    excellent: bool = False
    comment: str | None = Field(None, max_length=5000)


class PlagiarismIn(_In):
    """``confirm`` must be true: a verdict has consequences, and is never given by a slip."""

    decision: Literal["confirmed", "cleared"]
    reason: str = Field(min_length=2, max_length=500)
    confirm: bool = False


class AppealIn(_In):
    reason: str = Field(min_length=10, max_length=5000)


class AppealDecisionIn(_In):
    outcome: Literal["upheld", "overturned"]
    note: str = Field(min_length=2, max_length=1000)
    confirm: bool = False


class AppealQuery(PageParams):
    status: Literal["pending", "upheld", "overturned", "all"] = "pending"


class QueueQuery(PageParams):
    status: Literal["all", "ungraded", "suspected"] = "all"
    assignment_id: Id | None = None


# Response models: what the handlers send, checked and serialised through these (lms.web.api.endpoint).

class QuizQuestionOut(ApiModel):
    type: Literal["single", "multiple", "truefalse"]
    text: str
    options: list[str]
    points: int
    answer: list[int] | None = Field(None, description="Only to those who may see the answers")


class AssignmentOut(ApiModel):
    id: int
    course_id: int
    kind: Literal["objective", "subjective"]
    title: str
    created_at: str = Field(description="ISO 8601")
    prompt: str | None = Field(None, description="Written assignments")
    min_chars: int | None = Field(None, description="Written assignments")
    questions: list[QuizQuestionOut] | None = Field(None, description="Quizzes: its own questions, or with "
                                                    "enrollment_id the learner's paper")
    total_points: int | None = Field(None, description="Quizzes")
    draw: int | None = Field(None, description="A drawn quiz: how many questions each learner's paper draws")


class SubmissionOut(ApiModel):
    id: int
    assignment_id: int
    enrollment_id: int
    class_id: int
    learner_id: int
    kind: Literal["objective", "subjective"]
    version: int
    submitted_at: str = Field(description="ISO 8601")
    score: float | None
    excellent: bool | None
    comment: str | None
    reviewed_at: str | None
    answers: list[list[int]] | None = Field(None, description="Quizzes")
    score_percent: float | None = Field(None, description="Quizzes")
    correct: list[bool] | None = Field(None, description="Quizzes, once the batch has ended")
    text: str | None = Field(None, description="Written answers, to the learner and the tutors")
    copied_ratio: float | None = Field(None, description="Written answers")
    verdict: str | None = Field(None, description="Written answers")
    plagiarism: str | None = Field(None, description="Written answers")


class AssignmentView(AssignmentOut):
    deadline_passed: bool | None = Field(None, description="With enrollment_id")
    submission: SubmissionOut | None = Field(None, description="With enrollment_id")
    answers_revealed: bool | None = Field(None, description="A quiz with enrollment_id: every batch of the "
                                                        "course has closed it")
    answers_shown: bool | None = Field(None, description="A quiz with enrollment_id: this answer carries the "
                                                     "correct answers")


class OriginalityReport(OpenModel):
    """The originality report; its figures, sources and matches only once checked."""
    submission_id: int
    checked: bool
    version: int | None = None
    plagiarism: str | None = None
    copied_ratio: float | None = None
    verdict: str | None = None
    written_chars: int | None = Field(None, description="Characters written: letters and numbers, each "
                                      "character once (the editor's count and the minimum length's)")
    sources: list[dict[str, Any]] | None = None
    matches: list[dict[str, Any]] | None = Field(None, description="start/end, source_start/source_end: the "
                                                 "passage as marked, narrowed to whole words")
    decisions: list[dict[str, Any]] | None = None


class LearnerOriginality(OpenModel):
    copied_ratio: float | None = None
    verdict: str | None = None
    written_chars: int | None = Field(None, description="Characters written (the minimum length's count)")
    sources: list[dict[str, Any]] | None = None
    matches: list[dict[str, Any]] | None = None


class SubmittedOut(ApiModel):
    id: int
    submitted_at: str = Field(description="ISO 8601")
    score_percent: float | None = Field(None, description="A quiz's score, at once")
    version: int | None = Field(None, description="A written answer's version")
    originality: LearnerOriginality | None = Field(None, description="A written answer's originality check")


class DraftOut(ApiModel):
    assignment_id: int
    enrollment_id: int
    text: str | None = None
    saved_at: str | None


class VerdictOut(ApiModel):
    id: int
    submission_id: int
    enrollment_id: int
    decision: str
    reason: str | None
    copied_ratio: float | None
    ban_id: int | None
    decided_by_id: int | None
    decided_at: str = Field(description="ISO 8601")
    overturned_at: str | None = Field(None, description="ISO 8601, when an appeal overturned it")


class DecisionOut(VerdictOut):
    submission: SubmissionOut


class AppealOut(ApiModel):
    id: int
    decision_id: int
    enrollment_id: int
    teacher_id: int
    teacher_name: str
    reason: str
    submitted_at: str = Field(description="ISO 8601")
    status: Literal["pending", "upheld", "overturned"]
    note: str | None
    decided_by_id: int | None
    decided_at: str | None = Field(description="ISO 8601")
    verdict: VerdictOut


class BankQuestionOut(ApiModel):
    id: int
    course_id: int
    type: Literal["single", "multiple", "truefalse"]
    text: str
    options: list[str]
    points: int
    answer: list[int] | None = Field(None, description="Only to those who may see the answers")


class BankOut(ApiModel):
    course_id: int
    items: list[BankQuestionOut]


class RemovedOut(ApiModel):
    id: int
    removed: bool


class QueueItem(SubmissionOut):
    learner_name: str
    assignment_title: str


class AssignmentWithSubmission(ApiModel):
    assignment: AssignmentOut
    submission: SubmissionOut | None


class EnrollmentAssignments(ApiModel):
    enrollment_id: int
    items: list[AssignmentWithSubmission]
