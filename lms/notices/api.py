"""Notices API: the caller's notices (paged, newest first), marking them read, the kinds the caller wants."""
from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from lms.extensions import db
from lms.notices import policies, queries, schemas, services
from lms.web.api import Page, endpoint, page_of

bp = Blueprint("notice_centre_api", __name__, url_prefix="/api/v1")
NOTICE = {"notice": queries.notice}


@bp.get("/notices")
@endpoint(summary="The caller's notices, newest first (unread ones only with unread=true)",
          query=schemas.NoticeQuery, response=Page[schemas.NoticeOut])
def notices(params: schemas.NoticeQuery):
    rows, total = queries.mine(db.session, current_user, page=params.page, per_page=params.per_page,
                               unread=params.unread)
    return page_of([services.to_dict(n) for n in rows], total, params)


@bp.post("/notices/<int:notice_id>/read")
@endpoint(summary="Mark one of the caller's notices read", response=schemas.NoticeOut, load=NOTICE,
          allow=policies.OWN, errors=("404:not_found",))
def read(notice):
    return services.to_dict(services.mark_read(db.session, current_user, notice))


@bp.post("/notices/read-all")
@endpoint(summary="Mark all the caller's notices read", response=schemas.ReadAllOut)
def read_all():
    marked = services.mark_all_read(db.session, current_user)
    return {"marked": marked, "unread": 0}


@bp.get("/me/notice-preferences")
@endpoint(summary="The kinds of notice the caller wants, and those also by e-mail",
          response=schemas.PreferencesOut)
def preferences():
    return {"items": services.preferences(db.session, current_user), **services.email_status(current_user)}


@bp.put("/me/notice-preferences")
@endpoint(summary="Turn kinds of notice, or their e-mail, on or off (some cannot be turned off)",
          body=schemas.PreferencesIn, response=schemas.PreferencesOut)
def set_preferences(data: schemas.PreferencesIn):
    items = services.set_preferences(db.session, current_user, data.wanted, data.email)
    return {"items": items, **services.email_status(current_user)}
