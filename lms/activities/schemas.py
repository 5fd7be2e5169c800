"""Input and response models of the activities API (docs/API.md "Activities")."""
from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from lms.web.api import ApiModel, Id, PageParams

Kind = Literal["live_lecture", "practice", "offline_discussion", "guidance"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ActivityIn(_In):
    kind: Kind
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=5_000)
    batch_id: Id
    class_ids: list[Id] = Field([], max_length=200, description="Classes of the batch; required of a tutor (its "
                                "own classes). Admins: empty addresses every learner of their area in the batch")
    class_id: Id | None = Field(None, description="One class (kept for compatibility: joins class_ids)")
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    room_url: str | None = Field(None, max_length=500, description="A live or practice activity's room (http/https)")
    location: str | None = Field(None, max_length=200, description="An offline activity's place")
    capacity: int | None = Field(None, ge=1, le=10_000, description="Places; empty: no limit")


class ActivityPatch(_In):
    """The fields to change; those left out stay as they are."""
    kind: Kind | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=5_000)
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    room_url: str | None = Field(None, max_length=500, description="Empty string: no room")
    location: str | None = Field(None, max_length=200, description="Empty string: no place")
    capacity: int | None = Field(None, ge=1, le=10_000, description="Places; null (given): no limit")


class ActivityRejectIn(_In):
    reason: str = Field(min_length=1, max_length=500, description="Told to the organiser with the rejection")


class CancelIn(_In):
    reason: str = Field(min_length=1, max_length=500, description="Told to the learners with the cancellation")


class MarkIn(_In):
    enrollment_id: Id
    attended: bool = Field(False, description="Offline activities: attended or not")
    minutes: int | None = Field(None, ge=0, le=100_000, description="Live and practice activities: minutes attended")


class AttendanceIn(_In):
    marks: list[MarkIn] = Field(max_length=5_000)
    note: str | None = Field(None, max_length=2_000, description="Evidence note; empty leaves it as it is")


class ActivityQuery(PageParams):
    model_config = ConfigDict(extra="forbid")
    scope: Literal["mine", "managed"] = Field("mine", description="mine: addressed to the caller as a learner; "
                                              "managed: organised by the caller or in its area")


class ReviewQuery(PageParams):
    model_config = ConfigDict(extra="forbid")


class PersonOut(ApiModel):
    id: int
    name: str


class ActivityOut(ApiModel):
    id: int
    batch_id: int
    kind: Kind
    title: str
    description: str
    starts_at: str
    ends_at: str
    room_url: str | None
    location: str | None
    capacity: int | None
    org_unit_id: int | None
    class_ids: list[int] = Field(description="The classes addressed (empty: every learner of the area)")
    class_id: int | None = Field(description="The one class addressed (null: none or several)")
    organiser: PersonOut
    evidence_note: str | None
    evidence_file: str | None
    attendance_recorded_at: str | None
    cancelled_at: str | None = Field(None, description="When it was cancelled; its attendance then counts nothing")
    cancel_reason: str | None
    review_status: Literal["pending", "approved", "rejected"] = Field(
        description="The province's review; the attendance counts only once approved")
    reviewed_at: str | None
    review_reason: str | None = Field(description="Why the province rejected it")
    my_attendance: dict | None = Field(None, description="scope=mine: the caller's attendance as recorded")


class AttendanceRowOut(ApiModel):
    enrollment_id: int
    name: str
    school: str
    class_name: str
    attended: bool | None = Field(description="None: not recorded yet")
    minutes: int | None
    recorded_at: str | None
