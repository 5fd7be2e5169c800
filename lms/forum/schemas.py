"""Input models of the forum and Q&A API."""
from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from lms.web.api import PageParams

MAX_BODY = 20_000


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TopicIn(_In):
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=MAX_BODY)


class ReplyIn(_In):
    body: str = Field(min_length=1, max_length=MAX_BODY)


class ModerationIn(_In):
    featured: bool | None = None
    pinned: bool | None = None
    hidden: bool | None = None


class FeatureIn(_In):
    featured: bool = True


class TopicQuery(PageParams):
    featured: bool = False


class QaSessionIn(_In):
    title: str = Field(min_length=1, max_length=200)
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    expert_ids: list[int] = Field(default_factory=list, max_length=20)


class QuestionIn(_In):
    body: str = Field(min_length=1, max_length=5_000)


class AnswerIn(_In):
    body: str = Field(min_length=1, max_length=MAX_BODY)
