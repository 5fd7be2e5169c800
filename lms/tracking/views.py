"""Learner pages: a course's lessons with progress, the player; admins: flags worth a look, the policy."""
from __future__ import annotations

import json

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf

from lms.core import scope
from lms.extensions import db
from lms.projects import lessons
from lms.projects import queries as projects
from lms.tracking import forms, policies, presence, queries, services
from lms.web.pipeline import page

bp = Blueprint("tracking", __name__)

HEARTBEAT_INTERVAL_MS = 15_000  # the mean: each interval is drawn from 10 to 20 s (the regular-beat flag)
HEARTBEAT_SPREAD_MS = 5_000


def nav_entries(user) -> list[tuple[str, str]]:
    return [(url_for("tracking.flags"), _("Study-time flags"))] if user.is_admin else []



def player_messages(kind: str = "video") -> dict:
    """What the player says, in the learner's language (the script has no strings of its own); a reading's
    page speaks of reading, never of a video or of watching."""
    said = _messages()
    if kind == "reading":
        said["offline"] = _("The connection dropped; your study time is kept and sent with the next heartbeat.")
        said["reasons"].update({
            "first_beat": _("Started. Time counts from now on while you read this text in this tab."),
            "complete": _("This lesson is complete; reading it again adds no time."),
            "rewatch": _("You have read this part already; reading it again adds no time."),
            "seek": _("You jumped ahead: time counts for the parts you read."),
        })
    return said


def _messages() -> dict:
    return {
        "counting": _("Counting: %s s added."),
        "remaining": _("%s more minutes of study for full marks."),
        "full_marks": _("You have reached the study time for full marks."),
        "superseded": _("You opened this course in another window or device; this window has stopped counting."),
        "offline": _("The connection dropped; your watched time is kept and sent with the next heartbeat."),
        "presence_ok": _("Thank you — counting goes on."),
        "playing": _("Playing: time counts while the video plays in this tab."),
        "reading": _("Reading: time counts while you scroll or turn the pages of this text."),
        "finished": _("Finished: this lesson is complete."),
        "ended_with_gaps": _("The video has ended, but parts you skipped are not covered yet."),
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
            "presence_locked": _("Too many wrong answers to the presence check: time does not count for a while, "
                                 "then a new check comes."),
            "idle": _("No scrolling or page turns for a while: reading time counts while you read."),
            "no_elapsed_time": "",
            "credited": "",
        },
    }


@bp.get("/study/<int:enrollment_id>")
@page(load={"enrollment": queries.enrollment})
def course_page(enrollment):
    data = queries.progress(db.session, enrollment)
    return render_template("tracking/course.html", enrollment=enrollment, progress=data,
                           credited_minutes=queries.credited_minutes(data["credited_seconds"]),
                           is_learner=enrollment.teacher_id == current_user.id)


@bp.get("/study/<int:enrollment_id>/lessons/<int:lesson_id>")
@page(load={"enrollment": queries.enrollment, "lesson": queries.lesson}, allow=policies.STUDY)
def lesson_page(enrollment, lesson):
    # The heartbeat's own checks (an active enrollment; a lesson of its course) guard the page too.
    ctx = services.beat_context(db.session, current_user, enrollment.id, lesson.id)
    data = queries.progress(db.session, enrollment)
    row = next(item for item in data["lessons"] if item["lesson_id"] == lesson.id)
    policy = services.policy_for(db.session, ctx.project_id)
    config = {"enrollment_id": enrollment.id, "lesson_id": lesson.id, "csrf_token": generate_csrf(),
              "heartbeat_url": url_for("tracking_api.heartbeat"),
              "challenge_url": url_for("tracking_api.answer_challenge", check_id=0),
              "audio_url": url_for("tracking_api.challenge_audio", check_id=0) if presence.spoken_source() else None,
              "resume_position": row["resume_position"], "max_playback_rate": policy.max_playback_rate,
              "interval_ms": HEARTBEAT_INTERVAL_MS, "interval_spread_ms": HEARTBEAT_SPREAD_MS,
              "completed": row["completed"]}
    body = lessons.render_markdown(lesson.body or "") if lesson.kind == "reading" else None
    return render_template("tracking/lesson.html", enrollment=enrollment, lesson=lesson, progress=data, row=row,
                           body=body, reading_seconds=row["duration_seconds"],
                           spoken=presence.spoken_source() is not None, config=json.dumps(config),
                           messages=json.dumps(player_messages(lesson.kind)))


@bp.get("/tracking/flags")
@page(load={"root": scope.admin_root})
def flags(root):
    return render_template("tracking/flags.html", rows=queries.open_flags(db.session, root), form=FlaskForm())


def _to_flags(**_objects) -> str:
    return url_for("tracking.flags")


@bp.post("/tracking/flags/<int:flag_id>/reviewed")
@page(load={"flag": queries.study_flag}, allow=policies.REVIEW_FLAGS, form=FlaskForm, back=_to_flags)
def review_flag(flag):
    services.review_flag(db.session, current_user, flag)
    flash(_("Marked as reviewed."), "success")
    return redirect(url_for("tracking.flags"))


def _policy_page(project, form):
    return render_template("tracking/policy.html", project=project, form=form)


@bp.route("/projects/<int:project_id>/tracking-policy", methods=["GET", "POST"])
@page(load={"project": projects.project_for}, allow=policies.SET_STUDY_RULES, form=forms.TrackingPolicyForm,
      again=_policy_page)
def edit_policy(project, form):
    if request.method == "GET":
        form.process(obj=services.policy_for(db.session, project.id))
        return _policy_page(project, form)
    services.save_policy(db.session, current_user, project,
                         {f.name: f.data for f in form if f.name not in ("csrf_token", "reason")}, form.reason.data)
    flash(_("Saved."), "success")
    return redirect(url_for("tracking.edit_policy", project_id=project.id))
