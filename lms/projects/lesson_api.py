"""Lessons through the API: upload a video or write a reading; stream videos with range requests."""
from __future__ import annotations

from flask import Blueprint, current_app, request, send_file
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field

from lms.core import registry
from lms.core.errors import Forbidden, InvalidInput, NotFound
from lms.extensions import db
from lms.projects import lessons, media, policies
from lms.projects.models import Course, Lesson
from lms.projects.schemas import LessonOut, LessonPage
from lms.web.api import endpoint, parse_model
from lms.web.security import body_limit

bp = Blueprint("lesson_api", __name__, url_prefix="/api/v1")


class ReadingIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=200)
    kind: str = Field(pattern="^reading$")
    body: str = Field(min_length=1, max_length=200_000)
    reading_minutes: int = Field(ge=1, le=600)


def storage() -> media.LocalStorage:
    return media.configured_storage()


def course_or_404(course_id: int) -> Course:
    course = db.session.get(Course, course_id)
    if course is None:
        raise NotFound(_("No such course."))
    return course


def can_view_lesson(actor, lesson: Lesson) -> bool:
    """The programme's staff, and teachers enrolled in a class of the lesson's course."""
    if policies.can_view_catalogue(actor):
        return True
    return registry.hook("enrollment.learns_course")(db.session, actor.id, lesson.course_id)


def lesson_for_viewer(lesson_id: int) -> Lesson:
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None:
        raise NotFound(_("No such lesson."))
    if not can_view_lesson(current_user, lesson):
        raise Forbidden(_("This lesson belongs to a course you are not enrolled in."))
    return lesson


@bp.post("/courses/<int:course_id>/lessons")
@body_limit("MAX_VIDEO_BYTES")
@endpoint(summary="Add a lesson: multipart {title, kind: video, file} or JSON {title, kind: reading, body, "
                  "reading_minutes}", response=LessonOut, status=201,
          multipart={"type": "object", "required": ["title", "kind", "file"], "properties": {
              "title": {"type": "string"}, "kind": {"type": "string", "enum": ["video"]},
              "file": {"type": "string", "format": "binary"}}},
          errors=("404:not_found", "413:too_large", "415:unsupported_media_type"))
def add_lesson(course_id: int):
    course = course_or_404(course_id)
    if not policies.can_manage_catalogue(current_user):
        raise Forbidden(_("Only a province admin manages projects, courses and classes."))
    if request.is_json:
        data = parse_model(ReadingIn, request.get_json(silent=True) or {})
        lesson = lessons.add_reading(db.session, current_user, course, data.title, data.body, data.reading_minutes)
        return lesson.to_dict(), 201
    if request.form.get("kind") != "video":
        raise InvalidInput(_("Please correct the marked fields."),
                           {"kind": _("Send kind=video with a file, or JSON for a reading.")})
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput(_("Please correct the marked fields."), {"file": _("This field is required.")})
    lesson = lessons.add_video(db.session, current_user, course, request.form.get("title", ""), upload.stream,
                               upload.filename, storage(), current_app.config["MAX_VIDEO_BYTES"])
    return lesson.to_dict(), 201


@bp.get("/courses/<int:course_id>/lessons")
@endpoint(summary="The lessons of a course", response=LessonPage, errors=("404:not_found",))
def list_lessons(course_id: int):
    course = course_or_404(course_id)
    items = [lesson.to_dict() for lesson in lessons.course_lessons(db.session, course.id)]
    if items and not can_view_lesson(current_user, lessons.course_lessons(db.session, course.id)[0]):
        raise Forbidden(_("This lesson belongs to a course you are not enrolled in."))
    return {"items": items, "page": 1, "per_page": len(items), "total": len(items),
            "content_seconds": lessons.content_seconds(db.session, course.id)}


@bp.get("/lessons/<int:lesson_id>")
@endpoint(summary="A lesson; a reading comes with its sanitised HTML", response=LessonOut, errors=("404:not_found",))
def get_lesson(lesson_id: int):
    lesson = lesson_for_viewer(lesson_id)
    data = lesson.to_dict()
    if lesson.kind == "reading":
        data["html"] = lessons.render_markdown(lesson.body or "")
    return data


@bp.get("/lessons/<int:lesson_id>/media")
@endpoint(summary="The lesson's video, streamed with HTTP range requests", errors=("404:not_found",),
          produces="video/*")
def lesson_media(lesson_id: int):
    lesson = lesson_for_viewer(lesson_id)
    if lesson.kind != "video" or not lesson.media_key:
        raise NotFound(_("This lesson has no video."))
    path = storage().path_for(lesson.media_key)
    if not path.exists():
        raise NotFound(_("The video file is missing; ask the province admin to upload it again."))
    # conditional=True answers Range with 206 and streams from disk; nothing is read into memory.
    response = send_file(path, mimetype=lesson.content_type or "video/mp4", conditional=True, max_age=3600)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
