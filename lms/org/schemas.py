"""Input models of the org API (validated with pydantic, described in OpenAPI)."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lms.web.api import ApiModel, Id, PageParams


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TokenRequest(Strict):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class OrgUnitCreate(Strict):
    name: str = Field(min_length=1, max_length=120)
    level: Literal["city", "county", "school"]
    parent_id: Id
    code: str | None = Field(None, max_length=32, pattern=r"^[0-9A-Za-z_-]*$")
    teacher_count: int = Field(0, ge=0, le=10_000_000)


class OrgUnitUpdate(Strict):
    name: str | None = Field(None, min_length=1, max_length=120)
    code: str | None = Field(None, max_length=32, pattern=r"^[0-9A-Za-z_-]*$")
    teacher_count: int | None = Field(None, ge=0, le=10_000_000)


RoleName = Literal["teacher", "school_admin", "county_admin", "city_admin", "province_admin", "tutor", "expert",
                   "student"]
TitleGrade = Literal["senior", "leader", "other"]


class UserCreate(Strict):
    username: str = Field(min_length=3, max_length=64)
    name: str = Field(min_length=1, max_length=64)
    password: str | None = Field(None, min_length=1, max_length=256)
    org_unit_id: Id
    roles: list[RoleName] = Field(min_length=1, max_length=8)
    subject: str | None = Field(None, max_length=32)
    stage: str | None = Field(None, max_length=16)
    phone: str | None = Field(None, max_length=20)


class UserUpdate(Strict):
    """An admin's corrections: only the fields sent change; ``null`` clears phone, e-mail, subject, stage."""
    name: str | None = Field(None, min_length=1, max_length=64)
    phone: str | None = Field(None, max_length=20)
    email: str | None = Field(None, max_length=254)
    subject: str | None = Field(None, max_length=32)
    stage: str | None = Field(None, max_length=16)
    title_grade: TitleGrade | None = Field(None, description="senior 正高级/特级, leader 市级学科带头人/骨干, other: "
                                                             "a tutor's fee coefficient 1.4, 1.2, 1.0")
    org_unit_id: Id | None = None
    roles: list[RoleName] | None = Field(None, min_length=1, max_length=8)


class OwnDetails(Strict):
    """What a user corrects of itself; its name, unit and roles are its admin's."""
    phone: str | None = Field(None, max_length=20)
    email: str | None = Field(None, max_length=254)
    subject: str | None = Field(None, max_length=32)
    stage: str | None = Field(None, max_length=16)


class Deactivation(Strict):
    reason: str | None = Field(None, max_length=500)


class UserListQuery(PageParams):
    org_unit_id: Id | None = None
    q: str = Field("", max_length=64)
    role: RoleName | None = None


class PasswordChange(Strict):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256)


class PasswordReset(Strict):
    new_password: str | None = Field(None, min_length=1, max_length=256)


# Response models: what the handlers send, checked and serialised through these (lms.web.api.endpoint).

class RoleOut(ApiModel):
    role: str
    org_unit_id: int


class UserOut(ApiModel):
    id: int
    username: str
    name: str
    phone: str | None
    email: str | None
    subject: str | None
    stage: str | None
    title_grade: TitleGrade
    org_unit_id: int
    roles: list[RoleOut]
    locked: bool
    active: bool
    deactivated_at: str | None = Field(None, description="ISO 8601; set while the account is deactivated")


class NewUserOut(UserOut):
    initial_password: str | None = Field(None, description="Only when the server generated the password")


class TokenOut(ApiModel):
    token: str
    expires_at: str = Field(description="ISO 8601")
    user: UserOut


class PasswordChanged(ApiModel):
    changed: bool


class PasswordSet(ApiModel):
    id: int
    initial_password: str | None


class OrgUnitOut(ApiModel):
    id: int
    name: str
    level: str
    parent_id: int | None
    code: str | None
    teacher_count: int | None
    kind: str | None = None


class ImportRowError(ApiModel):
    row: int
    column: str | None = None
    message: str


class ImportedUser(ApiModel):
    row: int
    id: int
    username: str
    name: str
    org_unit: str
    initial_password: str | None


class ImportOut(ApiModel):
    created: int
    errors: list[ImportRowError]
    users: list[ImportedUser]


class UnitImportRow(ApiModel):
    row: int
    code: str
    name: str
    level: str
    parent_code: str | None


class UnitImportChange(ApiModel):
    row: int
    code: str
    changes: dict[str, list]


class UnitImportOut(ApiModel):
    dry_run: bool
    created: int
    changed: int
    unchanged: int
    created_by_level: dict[str, int]
    errors: list[ImportRowError]
    create: list[UnitImportRow]
    change: list[UnitImportChange]


class AuditEntryOut(ApiModel):
    id: int
    at: str
    actor: str | None = Field(None, description="Who acted (None: the system)")
    action: str = Field(description="The action's key, e.g. quota.set_seats")
    action_label: str = Field(description="The action in words, in the caller's language")
    target_type: str
    target_label: str = Field(description="What kind of object it concerns, in words")
    target_id: int | None
    target_url: str | None = Field(None, description="The page of that object, when there is one")
    details: str = Field(description="What it concerns and what changed, in words")
