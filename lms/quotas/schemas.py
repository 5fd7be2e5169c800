"""Input models of the quota API."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class SeatsSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seats: int = Field(ge=0, le=10_000_000)


class ChildrenQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    parent_id: int | None = Field(None, ge=1)
