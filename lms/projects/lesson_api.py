"""Lessons through the API: upload a video or write a reading; a video's bytes and HLS renditions.

The app decides who may watch; the bytes are sent as MEDIA_DELIVERY says (lms.projects.media.deliver):
by nginx after an X-Accel-Redirect or through a short-lived signed URL in production, by the app itself
only under the development server.
"""
from __future__ import annotations

from flask import Blueprint, current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field

from lms.core.errors import InvalidInput, NotFound
from lms.extensions import db
from lms.projects import lessons, media, policies, queries
from lms.projects.models import Course, Lesson
from lms.projects.schemas import LessonOut, LessonPage, LessonUpdate
from lms.web.api import endpoint, parse_model
from lms.web.security import body_limit

bp = Blueprint("lesson_api", __name__, url_prefix="/api/v1")
LESSON = {"lesson": lessons.lesson_for_viewer}


class ReadingIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=200)
    kind: str = Field(pattern="^reading$")
    body: str = Field(min_length=1, max_length=200_000)
    reading_minutes: int = Field(ge=1, le=600)


@bp.post("/courses/<int:course_id>/lessons")
@body_limit("MAX_VIDEO_BYTES")
@endpoint(summary="Add a lesson: multipart {title, kind: video, file} or JSON {title, kind: reading, body, "
                  "reading_minutes}; a video is then transcoded into HLS renditions on the job queue",
          response=LessonOut, status=201, load={"course": queries.course_for}, allow=policies.MANAGE_LESSONS,
          multipart={"type": "object", "required": ["title", "kind", "file"], "properties": {
              "title": {"type": "string"}, "kind": {"type": "string", "enum": ["video"]},
              "file": {"type": "string", "format": "binary"}}},
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "413:too_large", "415:unsupported_media_type"))
def add_lesson(course: Course):
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
                               upload.filename, media.configured_storage(), current_app.config["MAX_VIDEO_BYTES"])
    return lesson.to_dict(), 201


@bp.get("/courses/<int:course_id>/lessons")
@endpoint(summary="The lessons of a course", response=LessonPage, load={"course": lessons.course_for_viewer},
          errors=("404:not_found",))
def list_lessons(course: Course):
    items = [lesson.to_dict() for lesson in lessons.course_lessons(db.session, course.id)]
    return {"items": items, "page": 1, "per_page": len(items), "total": len(items),
            "content_seconds": lessons.content_seconds(db.session, course.id)}


@bp.get("/lessons/<int:lesson_id>")
@endpoint(summary="A lesson; a reading comes with its sanitised HTML, a video with its transcoding state",
          response=LessonOut, load=LESSON, errors=("404:not_found",))
def get_lesson(lesson: Lesson):
    data = lesson.to_dict()
    if lesson.kind == "reading":
        data["html"] = lessons.render_markdown(lesson.body or "")
    return data


@bp.patch("/lessons/<int:lesson_id>")
@endpoint(summary="Correct a lesson (its course's owning level): the title; a reading's text and time. A published "
                  "course whose lessons change goes back to expert review", body=LessonUpdate, response=LessonOut,
          load={"lesson": lessons.lesson_to_manage}, allow=policies.MANAGE_LESSON,
          errors=("400:invalid_input", "403:forbidden", "404:not_found"))
def edit_lesson(lesson: Lesson, data: LessonUpdate):
    return lessons.edit_lesson(db.session, current_user, lesson, data.model_dump(exclude_unset=True)).to_dict()


def _lifetime(lesson: Lesson) -> int:
    return current_app.config["MEDIA_URL_SECONDS"] + lesson.duration_seconds


@bp.get("/lessons/<int:lesson_id>/media")
@endpoint(summary="The lesson's original video with HTTP range requests: sent by nginx (X-Accel-Redirect), "
                  "a redirect to a short-lived signed URL, or streamed by the development server",
          errors=("404:not_found",), produces="video/*", load=LESSON)
def lesson_media(lesson: Lesson):
    if lesson.kind != "video" or not lesson.media_key:
        raise NotFound(_("This lesson has no video."))
    storage = media.configured_storage()
    if not storage.path_for(lesson.media_key).exists():
        raise NotFound(_("The video file is missing; ask the province admin to upload it again."))
    return media.deliver(storage, lesson.media_key, "", lesson.content_type or "video/mp4",
                         lifetime=_lifetime(lesson))


@bp.get("/lessons/<int:lesson_id>/hls/<path:name>")
@endpoint(summary="The lesson's HLS renditions (master.m3u8, 360p/540p/720p playlists and segments) and "
                  "poster.jpg, delivered like the original", errors=("404:not_found",),
          produces="application/vnd.apple.mpegurl", load=LESSON)
def lesson_hls(lesson: Lesson, name: str):
    if not lesson.hls_ready or not media.HLS_FILE.match(name):
        raise NotFound(_("This lesson has no such rendition."))
    storage = media.configured_storage()
    if not (storage.path_for(lesson.hls_key) / name).is_file():
        raise NotFound(_("This lesson has no such rendition."))
    return media.deliver(storage, lesson.hls_key, name, media.hls_type(name), lifetime=_lifetime(lesson))
