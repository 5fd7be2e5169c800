"""Export jobs API: a job's state and progress, and its file once done (for the user who asked only)."""
from __future__ import annotations

from flask import Blueprint
from flask_login import current_user
from pydantic import Field

from lms.exports import policies, queries, services
from lms.extensions import db
from lms.web.api import ApiModel, Items, endpoint

bp = Blueprint("exports_api", __name__, url_prefix="/api/v1")


class JobFileOut(ApiModel):
    name: str
    size: int
    content_type: str
    url: str


class JobOut(ApiModel):
    id: int
    kind: str = Field(description="certificates_zip, participation_xlsx, credit_compliance_xlsx, "
                                  "credit_entries_xlsx, originality_rebuild")
    title: str
    params: dict = Field(description="What was asked (ids, filters) and base_url, where the file's links point")
    state: str = Field(description="queued, running, done or failed")
    progress: int = Field(description="0–100")
    message: str | None = Field(None, description="What it is doing, what it did, or why it failed, in words")
    created_at: str
    started_at: str | None = None
    finished_at: str | None = None
    expires_at: str | None = Field(None, description="When the file (and the job) is removed")
    file: JobFileOut | None = Field(None, description="Once done, while the file is kept")
    url: str


@bp.get("/jobs")
@endpoint(summary="The caller's recent export jobs, newest first", response=Items[JobOut])
def jobs():
    return {"items": [services.to_dict(job) for job in queries.mine(db.session, current_user)]}


@bp.get("/jobs/<int:job_id>")
@endpoint(summary="An export job's state, progress and file (the user who asked only)", response=JobOut,
          errors=("404:not_found",), load={"job": queries.job}, allow=policies.OWN)
def job(job):
    return services.to_dict(job)


@bp.get("/jobs/<int:job_id>/file")
@endpoint(summary="The file an export job made", produces="application/octet-stream",
          errors=("404:not_found", "409:not_ready", "409:failed", "409:expired"),
          load={"job": queries.job}, allow=policies.OWN)
def job_file(job):
    return services.download(job)
