"""Pages of the question square (答疑广场) and micro-lessons (微课): a student's questions and the lessons it
watches, a tutor's open questions, its lessons and its points statement, the city's certification, the admins'
figures."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.core.registry import for_students
from lms.extensions import db
from lms.projects import media
from lms.square import forms, policies, queries, rules, services
from lms.square.presenters import progress_dict
from lms.web.pipeline import page
from lms.web.security import body_limit

bp = Blueprint("square", __name__)

QUESTION = {"question": queries.question_for}
LESSON = {"lesson": queries.lesson_for}
LABELS = {"question": forms.QUESTION_STATUS, "lesson": forms.LESSON_STATUS,
          "difficulty": dict(forms.DIFFICULTY), "satisfaction": dict(forms.SATISFACTION)}


@for_students
def nav_entries(user) -> list[tuple[str, str]]:
    if not (policies.is_student(user) or policies.is_tutor(user) or user.is_admin):
        return []
    entries = [(url_for("square.index"), _("Question square")), (url_for("square.lessons"), _("Micro-lessons"))]
    if policies.is_tutor(user):
        entries.append((url_for("square.statement"), _("My square points")))
    return entries


def _index_page(form=None):
    user = current_user
    return render_template(
        "square/index.html", labels=LABELS, form=form or forms.QuestionForm(formdata=None),
        is_student=policies.is_student(user), is_tutor=policies.is_tutor(user),
        mine=queries.my_questions(db.session, user.id) if policies.is_student(user) else [],
        open_rows=queries.open_questions(db.session, user) if policies.is_tutor(user) else [],
        answered=queries.answered_by(db.session, user.id, limit=50) if policies.is_tutor(user) else [],
        subjects=queries.tutor_subjects(user),
        figures=queries.figures(db.session, user) if policies.reads_figures(user) else None)


@bp.get("/square/")
@page()
def index():
    return _index_page()


@bp.post("/square/questions")
@body_limit("MAX_QUESTION_UPLOAD_BYTES")
@page(allow=policies.ASK, form=forms.QuestionForm, again=lambda form, **_: _index_page(form))
def ask(form):
    image = services.read_image(request.files.get("image"))
    video = media.Upload.of(request.files.get("video"), current_app.config["MAX_QUESTION_VIDEO_BYTES"])
    question = services.ask(db.session, current_user, form.subject.data, form.body.data, image, video)
    flash(_("Your question is in the square: the tutors of its subject see it."), "success")
    return redirect(url_for("square.question", question_id=question.id))


def _question_page(question, form=None, adopt_form=None):
    return render_template("square/question.html", question=question, labels=LABELS,
                           form=form or forms.AnswerForm(formdata=None),
                           adopt_form=adopt_form or forms.AdoptForm(formdata=None),
                           can_answer=policies.can_answer(current_user, question) and
                           not any(a.tutor_id == current_user.id for a in question.answers),
                           can_adopt=policies.can_adopt(current_user, question))


@bp.get("/square/questions/<int:question_id>")
@page(load=QUESTION)
def question(question):
    return _question_page(question)


@bp.get("/square/questions/<int:question_id>/image")
@page(load=QUESTION)
def question_image(question):
    return services.send_photo(question)


@bp.get("/square/questions/<int:question_id>/video")
@page(load=QUESTION)
def question_video(question):
    return services.deliver_question_video(question, media.configured_storage(), current_app.config["MEDIA_URL_SECONDS"])


@bp.post("/square/questions/<int:question_id>/answers")
@page(load=QUESTION, allow=policies.ANSWER, form=forms.AnswerForm,
      again=lambda form, question, **_: _question_page(question, form=form))
def answer(question, form):
    services.answer(db.session, current_user, question, form.body.data)
    flash(_("Answered: the student sees your answer."), "success")
    return redirect(url_for("square.question", question_id=question.id))


@bp.post("/square/questions/<int:question_id>/answers/<int:answer_id>/adopt")
@page(load=QUESTION, allow=policies.ADOPT, form=forms.AdoptForm,
      again=lambda form, question, **_: _question_page(question, adopt_form=form))
def adopt(question, answer_id, form):
    chosen = services.adopt(db.session, current_user, question, answer_id, form.difficulty.data,
                            form.satisfaction.data)
    flash(_("Adopted: %(name)s gets %(n)d points.", name=chosen.tutor.name, n=chosen.points), "success")
    return redirect(url_for("square.question", question_id=question.id))


# --- Micro-lessons ---------------------------------------------------------------------------------------------
def _lessons_page(form=None):
    user = current_user
    subject, grade = (request.args.get(k, "").strip()[:20] for k in ("subject", "grade"))
    listed = queries.listed_lessons(db.session, subject or None, grade if grade in rules.GRADES else None)
    return render_template(
        "square/lessons.html", labels=LABELS, listed=listed, chosen={"subject": subject, "grade": grade},
        grades=rules.GRADES, form=form or forms.LessonForm(formdata=None),
        is_tutor=policies.is_tutor(user),
        mine=queries.lessons_of(db.session, user.id) if policies.is_tutor(user) else [],
        waiting=queries.waiting_for(db.session, user) if policies.is_certifier(user) else [],
        area=queries.area_lessons(db.session, user) if user.is_admin else [])


@bp.get("/square/lessons/")
@page()
def lessons():
    return _lessons_page()


def _fields(form) -> services.LessonFields:
    return services.LessonFields(form.title.data or "", form.subject.data or "", form.grade.data or "",
                                 form.description.data or "", form.video_url.data or None)


@bp.post("/square/lessons")
@body_limit("MAX_OUTCOME_VIDEO_BYTES")
@page(allow=policies.UPLOAD, form=forms.LessonForm, again=lambda form, **_: _lessons_page(form))
def upload(form):
    video = media.Upload.of(request.files.get("video"), current_app.config["MAX_OUTCOME_VIDEO_BYTES"])
    lesson = services.upload(db.session, current_user, _fields(form), video)
    flash(_("Uploaded: the admin of your city certifies it before students see it."), "success")
    return redirect(url_for("square.lesson", lesson_id=lesson.id))


def _lesson_page(lesson, form=None, certify_form=None, reject_form=None, rate_form=None, post_form=None,
                 quiz_form=None, quiz_answer_form=None):
    user = current_user
    quiz = queries.quiz_of(db.session, lesson.id)
    answered = queries.quiz_answer_count(db.session, quiz.id) if quiz else 0
    can_edit_quiz = policies.can_edit_quiz(user, lesson) and not answered
    if quiz_form is None and can_edit_quiz:
        quiz_form = forms.QuizForm(formdata=None, questions=rules.quiz_text(quiz.items) if quiz else "")
    discussion = policies.can_read_discussion(user, lesson)
    figures = queries.lesson_figures(db.session, [lesson.id])[lesson.id]
    view = queries.view_of(db.session, lesson.id, user.id) if policies.is_student(user) else None
    if form is None and policies.can_edit_lesson(user, lesson):
        form = forms.LessonForm(formdata=None, obj=lesson)
    return render_template(
        "square/lesson.html", lesson=lesson, labels=LABELS, figures=figures, view=view,
        points=queries.lesson_points(lesson, figures), form=form,
        certify_form=certify_form or forms.CertifyForm(formdata=None),
        reject_form=reject_form or forms.RejectForm(formdata=None),
        rate_form=rate_form or forms.RateForm(formdata=None, rating=view.rating if view else None),
        is_student=policies.is_student(user), can_certify=policies.can_certify(user, lesson),
        can_settle=policies.can_settle(user, lesson), can_rate=policies.can_rate(user, lesson),
        can_edit=policies.can_edit_lesson(user, lesson),
        progress=progress_dict(view, lesson) if view else None, follows=policies.follows_viewers(user, lesson),
        posts=queries.posts_of(db.session, lesson, user) if discussion else None,
        post_form=post_form or forms.PostForm(formdata=None), can_post=policies.can_post(user, lesson),
        can_hide=policies.can_hide_post(user, lesson),
        quiz=quiz, quiz_answers=answered, can_edit_quiz=can_edit_quiz, quiz_form=quiz_form,
        can_answer_quiz=quiz is not None and policies.can_watch(user, lesson),
        my_quiz=queries.quiz_answer_of(db.session, quiz.id, user.id) if quiz else None,
        quiz_answer_form=quiz_answer_form or forms.QuizAnswerForm(formdata=None))


@bp.get("/square/lessons/<int:lesson_id>")
@page(load=LESSON)
def lesson(lesson):
    return _lesson_page(lesson)


@bp.get("/square/lessons/<int:lesson_id>/video")
@page(load=LESSON)
def lesson_video(lesson):
    return services.deliver_video(lesson, media.configured_storage(), current_app.config["MEDIA_URL_SECONDS"])


def _back(lesson, **_):
    return url_for("square.lesson", lesson_id=lesson.id)


@bp.post("/square/lessons/<int:lesson_id>")
@body_limit("MAX_OUTCOME_VIDEO_BYTES")
@page(load=LESSON, allow=policies.EDIT, form=forms.LessonForm,
      again=lambda form, lesson, **_: _lesson_page(lesson, form=form))
def resubmit(lesson, form):
    video = media.Upload.of(request.files.get("video"), current_app.config["MAX_OUTCOME_VIDEO_BYTES"])
    services.resubmit(db.session, current_user, lesson, _fields(form), video)
    flash(_("Submitted again: it waits for the city's certification."), "success")
    return redirect(_back(lesson))


@bp.post("/square/lessons/<int:lesson_id>/watch")
@page(load=LESSON, allow=policies.WATCH, back=_back)
def watch(lesson):
    services.watch(db.session, current_user, lesson)
    if lesson.video_url and not lesson.video_key:
        return redirect(lesson.video_url)
    return redirect(_back(lesson) + "#video")


@bp.post("/square/lessons/<int:lesson_id>/rate")
@page(load=LESSON, allow=policies.RATE, form=forms.RateForm,
      again=lambda form, lesson, **_: _lesson_page(lesson, rate_form=form))
def rate(lesson, form):
    services.rate(db.session, current_user, lesson, form.rating.data)
    flash(_("Thank you for rating it."), "success")
    return redirect(_back(lesson))


@bp.get("/square/lessons/<int:lesson_id>/viewers")
@page(load=LESSON, allow=policies.VIEWERS)
def viewers(lesson):
    scores = queries.quiz_scores(db.session, lesson.id)
    rows = [(v, progress_dict(v, lesson), scores.get(v.student_id)) for v in queries.viewers(db.session, lesson.id)]
    quiz = queries.quiz_of(db.session, lesson.id)
    return render_template("square/viewers.html", lesson=lesson, rows=rows,
                           results=queries.quiz_results(db.session, quiz) if quiz else None)


@bp.post("/square/lessons/<int:lesson_id>/quiz")
@page(load=LESSON, allow=policies.EDIT_QUIZ, form=forms.QuizForm,
      again=lambda form, lesson, **_: _lesson_page(lesson, quiz_form=form))
def set_quiz(lesson, form):
    services.set_quiz(db.session, current_user, lesson, rules.parse_quiz_text(form.questions.data))
    flash(_("The quiz is saved: students answer it after watching."), "success")
    return redirect(_back(lesson) + "#quiz")


def _choice(value: str | None) -> int:
    """A radio's value as an option index; -1 (not an option) when none was chosen or it is not a number."""
    return int(value) if value and value.isdigit() else -1


@bp.post("/square/lessons/<int:lesson_id>/quiz/answers")
@page(load=LESSON, allow=policies.ANSWER_QUIZ, form=forms.QuizAnswerForm,
      again=lambda form, lesson, **_: _lesson_page(lesson, quiz_answer_form=form))
def answer_quiz(lesson, form):
    total = len(queries.quiz_for(db.session, lesson.id).questions)
    row = services.answer_quiz(db.session, current_user, lesson,
                               [_choice(request.form.get(f"q{i}")) for i in range(total)])
    flash(_("Your score: %(score)d of %(total)d.", score=row.score, total=row.total), "success")
    return redirect(_back(lesson) + "#quiz")


@bp.post("/square/lessons/<int:lesson_id>/posts")
@page(load=LESSON, allow=policies.POST, form=forms.PostForm,
      again=lambda form, lesson, **_: _lesson_page(lesson, post_form=form))
def add_post(lesson, form):
    services.post(db.session, current_user, lesson, form.body.data)
    flash(_("Posted in the discussion."), "success")
    return redirect(_back(lesson) + "#discussion")


@bp.post("/square/lessons/<int:lesson_id>/posts/<int:post_id>/hide")
@page(load=LESSON, allow=policies.HIDE, back=_back)
def hide_post(lesson, post_id):
    services.hide_post(db.session, current_user, lesson, queries.post_of(db.session, lesson, post_id))
    flash(_("The post is hidden from the others."), "success")
    return redirect(_back(lesson) + "#discussion")


@bp.post("/square/lessons/<int:lesson_id>/certify")
@page(load=LESSON, allow=policies.CERTIFY, form=forms.CertifyForm,
      again=lambda form, lesson, **_: _lesson_page(lesson, certify_form=form))
def certify(lesson, form):
    services.certify(db.session, current_user, lesson, form.audience.data)
    flash(_("Certified: students see it in the micro-lessons."), "success")
    return redirect(url_for("square.lessons"))


@bp.post("/square/lessons/<int:lesson_id>/reject")
@page(load=LESSON, allow=policies.CERTIFY, form=forms.RejectForm,
      again=lambda form, lesson, **_: _lesson_page(lesson, reject_form=form))
def reject(lesson, form):
    services.reject(db.session, current_user, lesson, form.reason.data)
    flash(_("Rejected: the tutor sees your reason."), "success")
    return redirect(url_for("square.lessons"))


@bp.post("/square/lessons/<int:lesson_id>/settle")
@page(load=LESSON, allow=policies.SETTLE, back=_back)
def settle(lesson):
    services.settle(db.session, current_user, lesson)
    flash(_("Settled: %(n)d points for its tutor.", n=lesson.participation_points + lesson.quality_points), "success")
    return redirect(_back(lesson))


@bp.get("/square/statement")
@page(allow=policies.TUTOR)
def statement():
    return render_template("square/statement.html", s=queries.statement(db.session, current_user.id), labels=LABELS)
