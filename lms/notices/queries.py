"""Read side of notices: the pipeline's loader (another user's notice is missing), the user's page of
notices newest first, the unread count."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.core.errors import NotFound
from lms.notices.models import Notice


def notice(session, actor, notice_id: int) -> Notice:
    """Another user's notice is answered as missing (404): its existence is nobody else's business."""
    found = session.get(Notice, notice_id)
    if found is None or found.user_id != actor.id:
        raise NotFound(_("No such notice."))
    return found


def mine(session, actor, *, page: int = 1, per_page: int = 20, unread: bool = False) -> tuple[list[Notice], int]:
    where = [Notice.user_id == actor.id] + ([Notice.read_at.is_(None)] if unread else [])
    total = session.scalar(select(func.count()).select_from(Notice).where(*where))
    rows = list(session.scalars(select(Notice).where(*where).order_by(Notice.created_at.desc(), Notice.id.desc())
                                .offset((page - 1) * per_page).limit(per_page)))
    return rows, total


def unread_count(session, actor) -> int:
    return session.scalar(select(func.count()).select_from(Notice)
                          .where(Notice.user_id == actor.id, Notice.read_at.is_(None)))
