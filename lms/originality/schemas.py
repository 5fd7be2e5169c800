"""Input models of the originality corpus API."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

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
