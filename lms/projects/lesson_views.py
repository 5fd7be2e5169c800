"""Pages where the province admin builds a course's lessons (upload videos, write readings)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange

from lms.core.errors import DomainError
from lms.extensions import db
from lms.projects import lessons, media, policies
from lms.projects.models import Course
from lms.web.forms import apply_field_errors
from lms.web.security import body_limit

bp = Blueprint("lessons", __name__)


class VideoForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    file = FileField(_l("Video file (MP4 or WebM)"), validators=[FileRequired()])


class ReadingForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[DataRequired(), Length(max=200_000)])
    reading_minutes = IntegerField(_l("Reading time (minutes)"), validators=[NumberRange(1, 600)])


def _course(course_id: int) -> Course:
    course = db.session.get(Course, course_id)
    if course is None:
        abort(404)
    if not policies.can_view_catalogue(current_user):
        abort(403)
    return course


def _render(course, video_form=None, reading_form=None, status=200):
    return render_template("projects/lessons.html", course=course,
                           lessons=lessons.course_lessons(db.session, course.id),
                           content_minutes=lessons.content_seconds(db.session, course.id) // 60,
                           warning=lessons.requirement_warning(db.session, course),
                           can_manage=policies.can_manage_catalogue(current_user),
                           video_form=video_form or VideoForm(prefix="video"),
                           reading_form=reading_form or ReadingForm(prefix="reading")), status


@bp.get("/courses/<int:course_id>/lessons")
@login_required
def course_lessons(course_id: int):
    return _render(_course(course_id))


@bp.post("/courses/<int:course_id>/lessons/video")
@body_limit("MAX_VIDEO_BYTES")
@login_required
def upload_video(course_id: int):
    course = _course(course_id)
    form = VideoForm(prefix="video")
    if form.validate_on_submit():
        try:
            lessons.add_video(db.session, current_user, course, form.title.data, form.file.data.stream,
                              form.file.data.filename, media.configured_storage(), current_app.config["MAX_VIDEO_BYTES"])
        except DomainError as error:
            db.session.rollback()
            form.file.errors = list(form.file.errors) + [error.message]
        else:
            db.session.commit()
            flash(_("The video was added."), "success")
            return redirect(url_for("lessons.course_lessons", course_id=course.id))
    return _render(course, video_form=form, status=400)


@bp.post("/courses/<int:course_id>/lessons/reading")
@login_required
def add_reading(course_id: int):
    course = _course(course_id)
    form = ReadingForm(prefix="reading")
    if form.validate_on_submit():
        try:
            lessons.add_reading(db.session, current_user, course, form.title.data, form.body.data,
                                form.reading_minutes.data)
        except DomainError as error:
            db.session.rollback()
            apply_field_errors(form, error)
        else:
            db.session.commit()
            flash(_("The reading was added."), "success")
            return redirect(url_for("lessons.course_lessons", course_id=course.id))
    return _render(course, reading_form=form, status=400)
