"""The study-time API (docs/API.md "Study time"): heartbeats, presence checks, progress."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, request
from flask_babel import gettext as _
from flask_login import current_user

from lms.core import clock
from lms.core.errors import DomainError, NotFound
from lms.extensions import db, limiter
from lms.projects import queries as projects
from lms.tracking import policies, presence, queries, schemas, services, spoken
from lms.web.api import endpoint, require_user
from lms.web.security import bearer_token

bp = Blueprint("tracking_api", __name__, url_prefix="/api/v1")
HEARTBEAT_ENDPOINT = "tracking_api.heartbeat"


@limiter.request_filter
def _beats_skip_the_rate_limiter() -> bool:
    """No rate limit applies to a beat (a flood of beats earns no more than the wall clock, lms.tracking.rules), so
    the limiter's per-request bookkeeping is skipped on the hottest call (docs/PERFORMANCE.md, "Heartbeat")."""
    return request.endpoint == HEARTBEAT_ENDPOINT


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
@endpoint(summary="Answer a presence check (the number in its picture or its recording)", body=schemas.ChallengeAnswer,
          response=schemas.ChallengeResult, load={"check": queries.presence_check},
          errors=("404:not_found", "409:challenge_expired", "409:wrong_answer", "409:presence_locked"))
def answer_challenge(check, data: schemas.ChallengeAnswer):
    refusal = presence.answer(db.session, current_user, check, data.answer, clock.now())
    if refusal is not None:
        # The refusal is the answer, and the attempt it counted is kept (committed with it).
        return {"error": {"code": refusal.code, "message": refusal.message}, **refusal.extra}, refusal.status
    return {"id": check.id, "status": check.status}


@bp.get("/tracking/challenges/<int:check_id>/image.png")
@endpoint(summary="The picture of a presence check", errors=("404:not_found",), produces="image/png",
          load={"check": queries.presence_check})
def challenge_image(check):
    return Response(presence.render_png(check.id, check.question), mimetype="image/png",
                    headers={"Cache-Control": "no-store"})


@bp.get("/tracking/challenges/<int:check_id>/audio.wav")
@endpoint(summary="The number of a presence check, spoken (the picture's accessible alternative)",
          errors=("404:not_found",), produces="audio/wav", load={"check": queries.presence_check})
def challenge_audio(check):
    source = presence.spoken_source()
    try:
        if source is None:
            raise spoken.Unavailable
        sound = presence.render_wav(check.id, check.question, source)
    except spoken.Unavailable:
        raise NotFound(_("This site offers no spoken presence checks.")) from None
    return Response(sound, mimetype="audio/wav",
                    headers={"Cache-Control": "no-store"})


@bp.get("/enrollments/<int:enrollment_id>/progress")
@endpoint(summary="Credited study time and each lesson's coverage", load={"enrollment": queries.enrollment},
          response=schemas.ProgressOut, errors=("404:not_found",))
def enrollment_progress(enrollment):
    return queries.progress(db.session, enrollment)


def _policy_dict(policy) -> dict:
    return {"project_id": policy.project_id, **{f: getattr(policy, f) for f in services.POLICY_FIELDS}}


@bp.get("/projects/<int:project_id>/tracking-policy")
@endpoint(summary="A project's study-time rules (gap limit, allowed rate, caps, presence checks)",
          response=schemas.TrackingPolicyOut, load={"project": projects.project_for}, errors=("404:not_found",))
def get_policy(project):
    return _policy_dict(services.policy_for(db.session, project.id))


@bp.put("/projects/<int:project_id>/tracking-policy")
@endpoint(summary="Set a project's study-time rules", body=schemas.TrackingPolicyIn,
          response=schemas.TrackingPolicyOut, load={"project": projects.project_for},
          allow=policies.SET_STUDY_RULES, errors=("404:not_found", "409:reason_required"))
def put_policy(project, data: schemas.TrackingPolicyIn):
    values = data.model_dump()
    reason = values.pop("reason")
    return _policy_dict(services.save_policy(db.session, current_user, project, values, reason))
