"""The question square and micro-lessons: ask, answer, adopt; upload, certify or reject, settle; watch and rate.

Services take the acting user, check its policy and never commit (the pipeline does).
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from flask import send_file

from flask_babel import gettext as _

from lms.core import audit, clock, registry
from lms.core.errors import Conflict, InvalidInput, NotFound
from lms.core.uploads import read_upload
from lms.projects import media
from lms.square import policies, queries, rules
from lms.square.models import (MicroLesson, MicroPost, MicroQuiz, MicroQuizAnswer, MicroView, SquareAnswer,
                               SquareQuestion)

FIX = "Please correct the marked fields."


@dataclass(frozen=True)
class Upload:
    name: str
    content_type: str
    data: bytes


def read_image(upload) -> Upload | None:
    """A question's photo from the form (None when none was attached): an image within MAX_IMAGE_BYTES."""
    if upload is None or not upload.filename:
        return None
    data = read_upload(upload, rules.MAX_IMAGE_BYTES, rules.IMAGE_SUFFIXES)
    return Upload(upload.filename[-200:], rules.IMAGE_TYPES[rules.suffix_of(upload.filename)], data)


def send_photo(row):
    """A stored photo (a square question's, an on-demand request's: ``image_name``, ``image_type``,
    ``image_data``) as a response; 404 when none was attached."""
    if not row.image_name:
        raise NotFound(_("No photo was attached."))
    return send_file(io.BytesIO(row.image_data), mimetype=row.image_type, download_name=row.image_name)


def _text_message(code: str, bounds: tuple[int, int]) -> str:
    if code == "too_short":
        return _("Write at least %(n)d characters.", n=bounds[0])
    return _("At most %(n)d characters.", n=bounds[1])


def ask(session, actor, subject: str, body: str, image: Upload | None = None,
        video: media.Upload | None = None) -> SquareQuestion:
    """A student asks with its text, and optionally a photo and a short video (001 L40)."""
    policies.ASK.enforce(actor)
    subject, body = (subject or "").strip(), (body or "").strip()
    problems = {}
    if not subject:
        problems["subject"] = _("This field is required.")
    elif len(subject) > rules.MAX_SUBJECT_CHARS:
        problems["subject"] = _("At most %(n)d characters.", n=rules.MAX_SUBJECT_CHARS)
    code = rules.text_problem(body, rules.QUESTION_CHARS)
    if code:
        problems["body"] = _text_message(code, rules.QUESTION_CHARS)
    if problems:
        raise InvalidInput(_(FIX), problems)
    question = SquareQuestion(student_id=actor.id, org_unit_id=actor.org_unit_id, subject=subject, body=body,
                              status=rules.OPEN, created_at=clock.now())
    if image is not None:
        question.image_name, question.image_type, question.image_data = image.name, image.content_type, image.data
    if video is not None:
        _store_question_video(question, video)
    session.add(question)
    session.flush()
    audit.record(session, actor, "square_question.ask", "square_question", question.id,
                 org_unit_id=question.org_unit_id, after={"subject": subject})
    registry.emit(session, "square.question_asked", question=question)
    return question


def _store_question_video(question: SquareQuestion, video: media.Upload) -> None:
    """Stream the video to the media storage (only once the fields are right); one longer than
    MAX_QUESTION_VIDEO_SECONDS is refused and its file removed."""
    stored = media.store_upload(video, "video")
    if stored.duration_seconds > rules.MAX_QUESTION_VIDEO_SECONDS:
        video.storage.delete(stored.key)
        raise InvalidInput(_(FIX), {"video": _("A short video: at most %(n)d seconds.",
                                               n=rules.MAX_QUESTION_VIDEO_SECONDS)})
    question.video_key, question.video_type, question.video_seconds = (stored.key, stored.content_type,
                                                                       stored.duration_seconds)


def deliver_question_video(question: SquareQuestion, storage: media.LocalStorage, lifetime: int):
    """A question's short video with HTTP range requests (to those who may read the question)."""
    if question.video_key is None:
        raise NotFound(_("This question has no video."))
    return media.deliver_video(storage, question.video_key, question.video_type, question.video_seconds,
                               lifetime=lifetime, missing=_("The video file is missing."))


def answer(session, actor, question: SquareQuestion, body: str) -> SquareAnswer:
    policies.ANSWER.enforce(actor, question)
    body = (body or "").strip()
    code = rules.text_problem(body, rules.ANSWER_CHARS)
    if code:
        raise InvalidInput(_(FIX), {"body": _text_message(code, rules.ANSWER_CHARS)})
    if any(a.tutor_id == actor.id for a in question.answers):
        raise Conflict("already_answered", _("You have answered this question already."))
    row = SquareAnswer(question_id=question.id, tutor_id=actor.id, tutor=actor, body=body, created_at=clock.now())
    question.answers.append(row)
    session.flush()
    audit.record(session, actor, "square_answer.answer", "square_answer", row.id, org_unit_id=question.org_unit_id)
    return row


def adopt(session, actor, question: SquareQuestion, answer_id: int, difficulty: int,
          satisfaction: int) -> SquareAnswer:
    """The student adopts one answer and pays its tutor 2–4 points (001 L48)."""
    policies.ADOPT.enforce(actor, question)
    chosen = next((a for a in question.answers if a.id == answer_id), None)
    problems = {}
    if chosen is None:
        problems["answer_id"] = _("Choose one of this question's answers.")
    if difficulty not in rules.DIFFICULTIES:
        problems["difficulty"] = _("Choose how hard the question was.")
    if satisfaction not in rules.SATISFACTIONS:
        problems["satisfaction"] = _("Choose how satisfied you are with the answer.")
    if problems:
        raise InvalidInput(_(FIX), problems)
    now = clock.now()
    chosen.difficulty, chosen.satisfaction = difficulty, satisfaction
    chosen.points = rules.adoption_points(difficulty, satisfaction)
    chosen.adopted_at = now
    question.status, question.adopted_at = rules.ADOPTED, now
    session.flush()
    audit.record(session, actor, "square_answer.adopt", "square_answer", chosen.id, org_unit_id=question.org_unit_id,
                 after={"points": chosen.points, "tutor_id": chosen.tutor_id})
    return chosen


@dataclass(frozen=True)
class LessonFields:
    title: str
    subject: str
    grade: str
    description: str = ""
    video_url: str | None = None


def _lesson_problems(fields: LessonFields, video: media.Upload | None, had_video: bool) -> dict[str, str]:
    problems = {}
    title = fields.title.strip()
    if len(title) < rules.TITLE_CHARS[0]:
        problems["title"] = _("Write at least %(n)d characters.", n=rules.TITLE_CHARS[0])
    elif len(title) > rules.TITLE_CHARS[1]:
        problems["title"] = _("At most %(n)d characters.", n=rules.TITLE_CHARS[1])
    if not fields.subject.strip():
        problems["subject"] = _("This field is required.")
    elif len(fields.subject.strip()) > rules.MAX_SUBJECT_CHARS:
        problems["subject"] = _("At most %(n)d characters.", n=rules.MAX_SUBJECT_CHARS)
    if fields.grade not in rules.GRADES:
        problems["grade"] = _("Choose from the listed grades.")
    if len(fields.description.strip()) > rules.MAX_DESCRIPTION_CHARS:
        problems["description"] = _("At most %(n)d characters.", n=rules.MAX_DESCRIPTION_CHARS)
    url = (fields.video_url or "").strip()
    if url and (not url.startswith(("http://", "https://")) or len(url) > 500 or " " in url):
        problems["video_url"] = _("Give a web address starting with http:// or https://.")
    elif not url and video is None and not had_video:
        problems["video_url"] = _("Upload the video or give its web address.")
    return problems


def upload(session, actor, fields: LessonFields, video: media.Upload | None = None) -> MicroLesson:
    """A tutor uploads a micro-lesson: it waits for its city's certification (001 L42, L49)."""
    policies.UPLOAD.enforce(actor)
    problems = _lesson_problems(fields, video, had_video=False)
    if problems:
        raise InvalidInput(_(FIX), problems)
    lesson = MicroLesson(tutor_id=actor.id, tutor=actor, org_unit_id=actor.org_unit_id, status=rules.PENDING)
    _fill(lesson, fields, video)
    session.add(lesson)
    session.flush()
    audit.record(session, actor, "micro_lesson.upload", "micro_lesson", lesson.id, org_unit_id=lesson.org_unit_id)
    return lesson


def resubmit(session, actor, lesson: MicroLesson, fields: LessonFields,
             video: media.Upload | None = None) -> MicroLesson:
    """Change a micro-lesson waiting for certification or rejected: it waits for certification again."""
    policies.EDIT.enforce(actor, lesson)
    problems = _lesson_problems(fields, video, had_video=lesson.video_key is not None)
    if problems:
        raise InvalidInput(_(FIX), problems)
    _fill(lesson, fields, video)
    lesson.status, lesson.reason, lesson.decided_at = rules.PENDING, None, None
    session.flush()
    audit.record(session, actor, "micro_lesson.upload", "micro_lesson", lesson.id, org_unit_id=lesson.org_unit_id)
    return lesson


def _fill(lesson: MicroLesson, fields: LessonFields, video: media.Upload | None) -> None:
    """The fields, and an uploaded video streamed to the media storage (only once the fields are right, so a
    refused upload leaves no file); a new video replaces the lesson's, the old file stays for the open
    transaction's sake."""
    lesson.title, lesson.subject, lesson.grade = fields.title.strip(), fields.subject.strip(), fields.grade
    lesson.description = fields.description.strip()
    lesson.video_url = (fields.video_url or "").strip() or None
    if video is not None:
        stored = media.store_upload(video, "video")
        lesson.video_key, lesson.video_type, lesson.video_seconds = (stored.key, stored.content_type,
                                                                     stored.duration_seconds)
    lesson.submitted_at = clock.now()


def _move(session, actor, lesson: MicroLesson, decision: str) -> str:
    before = lesson.status
    try:
        lesson.status = rules.after_decision(lesson.status, decision)
    except rules.LessonRefused as refused:
        raise Conflict(refused.code, _("This micro-lesson is not waiting for that.")) from None
    return before


def deliver_video(lesson: MicroLesson, storage: media.LocalStorage, lifetime: int):
    """The uploaded video with HTTP range requests, sent as MEDIA_DELIVERY says (as a lesson's video)."""
    if lesson.video_key is None:
        raise NotFound(_("This micro-lesson's video is a link, not a file."))
    return media.deliver_video(storage, lesson.video_key, lesson.video_type, lesson.video_seconds, lifetime=lifetime,
                               missing=_("The video file is missing; ask the tutor to upload it again."))


def certify(session, actor, lesson: MicroLesson, audience: int) -> MicroLesson:
    """The city certifies the micro-lesson and sets the audience its participation rate is counted against."""
    policies.CERTIFY.enforce(actor, lesson)
    if not isinstance(audience, int) or not rules.AUDIENCE[0] <= audience <= rules.AUDIENCE[1]:
        raise InvalidInput(_(FIX), {"audience": _("A whole number from %(a)d to %(b)d.", a=rules.AUDIENCE[0],
                                                  b=rules.AUDIENCE[1])})
    before = _move(session, actor, lesson, "certify")
    lesson.audience, lesson.certifier_id, lesson.decided_at, lesson.reason = audience, actor.id, clock.now(), None
    session.flush()
    audit.record(session, actor, "micro_lesson.certify", "micro_lesson", lesson.id, org_unit_id=lesson.org_unit_id,
                 before={"status": before}, after={"status": lesson.status, "audience": audience})
    return lesson


def reject(session, actor, lesson: MicroLesson, reason: str) -> MicroLesson:
    policies.CERTIFY.enforce(actor, lesson)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_(FIX), {"reason": _("Say why it is rejected.")})
    before = _move(session, actor, lesson, "reject")
    lesson.reason, lesson.certifier_id, lesson.decided_at = reason[:500], actor.id, clock.now()
    session.flush()
    audit.record(session, actor, "micro_lesson.reject", "micro_lesson", lesson.id, org_unit_id=lesson.org_unit_id,
                 before={"status": before}, after={"status": lesson.status, "reason": lesson.reason})
    return lesson


def settle(session, actor, lesson: MicroLesson) -> MicroLesson:
    """Fix a certified micro-lesson's points from its watchers and ratings so far (001 L49); they count in the
    month of settlement and it stays listed for students."""
    policies.SETTLE.enforce(actor, lesson)
    watchers, ratings = queries.lesson_figures(session, [lesson.id])[lesson.id]
    points = rules.lesson_points(watchers, lesson.audience, ratings)
    _move(session, actor, lesson, "settle")
    lesson.participation_points, lesson.quality_points = points.participation, points.quality
    lesson.settled_at = clock.now()
    session.flush()
    audit.record(session, actor, "micro_lesson.settle", "micro_lesson", lesson.id, org_unit_id=lesson.org_unit_id,
                 after={"participation": points.participation, "quality": points.quality})
    return lesson


def watch(session, actor, lesson: MicroLesson) -> MicroView:
    """A student opens a listed micro-lesson: it counts once as a participant."""
    policies.WATCH.enforce(actor, lesson)
    view = queries.view_of(session, lesson.id, actor.id)
    if view is None:
        view = MicroView(lesson_id=lesson.id, student_id=actor.id, watched_at=clock.now())
        session.add(view)
        session.flush()
    return view


def rate(session, actor, lesson: MicroLesson, rating: int) -> MicroView:
    """A student rates a certified micro-lesson's quality, 1–5 stars (changeable until it is settled)."""
    policies.RATE.enforce(actor, lesson)
    if rating not in rules.RATINGS:
        raise InvalidInput(_(FIX), {"rating": _("Choose 1 to 5 stars.")})
    view = watch(session, actor, lesson)
    view.rating, view.rated_at = rating, clock.now()
    session.flush()
    return view


def report_progress(session, actor, lesson: MicroLesson, position: float, played: float) -> MicroView:
    """The player reports where it is and how long it played since its previous report; the server credits what its
    own clock allows (rules.progress_after). The first report counts the student as watching too."""
    policies.WATCH.enforce(actor, lesson)
    view = watch(session, actor, lesson)
    now = clock.now()
    before = rules.Progress(view.seconds_watched or 0, view.furthest_seconds or 0, view.completed_at is not None)
    after = rules.progress_after(before, view.last_report_at, now, position, played, lesson.video_seconds)
    view.seconds_watched, view.furthest_seconds, view.last_report_at = (after.seconds_watched,
                                                                         after.furthest_seconds, now)
    if after.completed and view.completed_at is None:
        view.completed_at = now
    session.flush()
    return view


def post(session, actor, lesson: MicroLesson, body: str) -> MicroPost:
    """A student's question or comment, or the tutor's reply, in a certified micro-lesson's discussion (001 L42);
    the tutor hears of the students' posts."""
    policies.POST.enforce(actor, lesson)
    body = (body or "").strip()
    code = rules.text_problem(body, rules.POST_CHARS)
    if code:
        raise InvalidInput(_(FIX), {"body": _text_message(code, rules.POST_CHARS)})
    row = MicroPost(lesson_id=lesson.id, author_id=actor.id, author=actor, body=body, created_at=clock.now())
    session.add(row)
    session.flush()
    if actor.id != lesson.tutor_id:
        registry.emit(session, "square.lesson_posted", lesson=lesson, post=row)
    return row


def hide_post(session, actor, lesson: MicroLesson, row: MicroPost) -> MicroPost:
    """The tutor hides a post from the others (it stays, marked hidden, for the tutor)."""
    policies.HIDE.enforce(actor, lesson)
    if row.hidden_at is None:
        row.hidden_at = clock.now()
        session.flush()
        audit.record(session, actor, "micro_post.hide", "micro_post", row.id, org_unit_id=lesson.org_unit_id,
                     after={"lesson_id": lesson.id, "author_id": row.author_id})
    return row


def _quiz_message(code: str) -> str:
    return {"count": _("From %(a)d to %(b)d questions.", a=rules.QUIZ_QUESTIONS[0], b=rules.QUIZ_QUESTIONS[1]),
            "too_short": _("Write at least %(n)d characters.", n=rules.QUIZ_TEXT_CHARS[0]),
            "too_long": _("At most %(n)d characters.", n=rules.QUIZ_TEXT_CHARS[1]),
            "option_text": _("Every option needs its text (at most %(n)d characters).", n=rules.QUIZ_OPTION_CHARS[1]),
            "repeated": _("The options must differ."),
            "not_an_option": _("Mark exactly one of its options as the correct one.")}[code]


def _quiz_problem_message(field: str, code: str) -> str:
    """A problem's message; one of a question (``questions.<i>.<part>``) says which (the page has one field)."""
    if field == "questions":
        return _quiz_message(code)
    _q, index, part = field.split(".")
    message = (_("From %(a)d to %(b)d options.", a=rules.QUIZ_OPTIONS[0], b=rules.QUIZ_OPTIONS[1])
               if part == "options" and code == "count" else _quiz_message(code))
    return _("Question %(n)d: %(problem)s", n=int(index) + 1, problem=message)


def set_quiz(session, actor, lesson: MicroLesson, questions: list[rules.QuizQuestion]) -> MicroQuiz:
    """Its tutor adds or replaces a micro-lesson's quiz (001 L42 "微测"), until the first student has answered it (a
    changed quiz would leave the earlier scores measuring another one)."""
    policies.EDIT_QUIZ.enforce(actor, lesson)
    problems = rules.quiz_problems(questions)
    if problems:
        raise InvalidInput(_(FIX), {field: _quiz_problem_message(field, code) for field, code in problems.items()})
    quiz = queries.quiz_of(session, lesson.id)
    if quiz is not None and queries.quiz_answer_count(session, quiz.id):
        raise Conflict("quiz_answered", _("Students have answered this quiz: it can no longer change."))
    if quiz is None:
        quiz = MicroQuiz(lesson_id=lesson.id)
        session.add(quiz)
    quiz.questions = [{"text": q.text.strip(), "options": [o.strip() for o in q.options], "correct": q.correct}
                      for q in questions]
    quiz.updated_at = clock.now()
    session.flush()
    audit.record(session, actor, "micro_quiz.set", "micro_quiz", quiz.id, org_unit_id=lesson.org_unit_id,
                 after={"lesson_id": lesson.id, "questions": len(questions)})
    return quiz


def answer_quiz(session, actor, lesson: MicroLesson, choices: list[int]) -> MicroQuizAnswer:
    """A student who may watch the lesson answers its quiz once, one option a question; scored at once. Answering
    counts it among the lesson's students too (its tutor sees the score beside its progress)."""
    policies.ANSWER_QUIZ.enforce(actor, lesson)
    quiz = queries.quiz_for(session, lesson.id)
    items = quiz.items
    if rules.choices_problem(items, choices):
        message = _("Choose one option of every question.")
        raise InvalidInput(message, {"choices": message})  # the page has no field of that name: its message says it
    if queries.quiz_answer_of(session, quiz.id, actor.id) is not None:
        raise Conflict("already_answered", _("You have answered this quiz already."))
    watch(session, actor, lesson)
    result = rules.score_quiz(items, choices)
    row = MicroQuizAnswer(quiz_id=quiz.id, student_id=actor.id, choices=list(choices), score=result.score,
                          total=result.total, answered_at=clock.now())
    session.add(row)
    session.flush()
    return row
