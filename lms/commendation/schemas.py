"""Input and response models of the commendation API (docs/API.md "Outstanding learners")."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from lms.grading.schemas import CriterionOut
from lms.web.api import ApiModel


class ConfirmIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    enrollment_ids: list[int] = Field(max_length=5000, description="The learners commended: each one recommended "
                                      "by a tutor of the batch (409 not_recommended otherwise); [] commends nobody")
    note: str | None = Field(None, max_length=500)


class _Learner(ApiModel):
    """Who a line of the list is: the learner, school, class and total (recommended now, or as confirmed)."""
    enrollment_id: int
    name: str
    school_id: int
    school: str
    class_name: str
    course_title: str
    total: float


class Recommended(_Learner):
    candidate: bool = Field(description="Meets every criterion computed from the data")
    criteria: list[CriterionOut]
    note: str | None = Field(description="The tutor's reason")
    recommended_by: str | None
    in_list: bool = Field(description="On the confirmed list")


class Entry(_Learner):
    criteria: list[CriterionOut] = Field(description="The criteria as they stood when the list was confirmed")
    note: str | None


class CommendationList(ApiModel):
    batch_id: int
    project_id: int
    batch_number: int
    project_name: str
    area: str = Field(description="The caller's unit: the list is limited to its subtree")
    confirmed: bool
    confirmed_at: str | None
    confirmed_by: str | None
    note: str | None
    entries: list[Entry] = Field(description="The confirmed list (in the caller's subtree)")
    recommended: list[Recommended] = Field(description="The learners the tutors recommend now (in the caller's "
                                           "subtree), with their criteria")
    can_confirm: bool
