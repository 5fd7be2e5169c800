"""The square API: questions, answers and adoption; micro-lessons, their certification, watching and rating; a
tutor's points statement and monthly points; an admin's figures (docs/API.md "Question square and micro-lessons")."""
from __future__ import annotations

from flask import Blueprint, current_app
from flask_login import current_user

from lms.core import clock
from lms.extensions import db
from lms.projects import media
from lms.square import policies, queries, rules, schemas, services
from lms.square.presenters import (answer_dict, lesson_dict, post_dict, progress_dict, question_dict, quiz_answer_dict,
                                   quiz_dict)
from lms.web.api import Items, Page, endpoint, form_or_json, page_of, uploaded_file
from lms.web.security import body_limit

bp = Blueprint("square_api", __name__, url_prefix="/api/v1/square")

QUESTION = {"question": queries.question_for}
LESSON = {"lesson": queries.lesson_for}
UPLOAD_ERRORS = ("400:invalid_input", "403:forbidden", "413:too_large", "415:unsupported_media_type")
_TEXT = {"type": "string"}
ASK = {"type": "object", "required": ["subject", "body"], "properties": {
    "subject": _TEXT, "body": _TEXT, "image": {"type": "string", "format": "binary"},
    "video": {"type": "string", "format": "binary"}}}
LESSON_FORM = {"type": "object", "required": ["title", "subject", "grade"], "properties": {
    "title": _TEXT, "subject": _TEXT, "grade": _TEXT, "description": _TEXT, "video_url": _TEXT,
    "video": {"type": "string", "format": "binary"}}}


def _lesson(m) -> dict:
    return lesson_dict(m, queries.lesson_figures(db.session, [m.id])[m.id])


@bp.get("/questions")
@endpoint(summary="The student's own questions (scope=mine), or the open questions of the tutor's subjects "
                  "(scope=open), newest / longest waiting first", query=schemas.SquareQuestionsQuery,
          response=Page[schemas.SquareQuestionOut])
def questions(params: schemas.SquareQuestionsQuery):
    rows = (queries.my_questions(db.session, current_user.id) if params.scope == "mine"
            else queries.open_questions(db.session, current_user, limit=100_000)
            if policies.is_tutor(current_user) else [])
    chosen = rows[(params.page - 1) * params.per_page:params.page * params.per_page]
    return page_of([question_dict(q, with_answers=False) for q in chosen], len(rows), params)


@bp.post("/questions")
@body_limit("MAX_QUESTION_UPLOAD_BYTES")
@endpoint(summary="A student asks in the square: JSON, or multipart with an optional photo ``image`` (≤ 5 MB) and "
                  "an optional short ``video`` (mp4, webm, m4v; ≤ 30 MB, ≤ 3 minutes)",
          response=schemas.SquareQuestionOut, status=201, allow=policies.ASK, multipart=ASK, errors=UPLOAD_ERRORS)
def ask():
    data = form_or_json(schemas.SquareQuestionFields)
    video = media.Upload.of(uploaded_file("video"), current_app.config["MAX_QUESTION_VIDEO_BYTES"])
    question = services.ask(db.session, current_user, data.subject, data.body,
                            services.read_image(uploaded_file("image")), video)
    return question_dict(question), 201


@bp.get("/questions/<int:question_id>")
@endpoint(summary="A question with its answers (its student, the tutors, the admins of its school's area)",
          response=schemas.SquareQuestionOut, load=QUESTION, errors=("403:forbidden", "404:not_found"))
def question(question):
    return question_dict(question)


@bp.get("/questions/<int:question_id>/image")
@endpoint(summary="A question's photo", produces="image/*", load=QUESTION, errors=("403:forbidden", "404:not_found"))
def question_image(question):
    return services.send_photo(question)


@bp.get("/questions/<int:question_id>/video")
@endpoint(summary="A question's short video, with range requests (those who may read the question)",
          produces="video/*", load=QUESTION, errors=("403:forbidden", "404:not_found"))
def question_video(question):
    return services.deliver_question_video(question, media.configured_storage(), current_app.config["MEDIA_URL_SECONDS"])


@bp.post("/questions/<int:question_id>/answers")
@endpoint(summary="A tutor answers an open question (once per question)", body=schemas.SquareAnswerIn,
          response=schemas.SquareAnswerOut, status=201, load=QUESTION, allow=policies.ANSWER,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:already_answered"))
def answer(question, data: schemas.SquareAnswerIn):
    return answer_dict(services.answer(db.session, current_user, question, data.body)), 201


@bp.post("/questions/<int:question_id>/answers/<int:answer_id>/adopt")
@endpoint(summary="The student adopts one answer, judging the question's difficulty and its satisfaction; the "
                  "tutor gets 2–4 points (001 L48)", body=schemas.SquareAdoptIn, response=schemas.SquareQuestionOut,
          load=QUESTION, allow=policies.ADOPT, errors=("400:invalid_input", "403:forbidden", "404:not_found"))
def adopt(question, answer_id: int, data: schemas.SquareAdoptIn):
    services.adopt(db.session, current_user, question, answer_id, data.difficulty, data.satisfaction)
    return question_dict(question)


@bp.get("/lessons")
@endpoint(summary="Micro-lessons: the certified ones (listed), the tutor's own (mine), those waiting for the "
                  "caller's certification (waiting), or every one of the admin's area (area)",
          query=schemas.SquareLessonsQuery, response=Page[schemas.SquareLessonOut])
def lessons(params: schemas.SquareLessonsQuery):
    if params.scope == "listed":
        rows = queries.listed_lessons(db.session, params.subject, params.grade)
    elif params.scope == "mine":
        rows = queries.lessons_of(db.session, current_user.id)
    elif params.scope == "waiting":
        rows = queries.waiting_for(db.session, current_user)
    else:
        rows = queries.area_lessons(db.session, current_user)
    chosen = rows[(params.page - 1) * params.per_page:params.page * params.per_page]
    figures = queries.lesson_figures(db.session, [m.id for m in chosen])
    return page_of([lesson_dict(m, figures[m.id]) for m in chosen], len(rows), params)


@bp.post("/lessons")
@body_limit("MAX_OUTCOME_VIDEO_BYTES")
@endpoint(summary="A tutor uploads a micro-lesson: multipart with a ``video`` file (mp4, webm, m4v) or a "
                  "``video_url``; JSON with a ``video_url``. It waits for its city's certification",
          response=schemas.SquareLessonOut, status=201, allow=policies.UPLOAD, multipart=LESSON_FORM,
          errors=UPLOAD_ERRORS)
def upload():
    data = form_or_json(schemas.SquareLessonFields)
    video = media.Upload.of(uploaded_file("video"), current_app.config["MAX_OUTCOME_VIDEO_BYTES"])
    lesson = services.upload(db.session, current_user, services.LessonFields(
        data.title, data.subject, data.grade, data.description, data.video_url), video)
    return _lesson(lesson), 201


@bp.get("/lessons/<int:lesson_id>")
@endpoint(summary="A micro-lesson with its watchers, ratings and points", response=schemas.SquareLessonOut, load=LESSON,
          errors=("403:forbidden", "404:not_found"))
def lesson(lesson):
    return _lesson(lesson)


@bp.put("/lessons/<int:lesson_id>")
@body_limit("MAX_OUTCOME_VIDEO_BYTES")
@endpoint(summary="Its tutor changes a micro-lesson waiting for certification or rejected; it waits again",
          response=schemas.SquareLessonOut, load=LESSON, allow=policies.EDIT, multipart=LESSON_FORM,
          errors=UPLOAD_ERRORS + ("404:not_found",))
def resubmit(lesson):
    data = form_or_json(schemas.SquareLessonFields)
    video = media.Upload.of(uploaded_file("video"), current_app.config["MAX_OUTCOME_VIDEO_BYTES"])
    services.resubmit(db.session, current_user, lesson, services.LessonFields(
        data.title, data.subject, data.grade, data.description, data.video_url), video)
    return _lesson(lesson)


@bp.get("/lessons/<int:lesson_id>/video")
@endpoint(summary="A micro-lesson's uploaded video", produces="video/*", load=LESSON,
          errors=("403:forbidden", "404:not_found"))
def lesson_video(lesson):
    return services.deliver_video(lesson, media.configured_storage(), current_app.config["MEDIA_URL_SECONDS"])


@bp.post("/lessons/<int:lesson_id>/certify")
@endpoint(summary="The admin of the tutor's city certifies it and sets its expected audience (001 L49)",
          body=schemas.SquareCertifyIn, response=schemas.SquareLessonOut, load=LESSON, allow=policies.CERTIFY,
          errors=("400:invalid_input", "403:forbidden", "404:not_found"))
def certify(lesson, data: schemas.SquareCertifyIn):
    return _lesson(services.certify(db.session, current_user, lesson, data.audience))


@bp.post("/lessons/<int:lesson_id>/reject")
@endpoint(summary="The admin of the tutor's city rejects it with a reason", body=schemas.SquareRejectIn,
          response=schemas.SquareLessonOut, load=LESSON, allow=policies.CERTIFY,
          errors=("400:invalid_input", "403:forbidden", "404:not_found"))
def reject(lesson, data: schemas.SquareRejectIn):
    return _lesson(services.reject(db.session, current_user, lesson, data.reason))


@bp.post("/lessons/<int:lesson_id>/settle")
@endpoint(summary="The admin of the tutor's city fixes a certified micro-lesson's points (20–40 participation + "
                  "6–10 quality, 001 L49); they count in this month", response=schemas.SquareLessonOut, load=LESSON,
          allow=policies.SETTLE, errors=("403:forbidden", "404:not_found"))
def settle(lesson):
    return _lesson(services.settle(db.session, current_user, lesson))


def _view(view) -> dict:
    return {"lesson_id": view.lesson_id, "watched_at": view.watched_at.isoformat(), "rating": view.rating}


@bp.post("/lessons/<int:lesson_id>/watch")
@endpoint(summary="A student watches a listed micro-lesson: counted once among its participants",
          response=schemas.SquareViewOut, load=LESSON, allow=policies.WATCH, errors=("403:forbidden", "404:not_found"))
def watch(lesson):
    return _view(services.watch(db.session, current_user, lesson))


@bp.post("/lessons/<int:lesson_id>/rate")
@endpoint(summary="A student rates a certified micro-lesson's quality, 1–5 stars (counts it as watched too)",
          body=schemas.SquareRateIn, response=schemas.SquareViewOut, load=LESSON, allow=policies.RATE,
          errors=("400:invalid_input", "403:forbidden", "404:not_found"))
def rate(lesson, data: schemas.SquareRateIn):
    return _view(services.rate(db.session, current_user, lesson, data.rating))


@bp.post("/lessons/<int:lesson_id>/progress")
@endpoint(summary="The player reports a student's position and the seconds played since its previous report (every "
                  "~15 s); the server credits at most its own clock's seconds (001 L42 learning progress)",
          body=schemas.SquareProgressIn, response=schemas.SquareProgressOut, load=LESSON, allow=policies.WATCH,
          errors=("400:invalid_input", "403:forbidden", "404:not_found"))
def report_progress(lesson, data: schemas.SquareProgressIn):
    view = services.report_progress(db.session, current_user, lesson, data.position, data.played)
    return progress_dict(view, lesson)


@bp.get("/lessons/<int:lesson_id>/progress")
@endpoint(summary="The calling student's own progress through a listed micro-lesson", response=schemas.SquareProgressOut,
          load=LESSON, allow=policies.WATCH, errors=("403:forbidden", "404:not_found"))
def my_progress(lesson):
    return progress_dict(queries.view_of(db.session, lesson.id, current_user.id), lesson)


@bp.get("/lessons/<int:lesson_id>/viewers")
@endpoint(summary="The students watching a micro-lesson with their progress, last seen, completion and rating (its "
                  "tutor, the admins of its area)", response=Items[schemas.SquareViewerOut], load=LESSON,
          allow=policies.VIEWERS, errors=("403:forbidden", "404:not_found"))
def viewers(lesson):
    scores = queries.quiz_scores(db.session, lesson.id)
    return {"items": [progress_dict(v, lesson, with_student=True, quiz_answer=scores.get(v.student_id))
                      for v in queries.viewers(db.session, lesson.id)]}


@bp.get("/lessons/<int:lesson_id>/quiz")
@endpoint(summary="A micro-lesson's quiz (001 L42 微测): the correct options for its tutor and the admins of its area, "
                  "and for a student once it has answered (with its answer and score)", response=schemas.SquareQuizOut,
          load=LESSON, allow=policies.READ_QUIZ, errors=("403:forbidden", "404:not_found"))
def quiz(lesson):
    found = queries.quiz_for(db.session, lesson.id)
    mine = queries.quiz_answer_of(db.session, found.id, current_user.id)
    return quiz_dict(found, lesson, show_correct=policies.follows_viewers(current_user, lesson), answer=mine)


@bp.put("/lessons/<int:lesson_id>/quiz")
@endpoint(summary="Its tutor adds or replaces a micro-lesson's quiz: 1–10 single-choice questions, 2–6 options each, "
                  "one correct; refused once a student has answered it", body=schemas.SquareQuizIn,
          response=schemas.SquareQuizOut, load=LESSON, allow=policies.EDIT_QUIZ,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:quiz_answered"))
def set_quiz(lesson, data: schemas.SquareQuizIn):
    found = services.set_quiz(db.session, current_user, lesson, [
        rules.QuizQuestion(q.text, tuple(q.options), q.correct) for q in data.questions])
    return quiz_dict(found, lesson, show_correct=True)


@bp.post("/lessons/<int:lesson_id>/quiz/answers")
@endpoint(summary="A student who may watch the lesson answers its quiz once; scored at once, it sees its score and "
                  "the correct options", body=schemas.SquareQuizAnswerIn, response=schemas.SquareQuizAnswerOut,
          status=201, load=LESSON, allow=policies.ANSWER_QUIZ,
          errors=("400:invalid_input", "403:forbidden", "404:not_found", "409:already_answered"))
def answer_quiz(lesson, data: schemas.SquareQuizAnswerIn):
    return quiz_answer_dict(services.answer_quiz(db.session, current_user, lesson, data.choices)), 201


@bp.get("/lessons/<int:lesson_id>/quiz/results")
@endpoint(summary="The quiz's answers, mean score and, question by question, the share of right answers (its tutor, "
                  "the admins of its area)", response=schemas.SquareQuizResultsOut, load=LESSON,
          allow=policies.VIEWERS, errors=("403:forbidden", "404:not_found"))
def quiz_results(lesson):
    return queries.quiz_results(db.session, queries.quiz_for(db.session, lesson.id))


@bp.get("/lessons/<int:lesson_id>/posts")
@endpoint(summary="A certified micro-lesson's discussion, oldest first (hidden posts: its tutor only)",
          response=Items[schemas.SquarePostOut], load=LESSON, allow=policies.DISCUSSION,
          errors=("403:forbidden", "404:not_found"))
def posts(lesson):
    return {"items": [post_dict(p) for p in queries.posts_of(db.session, lesson, current_user)]}


@bp.post("/lessons/<int:lesson_id>/posts")
@endpoint(summary="A student asks or comments, or its tutor replies, in a certified micro-lesson's discussion; the "
                  "tutor hears of the students' posts", body=schemas.SquarePostIn, response=schemas.SquarePostOut,
          status=201, load=LESSON, allow=policies.POST, errors=("400:invalid_input", "403:forbidden", "404:not_found"))
def add_post(lesson, data: schemas.SquarePostIn):
    return post_dict(services.post(db.session, current_user, lesson, data.body)), 201


@bp.post("/lessons/<int:lesson_id>/posts/<int:post_id>/hide")
@endpoint(summary="Its tutor hides a post from the others", response=schemas.SquarePostOut, load=LESSON,
          allow=policies.HIDE, errors=("403:forbidden", "404:not_found"))
def hide_post(lesson, post_id: int):
    return post_dict(services.hide_post(db.session, current_user, lesson, queries.post_of(db.session, lesson, post_id)))


@bp.get("/statement")
@endpoint(summary="The caller's (a tutor's) points from the square and its micro-lessons",
          response=schemas.SquareStatementOut, allow=policies.TUTOR, errors=("403:forbidden",))
def statement():
    s = queries.statement(db.session, current_user.id)
    return {"square_points": s["square_points"], "settled_points": s["settled_points"],
            "provisional_points": s["provisional_points"], "total": s["total"],
            "adopted": [{"answer_id": a.id, "question_id": a.question_id, "subject": a.question.subject,
                         "adopted_at": a.adopted_at.isoformat(), "points": a.points} for a in s["adopted"]],
            "lessons": [lesson_dict(m, f) for m, f, _p in s["lessons"]]}


@bp.get("/statement/month")
@endpoint(summary="The caller's (a tutor's) square and micro-lesson points of one calendar month (default: this one)",
          query=schemas.SquareMonthQuery, response=schemas.SquareMonthPointsOut, allow=policies.TUTOR,
          errors=("400:invalid_input", "403:forbidden"))
def month(params: schemas.SquareMonthQuery):
    today = clock.now().astimezone(clock.local_tz())
    year, month = params.year or today.year, params.month or today.month
    return {"year": year, "month": month, "points": queries.month_points(db.session, current_user.id, year, month)}


@bp.get("/figures")
@endpoint(summary="The square's figures of the admin's subtree (read-only)", response=schemas.SquareFiguresOut,
          allow=policies.FIGURES, errors=("403:forbidden",))
def figures():
    return queries.figures(db.session, current_user)
