"""Learner pages: a course's lessons with progress, the player; admins: flags worth a look, the policy."""
from __future__ import annotations

import json

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf

from lms.core import clock, scope
from lms.enrollment import queries as enrollment_queries
from lms.extensions import db
from lms.org.models import User
from lms.projects import lessons
from lms.enrollment.models import Enrollment
from lms.projects.models import Lesson, Project
from lms.tracking import forms, queries, services
from lms.tracking.models import StudyFlag, TrackingPolicy

bp = Blueprint("tracking", __name__)

HEARTBEAT_INTERVAL_MS = 15_000


def nav_entries(user) -> list[tuple[str, str]]:
    return [(url_for("tracking.flags"), _("Study-time flags"))] if user.is_admin else []



def _own_enrollment(enrollment_id: int):
    return enrollment_queries.enrollment_for(db.session, current_user, enrollment_id)[0]


def player_messages() -> dict:
    """What the player says, in the learner's language (the script has no strings of its own)."""
    return {
        "counting": _("Counting: %s s added."),
        "remaining": _("%s more minutes of study for full marks."),
        "full_marks": _("You have reached the study time for full marks."),
        "superseded": _("You opened this course in another window or device; this window has stopped counting."),
        "offline": _("The connection dropped; your watched time is kept and sent with the next heartbeat."),
        "presence_ok": _("Thank you — counting goes on."),
        "reasons": {
            "first_beat": _("Started. Time counts from now on while the video plays in this tab."),
            "paused": _("Paused: time does not count while the video is paused."),
            "hidden": _("This tab was hidden or in the background: that stretch did not count."),
            "seek": _("You skipped ahead: skipped parts do not count; watch them to earn their time."),
            "too_fast": _("Only normal speed (1×) counts."),
            "stalled": _("The video is not moving (buffering?): no time counted."),
            "gap_capped": _("The page was silent for a while (sleep or a lost connection): only part counted."),
            "cap_reached": _("You reached today's study-time limit; more counts tomorrow."),
            "complete": _("This lesson is complete; watching it again adds no time."),
            "rewatch": _("You have seen this part already; a re-watch adds no time."),
            "outside_batch": _("Study time counts only while the batch runs."),
            "presence_check": _("Please answer the presence check; time counts again once it is answered."),
            "no_elapsed_time": "",
            "credited": "",
        },
    }


@bp.get("/study/<int:enrollment_id>")
@login_required
def course_page(enrollment_id: int):
    enrollment = _own_enrollment(enrollment_id)
    data = queries.progress(db.session, enrollment)
    return render_template("tracking/course.html", enrollment=enrollment, progress=data,
                           is_learner=enrollment.teacher_id == current_user.id)


@bp.get("/study/<int:enrollment_id>/lessons/<int:lesson_id>")
@login_required
def lesson_page(enrollment_id: int, lesson_id: int):
    # The heartbeat's own checks (own, active enrollment; a lesson of its course) guard the page too.
    ctx = services.beat_context(db.session, current_user, enrollment_id, lesson_id)
    enrollment, lesson = db.session.get(Enrollment, ctx.enrollment_id), db.session.get(Lesson, ctx.lesson_id)
    data = queries.progress(db.session, enrollment)
    row = next(item for item in data["lessons"] if item["lesson_id"] == lesson.id)
    policy = services.policy_for(db.session, ctx.project_id)
    config = {"enrollment_id": enrollment.id, "lesson_id": lesson.id, "csrf_token": generate_csrf(),
              "heartbeat_url": url_for("tracking_api.heartbeat"),
              "challenge_url": url_for("tracking_api.answer_challenge", check_id=0),
              "resume_position": row["resume_position"], "max_playback_rate": policy.max_playback_rate,
              "interval_ms": HEARTBEAT_INTERVAL_MS}
    body = lessons.render_markdown(lesson.body or "") if lesson.kind == "reading" else None
    return render_template("tracking/lesson.html", enrollment=enrollment, lesson=lesson, progress=data, row=row,
                           body=body, config=json.dumps(config), messages=json.dumps(player_messages()))


@bp.get("/tracking/flags")
@login_required
def flags():
    root = scope.highest_admin_unit(current_user)
    if root is None:
        abort(403)
    return render_template("tracking/flags.html", rows=queries.open_flags(db.session, root), form=FlaskForm())


@bp.post("/tracking/flags/<int:flag_id>/reviewed")
@login_required
def review_flag(flag_id: int):
    flag = db.session.get(StudyFlag, flag_id)
    if flag is None:
        abort(404)
    learner = db.session.get(User, flag.user_id)
    if not scope.covers(current_user, learner.org_unit):
        abort(403)
    if FlaskForm().validate_on_submit():
        flag.reviewed_at, flag.reviewed_by_id, flag.outcome = clock.now(), current_user.id, _("Reviewed")
        db.session.commit()
        flash(_("Marked as reviewed."), "success")
    return redirect(url_for("tracking.flags"))


@bp.route("/projects/<int:project_id>/tracking-policy", methods=["GET", "POST"])
@login_required
def edit_policy(project_id: int):
    project = db.session.get(Project, project_id)
    if project is None:
        abort(404)
    if not current_user.has_role("province_admin"):
        abort(403)
    policy = db.session.get(TrackingPolicy, project.id)
    form = forms.TrackingPolicyForm(obj=policy or services.policy_for(db.session, project.id))
    if form.validate_on_submit():
        services.save_policy(db.session, current_user, project, {f.name: f.data for f in form if f.name != "csrf_token"})
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("tracking.edit_policy", project_id=project.id))
    return render_template("tracking/policy.html", project=project, form=form)
