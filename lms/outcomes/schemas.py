"""Input and response models of the outcomes API (docs/API.md "Training outcomes and the showcase")."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lms.outcomes import rules
from lms.web.api import ApiModel, Id, PageParams

Kind = Literal["lesson_design", "courseware", "lesson_video", "reflection", "other"]
State = Literal["submitted", "returned", "accepted", "recommended", "showcased"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class OutcomeFields(_In):
    """The fields of a hand-in (multipart, beside an optional ``file``; or JSON when it carries written work)."""
    enrollment_id: Id = Field(description="The caller's training the outcome comes from")
    title: str = Field(min_length=1, max_length=rules.TITLE_MAX)
    kind: Kind
    description: str = Field("", max_length=rules.DESCRIPTION_MAX)
    submission_id: Id | None = Field(None, description="One of the caller's written assignments of that training, "
                                     "instead of a file")


class OutcomeResubmitFields(_In):
    """A returned outcome corrected: title, kind, description; a new ``file`` or ``submission_id`` replaces the
    content (neither: the content is kept)."""
    title: str = Field(min_length=1, max_length=rules.TITLE_MAX)
    kind: Kind
    description: str = Field("", max_length=rules.DESCRIPTION_MAX)
    submission_id: Id | None = None


class OutcomeReviewIn(_In):
    action: Literal["accept", "return"]
    reason: str | None = Field(None, max_length=rules.REASON_MAX, description="Required to return")


class OutcomeRecommendIn(_In):
    note: str | None = Field(None, max_length=rules.REASON_MAX, description="Why it deserves the showcase")


class OutcomeProposeIn(OutcomeRecommendIn):
    kind: Kind = "reflection"
    title: str | None = Field(None, max_length=rules.TITLE_MAX, description="Default: the assignment's title")


class ShowcaseDecisionIn(_In):
    action: Literal["showcase", "decline"]
    reason: str | None = Field(None, max_length=rules.REASON_MAX, description="Required to decline")


class OutcomeNoteIn(_In):
    body: str = Field(min_length=1, max_length=rules.NOTE_MAX)


class OutcomesQuery(PageParams):
    model_config = ConfigDict(extra="forbid")
    state: State | None = None


class ShowcaseQuery(PageParams):
    model_config = ConfigDict(extra="forbid")
    project_id: Id | None = None
    batch_id: Id | None = None
    subject: str | None = Field(None, max_length=32)
    stage: str | None = Field(None, max_length=16)
    kind: Kind | None = None


class TeachingGroupQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject: str | None = Field(None, max_length=32, description="Default: the caller's subject, else the first")


class OutcomeWithdrawnOut(ApiModel):
    id: int
    state: Literal["withdrawn"]


class OutcomeFileOut(ApiModel):
    name: str
    content_type: str
    size: int
    url: str


class OutcomeOut(ApiModel):
    id: int
    title: str
    kind: Kind
    description: str | None
    state: State
    learner_id: int
    learner: str
    school_id: int
    school: str
    enrollment_id: int
    class_id: int
    class_name: str
    batch_id: int
    project_id: int
    project_name: str
    batch_number: int
    subject: str | None
    stage: str | None
    file: OutcomeFileOut | None = Field(description="The attached file (or null when the outcome is written work)")
    submission_id: int | None
    text: str | None = Field(description="The written work's text (when the outcome is written work)")
    submitted_at: str
    reviewed_at: str | None
    return_reason: str | None
    recommended_by: str | None
    recommended_at: str | None
    recommendation_note: str | None
    showcased_at: str | None
    decline_reason: str | None
    actions: list[str] = Field(description="The steps the caller may take now")


class OutcomeNoteOut(ApiModel):
    id: int
    author: str | None
    body: str
    created_at: str


class GroupOutcome(OutcomeOut):
    notes: list[OutcomeNoteOut] = Field(description="The group's notes of its lesson preparation on this outcome")


class TeachingGroupOut(ApiModel):
    school_id: int
    school: str
    subject: str | None
    subjects: list[str]
    can_note: bool
    own: list[GroupOutcome] = Field(description="The outcomes of the school's teachers of the subject, taken in")
    showcased: list[GroupOutcome] = Field(description="The province's showcased outcomes of the subject, other schools")
