"""What the job queue runs for exports: ``perform`` (one export job) and ``clean_expired_job`` (periodic).

A domain offers a kind of export by declaring the hook ``exports.<kind>`` (lms/core/registry.py): a builder
``build(session, job, out, progress) -> file name | None`` that writes the file into the binary stream
``out``, calls ``progress(percent, message)`` as it goes, and returns the download's file name (or an
``Outcome(message)`` for a job that makes no file, e.g. rebuilding the originality index). The
builder runs in the job's own app context and session (lms.core.jobs); it may write, and its writes are
committed with the job's end (a failure rolls them back). Progress is written on a connection of its own,
so the user sees it while the job's transaction is still open — a builder that holds SQLite's write lock
does not report progress until it is done.
"""
from __future__ import annotations

import logging
import mimetypes
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import update

from lms.core import clock, registry
from lms.core.db import hold_write_lock
from lms.core.errors import DomainError
from lms.exports import rules
from lms.exports.models import ExportJob
from lms.exports.services import Outcome, clean_expired, root
from lms.extensions import db

log = logging.getLogger(__name__)


class Progress:
    """``progress(percent, message)``: written at once on its own short transaction."""

    def __init__(self, job_id: int):
        self.job_id = job_id

    def __call__(self, percent: float, message: str | None = None) -> None:
        values = {"progress": rules.percent(percent)}
        if message is not None:
            values["message"] = message[:300]
        with db.engine.begin() as connection:
            connection.execute(update(ExportJob).where(ExportJob.id == self.job_id).values(**values))


def perform(job_id: int) -> None:
    """The queued job: mark it running, run its kind's builder into a file, then done (or failed, in words)."""
    session = db.session
    hold_write_lock(session)
    job = session.get(ExportJob, job_id)
    if job is None or job.state != "queued":
        return  # removed, or already taken (a job sent twice runs once)
    job.state, job.started_at, job.progress, job.message = "running", clock.now(), 0, _("Working…")
    session.commit()
    folder = root()
    partial = folder / f"{job_id}-{secrets.token_hex(8)}.part"
    try:
        builder = registry.hook(f"exports.{job.kind}")
        base_url = job.params.get("base_url")
        # A request context only so that the file's links (url_for) point at the site that asked; "POST": a job
        # writes (the guard against writing GETs, lms.web.locking, must not take it for a page read).
        with partial.open("wb") as out, current_app.test_request_context(base_url=base_url or "http://localhost/",
                                                                          method="POST"):
            file_name = builder(session, job, out, Progress(job_id))
        session.commit()  # the builder's own writes, if any
    except Exception as exc:  # noqa: BLE001 - whatever went wrong is recorded on the job, in words
        session.rollback()
        partial.unlink(missing_ok=True)
        if not isinstance(exc, DomainError):
            log.exception("export job %s failed", job_id)
        _finish(session, job_id, state="failed",
                message=exc.message if isinstance(exc, DomainError) else _("The export failed: %(error)s",
                                                                           error=str(exc)[:200] or type(exc).__name__))
        return
    if isinstance(file_name, Outcome) or file_name is None:
        partial.unlink(missing_ok=True)
        _finish(session, job_id, state="done", message=file_name.message if file_name else None)
        return
    final = partial.with_suffix(Path(file_name).suffix or ".bin")
    partial.rename(final)
    _finish(session, job_id, state="done", message=None, path=final, file_name=file_name)


def _finish(session, job_id: int, *, state: str, message: str | None, path: Path | None = None,
            file_name: str | None = None) -> None:
    hold_write_lock(session)
    job = session.get(ExportJob, job_id)
    if job is None:  # removed meanwhile (its owner deleted)
        if path is not None:
            path.unlink(missing_ok=True)
        return
    session.refresh(job)  # the progress written on the side
    now = clock.now()
    job.state, job.finished_at = state, now
    job.expires_at = rules.expiry(now, current_app.config["EXPORTS_KEEP_HOURS"])
    if state == "done":
        job.progress = 100
        job.message = message or (job.message if path is None else _("Ready to download."))
    else:
        job.message = message
    if path is not None:
        job.file_path, job.file_name, job.size = path.name, file_name, path.stat().st_size
        job.content_type = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
    session.commit()


def clean_expired_job() -> None:
    """The periodic task (lms.core.jobs.PERIODIC): its own transaction."""
    hold_write_lock(db.session)
    removed = clean_expired(db.session)
    db.session.commit()
    if removed:
        log.info("removed %d expired exports", removed)
