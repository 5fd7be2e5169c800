"""Input models of the enrollment API."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lms.web.api import PageParams


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class EnrollmentCreate(Strict):
    class_id: int = Field(ge=1)
    teacher_id: int = Field(ge=1)


class Replacement(Strict):
    teacher_id: int = Field(ge=1)


class WaiverCreate(Strict):
    teacher_id: int = Field(ge=1)
    reason: str = Field(min_length=2, max_length=500)


class EnrollmentListQuery(PageParams):
    batch_id: int | None = Field(None, ge=1)
    class_id: int | None = Field(None, ge=1)
    school_id: int | None = Field(None, ge=1)
    status: Literal["active", "cancelled", "replaced"] | None = None


class ChoiceListQuery(PageParams):
    batch_id: int | None = Field(None, ge=1)
    school_id: int | None = Field(None, ge=1)
