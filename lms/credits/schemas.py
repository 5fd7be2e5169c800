"""Input and response models of the credit API (docs/API.md, "Continuing-education credits")."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lms.credits import rules
from lms.web.api import ApiModel, Id

Source = Literal[tuple(s for s in rules.SOURCES if s != rules.TRAINING)]  # type: ignore[valid-type]
Category = Literal[rules.CATEGORIES]  # type: ignore[valid-type]
Theme = Literal[rules.PUBLIC_THEMES + rules.PROFESSIONAL_MODULES]  # type: ignore[valid-type]
Kind = Literal[rules.KINDS]  # type: ignore[valid-type]


class ClaimIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: Source
    title: str = Field(min_length=1, max_length=200)
    year: int = Field(ge=2000, le=2100)
    hours: float = Field(0, ge=0, le=10_000, description="学时; ignored for it20 and research (minutes instead)")
    category: Category | None = None
    theme: Theme | None = None
    provider: str | None = Field(None, max_length=200)
    note: str | None = Field(None, max_length=500)
    minutes: int | None = Field(None, ge=0, le=100_000, description="research: effective minutes")
    feedback_days: int | None = Field(None, ge=0, le=366, description="research: days until the feedback was given")
    reviews: int = Field(0, ge=0, le=1000, description="research: open lesson reviews (2 学时 each)")
    plan_id: Id | None = Field(None, description="school_project and self_study_plan: the approved plan")


class PlanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal[rules.PLAN_SOURCES]  # type: ignore[valid-type]
    year: int = Field(ge=2000, le=2100)
    title: str = Field(min_length=1, max_length=200)
    description: str | None = Field(None, max_length=2000)
    hours: float = Field(ge=0, le=10_000, description="The planned 学时")


class ProjectEvaluationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    result: Literal[rules.EVALUATION_RESULTS]  # type: ignore[valid-type]
    comment: str | None = Field(None, max_length=1000, description="Required when the project failed")


class SelfStudySummaryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: int = Field(ge=2000, le=2100, description="The year summarised (filed in January of the next)")
    text: str = Field(min_length=1, max_length=4000)


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=500)


class ProfileIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Kind = rules.REGULAR
    start_year: int | None = Field(None, ge=2000, le=2100)
    private: bool = False
    institution: bool = False


class CourseTermsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    hours: float = Field(gt=0, le=10_000)
    category: Literal[rules.PUBLIC, rules.PROFESSIONAL, rules.ELECTIVE, rules.INDUCTION]  # type: ignore[valid-type]
    theme: Theme | None = None


class CycleQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cycle: int | None = Field(None, ge=2000, le=2100, description="Any year of the cycle (default: this year's)")


class CreditSheetExportIn(CycleQuery):
    sheet: Literal["compliance", "entries"] = Field(description="compliance: the .xlsx of compliance.xlsx; "
                                                               "entries: that of entries.xlsx")


class PagedQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    page: int = Field(1, ge=1, le=1_000_000)
    per_page: int = Field(50, ge=1, le=500)


class EntriesQuery(CycleQuery, PagedQuery):
    pass


# Responses.

class CreditEvidenceOut(ApiModel):
    id: int
    name: str
    content_type: str
    size: int


class CreditAwardOut(ApiModel):
    category: str
    theme: str | None
    credits: str


class CreditEntryOut(ApiModel):
    id: int
    user_id: int
    teacher: str | None
    org_unit_id: int
    school: str | None
    source: str
    title: str
    provider: str | None
    year: int
    hours: float
    category: str
    theme: str | None
    credits: float
    awards: list[CreditAwardOut]
    status: str = Field(description="claimed, approved, confirmed or rejected")
    reason: str | None
    note: str | None
    enrollment_id: int | None
    live_session_id: int | None = Field(description="The live research session the entry was posted from")
    plan_id: int | None
    evidence: list[CreditEvidenceOut]
    created_at: str
    approved_at: str | None
    confirmed_at: str | None
    rejected_at: str | None


class CreditLineOut(ApiModel):
    key: str = Field(description="total, hours, public.<theme>, professional, elective, school_based, self_study, "
                                 "school_based.<year>, year.<year>, institution_hours.<year>, induction")
    unit: str
    required: float
    earned: float
    missing: float
    met: bool


class CreditCycleOut(ApiModel):
    start_year: int
    end_year: int


class CreditStandingOut(ApiModel):
    cycle: CreditCycleOut
    status: str = Field(description="complete, on_track or behind")
    credits: float
    hours: float
    offset: float = Field(description="Professional credits above the minimum counted as electives (L335)")
    by_year: dict[str, float]
    by_category: dict[str, float]
    lines: list[CreditLineOut]


class CreditProfileOut(ApiModel):
    kind: str
    start_year: int | None
    private: bool
    institution: bool


class CreditRecordOut(ApiModel):
    user_id: int
    name: str
    profile: CreditProfileOut
    standing: CreditStandingOut
    pending_credits: float
    modules: dict[str, float]


class CreditCountsOut(ApiModel):
    teachers: int
    complete: int
    on_track: int
    behind: int
    credits: float


class CreditUnitCountsOut(CreditCountsOut):
    org_unit_id: int
    name: str
    level: str


class CreditComplianceOut(ApiModel):
    org_unit_id: int
    name: str
    level: str
    cycle: CreditCycleOut
    totals: CreditCountsOut
    items: list[CreditUnitCountsOut]


class CreditTeacherRowOut(ApiModel):
    user_id: int
    name: str
    username: str
    school: str
    credits: float
    hours: float
    status: str
    missing: list[str]


class CreditCourseTermsOut(ApiModel):
    course_id: int
    hours: float
    category: str
    theme: str | None
    stated: bool = Field(description="False: the default (required minutes at 45 a 学时, an elective)")


class CreditImportOut(ApiModel):
    created: int
    status: str


class CreditPlanOut(ApiModel):
    id: int
    kind: str = Field(description="school_project or self_study_plan")
    org_unit_id: int
    school: str | None
    user_id: int | None
    teacher: str | None
    year: int
    title: str
    description: str | None
    hours: float
    status: str = Field(description="filed, approved or rejected")
    reason: str | None
    filed_at: str
    decided_at: str | None
    evaluation: str | None = Field(None, description="The county's December evaluation: passed or failed")
    evaluation_comment: str | None = None
    evaluated_at: str | None = None


class CreditSummaryOut(ApiModel):
    id: int
    org_unit_id: int
    school: str | None
    year: int
    text: str
    status: str = Field(description="filed, approved (recorded) or rejected (returned)")
    reason: str | None
    filed_at: str
    decided_at: str | None


class _CertificateFields(ApiModel):
    code: str
    name: str
    school: str
    cycle: CreditCycleOut
    credits: float
    hours: float
    issued_on: str = Field(description="YYYY-MM-DD")


class CreditCertificateCheckOut(_CertificateFields):
    """What anyone may read of a certificate of completion by its code (L325)."""
    still_complete: bool = Field(description="Whether the record today still meets every requirement of the cycle")


class CreditCertificateOut(_CertificateFields):
    id: int
    user_id: int
    issued_at: str
    verify_url: str
