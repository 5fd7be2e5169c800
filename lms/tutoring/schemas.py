"""Input and response models of the students' tutoring API (docs/API.md "Students' tutoring")."""
from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from lms.web.api import ApiModel, Id, PageParams


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TutoringOfferIn(_In):
    kind: Literal["one_to_one", "group"]
    topic: str = Field(min_length=1, max_length=200)
    subject: str = Field("", max_length=32)
    starts_at: AwareDatetime
    minutes: int = Field(ge=10, le=60)
    capacity: int = Field(1, ge=1, le=10, description="one_to_one: 1; group: at most 10 students")


class TutoringSessionQuery(PageParams):
    model_config = ConfigDict(extra="forbid")
    scope: Literal["open", "booked", "hosted"] = "open"
    kind: Literal["one_to_one", "group"] | None = None


class TutoringAvailabilityIn(_In):
    available: bool


class TutoringAskIn(_In):
    subject: str = Field("", max_length=32)
    question: str = Field(min_length=1, max_length=2_000)


class TutoringRateIn(_In):
    rating: int = Field(ge=1, le=5, description="The student's stars: 6–12 points to the tutor")


class TutoringScoreIn(_In):
    student_id: Id
    score: int = Field(ge=0, le=10)


class TutoringReportIn(_In):
    reason: str = Field(min_length=1, max_length=2_000)
    session_id: Id | None = None


class TutoringMonthQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int | None = Field(None, ge=2000, le=2100)
    month: int | None = Field(None, ge=1, le=12)


class TutoringPersonOut(ApiModel):
    id: int
    name: str


class TutoringSessionOut(ApiModel):
    id: int
    kind: str
    topic: str
    subject: str
    tutor: TutoringPersonOut
    starts_at: str
    ends_at: str
    capacity: int
    booked: int
    on_demand: bool
    status: str


class TutorDirectoryQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject: str | None = Field(None, max_length=40)
    stage: str | None = Field(None, max_length=40)


class TutorLessonOut(ApiModel):
    id: int
    title: str
    subject: str
    grade: str


class TutorCardOut(ApiModel):
    id: int = Field(description="The tutor's user id")
    name: str
    subjects: list[str]
    stages: list[str]
    topics: list[str]
    introduction: str
    open_session_count: int
    open_sessions: list[TutoringSessionOut] = Field(description="Its next open sessions (at most 5)")
    micro_lessons: list[TutorLessonOut] = Field(description="Its certified micro-lessons")


class TutorReasonOut(ApiModel):
    code: Literal["subject", "stage", "rated", "familiar", "topics", "bookable"]
    points: int
    text: str


class RecommendedTutorOut(ApiModel):
    tutor: TutorCardOut
    score: int
    reasons: list[TutorReasonOut]


class TutoringBookingOut(ApiModel):
    id: int
    session_id: int
    status: str
    student: TutoringPersonOut
    booked_at: str
    rating: int | None
    score: int | None


class TutoringRequestOut(ApiModel):
    id: int
    student: TutoringPersonOut
    subject: str
    question: str
    status: str
    created_at: str
    session_id: int | None
    image_url: str | None = Field(None, description="The photo of the problem, when one was attached")


class TutoringAvailabilityOut(ApiModel):
    available: bool


class TutoringRecordingOut(ApiModel):
    record_id: str
    url: str | None
    minutes: int | None


class TutoringMisconductOut(ApiModel):
    id: int
    student_id: int
    session_id: int | None
    reported_by: TutoringPersonOut
    reason: str
    created_at: str


class TutoringWeekOut(ApiModel):
    starts_on: str = Field(description="The week's Monday")
    ends_on: str = Field(description="The week's Sunday")
    minutes: int = Field(description="Minutes of the tutor's sessions this week (not cancelled, on-demand included)")
    minimum: int = Field(description="The weekly minimum in minutes (120)")
    maximum: int = Field(description="The weekly maximum in minutes (600): offering beyond it is refused")
    short_by: int = Field(description="Minutes still missing to the minimum")
    left: int = Field(description="Minutes left before the maximum")


class TutoringStatementRowOut(ApiModel):
    session: TutoringSessionOut
    minutes: int
    students: int
    ratings: list[int]
    time_points: int
    performance_points: float
    coefficient: float
    points: float


class TutoringStatementOut(ApiModel):
    tutor: TutoringPersonOut
    year: int
    month: int
    sessions: list[TutoringStatementRowOut]
    total_points: float  # the sessions'
    square_points: int  # adopted answers and settled micro-lessons of the month (lms.square)
    all_points: float


class TutoringStudentOut(ApiModel):
    id: int
    name: str
    username: str
    school: str


class TutoringRecordRowOut(ApiModel):
    session: TutoringSessionOut
    minutes: int
    rating_given: int | None
    score_received: int | None
    points_paid: int


class TutoringRecordOut(ApiModel):
    student: TutoringStudentOut
    year: int
    month: int
    sessions: list[TutoringRecordRowOut]
    minutes: int
    points_paid: int  # the sessions' and the question square's
    square_points_paid: int
    ratings_given: list[int]
    average_score: float | None
    misconduct: list[TutoringMisconductOut]


class TutoringAreaWeekQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    week: date | None = Field(None, description="Any day of the week (default: this week)")


class TutoringAreaWeekRowOut(ApiModel):
    tutor: TutoringPersonOut
    unit: str
    minutes: int = Field(description="Minutes of the tutor's sessions that week (not cancelled, on-demand included)")
    short_by: int = Field(description="Minutes missing to the 2-hour minimum (0 in a week without a term day)")
    short: bool = Field(description="Short of the 2-hour minimum in a week holding a term day")


class TutoringAreaWeekOut(ApiModel):
    starts_on: str = Field(description="The week's Monday")
    ends_on: str = Field(description="The week's Sunday")
    minimum: int = Field(description="The weekly minimum in minutes (120)")
    in_term: bool = Field(description="The week holds a term day (a holiday week has no minimum)")
    short: int = Field(description="How many tutors are short")
    items: list[TutoringAreaWeekRowOut]


class TutorDisqualifyIn(_In):
    reason: str = Field(min_length=1, max_length=2_000)


class TutorDisqualifiedPersonOut(ApiModel):
    id: int
    name: str
    unit: str


class TutorDisqualificationOut(ApiModel):
    id: int
    tutor: TutorDisqualifiedPersonOut
    reason: str
    decided_by: str | None
    decided_at: str
    reinstated_at: str | None
