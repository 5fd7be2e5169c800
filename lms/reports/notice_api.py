"""Announcements, briefings and course evaluations through the API."""
from __future__ import annotations

from flask import Blueprint
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field

from lms.core import scope
from lms.core.errors import Forbidden
from lms.enrollment import queries as enrollment_queries
from lms.extensions import db
from lms.org import queries as org_queries
from lms.reports import notices, services
from lms.web.api import ApiModel, Id, Page, body_checked_later, endpoint, json_body, parse_model

bp = Blueprint("notice_api", __name__, url_prefix="/api/v1")


class NoticeIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=20_000)


class AnnouncementIn(NoticeIn):
    org_unit_id: Id | None = None


class EvaluationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    rating: int = Field(ge=1, le=5)
    comment: str | None = Field(None, max_length=5000)


class AnnouncementOut(ApiModel):
    id: int
    org_unit_id: int
    org_unit: str = Field(description="The unit's name")
    author: str | None
    title: str
    body: str
    created_at: str = Field(description="ISO 8601")


class BriefingOut(ApiModel):
    id: int
    class_id: int
    author: str | None
    title: str
    body: str
    created_at: str = Field(description="ISO 8601")


class EvaluationOut(ApiModel):
    id: int
    rating: int


class EvaluationSummary(ApiModel):
    class_id: int
    count: int
    rating_avg: float | None
    ratings: dict[str, int] = Field(description="How many gave each rating, 1 to 5")
    comments: list[str]


@bp.post("/announcements")
@endpoint(summary="Announce to an admin's area (通告); the unit defaults to the admin's own", body=AnnouncementIn,
          response=AnnouncementOut, status=201, errors=("404:not_found",))
def announce(data: AnnouncementIn):
    unit = (org_queries.unit_in_scope(db.session, current_user, data.org_unit_id) if data.org_unit_id
            else scope.highest_admin_unit(current_user))
    if unit is None:
        raise Forbidden(_("Only admins announce."))
    return services.announce(db.session, current_user, unit, data.title, data.body).to_dict(), 201


@bp.get("/announcements")
@endpoint(summary="The announcements that reach the caller, newest first", response=Page[AnnouncementOut])
def announcements():
    items = [a.to_dict() for a in notices.announcements_for(db.session, current_user)]
    return {"items": items, "page": 1, "per_page": len(items), "total": len(items)}


@bp.post("/classes/<int:class_id>/briefings")
@body_checked_later(NoticeIn)
@endpoint(summary="A tutor's briefing to the class (简报)", status=201, response=BriefingOut, errors=("404:not_found",))
def brief(class_id: int):
    klass = notices.class_for_people(db.session, current_user, class_id)  # outsiders learn nothing of the body
    data = parse_model(NoticeIn, json_body())
    return services.brief(db.session, current_user, klass, data.title, data.body).to_dict(), 201


@bp.get("/classes/<int:class_id>/briefings")
@endpoint(summary="The class's briefings", response=Page[BriefingOut], errors=("404:not_found",))
def briefings(class_id: int):
    klass = notices.class_for_people(db.session, current_user, class_id)
    items = [b.to_dict() for b in notices.briefings(db.session, klass)]
    return {"items": items, "page": 1, "per_page": len(items), "total": len(items)}


@bp.post("/enrollments/<int:enrollment_id>/evaluation")
@body_checked_later(EvaluationIn)
@endpoint(summary="The learner's evaluation of the course, once, at the end of the batch", status=201,
          response=EvaluationOut,
          errors=("404:not_found", "409:evaluation_not_open", "409:already_evaluated"))
def evaluate(enrollment_id: int):
    enrollment, _school = enrollment_queries.enrollment_for(db.session, current_user, enrollment_id)
    data = parse_model(EvaluationIn, json_body())
    item = services.evaluate(db.session, current_user, enrollment, data.rating, data.comment)
    return {"id": item.id, "rating": item.rating}, 201


@bp.get("/classes/<int:class_id>/evaluations")
@endpoint(summary="The class's course evaluations, anonymous: count, average, spread, comments",
          response=EvaluationSummary, errors=("404:not_found",))
def evaluations(class_id: int):
    return notices.evaluation_summary(db.session, notices.class_for_staff(db.session, current_user, class_id),
                                      current_user)
