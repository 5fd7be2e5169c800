"""Input and response models of the briefings API (docs/API.md "Briefings and summary reports")."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lms.web.api import ApiModel, Id, PageParams


class AreaBriefingStart(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Literal["briefing", "summary"] = Field(description="briefing (简报) or summary report (总结报告)")
    project_id: Id
    batch_id: Id | None = Field(None, description="The batch it reports on; none: the whole project")
    org_unit_id: Id | None = Field(None, description="The unit it is written for: one the caller administers "
                                   "itself (default: the caller's highest)")


class AreaBriefingRevise(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=50_000)


class ListParams(PageParams):
    model_config = ConfigDict(extra="forbid")


class AreaBriefingOut(ApiModel):
    id: int
    kind: Literal["briefing", "summary"]
    status: Literal["draft", "published"]
    org_unit_id: int
    org_unit: str = Field(description="The unit's name")
    level: str = Field(description="The unit's level: province, city, county or school")
    author: str | None
    project_id: int
    batch_id: int | None
    title: str
    body: str
    created_at: str = Field(description="ISO 8601")
    updated_at: str
    published_at: str | None
    can_edit: bool = Field(description="The caller may still revise and publish it (a draft of its unit)")


class ClassBriefingOut(ApiModel):
    id: int
    class_id: int
    class_name: str
    author: str | None
    title: str
    created_at: str


class AreaBriefingList(ApiModel):
    items: list[AreaBriefingOut] = Field(description="Area briefings and summary reports the caller reads: its own "
                                     "unit's drafts, published ones of the units above it and of its area")
    page: int
    per_page: int
    total: int
    class_briefings: list[ClassBriefingOut] = Field(description="The newest briefings of the classes the caller "
                                                    "tutors or learns in (GET /classes/{id}/briefings for all)")
