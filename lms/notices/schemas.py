"""Input and output models of the notices API."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from lms.web.api import ApiModel, PageParams


class NoticeQuery(PageParams):
    unread: bool = Field(False, description="Only the notices not read yet")


class NoticeOut(ApiModel):
    id: int
    kind: str = Field(description="enrollment_created, enrollment_cancelled, enrollment_replaced, work_graded, "
                                  "plagiarism_verdict, appeal_decided, certificate_issued, seats_received, "
                                  "window_closing, quota_deadline, batch_ending, activity_cancelled, "
                                  "tutoring_misconduct, square_question, tutoring_cancelled, tutoring_accepted, "
                                  "evaluation_assigned, evaluation_returned, activity_changed, activity_approved, "
                                  "activity_rejected, activity_awaiting_review, live_cancelled, "
                                  "live_feedback_due, …")
    title: str = Field(description="The kind in words, in the caller's language")
    text: str = Field(description="The notice in words, in the caller's language")
    link: str | None = Field(None, description="The caller's page about it")
    params: dict = Field(description="What the words are made of (ids, names, dates, figures), by kind")
    created_at: str
    read_at: str | None = None
    read: bool


class ReadAllOut(ApiModel):
    marked: int = Field(description="How many notices were unread and are read now")
    unread: int


class PreferenceOut(ApiModel):
    kind: str
    label: str
    wanted: bool
    mandatory: bool = Field(description="Cannot be turned off (a plagiarism verdict, losing a place)")
    email: bool = Field(description="Also sent by e-mail (the caller's choice for every kind)")


class PreferencesOut(ApiModel):
    items: list[PreferenceOut]
    email_enabled: bool = Field(description="The site sends e-mail (an SMTP server is configured)")
    email_address: str | None = Field(description="Where the caller's e-mails go; set on the account page")


class PreferencesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    wanted: dict[str, bool] = Field({}, description="Kind → wanted or not; kinds not named stay as they were",
                                    max_length=50)
    email: dict[str, bool] = Field({}, description="Kind → also by e-mail or not; kinds not named stay as they were",
                                   max_length=50)
