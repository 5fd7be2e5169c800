"""Input models of the originality corpus API."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from lms.web.api import ApiModel

MAX_REFERENCE_CHARS = 200_000


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ReferenceTextIn(_In):
    title: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=MAX_REFERENCE_CHARS)
    source: str | None = Field(None, max_length=500)


class TemplateIn(_In):
    title: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=20_000)


class QuotationIn(_In):
    title: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=20_000)


class QuotationFromMatchIn(_In):
    """A matched passage of a submission's report becomes a common quotation (title optional)."""
    title: str | None = Field(None, max_length=200)


# Response models: what the handlers send, checked and serialised through these (lms.web.api.endpoint).

class ReferenceTextOut(ApiModel):
    id: int
    title: str
    source: str | None
    chars: int
    document_id: int | None
    created_at: str = Field(description="ISO 8601")
    text: str | None = Field(None, description="The full text (single reference only)")


class TemplateOut(ApiModel):
    id: int
    title: str
    text: str
    created_at: str = Field(description="ISO 8601")


class QuotationOut(ApiModel):
    id: int
    title: str
    text: str
    from_submission_id: int | None = Field(description="The submission whose report it was taken from, if any")
    created_at: str = Field(description="ISO 8601")


class QuotationDeleted(ApiModel):
    id: int
    deleted: bool
