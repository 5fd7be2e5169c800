"""Response and query models of the students' tutoring term API (docs/API.md "Students' tutoring: terms")."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from lms.live.schemas import PersonOut, TermOut, TitleGrade
from lms.web.api import ApiModel


class TutoringTermFigures(ApiModel):
    points: float = Field(description="sessions' + adoption + settled micro-lesson points")
    session_points: float
    adoption_points: int
    lesson_points: int
    sessions: int = Field(description="sessions held: with tutoring time")
    minutes: int = Field(description="minutes tutored")
    hours: float
    students: int
    mean_rating: float | None = Field(description="the students' mean stars (1–5) of those sessions")


class TutoringTermMonthLineOut(ApiModel):
    month: str
    points: float
    session_points: float
    adoption_points: int
    lesson_points: int
    sessions: int
    minutes: int


class TutoringTermTutorOut(ApiModel):
    id: int
    name: str
    title_grade: TitleGrade


class TutoringTermSettledOut(ApiModel):
    settled_at: str
    points: float
    amount: float


class TutoringTermStatementOut(TutoringTermFigures):
    tutor: TutoringTermTutorOut
    term: TermOut
    months: list[TutoringTermMonthLineOut]
    coefficient: float
    amount: float = Field(description="yuan: points × 10 × the title coefficient")
    settled: TutoringTermSettledOut | None


class TutoringTermSettlementRowOut(ApiModel):
    tutor: PersonOut
    unit: str
    title_grade: TitleGrade
    sessions: int
    minutes: int
    points: float
    coefficient: float
    amount: float
    settled: bool = Field(description="locked by a confirmed settlement")


class TutoringTermSettlementOut(ApiModel):
    term: TermOut
    settled: bool = Field(description="a settlement covering the caller's whole area is confirmed")
    settled_at: str | None
    settled_by: PersonOut | None
    pending: int = Field(description="rows not locked yet")
    rows: list[TutoringTermSettlementRowOut]
    points: float
    amount: float


class TutoringTermMonthQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int | None = Field(None, ge=2000, le=2100)
    month: int | None = Field(None, ge=1, le=12)


class TutoringTermMonthRowOut(TutoringTermFigures):
    tutor: PersonOut
    unit: str


class TutoringTermMonthPointsOut(ApiModel):
    year: int
    month: int
    rows: list[TutoringTermMonthRowOut]
    points: float
    minutes: int
    sessions: int


class TutoringTermArchiveTermOut(TutoringTermFigures):
    term: TermOut
    amount: float
    settled: bool


class TutoringTermArchiveTutorOut(TutoringTermTutorOut):
    unit: str


class TutoringTermArchiveOut(ApiModel):
    tutor: TutoringTermArchiveTutorOut
    terms: list[TutoringTermArchiveTermOut]
    minutes: int
    hours: float
    points: float
    sessions: int
    amount: float


class TutoringTermStarTutorOut(ApiModel):
    user: PersonOut
    unit: str
    points: float
    sessions: int
    minutes: int
    mean_rating: float


class TutoringTermStarStudentOut(ApiModel):
    user: PersonOut
    unit: str
    minutes: int
    sessions: int
    mean_score: float


class TutoringTermStarsOut(ApiModel):
    term: TermOut
    tutors: list[TutoringTermStarTutorOut]
    students: list[TutoringTermStarStudentOut]
