"""The study-time API (docs/API.md "Study time"): heartbeats, presence checks, progress."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, request
from flask_babel import gettext as _
from flask_login import current_user

from lms.core import clock
from lms.core.errors import DomainError, Forbidden, NotFound
from lms.enrollment import queries as enrollment_queries
from lms.extensions import db
from lms.projects import policies as project_policies
from lms.projects.models import Project
from lms.tracking import presence, queries, schemas, services
from lms.web.api import endpoint, require_user
from lms.web.security import bearer_token

bp = Blueprint("tracking_api", __name__, url_prefix="/api/v1")


@bp.post("/tracking/heartbeat")
@endpoint(summary="A player's heartbeat: the server credits what the wall clock and the position allow",
          body=schemas.HeartbeatIn, response=schemas.HeartbeatOut, checks_token_itself=True,
          errors=("404:not_found", "409:session_superseded", "409:outside_batch", "409:enrollment_inactive"))
def heartbeat(data: schemas.HeartbeatIn):
    beat = services.BeatInput(**data.model_dump())
    tz = ZoneInfo(current_app.config["LMS_TIMEZONE"])
    # A bearer token is checked inside the beat's one locked read; a browser's session user is already loaded.
    token = bearer_token()
    answer = services.quick_heartbeat(db.session, beat, tz=tz, token=token,
                                      user_id=None if token else current_user.id)
    if answer is None:
        require_user()
        if current_user.must_change_password:
            raise DomainError("password_change_required", _("Choose a new password first: POST /api/v1/me/password."),
                              status=403)
        answer = services.heartbeat(db.session, current_user, beat, tz=tz, address=request.remote_addr)
    return answer


@bp.post("/tracking/challenges/<int:check_id>/answer")
@endpoint(summary="Answer a presence check (the digits in its picture)", body=schemas.ChallengeAnswer,
          response=schemas.ChallengeResult,
          errors=("404:not_found", "409:challenge_expired", "409:wrong_answer"))
def answer_challenge(check_id: int, data: schemas.ChallengeAnswer):
    try:
        check = presence.answer(db.session, current_user, check_id, data.answer, clock.now())
    except DomainError:
        db.session.commit()  # keep the attempt count and the expiry that led to the refusal
        raise
    return {"id": check.id, "status": check.status}


@bp.get("/tracking/challenges/<int:check_id>/image.png")
@endpoint(summary="The picture of a presence check", errors=("404:not_found",), produces="image/png")
def challenge_image(check_id: int):
    check = presence.own_check(db.session, current_user, check_id)
    png = presence.render_png(check.question, seed=check.id * 7919 + check.attempts)
    return Response(png, mimetype="image/png", headers={"Cache-Control": "no-store"})


@bp.get("/enrollments/<int:enrollment_id>/progress")
@endpoint(summary="Credited study time and each lesson's coverage",
          response=schemas.ProgressOut, errors=("404:not_found",))
def enrollment_progress(enrollment_id: int):
    enrollment = enrollment_queries.enrollment_for(db.session, current_user, enrollment_id)[0]
    return queries.progress(db.session, enrollment)


def _project_or_404(project_id: int) -> Project:
    project = db.session.get(Project, project_id)
    if project is None:
        raise NotFound(_("No such project."))
    return project


def _policy_dict(policy) -> dict:
    return {"project_id": policy.project_id, **{f: getattr(policy, f) for f in services.POLICY_FIELDS}}


@bp.get("/projects/<int:project_id>/tracking-policy")
@endpoint(summary="A project's study-time rules (gap limit, allowed rate, caps, presence checks)",
          response=schemas.TrackingPolicyOut,
          errors=("404:not_found",))
def get_policy(project_id: int):
    project = _project_or_404(project_id)
    if not project_policies.can_view_catalogue(current_user):
        raise Forbidden(_("Only admins, tutors and experts see the programme's projects."))
    return _policy_dict(services.policy_for(db.session, project.id))


@bp.put("/projects/<int:project_id>/tracking-policy")
@endpoint(summary="Set a project's study-time rules", body=schemas.TrackingPolicyIn,
          response=schemas.TrackingPolicyOut, errors=("404:not_found",))
def put_policy(project_id: int, data: schemas.TrackingPolicyIn):
    project = _project_or_404(project_id)
    return _policy_dict(services.save_policy(db.session, current_user, project, data.model_dump()))
