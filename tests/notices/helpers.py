"""Reading a user's notices in tests."""
from __future__ import annotations

from sqlalchemy import select

from lms.extensions import db
from lms.notices.models import Notice


def kinds_of(app, user) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Notice.kind).where(Notice.user_id == user.id).order_by(Notice.id)))


def notices_of(app, user, kind: str | None = None) -> list[Notice]:
    with app.app_context():
        query = select(Notice).where(Notice.user_id == user.id).order_by(Notice.id)
        if kind:
            query = query.where(Notice.kind == kind)
        return list(db.session.scalars(query))
