"""Read side of export jobs: the pipeline's loader and the user's list."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core.errors import NotFound
from lms.exports.models import ExportJob

RECENT = 50


def job(session, actor, job_id: int) -> ExportJob:
    """Another user's job is answered as missing (404): its existence is nobody else's business."""
    found = session.get(ExportJob, job_id)
    if found is None or found.user_id != actor.id:
        raise NotFound(_("No such export."))
    return found


def mine(session, actor, limit: int = RECENT) -> list[ExportJob]:
    return list(session.scalars(select(ExportJob).where(ExportJob.user_id == actor.id)
                                .order_by(ExportJob.created_at.desc(), ExportJob.id.desc()).limit(limit)))
