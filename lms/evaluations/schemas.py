"""Input and response models of the evaluation API (docs/API.md "Project evaluation")."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lms.web.api import ApiModel, Id

Score = int | None
Text = str | None


class EvaluationRoundOpen(BaseModel):
    model_config = ConfigDict(extra="forbid")

    project_id: Id


class EvaluationDimensions(BaseModel):
    """The four dimensions of 004 L162: a score 0–100 and a written assessment each."""
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    progress_score: Score = Field(None, ge=0, le=100, description="项目进展")
    progress_text: Text = Field(None, max_length=10_000)
    measures_score: Score = Field(None, ge=0, le=100, description="项目做法与措施")
    measures_text: Text = Field(None, max_length=10_000)
    innovation_score: Score = Field(None, ge=0, le=100, description="项目创新与经验")
    innovation_text: Text = Field(None, max_length=10_000)
    performance_score: Score = Field(None, ge=0, le=100, description="项目问题与绩效")
    performance_text: Text = Field(None, max_length=10_000)


class AreaSelfEvaluation(EvaluationDimensions):
    submit: bool = Field(False, description="Submit it now (every score and assessment is then required)")


class EvaluationReturn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=500)


class EvaluationAssign(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: Id = Field(description="An expert of the pool or an admin of another city (see candidates)")


class EvaluationScores(ApiModel):
    progress: int | None
    measures: int | None
    innovation: int | None
    performance: int | None


class EvaluationTexts(ApiModel):
    progress: str | None
    measures: str | None
    innovation: str | None
    performance: str | None


class EvaluationRoundOut(ApiModel):
    id: int
    project_id: int
    project: str
    year: int
    state: Literal["open", "closed"]
    opened_at: str
    closed_at: str | None
    self_weight: float = Field(description="The self-evaluation's weight in the combined result")
    outside_weight: float = Field(description="The outside evaluations' weight in the combined result")
    can_close: bool


class EvaluationResult(ApiModel):
    self_score: float | None = Field(description="Mean of the four self scores, once submitted")
    outside_score: float | None = Field(description="Mean of the outside evaluators' overall scores")
    combined: float | None = Field(description="self_weight × self + outside_weight × outside; both needed")
    grade: Literal["excellent", "good", "pass", "fail"] | None
    reviews_given: int
    reviewers: int


class EvaluationAreaRow(EvaluationResult):
    id: int
    org_unit_id: int
    org_unit: str
    level: str
    status: Literal["draft", "submitted", "returned"]
    progress_score: int | None
    measures_score: int | None
    innovation_score: int | None
    performance_score: int | None


class EvaluationRoundDetail(ApiModel):
    round: EvaluationRoundOut
    areas: list[EvaluationAreaRow] = Field(description="The areas of the caller's subtree")


class EvaluationAssignment(ApiModel):
    evaluation_id: int
    round_id: int
    project: str
    org_unit: str
    status: str
    round_state: str
    reviewed_at: str | None


class EvaluationRoundList(ApiModel):
    rounds: list[EvaluationRoundOut] = Field(description="Every round (admins of the province, cities and counties)")
    assignments: list[EvaluationAssignment] = Field(description="The areas the caller is asked to evaluate")


class OutsideEvaluationOut(ApiModel):
    id: int
    reviewer_id: int
    reviewer: str
    kind: Literal["expert", "peer"]
    scores: EvaluationScores
    texts: EvaluationTexts
    overall: float | None
    assigned_at: str
    reviewed_at: str | None


class EvaluationCandidate(ApiModel):
    user_id: int
    name: str
    kind: Literal["expert", "peer"]
    unit: str


class AreaEvaluationOut(ApiModel):
    id: int
    round_id: int
    round_state: Literal["open", "closed"]
    project: str
    org_unit_id: int
    org_unit: str
    level: str
    status: Literal["draft", "submitted", "returned"]
    scores: EvaluationScores
    texts: EvaluationTexts
    overall: float | None
    figures: dict = Field(description="The area's figures (kept at submission; live until then)")
    submitted_at: str | None
    returned_reason: str | None
    reviews: list[OutsideEvaluationOut] = Field(description="Every outside evaluation (an evaluator: its own only)")
    result: EvaluationResult | None = Field(description="Self and outside scores combined (not for an evaluator)")
    can_edit: bool
    can_return: bool
    can_assign: bool
    can_review: bool
    candidates: list[EvaluationCandidate] = Field(description="Whom the province may ask (empty for anyone else)")
