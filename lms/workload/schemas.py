"""Response and query models of the workload API (docs/API.md "Workload statements")."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from lms.web.api import ApiModel, Id


class StatementParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    org_unit_id: Id | None = Field(None, description="A unit of the caller's area (default: the caller's highest)")
    sort: str | None = Field(None, max_length=32, description="A column: name, role, unit, a measure or total")
    desc: bool = Field(False, description="Largest first")


class WorkloadRow(ApiModel):
    user_id: int
    name: str
    role: str = Field(description="tutor, or the admin's highest role")
    unit: str = Field(description="The tutor's unit, or the unit the admin administers")
    reviews: int | None = Field(description="Tutors: written submissions of the batch's classes it reviewed")
    verdicts: int | None = Field(description="Tutors: plagiarism verdicts it gave")
    class_briefings: int | None
    forum_posts: int | None = Field(description="Tutors: topics and replies in the classes' forums, hidden ones "
                                    "excepted")
    qa_answers: int | None
    qa_sessions: int | None = Field(description="Tutors: Q&A sessions of the classes it scheduled")
    enrollments: int | None = Field(description="Admins: enrollments into the batch it made")
    enrollment_changes: int | None = Field(description="Admins: enrollments it cancelled or replaced")
    area_briefings: int | None = Field(description="Admins: briefings and summary reports it published on the "
                                       "batch (and on the project within the batch's window)")
    announcements: int | None = Field(description="Admins: announcements within the batch's window")
    total: int


class WorkloadStatement(ApiModel):
    batch_id: int
    project_id: int
    batch_number: int
    project_name: str
    org_unit_id: int
    area: str
    rows: list[WorkloadRow]
