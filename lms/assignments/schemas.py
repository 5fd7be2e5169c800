"""Input models of the assignments and originality API."""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, RootModel

from lms.assignments.rules import MAX_OPTIONS, MAX_QUESTIONS

MAX_SUBMISSION_CHARS = 50_000

Title = Annotated[str, Field(min_length=1, max_length=200)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class QuestionIn(_In):
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
    questions: list[QuestionIn] | None = Field(None, min_length=1, max_length=MAX_QUESTIONS)
    draw: int | None = Field(None, ge=1, le=MAX_QUESTIONS)


class BankIn(_In):
    questions: list[QuestionIn] = Field(min_length=1, max_length=MAX_QUESTIONS)


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

    enrollment_id: int = Field(ge=1)
    answers: list[list[int]] | None = Field(None, max_length=MAX_QUESTIONS)
    text: str | None = Field(None, max_length=MAX_SUBMISSION_CHARS)


class DraftIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enrollment_id: int = Field(ge=1)
    text: str = Field(max_length=MAX_SUBMISSION_CHARS)


class DraftQuery(BaseModel):
    enrollment_id: int = Field(ge=1)


class AssignmentQuery(BaseModel):
    enrollment_id: int | None = Field(None, ge=1)


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


class AppealQuery(BaseModel):
    status: Literal["pending", "upheld", "overturned", "all"] = "pending"
    page: int = Field(1, ge=1)
    per_page: int = Field(50, ge=1, le=500)


class QueueQuery(BaseModel):
    page: int = Field(1, ge=1)
    per_page: int = Field(50, ge=1, le=500)
    status: Literal["all", "ungraded", "suspected"] = "all"
    assignment_id: int | None = Field(None, ge=1)
