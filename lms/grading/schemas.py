"""Input models of the grading API."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from lms.web.api import ApiModel

_points = dict(ge=0, le=100)


class GradingPolicyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    study_points: int = Field(50, **_points)
    objective_points: int = Field(10, **_points)
    subjective_points: int = Field(20, **_points)
    excellent_work_points: int = Field(2, **_points)
    interaction_points: int = Field(18, **_points)
    pass_mark: int = Field(80, **_points)
    outstanding_mark: int = Field(90, **_points)
    topic_points: int = Field(6, **_points)
    reply_points: int = Field(8, **_points)
    qa_points: int = Field(4, **_points)
    topics_target: int = Field(1, ge=0, le=100)
    replies_target: int = Field(3, ge=0, le=100)
    qa_target: int = Field(1, ge=0, le=100)
    live_minutes_per_hour: int = Field(60, ge=0, le=120, description="Minutes of study time credited per attended "
                                       "hour of a live lecture or practice activity")
    activity_study_cap_minutes: int = Field(240, ge=0, le=6000, description="At most this many minutes of study "
                                            "time from activities per learner")
    offline_activity_points: int = Field(2, ge=0, le=100, description="Interaction points per attended offline "
                                         "discussion (线下研讨) or guidance (学情指导)")
    activity_points_cap: int = Field(6, ge=0, le=100, description="At most this many interaction points from "
                                     "offline activities per learner")
    featured_post_points: int = Field(2, ge=0, le=100, description="Interaction points per counted post a tutor "
                                      "featured (精华帖)")
    featured_points_cap: int = Field(4, ge=0, le=100, description="At most this many points from featured posts")
    min_post_chars: int = Field(20, ge=0, le=2000)
    close_days: int = Field(7, ge=0, le=365)
    first_percent: int = Field(30, ge=0, le=100, description="Outstanding learner, finished first: among the first "
                               "this many percent of the class to finish all required study")
    early_days: int = Field(0, ge=0, le=365, description="… or finished within this many days of the batch's start "
                            "(0: off)")
    extra_interactions: int = Field(2, ge=0, le=100, description="Outstanding learner, active: counted posts and Q&A "
                                    "sessions beyond what full interaction points need")
    reason: str | None = Field(None, max_length=500, description="Required once the first batch has started; audited")


class RecommendIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    recommended: bool = True
    note: str | None = Field(None, max_length=500, description="Why; required for a learner who misses a criterion "
                             "other than the score (409 reason_required)")


# Response models: what the handlers send, checked and serialised through these (lms.web.api.endpoint).

class GradeOut(ApiModel):
    total: float
    passed: bool
    excellent: bool
    plagiarism: bool
    final: bool
    components: dict[str, Any] = Field(description="Points per component (study, objective, subjective, ...)")
    recommended: bool
    missing: list[dict[str, Any]] = Field(description="What is still missing, per component")


class Needed(ApiModel):
    to_pass: float | None
    to_excellent: float | None


class GradeWithNeeds(GradeOut):
    needed: Needed


class CriterionOut(ApiModel):
    key: str = Field(description="score, finished_first, studied_all, active or excellent_work")
    met: bool
    why: str = Field(description="The criterion's facts, in words")


class ClassGrade(GradeOut):
    enrollment_id: int
    teacher_id: int
    name: str
    candidate: bool = Field(description="Meets every criterion of the outstanding learner")
    criteria: list[CriterionOut]


class GradingPolicyOut(GradingPolicyIn):
    project_id: int
