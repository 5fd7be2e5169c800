"""Input and response models of the students' tutoring API (docs/API.md "Students' tutoring")."""
from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from lms.web.api import ApiModel, Id, PageParams


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class OfferIn(_In):
    kind: Literal["one_to_one", "group"]
    topic: str = Field(min_length=1, max_length=200)
    subject: str = Field("", max_length=32)
    starts_at: AwareDatetime
    minutes: int = Field(ge=10, le=60)
    capacity: int = Field(1, ge=1, le=10, description="one_to_one: 1; group: at most 10 students")


class SessionQuery(PageParams):
    model_config = ConfigDict(extra="forbid")
    scope: Literal["open", "booked", "hosted"] = "open"
    kind: Literal["one_to_one", "group"] | None = None


class AvailabilityIn(_In):
    available: bool


class AskIn(_In):
    subject: str = Field("", max_length=32)
    question: str = Field(min_length=1, max_length=2_000)


class RateIn(_In):
    rating: int = Field(ge=1, le=5, description="The student's stars: 6–12 points to the tutor")


class ScoreIn(_In):
    student_id: Id
    score: int = Field(ge=0, le=10)


class ReportIn(_In):
    reason: str = Field(min_length=1, max_length=2_000)
    session_id: Id | None = None


class BeatIn(_In):
    page_key: str = Field(min_length=8, max_length=64, description="One per room page: a newer page supersedes")
    visible: bool = True
    in_room: bool = True


class MonthQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int | None = Field(None, ge=2000, le=2100)
    month: int | None = Field(None, ge=1, le=12)


class PersonOut(ApiModel):
    id: int
    name: str


class SessionOut(ApiModel):
    id: int
    kind: str
    topic: str
    subject: str
    tutor: PersonOut
    starts_at: str
    ends_at: str
    capacity: int
    booked: int
    on_demand: bool
    status: str


class BookingOut(ApiModel):
    id: int
    session_id: int
    status: str
    student: PersonOut
    booked_at: str
    rating: int | None
    score: int | None


class RequestOut(ApiModel):
    id: int
    student: PersonOut
    subject: str
    question: str
    status: str
    created_at: str
    session_id: int | None


class AvailabilityOut(ApiModel):
    available: bool


class JoinOut(ApiModel):
    engine: Literal["bbb", "jitsi", "none"]
    url: str | None
    embeddable: bool


class BeatOut(ApiModel):
    reason: str
    credited_seconds: float
    present_seconds: float
    counted_minutes: int


class RecordingOut(ApiModel):
    record_id: str
    url: str | None
    minutes: int | None


class MisconductOut(ApiModel):
    id: int
    student_id: int
    session_id: int | None
    reported_by: PersonOut
    reason: str
    created_at: str


class StatementRowOut(ApiModel):
    session: SessionOut
    minutes: int
    students: int
    ratings: list[int]
    time_points: int
    performance_points: float
    coefficient: float
    points: float


class StatementOut(ApiModel):
    tutor: PersonOut
    year: int
    month: int
    sessions: list[StatementRowOut]
    total_points: float


class StudentOut(ApiModel):
    id: int
    name: str
    username: str
    school: str


class RecordRowOut(ApiModel):
    session: SessionOut
    minutes: int
    rating_given: int | None
    score_received: int | None
    points_paid: int


class RecordOut(ApiModel):
    student: StudentOut
    year: int
    month: int
    sessions: list[RecordRowOut]
    minutes: int
    points_paid: int
    ratings_given: list[int]
    average_score: float | None
    misconduct: list[MisconductOut]
