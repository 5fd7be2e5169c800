"""Input and response models of the live sessions API (docs/API.md "Live sessions")."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from lms.web.api import ApiModel, Id, PageParams

Form = Literal["lecture", "one_to_one", "review"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SessionIn(_In):
    form: Form
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=5_000)
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    capacity: int | None = Field(None, ge=1, le=2_000, description="Seats; default: 200 a lecture, 1 otherwise")
    host_id: Id | None = Field(None, description="Admins: the tutor of their area who hosts; default the caller")
    co_reviewer_ids: list[Id] = Field(default_factory=list, max_length=2,
                                      description="A review's other reviewers (tutors), at most 2")


class SessionQuery(PageParams):
    model_config = ConfigDict(extra="forbid")
    form: Form | None = None
    scope: Literal["upcoming", "hosted", "area"] = "upcoming"


class LiveCancelIn(_In):
    reason: str | None = Field(None, max_length=500, description="Optional: told to those who hear of the "
                                                                  "cancellation and shown on the session's page")


class BeatIn(_In):
    page_key: str = Field(min_length=8, max_length=64, description="One per room page: a newer page supersedes")
    visible: bool = True
    in_room: bool = Field(True, description="The engine's room is open on the page")


class DayIn(_In):
    day: dt.date
    kind: Literal["holiday", "workday"]
    name: str = Field("", max_length=100)


class TermIn(_In):
    name: str = Field(min_length=1, max_length=100)
    starts_on: dt.date
    ends_on: dt.date


class PersonOut(ApiModel):
    id: int
    name: str


class SessionOut(ApiModel):
    id: int
    form: Form
    title: str
    description: str
    host: PersonOut
    org_unit_id: int
    co_reviewer_ids: list[int]
    starts_at: str = Field(description="ISO 8601")
    ends_at: str = Field(description="ISO 8601")
    capacity: int
    booked: int
    status: Literal["scheduled", "cancelled", "ended"] = Field(description="ended: its organiser closed the meeting")
    cancel_reason: str | None = Field(description="Why it was cancelled, when its canceller said so")


class BookingOut(ApiModel):
    id: int
    session_id: int
    status: Literal["booked", "cancelled"]
    user: PersonOut
    booked_at: str


class MyBookingOut(BookingOut):
    session: SessionOut


class JoinOut(ApiModel):
    engine: Literal["bbb", "jitsi", "none"]
    url: str | None = Field(description="The engine's join URL for the caller; None without an engine")
    embeddable: bool


class BeatOut(ApiModel):
    reason: str = Field(description="credited, first_beat, hidden, paused (room not open), gap_capped, …")
    credited_seconds: float
    present_seconds: float
    counted_minutes: int


class ParticipantOut(ApiModel):
    user: PersonOut
    organiser: bool
    present_seconds: float
    counted_minutes: int = Field(description="Within the service windows and the form's bounds, whole minutes")
    study_hours: int = Field(description="学时: 45 counted minutes each; a learner's only with feedback in time")
    feedback: Literal["on_time", "late", "pending", "missing"] | None = Field(
        description="A learner's feedback (None for organisers)")
    rating: int | None
    in_engine_now: bool | None = Field(description="Seen in the engine's meeting now (None: engine has no API)")


class EngineAttendeeOut(ApiModel):
    user_id: str
    name: str
    role: str


class AttendanceOut(ApiModel):
    session_id: int
    engine: str
    engine_running: bool | None
    engine_attendees: list[EngineAttendeeOut] | None
    participants: list[ParticipantOut]


class DayOut(ApiModel):
    day: str
    kind: Literal["holiday", "workday"]
    name: str


class TermOut(ApiModel):
    id: int
    name: str
    starts_on: str
    ends_on: str


class CalendarOut(ApiModel):
    terms: list[TermOut]
    days: list[DayOut]


class Deleted(ApiModel):
    deleted: bool


class FeedbackIn(_In):
    rating: int = Field(ge=1, le=5)
    satisfaction: Literal["very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied"]
    reflection: str = Field(min_length=1, max_length=10_000, description="At least 200 characters (spaces aside)")


class FeedbackOut(ApiModel):
    id: int
    session_id: int
    rating: int
    satisfaction: str
    reflection: str
    created_at: str


class RecordingOut(ApiModel):
    record_id: str
    url: str | None = Field(description="The engine's playback page")
    minutes: int | None


# --- points and payment (docs/LIVE.md "Points and payment") -------------------------------------------------------

TitleGrade = Literal["senior", "leader", "other"]


class ReportIn(_In):
    body: str = Field(min_length=1, max_length=20_000, description="At least 200 characters (spaces aside)")


class ReviewHoursOut(ApiModel):
    user: PersonOut
    role: Literal["reviewer", "learner"]
    counted_minutes: int = Field(description="Counted minutes of the discussion")
    discussion_hours: int = Field(description="1 学时 for a discussion of 45 counted minutes or more")
    report_hours: int = Field(description="1 学时 once the report is recorded")
    study_hours: int = Field(description="学时 recorded: both; a learner's only with its feedback in time")
    feedback: Literal["on_time", "late", "pending", "missing"] | None = Field(
        None, description="A learner's feedback state; null for a reviewer")


class ReportOut(ApiModel):
    id: int
    session_id: int
    author: PersonOut
    body: str
    created_at: str
    hours: list[ReviewHoursOut] = Field(default_factory=list,
                                        description="The 学时 the review credits each participant (000 L33)")


class TermParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    term_id: Id | None = Field(None, description="Default: the term running today, else the latest started")


class LineSessionOut(ApiModel):
    id: int
    form: Form
    title: str
    starts_at: str
    host_id: int


class StatementLineOut(ApiModel):
    session: LineSessionOut
    minutes: int = Field(description="The tutor's counted minutes (service hours, the form's bounds)")
    duration: float = Field(description="Lecture 30 an hour, one-to-one 6 an hour")
    performance: float = Field(description="From the learners' feedback: lecture 11–15 an hour, one-to-one 6–10")
    audience: float = Field(description="Lecture: 1 an hour per 10 completed learners (or part), at most 15 an hour")
    discussion: float = Field(description="Review: the discussion's 30, shared by the reviewers present ≥ 45 min")
    report: float = Field(description="Review: the report's 30, shared by all reviewers once recorded")
    total: float
    score: float | None = Field(description="Mean learner score 1–5 (rating and satisfaction); None: no feedback")
    completed_learners: int
    excluded_learners: int = Field(description="Learners of the tutor's own school or county: no points")
    notes: list[Literal["same_place_only", "no_counted_time", "awaiting_feedback", "no_discussion", "no_report"]]


class TutorRefOut(ApiModel):
    id: int
    name: str
    title_grade: TitleGrade


class SettledFiguresOut(ApiModel):
    settled_at: str
    points: float
    amount: float


class StatementOut(ApiModel):
    tutor: TutorRefOut
    term: TermOut
    sessions: list[StatementLineOut]
    points: float
    coefficient: float = Field(description="正高级/特级 1.4, 市级学科带头人/骨干 1.2, others 1.0")
    amount: float = Field(description="Yuan: points × 10 × coefficient")
    settled: SettledFiguresOut | None = Field(description="The locked figures once the term is settled")


class SettlementRowOut(ApiModel):
    tutor: PersonOut
    unit: str
    title_grade: TitleGrade
    sessions: int
    points: float
    coefficient: float
    amount: float


class SettlementOut(ApiModel):
    term: TermOut
    settled: bool
    settled_at: str | None
    settled_by: PersonOut | None
    rows: list[SettlementRowOut] = Field(description="The tutors of the caller's area with points")
    points: float
    amount: float


class StarTutorOut(ApiModel):
    user: PersonOut
    unit: str
    points: float
    sessions: int
    score: float


class StarLearnerOut(ApiModel):
    user: PersonOut
    unit: str
    counted_minutes: int
    sessions: int


class StarsOut(ApiModel):
    term: TermOut
    tutors: list[StarTutorOut]
    learners: list[StarLearnerOut]
