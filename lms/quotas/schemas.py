"""Input models of the quota API."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from lms.web.api import ApiModel, Id


class SeatsSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seats: int = Field(ge=0, le=10_000_000)


class ChildrenQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    parent_id: Id | None = None


# Response models: what the handlers send, checked and serialised through these (lms.web.api.endpoint).

class QuotaOut(ApiModel):
    batch_id: int
    org_unit_id: int
    seats: int = Field(description="Seats given to the unit")
    allocated: int = Field(description="Seats it handed down to its children")
    enrolled: int = Field(description="The unit's own active enrollments (only schools enroll)")
    available: int = Field(description="Seats left to enroll or hand down")
    enrolled_in_area: int = Field(0, description="Active enrollments of every school within the unit")


class UnitQuota(QuotaOut):
    name: str
    level: str
    code: str | None
    teacher_count: int | None


class ParentQuota(QuotaOut):
    name: str
    level: str


class ChildrenQuotas(ApiModel):
    items: list[UnitQuota]
    page: int
    per_page: int
    total: int
    parent: ParentQuota


class SeatsRowError(ApiModel):
    row: int
    message: str


class SeatsImportOut(ApiModel):
    updated: int
    errors: list[SeatsRowError]


class CityCompliance(ApiModel):
    org_unit_id: int
    name: str
    teacher_count: int | None
    seats: int
    enrolled: int
    required_minimum: int
    meets_minimum: bool
    shortfall: int
