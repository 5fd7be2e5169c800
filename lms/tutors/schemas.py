"""Input and response models of the tutors API (docs/API.md "Tutors")."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lms.live.schemas import PersonOut, SessionOut
from lms.web.api import ApiModel, PageParams

Status = Literal["school", "county", "city", "returned", "approved", "superseded", "revoked"]
Item = Field(max_length=40)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TutorApplicationIn(_In):
    subjects: list[str] = Field(description="1–5 subjects, each ≤ 40 characters")
    stages: list[Literal["幼儿园", "小学", "初中", "高中"]] = Field(description="1–4 stages")
    topics: list[str] = Field(description="1–10 specialties (知识点、研究领域), each ≤ 40 characters")
    introduction: str = Field(max_length=2_000, description="20–2000 characters")
    achievements: str = Field("", max_length=4_000, description="Teaching achievements")
    sample_url: str = Field("", max_length=500, description="A sample micro-lesson's address (http or https); "
                                                           "may be empty when a video is uploaded or kept")
    remove_sample_video: bool = Field(False, description="Drop the uploaded video the changed version would keep")


class TutorReturnIn(_In):
    reason: str = Field(min_length=1, max_length=500)


class TutorLibraryQuery(PageParams):
    model_config = ConfigDict(extra="forbid")
    subject: str | None = Field(None, max_length=40)
    stage: str | None = Field(None, max_length=40)
    topic: str | None = Field(None, max_length=40, description="A part of one of the tutor's topics")


class TutorApplicationsQuery(PageParams):
    model_config = ConfigDict(extra="forbid")
    scope: Literal["waiting", "area"] = Field("waiting", description="waiting: those the caller decides now; "
                                                                     "area: every application of its area")
    status: Status | None = Field(None, description="With scope=area")


class TutorUnitOut(ApiModel):
    id: int
    name: str
    level: str


class TutorReviewOut(ApiModel):
    level: Literal["school", "county", "city"]
    decision: Literal["approve", "return"]
    reason: str | None
    reviewer: str | None
    decided_at: str


class SampleVideoOut(ApiModel):
    content_type: str
    duration_seconds: int
    url: str = Field(description="GET /tutors/applications/{id}/sample-video")


class TutorApplicationOut(ApiModel):
    id: int
    status: Status = Field(description="school/county/city: waiting for that level's admin")
    applicant: PersonOut
    org_unit: TutorUnitOut
    subjects: list[str]
    stages: list[str]
    topics: list[str]
    introduction: str
    achievements: str
    sample_url: str
    sample_video: SampleVideoOut | None = Field(None, description="The uploaded sample video, if any")
    reason: str | None = Field(description="The last return's reason")
    submitted_at: str
    approved_at: str | None
    reviews: list[TutorReviewOut]


class MyTutorApplicationOut(ApiModel):
    open: TutorApplicationOut | None = Field(description="The version in review or returned")
    approved: TutorApplicationOut | None = Field(description="The profile in the library")


class TutorProfileOut(ApiModel):
    id: int = Field(description="The tutor's user id")
    name: str
    school: str
    subjects: list[str]
    stages: list[str]
    topics: list[str]
    introduction: str
    achievements: str
    sample_url: str
    sample_video: SampleVideoOut | None = None
    approved_at: str
    upcoming: list[SessionOut]


class TutorRecommendationOut(ApiModel):
    score: int = Field(description="docs/LIVE.md, Recommendation")
    tutor: TutorProfileOut
