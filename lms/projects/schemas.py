"""Input models of the projects API (validated with pydantic, described in OpenAPI)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lms.web.api import PageParams


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ProjectCreate(Strict):
    code: str = Field(min_length=1, max_length=32, pattern=r"^[0-9A-Za-z_.-]+$")
    name: str = Field(min_length=1, max_length=200)
    year: int = Field(ge=2000, le=2100)
    series: str = Field(min_length=1, max_length=64)
    calendar: Literal["jiangsu", "none"]
    quota_deadline: date | None = None
    consecutive_year_rule: bool = True
    minimum_percent: int = Field(10, ge=0, le=100)


class BatchCreate(Strict):
    number: int = Field(ge=1, le=1000)
    starts_on: date
    ends_on: date
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None


class CourseCreate(Strict):
    title: str = Field(min_length=1, max_length=200)
    subject: str = Field(min_length=1, max_length=32)
    stage: str = Field(min_length=1, max_length=16)
    description: str | None = Field(None, max_length=20_000)
    required_minutes: int = Field(ge=1, le=100_000)


class ClassCreate(Strict):
    course_id: int = Field(ge=1)
    batch_id: int = Field(ge=1)
    name: str | None = Field(None, min_length=1, max_length=200)
    tutor_ids: list[int] = Field(default_factory=list, max_length=50)


class ClassUpdate(Strict):
    name: str | None = Field(None, min_length=1, max_length=200)
    tutor_ids: list[int] | None = Field(None, max_length=50)


class ProjectListQuery(PageParams):
    year: int | None = Field(None, ge=2000, le=2100)


class CourseListQuery(PageParams):
    q: str = Field("", max_length=64)
    subject: str | None = Field(None, max_length=32)
    stage: str | None = Field(None, max_length=16)


class ClassListQuery(PageParams):
    batch_id: int | None = Field(None, ge=1)
    course_id: int | None = Field(None, ge=1)
    open: bool = False  # only classes a teacher may still choose
