"""Announcements, briefings and course evaluations through the API."""
from __future__ import annotations

from flask import Blueprint
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field

from lms.core import scope
from lms.extensions import db
from lms.org import queries as org_queries
from lms.reports import notices, policies, services
from lms.web.api import ApiModel, Id, Page, endpoint
from lms.enrollment import queries as enrollment_queries

bp = Blueprint("notice_api", __name__, url_prefix="/api/v1")
CLASS = {"klass": notices.class_for_people}


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
          response=AnnouncementOut, status=201, errors=("404:not_found",), allow=policies.ANNOUNCE)
def announce(data: AnnouncementIn):
    unit = (org_queries.unit_in_scope(db.session, current_user, data.org_unit_id) if data.org_unit_id
            else scope.highest_admin_unit(current_user))
    return services.announce(db.session, current_user, unit, data.title, data.body).to_dict(), 201


@bp.get("/announcements")
@endpoint(summary="The announcements that reach the caller, newest first", response=Page[AnnouncementOut])
def announcements():
    items = [a.to_dict() for a in notices.announcements_for(db.session, current_user)]
    return {"items": items, "page": 1, "per_page": len(items), "total": len(items)}


@bp.post("/classes/<int:class_id>/briefings")
@endpoint(summary="A briefing to the class (简报) by its tutor or an admin of its learners' area", status=201, response=BriefingOut, errors=("404:not_found",),
          body=NoticeIn, load=CLASS, allow=policies.BRIEF)
def brief(klass, data: NoticeIn):
    return services.brief(db.session, current_user, klass, data.title, data.body).to_dict(), 201


@bp.get("/classes/<int:class_id>/briefings")
@endpoint(summary="The class's briefings", response=Page[BriefingOut], errors=("404:not_found",), load=CLASS)
def briefings(klass):
    items = [b.to_dict() for b in notices.briefings(db.session, klass)]
    return {"items": items, "page": 1, "per_page": len(items), "total": len(items)}


@bp.post("/enrollments/<int:enrollment_id>/evaluation")
@endpoint(summary="The learner's evaluation of the course, once, at the end of the batch", status=201,
          response=EvaluationOut, body=EvaluationIn,
          errors=("404:not_found", "409:evaluation_not_open", "409:already_evaluated"),
          load={"enrollment": enrollment_queries.enrollment}, allow=policies.EVALUATE)
def evaluate(enrollment, data: EvaluationIn):
    item = services.evaluate(db.session, current_user, enrollment, data.rating, data.comment)
    return {"id": item.id, "rating": item.rating}, 201


@bp.get("/classes/<int:class_id>/evaluations")
@endpoint(summary="The class's course evaluations, anonymous: count, average, spread, comments; an admin reads "
                  "those of its own area's learners", response=EvaluationSummary, errors=("404:not_found",),
          load=CLASS, allow=policies.READ_EVALUATIONS)
def evaluations(klass):
    return notices.evaluation_summary(db.session, klass, current_user)
