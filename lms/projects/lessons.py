"""Lessons of a course: uploaded videos (duration read from the file) and Markdown readings."""
from __future__ import annotations

import markdown
import nh3
from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.core import audit, clock, registry
from lms.core.errors import DomainError, Forbidden, InvalidInput, NotFound
from lms.projects import media, policies, queries, transcode
from lms.projects.models import Course, Lesson

ALLOWED_TAGS = {"p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "blockquote", "code",
                "pre", "ul", "ol", "li", "a", "hr", "table", "thead", "tbody", "tr", "th", "td", "img", "sup", "sub"}


def render_markdown(text: str) -> str:
    """Markdown to HTML that is safe to show: no scripts, styles or event handlers survive."""
    html = markdown.markdown(text, extensions=["tables", "fenced_code", "sane_lists"])
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}, "img": {"src", "alt", "title"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow")


def _next_position(session, course: Course) -> int:
    return (session.scalar(select(func.max(Lesson.position)).where(Lesson.course_id == course.id)) or 0) + 1


def learns_course(session, actor, course_id: int) -> bool:
    """The programme's staff, and teachers enrolled in a class of the course."""
    if policies.can_view_catalogue(actor):
        return True
    return registry.hook("enrollment.learns_course")(session, actor.id, course_id)


def lesson_for_viewer(session, actor, lesson_id: int) -> Lesson:
    """Loader: a lesson its course's staff or learners may open."""
    lesson = session.get(Lesson, lesson_id)
    if lesson is None:
        raise NotFound(_("No such lesson."))
    if not learns_course(session, actor, lesson.course_id):
        raise Forbidden(_("This lesson belongs to a course you are not enrolled in."))
    return lesson


def course_for_viewer(session, actor, course_id: int) -> Course:
    """Loader: a course whose lessons the actor may list (staff, or a learner of it)."""
    course = queries.course_for(session, actor, course_id)
    if not learns_course(session, actor, course.id):
        raise Forbidden(_("This lesson belongs to a course you are not enrolled in."))
    return course


def lesson_to_manage(session, actor, lesson_id: int) -> Lesson:
    """Loader of a lesson to edit (the route's policy decides who may)."""
    lesson = session.get(Lesson, lesson_id)
    if lesson is None:
        raise NotFound(_("No such lesson."))
    return lesson


def _changed(session, actor, course: Course, lesson: Lesson, change: str) -> None:
    """E2a: a published course whose lessons change goes back to its experts; until the province confirms the new
    round the catalogue marks it (``lessons_changed_at``) while it keeps being offered with its current lessons."""
    if not course.is_published:
        return
    course.lessons_changed_at = clock.now()
    session.flush()
    registry.emit(session, "course.lessons_changed", course=course, lesson=lesson, change=change, actor=actor)


def add_video(session, actor, course: Course, title: str, upload_stream, filename: str, storage: media.LocalStorage,
              max_bytes: int) -> Lesson:
    policies.MANAGE_LESSONS.enforce(actor, course)
    if not title.strip():
        raise InvalidInput(_("Please correct the marked fields."), {"title": _("This field is required.")})
    try:
        stored = media.store_video(storage, upload_stream, filename, max_bytes)
    except OverflowError:
        raise DomainError("too_large", _("The video is larger than %(mb)d MB.", mb=max_bytes // (1024 * 1024)),
                          status=413) from None
    except media.NotAVideo:
        raise DomainError("unsupported_media_type", _("This file is not a video a browser can play "
                                                      "(MP4 or WebM with a readable length)."), status=415) from None
    lesson = Lesson(course_id=course.id, position=_next_position(session, course), title=title.strip(), kind="video",
                    duration_seconds=stored.duration_seconds, media_key=stored.key, media_size=stored.size,
                    content_type=stored.content_type, created_at=clock.now())
    session.add(lesson)
    session.flush()
    transcode.queue(session, lesson)
    audit.record(session, actor, "lesson.create", "lesson", lesson.id, org_unit_id=course.owner_unit_id,
                 after=lesson.to_dict())
    _changed(session, actor, course, lesson, "added")
    return lesson


def add_reading(session, actor, course: Course, title: str, body: str, reading_minutes: int) -> Lesson:
    policies.MANAGE_LESSONS.enforce(actor, course)
    lesson = Lesson(course_id=course.id, position=_next_position(session, course), title=title.strip(),
                    kind="reading", body=body, reading_minutes=reading_minutes,
                    duration_seconds=reading_minutes * 60, created_at=clock.now())
    session.add(lesson)
    session.flush()
    audit.record(session, actor, "lesson.create", "lesson", lesson.id, org_unit_id=course.owner_unit_id,
                 after=lesson.to_dict())
    _changed(session, actor, course, lesson, "added")
    return lesson


def edit_lesson(session, actor, lesson: Lesson, values: dict) -> Lesson:
    """The course's owner corrects a lesson: its title; a reading's text and reading time (a video is replaced by
    uploading another). A change to a published course's lesson sends the course back to its experts (E2a)."""
    policies.MANAGE_LESSON.enforce(actor, lesson)
    fields = {}
    if "title" in values and not (values["title"] or "").strip():
        fields["title"] = _("This field is required.")
    if lesson.kind == "video" and any(values.get(k) is not None for k in ("body", "reading_minutes")):
        fields["body"] = _("A video lesson has no text; upload another video instead.")
    if lesson.kind == "reading" and "body" in values and not (values["body"] or "").strip():
        fields["body"] = _("This field is required.")
    if fields:
        raise InvalidInput(_("Please correct the marked fields."), fields)
    before, old_body = lesson.to_dict(), lesson.body
    if values.get("title") is not None:
        lesson.title = values["title"].strip()
    if lesson.kind == "reading":
        if values.get("body") is not None:
            lesson.body = values["body"]
        if values.get("reading_minutes") is not None:
            lesson.reading_minutes = values["reading_minutes"]
            lesson.duration_seconds = values["reading_minutes"] * 60
    after = lesson.to_dict()
    if after == before and lesson.body == old_body:
        return lesson
    if lesson.body != old_body:
        after["text_changed"] = True
    session.flush()
    audit.record(session, actor, "lesson.update", "lesson", lesson.id, org_unit_id=lesson.course.owner_unit_id,
                 before=before, after=after)
    _changed(session, actor, lesson.course, lesson, "edited")
    return lesson


def course_lessons(session, course_id: int) -> list[Lesson]:
    return list(session.scalars(select(Lesson).where(Lesson.course_id == course_id)
                                .order_by(Lesson.position, Lesson.id)))


def content_seconds(session, course_id: int) -> int:
    """All the study time a course can credit: a re-watch adds nothing, so this bounds the requirement."""
    return session.scalar(select(func.coalesce(func.sum(Lesson.duration_seconds), 0))
                          .where(Lesson.course_id == course_id)) or 0


def requirement_warning(session, course: Course) -> str | None:
    total = content_seconds(session, course.id)
    if course.required_minutes * 60 > total:
        return _("The course requires %(req)d minutes of study but its lessons last %(have)d minutes in all: "
                 "learners could never reach full marks. Add lessons or lower the requirement.",
                 req=course.required_minutes, have=total // 60)
    return None
