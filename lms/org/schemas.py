"""Input models of the org API (validated with pydantic, described in OpenAPI)."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lms.web.api import PageParams


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TokenRequest(Strict):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class OrgUnitCreate(Strict):
    name: str = Field(min_length=1, max_length=120)
    level: Literal["city", "county", "school"]
    parent_id: int
    code: str | None = Field(None, max_length=32, pattern=r"^[0-9A-Za-z_-]*$")
    teacher_count: int = Field(0, ge=0, le=10_000_000)


class OrgUnitUpdate(Strict):
    name: str | None = Field(None, min_length=1, max_length=120)
    code: str | None = Field(None, max_length=32, pattern=r"^[0-9A-Za-z_-]*$")
    teacher_count: int | None = Field(None, ge=0, le=10_000_000)


RoleName = Literal["teacher", "school_admin", "county_admin", "city_admin", "province_admin", "tutor", "expert"]


class UserCreate(Strict):
    username: str = Field(min_length=3, max_length=64)
    name: str = Field(min_length=1, max_length=64)
    password: str | None = Field(None, min_length=1, max_length=256)
    org_unit_id: int
    roles: list[RoleName] = Field(min_length=1, max_length=7)
    subject: str | None = Field(None, max_length=32)
    stage: str | None = Field(None, max_length=16)
    phone: str | None = Field(None, max_length=20)


class UserListQuery(PageParams):
    org_unit_id: int | None = None
    q: str = Field("", max_length=64)
    role: RoleName | None = None


class PasswordChange(Strict):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256)


class PasswordReset(Strict):
    new_password: str | None = Field(None, min_length=1, max_length=256)
