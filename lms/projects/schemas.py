"""Input models of the projects API (validated with pydantic, described in OpenAPI)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from lms.web.api import ApiModel, Id, PageParams


# The programme's dates: far-off years overflow the calendar arithmetic (a window opens days before a batch).
Day = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))]
Moment = Annotated[datetime, Field(ge=datetime(2000, 1, 1), le=datetime(2100, 12, 31))]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ProjectCreate(Strict):
    code: str = Field(min_length=1, max_length=32, pattern=r"^[0-9A-Za-z_.-]+$")
    name: str = Field(min_length=1, max_length=200)
    year: int = Field(ge=2000, le=2100)
    series: str = Field(min_length=1, max_length=64)
    calendar: Literal["jiangsu", "none"]
    quota_deadline: Day | None = None
    consecutive_year_rule: bool = True
    minimum_percent: int = Field(10, ge=0, le=100)


class BatchCreate(Strict):
    number: int = Field(ge=1, le=1000)
    starts_on: Day
    ends_on: Day
    registration_opens_at: Moment | None = None
    registration_closes_at: Moment | None = None


Reason = Field(None, max_length=500, description="Why: required for a change once a batch has started; audited")


class ProjectUpdate(Strict):
    """Only the fields sent change; the code and year name the project and stay."""
    name: str | None = Field(None, min_length=1, max_length=200)
    series: str | None = Field(None, min_length=1, max_length=64)
    quota_deadline: Day | None = None
    consecutive_year_rule: bool | None = None
    minimum_percent: int | None = Field(None, ge=0, le=100)
    reason: str | None = Reason


class BatchUpdate(Strict):
    """Only the fields sent change; a moved first day takes the enrollment window along unless one is sent."""
    starts_on: Day | None = None
    ends_on: Day | None = None
    registration_opens_at: Moment | None = None
    registration_closes_at: Moment | None = None
    reason: str | None = Reason


class ProjectChange(ApiModel):
    at: str
    actor: str | None
    action: str
    target_id: int | None
    before: dict | None
    after: dict | None
    reason: str | None


class CourseCreate(Strict):
    title: str = Field(min_length=1, max_length=200)
    subject: str = Field(min_length=1, max_length=32)
    stage: str = Field(min_length=1, max_length=16)
    description: str | None = Field(None, max_length=20_000)
    required_minutes: int = Field(ge=1, le=100_000)


class ClassCreate(Strict):
    course_id: Id
    batch_id: Id
    name: str | None = Field(None, min_length=1, max_length=200)
    tutor_ids: list[Id] = Field(default_factory=list, max_length=50)


class ClassUpdate(Strict):
    name: str | None = Field(None, min_length=1, max_length=200)
    tutor_ids: list[Id] | None = Field(None, max_length=50)


class ProjectListQuery(PageParams):
    year: int | None = Field(None, ge=2000, le=2100)


class CourseListQuery(PageParams):
    q: str = Field("", max_length=64)
    subject: str | None = Field(None, max_length=32)
    stage: str | None = Field(None, max_length=16)
    status: Literal["draft", "in_review", "published"] | None = None


class CourseUpdate(Strict):
    title: str | None = Field(None, min_length=1, max_length=200)
    subject: str | None = Field(None, min_length=1, max_length=32)
    stage: str | None = Field(None, min_length=1, max_length=16)
    description: str | None = Field(None, max_length=20_000)
    required_minutes: int | None = Field(None, ge=1, le=100_000)


class ClassListQuery(PageParams):
    batch_id: Id | None = None
    course_id: Id | None = None
    open: bool = False  # only classes a teacher may still choose


# Response models: what the handlers send, checked and serialised through these (lms.web.api.endpoint).

class BatchOut(ApiModel):
    id: int
    project_id: int
    number: int
    starts_on: str = Field(description="YYYY-MM-DD")
    ends_on: str = Field(description="YYYY-MM-DD")
    registration_opens_at: str = Field(description="ISO 8601, local time")
    registration_closes_at: str = Field(description="ISO 8601, local time")


class ProjectSummary(ApiModel):
    id: int
    code: str
    name: str
    year: int
    series: str
    calendar: str
    quota_deadline: str | None
    consecutive_year_rule: bool
    minimum_percent: int


class ProjectOut(ProjectSummary):
    batches: list[BatchOut]


class BatchWithProject(BatchOut):
    project: ProjectSummary


class CourseOut(ApiModel):
    id: int
    title: str
    subject: str
    stage: str
    description: str | None
    required_minutes: int
    status: Literal["draft", "in_review", "published"] = Field(
        description="draft (its owner prepares it), in_review (sent to expert review), published (in the province "
                    "catalogue: classes may offer it)")
    owner_unit_id: int | None = Field(description="The province, city or county that made it (null: the system)")
    owner_unit: str | None
    published_at: str | None
    lessons_changed_at: str | None = Field(None, description="A published course whose lessons changed after its "
                                           "approval: when (it is being re-reviewed; null: the approved lessons)")


class TutorOut(ApiModel):
    id: int
    name: str
    username: str


class ClassOut(ApiModel):
    id: int
    name: str
    course_id: int
    batch_id: int
    course: CourseOut
    batch: BatchOut
    project: ProjectSummary
    tutors: list[TutorOut]


class TranscodeOut(ApiModel):
    state: Literal["queued", "running", "ready", "failed"] | None = Field(
        None, description="The HLS renditions (360p, 540p, 720p and a poster): queued, running, ready or failed")
    progress: int = Field(description="Percent done")
    error: str | None


class LessonOut(ApiModel):
    id: int
    course_id: int
    position: int
    title: str
    kind: Literal["video", "reading"]
    duration_seconds: int
    reading_minutes: int | None
    content_type: str | None
    html: str | None = Field(None, description="A reading's sanitised HTML (single lesson only)")
    transcode: TranscodeOut | None = Field(None, description="A video's transcoding (videos only)")


class LessonUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str | None = Field(None, min_length=1, max_length=200)
    body: str | None = Field(None, min_length=1, max_length=200_000, description="A reading's text (Markdown)")
    reading_minutes: int | None = Field(None, ge=1, le=600, description="A reading's time")


class LessonPage(ApiModel):
    items: list[LessonOut]
    page: int
    per_page: int
    total: int
    content_seconds: int | float
