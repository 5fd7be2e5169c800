"""Input and response models of the surveys API (docs/API.md "Surveys")."""
from __future__ import annotations

from typing import Literal, Union

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from lms.web.api import ApiModel, Id, PageParams

Kind = Literal["single", "multiple", "scale", "text"]
TargetKind = Literal["batch", "class", "unit"]
Audience = Literal["learners", "tutors", "admins"]
State = Literal["draft", "scheduled", "open", "ended", "closed"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SurveyQuestionIn(_In):
    kind: Kind
    prompt: str = Field(min_length=1, max_length=500)
    required: bool = True
    options: list[str] = Field(default_factory=list, max_length=20,
                               description="Choice questions: 2–20 distinct options (answered by index, from 0)")
    min_picks: int | None = Field(None, ge=1, le=20, description="Multiple choice: the fewest picks")
    max_picks: int | None = Field(None, ge=1, le=20, description="Multiple choice: the most picks")
    scale_min: int | None = Field(None, ge=0, le=10, description="Scale: the lowest point (e.g. 1)")
    scale_max: int | None = Field(None, ge=0, le=10, description="Scale: the highest point (e.g. 5)")
    scale_min_label: str | None = Field(None, max_length=50)
    scale_max_label: str | None = Field(None, max_length=50)
    max_length: int | None = Field(None, ge=1, le=5000, description="Free text: the most characters")


class SurveyIn(_In):
    title: str = Field(min_length=1, max_length=200)
    intro: str = Field("", max_length=5000)
    anonymous: bool = Field(True, description="Anonymous answers keep no link to the respondent")
    opens_at: AwareDatetime
    closes_at: AwareDatetime
    target_kind: TargetKind
    target_id: Id = Field(description="The batch, class or org unit (a unit of the caller's subtree)")
    audience: Audience = Field("learners", description="A batch or a class: learners or tutors; a unit: any")
    questions: list[SurveyQuestionIn] = Field(default_factory=list, max_length=100,
                                        description="Empty on creation with a template: the template's questions")


class SurveyCreateIn(SurveyIn):
    template: Literal["course", "tutoring", "management", "self"] | None = Field(
        None, description="A built-in questionnaire to start from (GET /survey-templates)")


class SurveyQuery(PageParams):
    model_config = ConfigDict(extra="forbid")
    scope: Literal["open", "managed"] = Field("open", description="open: the surveys open to the caller; "
                                              "managed: those it wrote or whose area it administers")


Answer = Union[int, list[int], str, None]


class SurveyResponseIn(_In):
    answers: dict[str, Answer] = Field(description="Question id → an option index (single), a list of indexes "
                                       "(multiple), a point (scale) or a text; optional questions may be left out")


class SurveyQuestionOut(ApiModel):
    id: int
    position: int
    kind: Kind
    prompt: str
    required: bool
    options: list[str]
    min_picks: int | None
    max_picks: int | None
    scale_min: int | None
    scale_max: int | None
    scale_min_label: str | None
    scale_max_label: str | None
    max_length: int | None


class SurveyOut(ApiModel):
    id: int
    title: str
    intro: str | None
    anonymous: bool
    status: Literal["draft", "published", "closed"]
    state: State = Field(description="scheduled: published, not open yet; ended: its time is over")
    opens_at: str
    closes_at: str
    target_kind: TargetKind
    target_id: int
    target_name: str
    audience: Audience
    owner_unit_id: int
    owner_unit: str
    author: str | None
    template: str | None
    published_at: str | None
    closed_at: str | None
    questions: list[SurveyQuestionOut]
    answered: bool = Field(description="The caller has answered")
    can_manage: bool
    can_edit: bool


class SurveyResponseOut(ApiModel):
    survey_id: int
    anonymous: bool
    answered: bool


class SurveyOptionCount(ApiModel):
    label: str
    count: int
    percent: float | None = Field(description="Of those who answered the question")


class SurveyQuestionResult(ApiModel):
    id: int
    position: int
    kind: Kind
    prompt: str
    required: bool
    scale_min_label: str | None
    scale_max_label: str | None
    answered: int
    skipped: int
    options: list[SurveyOptionCount] | None = None
    mean: float | None = None
    texts: list[str] | None = None


class SurveyRespondent(ApiModel):
    name: str
    submitted_at: str | None


class SurveyResultsOut(ApiModel):
    survey_id: int
    title: str
    anonymous: bool
    state: State
    target_name: str
    audience: Audience
    addressed: int = Field(description="The people the survey addresses now")
    responses: int
    response_rate: float | None = Field(description="Percent")
    questions: list[SurveyQuestionResult]
    respondents: list[SurveyRespondent] = Field(description="A named survey's respondents; empty when anonymous")


class SurveyTemplateOut(ApiModel):
    key: str
    title: str
    intro: str
    anonymous: bool
    target_kind: TargetKind
    audience: Audience
    questions: list[dict]
