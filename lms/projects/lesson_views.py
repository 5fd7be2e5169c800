"""Pages where the course's owner (the province, or the city or county of a local course) builds a course's lessons (upload videos, write readings) and follows
each video's transcoding into HLS renditions."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from lms.extensions import db
from lms.projects import lessons, media, policies, queries, transcode
from lms.web.pipeline import page
from lms.web.security import body_limit

bp = Blueprint("lessons", __name__)
COURSE = {"course": queries.course_for}
LESSON_TO_MANAGE = {"lesson": lessons.lesson_to_manage}


class VideoForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    file = FileField(_l("Video file (MP4 or WebM)"), validators=[FileRequired()])


class ReadingForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[DataRequired(), Length(max=200_000)])
    reading_minutes = IntegerField(_l("Reading time (minutes)"), validators=[NumberRange(1, 600)])


def _render(course, video_form=None, reading_form=None, status=200):
    items = lessons.course_lessons(db.session, course.id)
    return render_template("projects/lessons.html", course=course, lessons=items,
                           content_minutes=lessons.content_seconds(db.session, course.id) // 60,
                           warning=lessons.requirement_warning(db.session, course),
                           can_manage=policies.can_manage_lessons(current_user, course),
                           transcoding=any(item.transcode_state in ("queued", "running") for item in items),
                           ffmpeg_missing=transcode.FFMPEG_MISSING,
                           video_form=video_form or VideoForm(prefix="video"),
                           reading_form=reading_form or ReadingForm(prefix="reading")), status


def _video_again(course, form, **_):
    return _render(course, video_form=form, status=400)


def _reading_again(course, form, **_):
    return _render(course, reading_form=form, status=400)


def _video_form():
    return VideoForm(prefix="video")


def _reading_form():
    return ReadingForm(prefix="reading")


@bp.get("/courses/<int:course_id>/lessons")
@page(load=COURSE, allow=policies.VIEW_CATALOGUE)
def course_lessons(course):
    return _render(course)


@bp.post("/courses/<int:course_id>/lessons/video")
@body_limit("MAX_VIDEO_BYTES")
@page(load=COURSE, allow=policies.MANAGE_LESSONS, form=_video_form, again=_video_again)
def upload_video(course, form):
    lessons.add_video(db.session, current_user, course, form.title.data, form.file.data.stream,
                      form.file.data.filename, media.configured_storage(), current_app.config["MAX_VIDEO_BYTES"])
    flash(_("The video was added; its versions for phones are being prepared."), "success")
    return redirect(url_for("lessons.course_lessons", course_id=course.id))


@bp.post("/courses/<int:course_id>/lessons/reading")
@page(load=COURSE, allow=policies.MANAGE_LESSONS, form=_reading_form, again=_reading_again)
def add_reading(course, form):
    lessons.add_reading(db.session, current_user, course, form.title.data, form.body.data, form.reading_minutes.data)
    flash(_("The reading was added."), "success")
    return redirect(url_for("lessons.course_lessons", course_id=course.id))


class LessonEditForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[Length(max=200_000)])
    reading_minutes = IntegerField(_l("Reading time (minutes)"), validators=[Optional(), NumberRange(1, 600)])


def _edit_form(lesson=None, **_):
    form = LessonEditForm()
    if lesson is not None and not form.is_submitted():
        form.title.data, form.body.data, form.reading_minutes.data = lesson.title, lesson.body, lesson.reading_minutes
    return form


def _edit_page(lesson, form, status=200):
    return render_template("projects/lesson_edit.html", lesson=lesson, course=lesson.course, form=form), status


def _edit_again(lesson, form, **_):
    return _edit_page(lesson, form, status=400)


@bp.get("/lessons/<int:lesson_id>/edit")
@page(load=LESSON_TO_MANAGE, allow=policies.MANAGE_LESSON)
def edit_lesson_page(lesson):
    return _edit_page(lesson, _edit_form(lesson))


@bp.post("/lessons/<int:lesson_id>/edit")
@page(load=LESSON_TO_MANAGE, allow=policies.MANAGE_LESSON, form=LessonEditForm, again=_edit_again)
def edit_lesson(lesson, form):
    values = {"title": form.title.data}
    if lesson.kind == "reading":
        values |= {"body": form.body.data, "reading_minutes": form.reading_minutes.data}
    lessons.edit_lesson(db.session, current_user, lesson, values)
    flash(_("The lesson was saved."), "success")
    return redirect(url_for("lessons.course_lessons", course_id=lesson.course_id))
