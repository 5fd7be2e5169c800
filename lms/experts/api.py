"""The expert pool and course review API (docs/API.md "Experts and course review")."""
from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from lms.experts import policies, queries, schemas, services
from lms.extensions import db
from lms.projects import queries as projects
from lms.web.api import Page, endpoint, page_of

bp = Blueprint("experts_api", __name__, url_prefix="/api/v1")
PROFILE = {"profile": queries.profile}
REVIEW = {"review": queries.review}


def _expert(profile, selected: set[int] | None = None) -> dict:
    chosen = selected if selected is not None else queries.selected_ids(db.session, current_user)
    return dict(profile.to_dict(), selected=profile.id in chosen)


@bp.get("/experts")
@endpoint(summary="The expert pool, filtered by subject, stage and professional title", query=schemas.ExpertPoolQuery,
          response=Page[schemas.ExpertOut], allow=policies.SEE_POOL)
def list_experts(params: schemas.ExpertPoolQuery):
    rows, total = queries.pool(db.session, subject=params.subject, stage=params.stage, title=params.title,
                               text=params.q, retired=params.retired and policies.can_keep_pool(current_user),
                               page=params.page, per_page=params.per_page)
    selected = queries.selected_ids(db.session, current_user)
    return page_of([_expert(p, selected) for p in rows], total, params)


@bp.post("/experts")
@endpoint(summary="Add an account to the province's expert pool with its profile (it becomes an expert)",
          body=schemas.ExpertCreate, response=schemas.ExpertOut, status=201, allow=policies.KEEP_POOL,
          errors=("400:invalid_input", "403:forbidden", "409:already_in_pool"))
def add_expert(data: schemas.ExpertCreate):
    values = data.model_dump()
    return _expert(services.add_to_pool(db.session, current_user, values.pop("username"), values)), 201


@bp.get("/experts/<int:profile_id>")
@endpoint(summary="An expert's profile", response=schemas.ExpertOut, load=PROFILE, allow=policies.SEE_PROFILE,
          errors=("403:forbidden", "404:not_found"))
def get_expert(profile):
    return _expert(profile)


@bp.patch("/experts/<int:profile_id>")
@endpoint(summary="Correct an expert's profile", body=schemas.ExpertUpdate, response=schemas.ExpertOut,
          load=PROFILE, allow=policies.KEEP_POOL, errors=("400:invalid_input", "403:forbidden", "404:not_found"))
def update_expert(profile, data: schemas.ExpertUpdate):
    return _expert(services.update_profile(db.session, current_user, profile, data.model_dump(exclude_unset=True)))


@bp.post("/experts/<int:profile_id>/retire")
@endpoint(summary="Retire an expert from the pool (no longer offered nor assigned; its reviews stay)",
          response=schemas.ExpertOut, load=PROFILE, allow=policies.KEEP_POOL,
          errors=("403:forbidden", "404:not_found", "409:retired"))
def retire_expert(profile):
    return _expert(services.retire(db.session, current_user, profile))


@bp.put("/experts/<int:profile_id>/selection")
@endpoint(summary="Select an expert of the pool for the caller's city or county", response=schemas.ExpertSelectionOut,
          load=PROFILE, allow=policies.SELECT, errors=("403:forbidden", "404:not_found"))
def select_expert(profile):
    chosen = services.select_expert(db.session, current_user, profile)
    return {"profile_id": profile.id, "unit_id": chosen.unit_id, "selected": True}


@bp.delete("/experts/<int:profile_id>/selection")
@endpoint(summary="Remove an expert from the caller's city's or county's selection", response=schemas.ExpertSelectionOut,
          load=PROFILE, allow=policies.SELECTION, errors=("403:forbidden", "404:not_found"))
def unselect_expert(profile):
    services.unselect_expert(db.session, current_user, profile)
    return {"profile_id": profile.id, "unit_id": policies.selecting_unit(current_user).id, "selected": False}


@bp.get("/experts/candidates")
@endpoint(summary="The experts the caller may assign to a course review: the whole pool for the province, its "
                  "selection for a city or county", response=Page[schemas.ExpertOut], allow=policies.SEE_QUEUE)
def candidates():
    rows = services.candidates(db.session, current_user)
    selected = queries.selected_ids(db.session, current_user)
    return {"items": [_expert(p, selected) for p in rows], "page": 1, "per_page": max(len(rows), 1),
            "total": len(rows)}


@bp.post("/courses/<int:course_id>/review")
@endpoint(summary="Send a draft course to expert review (its owning level): a review round opens",
          body=schemas.ReviewSubmitIn, response=schemas.CourseReviewOut, status=201, load={"course": projects.course_for},
          allow=policies.SUBMIT, errors=("403:forbidden", "404:not_found"))
def submit_course(course, data: schemas.ReviewSubmitIn):
    return queries.review_dict(services.submit(db.session, current_user, course, data.note), current_user), 201


@bp.get("/course-reviews")
@endpoint(summary="Review rounds of the caller's area (the province: all), oldest first", query=schemas.ReviewQueueQuery,
          response=Page[schemas.CourseReviewOut], allow=policies.SEE_QUEUE)
def list_reviews(params: schemas.ReviewQueueQuery):
    rows, total = queries.queue(db.session, current_user, state=None if params.state == "all" else params.state,
                                page=params.page, per_page=params.per_page)
    return page_of([queries.review_dict(r, current_user) for r in rows], total, params)


@bp.get("/course-reviews/<int:review_id>")
@endpoint(summary="A review round with its reviewers' scores, comments and verdicts", response=schemas.CourseReviewOut,
          load=REVIEW, allow=policies.SEE_REVIEW, errors=("403:forbidden", "404:not_found"))
def get_review(review):
    return queries.review_dict(review, current_user)


@bp.post("/course-reviews/<int:review_id>/reviewers")
@endpoint(summary="Assign experts to an open review round (the province, or the course's owning level)",
          body=schemas.ReviewersIn, response=schemas.CourseReviewOut, load=REVIEW, allow=policies.MANAGE_REVIEW,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:review_closed"))
def assign(review, data: schemas.ReviewersIn):
    return queries.review_dict(services.assign(db.session, current_user, review, data.profile_ids), current_user)


@bp.put("/course-reviews/<int:review_id>/evaluation")
@endpoint(summary="An assigned expert's evaluation: three scores, a comment, approve or revise (one revise "
                  "returns the course to its owner)", body=schemas.CourseEvaluationIn, response=schemas.CourseReviewOut,
          load=REVIEW, allow=policies.EVALUATE, errors=("400:invalid_input", "403:forbidden", "404:not_found"))
def evaluate(review, data: schemas.CourseEvaluationIn):
    scores = data.model_dump(include={"accuracy", "curriculum_fit", "production"})
    services.evaluate(db.session, current_user, review, scores, data.comment, data.verdict)
    return queries.review_dict(review, current_user)


@bp.post("/course-reviews/<int:review_id>/publish")
@endpoint(summary="The province publishes the course into its catalogue once every assigned expert approved",
          response=schemas.CourseReviewOut, load=REVIEW, allow=policies.PUBLISH,
          errors=("403:forbidden", "404:not_found", "409:review_not_approved"))
def publish(review):
    services.publish(db.session, current_user, review)
    return queries.review_dict(review, current_user)


@bp.get("/me/course-reviews")
@endpoint(summary="The expert's course reviews: those to do first", response=Page[schemas.MyCourseReviewOut],
          allow=policies.MY_REVIEWS)
def my_reviews():
    rows = queries.my_reviews(db.session, current_user)
    items = [{"review": queries.review_dict(r.review, current_user), "mine": queries.reviewer_dict(r)} for r in rows]
    return {"items": items, "page": 1, "per_page": max(len(items), 1), "total": len(items)}
