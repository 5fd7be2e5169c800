"""Input models of the enrollment API."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lms.web.api import ApiModel, Id, PageParams


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class EnrollmentCreate(Strict):
    class_id: Id
    teacher_id: Id


class Replacement(Strict):
    teacher_id: Id


class WaiverCreate(Strict):
    teacher_id: Id
    reason: str = Field(min_length=2, max_length=500)


class EnrollmentListQuery(PageParams):
    batch_id: Id | None = None
    class_id: Id | None = None
    school_id: Id | None = None
    status: Literal["active", "cancelled", "replaced"] | None = None


class ChoiceListQuery(PageParams):
    batch_id: Id | None = None
    school_id: Id | None = None


# Response models: what the handlers send, checked and serialised through these (lms.web.api.endpoint).

class ChoiceOut(ApiModel):
    id: int
    teacher_id: int
    class_id: int
    school_id: int
    batch_id: int
    created_at: str = Field(description="ISO 8601")


class EnrollmentOut(ApiModel):
    id: int
    class_id: int
    batch_id: int
    teacher_id: int
    teacher_name: str | None
    school_id: int
    status: str
    created_at: str = Field(description="ISO 8601")
    ended_at: str | None
    replaced_by_id: int | None
    ban_id: int | None = Field(None, description="The plagiarism ban that cancelled this place, if one did")


class Cancelled(ApiModel):
    id: int
    status: Literal["cancelled"]


class Deleted(ApiModel):
    deleted: bool


class WaiverOut(ApiModel):
    id: int
    project_id: int
    teacher_id: int
    reason: str
    granted_by_id: int | None
    created_at: str = Field(description="ISO 8601")
