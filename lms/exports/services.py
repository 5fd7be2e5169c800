"""Starting an export job (the queue then runs lms.exports.tasks.perform), its file and its refusals, and
finding the expired ones. A domain offers a kind of export by declaring the hook ``exports.<kind>``: see
lms.exports.tasks for the builder's contract."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from flask import current_app, has_request_context, request, send_file
from flask_babel import gettext as _
from sqlalchemy import select

from lms.core import clock, jobs
from lms.core.errors import Conflict
from lms.exports import rules
from lms.exports.models import ExportJob

JOB = "lms.exports.tasks.perform"


@dataclass(frozen=True)
class Outcome:
    """What a builder that makes no file returns: the job's last words (e.g. how many documents it indexed)."""
    message: str


def root() -> Path:
    folder = Path(current_app.config["EXPORTS_ROOT"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def start(session, actor, kind: str, title: str, params: dict | None = None) -> ExportJob:
    """Record the job as queued; it is sent to the queue once the request's transaction commits."""
    params = dict(params or {})
    if has_request_context():
        params["base_url"] = request.url_root  # the links a file holds (a certificate's QR code) point here
    job = ExportJob(user_id=actor.id, kind=kind, title=title[:300], params=params, state="queued",
                    progress=0, message=_("Waiting for a worker…"), created_at=clock.now())
    session.add(job)
    session.flush()
    jobs.after_commit(session, JOB, job.id)
    return job


def file_of(job: ExportJob) -> Path | None:
    """The job's file on disk, if it is done, not expired and still there."""
    if job.state != "done" or job.file_path is None or rules.expired(job.expires_at, clock.now()):
        return None
    path = root() / job.file_path
    return path if path.is_file() else None


def clean_expired(session) -> int:
    """The scheduled clean-up: remove the files (and the rows) of jobs past their expiry; returns how many.

    A job still queued or running long after any job may run (its worker or web process stopped under it)
    is told as failed, so that the user asks again instead of waiting for ever."""
    now = clock.now()
    lost = now - timedelta(seconds=jobs.JOB_TIMEOUT + 3600)
    for job in session.scalars(select(ExportJob).where(ExportJob.state.in_(rules.WORKING),
                                                       ExportJob.created_at <= lost)):
        job.state, job.finished_at = "failed", now
        job.message = _("The export was interrupted (the server restarted). Ask for it again.")
        job.expires_at = rules.expiry(now, current_app.config["EXPORTS_KEEP_HOURS"])
    expired = list(session.scalars(select(ExportJob).where(ExportJob.expires_at <= now)))
    folder = root()
    for job in expired:
        if job.file_path:
            (folder / job.file_path).unlink(missing_ok=True)
        session.delete(job)
    return len(expired)


def to_dict(job: ExportJob) -> dict:
    from flask import url_for

    ready = job.state == "done" and job.file_path is not None and not rules.expired(job.expires_at, clock.now())
    return {"id": job.id, "kind": job.kind, "title": job.title, "params": job.params, "state": job.state,
            "progress": job.progress, "message": job.message,
            "created_at": job.created_at.isoformat(),
            "started_at": job.started_at.isoformat() if job.started_at else None,
            "finished_at": job.finished_at.isoformat() if job.finished_at else None,
            "expires_at": job.expires_at.isoformat() if job.expires_at else None,
            "file": {"name": job.file_name, "size": job.size, "content_type": job.content_type,
                     "url": url_for("exports_api.job_file", job_id=job.id, _external=False)} if ready else None,
            "url": url_for("exports_api.job", job_id=job.id, _external=False)}


def download(job):
    """The job's file, or the reason there is none (still working, failed, expired)."""
    path = file_of(job)
    if path is None:
        raise not_ready(job)
    return send_file(path, mimetype=job.content_type, as_attachment=True, download_name=job.file_name,
                     max_age=0)


def not_ready(job) -> Conflict:
    if job.state in rules.WORKING:
        return Conflict("not_ready", _("This export is not ready yet: %(percent)d%% done.", percent=job.progress))
    if job.state == "failed":
        return Conflict("failed", _("This export failed: %(reason)s", reason=job.message or ""))
    return Conflict("expired", _("This export's file has been removed: files are kept %(hours)d hours. "
                                 "Ask for it again.", hours=_keep_hours()))


def _keep_hours() -> int:
    return current_app.config["EXPORTS_KEEP_HOURS"]


def accepted(job: ExportJob):
    """The API's answer to a call that queued a job: 202, the job, and its URL in ``Location``."""
    data = to_dict(job)
    return data, 202, {"Location": data["url"]}
