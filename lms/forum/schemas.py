"""Input models of the forum and Q&A API."""
from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from lms.web.api import ApiModel, Id, PageParams

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
    expert_ids: list[Id] = Field(default_factory=list, max_length=20, description="Users of the expert pool selected by the caller's city or county or one above it (the province: the whole pool); others are refused (400, fields.expert_ids)")


class QuestionIn(_In):
    body: str = Field(min_length=1, max_length=5_000)


class AnswerIn(_In):
    body: str = Field(min_length=1, max_length=MAX_BODY)


# Response models: what the handlers send, checked and serialised through these (lms.web.api.endpoint).

class PersonOut(ApiModel):
    id: int
    name: str


class PostOut(ApiModel):
    id: int
    class_id: int
    topic_id: int | None = Field(description="None for a topic, the topic's id for a reply")
    title: str | None
    body: str = Field(description="Markdown")
    author: PersonOut
    featured: bool
    pinned: bool
    hidden: bool
    reply_count: int
    created_at: str = Field(description="ISO 8601")
    last_activity_at: str = Field(description="ISO 8601")
    counts: bool | None = Field(None, description="Whether it earns interaction points (author and tutors only)")
    not_counted_reason: str | None = None
    body_html: str | None = Field(None, description="The body as sanitised HTML (topic page only)")


class TopicOut(PostOut):
    replies: list[PostOut]


class QaSessionOut(ApiModel):
    id: int
    class_id: int
    title: str
    starts_at: str = Field(description="ISO 8601")
    ends_at: str = Field(description="ISO 8601")
    experts: list[PersonOut]


class LearnerAnswerOut(ApiModel):
    id: int
    body: str
    author: PersonOut
    created_at: str = Field(description="ISO 8601")


class QuestionOut(ApiModel):
    id: int
    session_id: int
    body: str
    author: PersonOut
    created_at: str = Field(description="ISO 8601")
    answer: str | None
    answered_by: PersonOut | None
    answered_at: str | None
    learner_answers: list[LearnerAnswerOut] = Field(default_factory=list, description="Other learners' answers "
                                                    "(taking part in the session, like asking)")


class QaSessionWithQuestions(QaSessionOut):
    questions: list[QuestionOut]
