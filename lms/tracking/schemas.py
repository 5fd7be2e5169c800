"""Input models of the study-time API."""
from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field, field_validator

from lms.web.api import ApiModel, Id


class HeartbeatIn(BaseModel):
    model_config = ConfigDict(extra="ignore")  # newer players may send more; nothing they add is trusted

    enrollment_id: Id
    lesson_id: Id
    session_id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    position: float = Field(0.0, ge=0, le=86_400)
    playing: bool = False
    visible: bool = True
    playback_rate: float = Field(1.0, gt=0, le=64)
    interacted: bool = Field(False, description="Reading: the reader scrolled or turned a page since the "
                                                "previous beat (a reading credits nothing without it)")

    @field_validator("position", "playback_rate")
    @classmethod
    def finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value


class ChallengeAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    answer: str = Field(min_length=1, max_length=16)


class TrackingPolicyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_gap_seconds: int = Field(30, ge=5, le=300)
    max_playback_rate: float = Field(1.0, ge=1.0, le=4.0)
    daily_cap_minutes: int | None = Field(None, ge=1, le=24 * 60)
    batch_cap_minutes: int | None = Field(None, ge=1, le=100_000)
    presence_check_minutes: int = Field(20, ge=0, le=600)  # on unless turned off (services.DEFAULT_PRESENCE_MINUTES)
    presence_answer_seconds: int = Field(120, ge=15, le=3600)
    reason: str | None = Field(None, max_length=500, description="Required once a batch has started; audited")


# Response models: what the handlers send, checked and serialised through these (lms.web.api.endpoint).

class ChallengeOut(ApiModel):
    id: int
    expires_at: str = Field(description="ISO 8601")
    image_url: str = Field(description="The picture; the same number spoken: the sibling path audio.wav")


class HeartbeatOut(ApiModel):
    accepted_seconds: float
    lesson_covered_seconds: float
    lesson_completed: bool
    credited_seconds: float
    required_seconds: int
    session_state: str
    reason: str | None
    challenge: ChallengeOut | None = Field(None, description="An open presence check to answer")
    presence_locked: bool | None = Field(None, description="A failed presence check stops crediting for a while")


class ChallengeResult(ApiModel):
    id: int
    status: str


class LessonProgress(ApiModel):
    lesson_id: int
    title: str
    kind: str
    duration_seconds: int
    covered_seconds: float
    credited_seconds: float
    resume_position: float
    completed: bool


class ProgressOut(ApiModel):
    enrollment_id: int
    credited_seconds: float
    required_seconds: int | float
    remaining_seconds: float
    lessons: list[LessonProgress]


class TrackingPolicyOut(ApiModel):
    project_id: int
    max_gap_seconds: int
    max_playback_rate: float
    daily_cap_minutes: int | None
    batch_cap_minutes: int | None
    presence_check_minutes: int
    presence_answer_seconds: int
