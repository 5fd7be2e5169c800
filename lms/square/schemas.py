"""Input and response models of the square API (docs/API.md "Question square and micro-lessons")."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lms.live.schemas import PersonOut
from lms.square import rules
from lms.web.api import ApiModel, PageParams

Grade = Literal["初一", "初二", "初三", "高一", "高二", "高三"]
LessonStatus = Literal["pending", "certified", "rejected", "settled"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SquareQuestionFields(_In):
    """A question (multipart, beside an optional ``image``; or JSON without one)."""
    subject: str = Field(min_length=1, max_length=rules.MAX_SUBJECT_CHARS)
    body: str = Field(max_length=rules.QUESTION_CHARS[1], description="5–2000 characters")


class SquareAnswerIn(_In):
    body: str = Field(max_length=rules.ANSWER_CHARS[1], description="5–4000 characters")


class SquareAdoptIn(_In):
    difficulty: Literal[1, 2, 3] = Field(description="1 easy, 2 medium, 3 hard")
    satisfaction: Literal[1, 2, 3] = Field(description="1 satisfied, 2 very satisfied, 3 fully solved")


class SquareLessonFields(_In):
    """A micro-lesson (multipart, with a ``video`` file or a ``video_url``; or JSON with a ``video_url``)."""
    title: str = Field(max_length=rules.TITLE_CHARS[1])
    subject: str = Field(min_length=1, max_length=rules.MAX_SUBJECT_CHARS)
    grade: Grade
    description: str = Field("", max_length=rules.MAX_DESCRIPTION_CHARS)
    video_url: str | None = Field(None, max_length=500, description="http(s) address; or upload ``video``")


class SquareCertifyIn(_In):
    audience: int = Field(ge=rules.AUDIENCE[0], le=rules.AUDIENCE[1],
                          description="The students the city expects it to reach: its participation rate's base")


class SquareRejectIn(_In):
    reason: str = Field(min_length=1, max_length=500)


class SquareRateIn(_In):
    rating: Literal[1, 2, 3, 4, 5]


class SquareProgressIn(_In):
    position: float = Field(ge=0, le=86_400, description="Where the player is now, in seconds")
    played: float = Field(ge=0, le=86_400, description="Seconds it played since the previous report; the server "
                                                       "credits at most its own clock's seconds since then")


class SquarePostIn(_In):
    body: str = Field(max_length=rules.POST_CHARS[1], description="2–1000 characters")


class SquareQuestionsQuery(PageParams):
    model_config = ConfigDict(extra="forbid")
    scope: Literal["mine", "open"] = Field("mine", description="mine: the student's questions; open: the open "
                                                               "questions of the tutor's subjects")


class SquareLessonsQuery(PageParams):
    model_config = ConfigDict(extra="forbid")
    scope: Literal["listed", "mine", "waiting", "area"] = Field(
        "listed", description="listed: certified (students, tutors); mine: the tutor's own; waiting: those the "
                              "caller certifies; area: every one of the admin's subtree")
    subject: str | None = Field(None, max_length=20)
    grade: Grade | None = None


class SquareMonthQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int | None = Field(None, ge=2000, le=2100, description="Default: this year (local time)")
    month: int | None = Field(None, ge=1, le=12, description="Default: this month (local time)")


class SquareUnitOut(ApiModel):
    id: int
    name: str


class SquareAnswerOut(ApiModel):
    id: int
    tutor: PersonOut
    body: str
    created_at: str
    adopted: bool
    adopted_at: str | None
    difficulty: int | None
    satisfaction: int | None
    points: int | None = Field(description="2–4 once adopted (001 L48)")


class SquareQuestionOut(ApiModel):
    id: int
    student: PersonOut
    school: SquareUnitOut
    subject: str
    body: str
    status: Literal["open", "adopted"]
    created_at: str
    adopted_at: str | None
    image_url: str | None
    video_url: str | None = Field(description="The short video's address (range requests), when one was uploaded")
    video_seconds: int | None
    answer_count: int
    answers: list[SquareAnswerOut] = Field(description="Empty in lists")


class SquareLessonPointsOut(ApiModel):
    participation: int
    quality: int
    total: int
    settled: bool = Field(description="false: what settling now would give")


class SquareLessonOut(ApiModel):
    id: int
    tutor: PersonOut
    unit: SquareUnitOut
    title: str
    subject: str
    grade: str
    description: str
    video_url: str | None
    video_file_url: str | None
    video_seconds: int | None = Field(None, description="The uploaded video's length, read from the file")
    status: LessonStatus
    reason: str | None
    audience: int | None
    submitted_at: str
    decided_at: str | None
    settled_at: str | None
    watchers: int
    ratings: int
    points: SquareLessonPointsOut | None


class SquareViewOut(ApiModel):
    lesson_id: int
    watched_at: str
    rating: int | None


class SquareProgressOut(ApiModel):
    lesson_id: int
    watching: bool = Field(description="false: not opened yet (the figures are zero)")
    watched_at: str | None
    last_seen_at: str | None = Field(description="Its latest progress report, else when it opened the lesson")
    seconds_watched: int = Field(description="Seconds played, as the server's clock allows")
    furthest_seconds: int
    watched_percent: int | None = Field(description="0–100 of an uploaded video; null for a linked one")
    completed: bool = Field(description="Reached 90 % of the video")
    completed_at: str | None
    rating: int | None


class SquareQuizAnswerOut(ApiModel):
    score: int = Field(description="Questions answered right")
    total: int
    choices: list[int] = Field(description="The chosen option of each question (0-based)")
    answered_at: str


class SquareViewerOut(SquareProgressOut):
    student: PersonOut
    quiz: SquareQuizAnswerOut | None = Field(description="Its answer to the lesson's quiz (null: none yet)")


class SquareQuizQuestionIn(_In):
    text: str = Field(max_length=rules.QUIZ_TEXT_CHARS[1])
    options: list[str] = Field(max_length=rules.QUIZ_OPTIONS[1])
    correct: int = Field(description="The index (0-based) of the one correct option")


class SquareQuizIn(_In):
    questions: list[SquareQuizQuestionIn] = Field(max_length=rules.QUIZ_QUESTIONS[1], description="1–10 single-choice questions, 2–6 options each")


class SquareQuizQuestionOut(ApiModel):
    text: str
    options: list[str]
    correct: int | None = Field(description="null for a student that has not answered yet")


class SquareQuizOut(ApiModel):
    lesson_id: int
    updated_at: str
    questions: list[SquareQuizQuestionOut]
    answer: SquareQuizAnswerOut | None = Field(description="The calling student's answer and score")


class SquareQuizAnswerIn(_In):
    choices: list[int] = Field(max_length=rules.QUIZ_QUESTIONS[1], description="The chosen option (0-based) of each question, in order")


class SquareQuizShareOut(ApiModel):
    text: str
    correct_share: int | None = Field(description="% of the answers right (null: no answer yet)")


class SquareQuizResultsOut(ApiModel):
    answers: int
    total: int = Field(description="Questions in the quiz")
    mean_score: float | None
    questions: list[SquareQuizShareOut]


class SquarePostOut(ApiModel):
    id: int
    lesson_id: int
    author: PersonOut
    body: str
    created_at: str
    hidden: bool = Field(description="Hidden by the tutor (only the tutor sees it then)")


class SquareStatementAnswerOut(ApiModel):
    answer_id: int
    question_id: int
    subject: str
    adopted_at: str
    points: int


class SquareStatementOut(ApiModel):
    square_points: int
    settled_points: int
    provisional_points: int = Field(description="Certified micro-lessons not settled yet, as of now")
    total: int = Field(description="square_points + settled_points")
    adopted: list[SquareStatementAnswerOut]
    lessons: list[SquareLessonOut]


class SquareMonthPointsOut(ApiModel):
    year: int
    month: int
    points: int


class SquareFiguresOut(ApiModel):
    unit: dict
    questions: int
    open_questions: int
    adopted_questions: int
    answers: int
    adoption_points: int
    lessons: dict[str, int]
    views: int
    ratings: int
    mean_rating: float | None
