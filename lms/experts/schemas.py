"""Input and response models of the expert pool and course review API (docs/API.md "Experts and course review")."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lms.projects.schemas import CourseOut
from lms.web.api import ApiModel, Id, PageParams


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ExpertProfileFields(_Strict):
    subject: str = Field(min_length=1, max_length=32)
    stage: str = Field(min_length=1, max_length=16)
    title: str = Field(min_length=1, max_length=64, description="Professional title (正高级教师, 特级教师, 教授…)")
    organisation: str = Field(min_length=1, max_length=200)
    specialty: str | None = Field(None, max_length=200)
    introduction: str | None = Field(None, max_length=5000)


class ExpertCreate(ExpertProfileFields):
    username: str = Field(min_length=1, max_length=64, description="An existing account; it becomes an expert")


class ExpertUpdate(_Strict):
    subject: str | None = Field(None, min_length=1, max_length=32)
    stage: str | None = Field(None, min_length=1, max_length=16)
    title: str | None = Field(None, min_length=1, max_length=64)
    organisation: str | None = Field(None, min_length=1, max_length=200)
    specialty: str | None = Field(None, max_length=200)
    introduction: str | None = Field(None, max_length=5000)


class ExpertPoolQuery(PageParams):
    subject: str | None = Field(None, max_length=32)
    stage: str | None = Field(None, max_length=16)
    title: str | None = Field(None, max_length=64)
    q: str = Field("", max_length=64, description="Searches names, organisations and specialties")
    retired: bool = Field(False, description="The retired experts instead (province admins)")


class ExpertOut(ApiModel):
    id: int
    user_id: int
    name: str
    username: str
    subject: str
    stage: str
    title: str
    organisation: str
    specialty: str | None
    introduction: str | None
    active: bool
    retired_at: str | None
    selected: bool = Field(False, description="Selected by the caller's city or county")


class ExpertSelectionOut(ApiModel):
    profile_id: int
    unit_id: int
    selected: bool


class ReviewSubmitIn(_Strict):
    note: str | None = Field(None, max_length=500)


class ReviewersIn(_Strict):
    profile_ids: list[Id] = Field(min_length=1, max_length=7, description="Experts of the pool (the province) or "
                                  "of the caller's selection (a city or county)")


class CourseEvaluationIn(_Strict):
    accuracy: int = Field(ge=1, le=5, description="Scientific accuracy, 1–5")
    curriculum_fit: int = Field(ge=1, le=5, description="Fit to the curriculum standards, 1–5")
    production: int = Field(ge=1, le=5, description="Production quality, 1–5")
    comment: str | None = Field(None, max_length=5000, description="Required when asking for revision")
    verdict: Literal["approve", "revise"]


class ReviewQueueQuery(PageParams):
    state: Literal["open", "returned", "published", "all"] = "open"


class ReviewScores(ApiModel):
    accuracy: int
    curriculum_fit: int
    production: int


class CourseReviewerOut(ApiModel):
    profile_id: int
    name: str
    title: str
    organisation: str
    scores: ReviewScores | None
    comment: str | None
    verdict: Literal["approve", "revise"] | None
    reviewed_at: str | None


class CourseReviewOut(ApiModel):
    id: int
    course: CourseOut
    round: int
    state: Literal["open", "returned", "published"]
    outcome: Literal["unassigned", "pending", "approved", "revise"] = Field(
        description="From the verdicts: approved once every assigned expert approves; revise at the first "
                    "request for revision")
    reason: Literal["submitted", "lessons_changed"] = Field(
        "submitted", description="submitted by the course's owner, or lessons_changed: opened when a published "
                                 "course's lessons changed (a re-review, E2a; the course stays published)")
    note: str | None
    submitted_by: str | None
    submitted_at: str | None
    decided_at: str | None
    average: float | None
    reviewers: list[CourseReviewerOut]
    can_assign: bool
    can_evaluate: bool
    can_publish: bool


class MyCourseReviewOut(ApiModel):
    review: CourseReviewOut
    mine: CourseReviewerOut
