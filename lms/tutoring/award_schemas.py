"""Request and response models of the tutoring organisation awards API (docs/API.md "Students' tutoring:
organisation awards")."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lms.live.schemas import TermOut
from lms.web.api import ApiModel


class OrgAwardUnitOut(ApiModel):
    id: int
    name: str


class OrgAwardNormalisedOut(ApiModel):
    student_minutes: float
    evaluation: float
    key_share: float
    key_minutes: float
    key_points: float


class OrgAwardRankRowOut(ApiModel):
    unit: OrgAwardUnitOut
    parent: str | None = Field(description="the unit's district (a school's) or city (a district's)")
    rank: int = Field(description="equal composites share a rank")
    score: float = Field(description="the composite, 0–100: the weighted mean of the normalised indicators")
    students: int = Field(description="its active student accounts")
    key_teachers: int = Field(description="its key teachers (title grade senior or leader)")
    key_tutors: int = Field(description="of them, those who took part in the term's tutoring")
    student_minutes: float = Field(description="minutes tutored per student account")
    evaluation: float | None = Field(description="the tutors' mean score (0–10) of its students")
    key_share: float = Field(description="percent of its key teachers who took part")
    key_minutes: float = Field(description="their mean minutes tutored")
    key_points: float = Field(description="their mean term points")
    normalised: OrgAwardNormalisedOut = Field(description="each indicator as a share (0–100) of the best unit's")
    awarded: bool


class OrgAwardWeightsOut(ApiModel):
    student_minutes: float
    evaluation: float
    key_share: float
    key_minutes: float
    key_points: float


class OrgAwardRankingOut(ApiModel):
    term: TermOut
    area: OrgAwardUnitOut
    weights: OrgAwardWeightsOut
    schools: list[OrgAwardRankRowOut]
    schools_confirmed: bool
    districts: list[OrgAwardRankRowOut]
    districts_confirmed: bool


class OrgAwardConfirmIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["school", "district"]
    top: int | None = Field(None, ge=1, le=100, description="the top N of the ranking (ties on N all win)")
    unit_ids: list[int] | None = Field(None, max_length=200, description="or the ranked units chosen")


class OrgAwardWinnerOut(ApiModel):
    unit: OrgAwardUnitOut
    parent: str | None
    rank: int
    score: float


class OrgAwardAreaAreaOut(OrgAwardUnitOut):
    level: str


class OrgAwardAreaOut(ApiModel):
    area: OrgAwardAreaAreaOut = Field(description="the city or province that awards")
    schools: list[OrgAwardWinnerOut]
    districts: list[OrgAwardWinnerOut]
    confirmed_at: str


class OrgAwardWinnersOut(ApiModel):
    term: TermOut
    areas: list[OrgAwardAreaOut]
