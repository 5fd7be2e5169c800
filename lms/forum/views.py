"""Forum pages: a class's topics, a topic with its replies, compose forms, moderation; expert Q&A pages."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from lms.core import clock
from lms.core.errors import DomainError
from lms.enrollment import queries as enrollment_queries
from lms.extensions import db
from lms.forum import forms, policies, queries, services
from lms.projects.lessons import render_markdown
from lms.web.params import arg_page

bp = Blueprint("forum", __name__)

REASONS = {"too_short": _l("too short to count"), "duplicate": _l("repeats an earlier post of yours"),
           "not_learner": _l("tutors' posts earn no points")}


def learner_section(user):
    """The learner's active classes: forum and grade at one click."""
    if not user.has_role("teacher"):
        return None
    rows = [e for e in enrollment_queries.my_enrollments(db.session, user) if e.status == "active"]
    return {"template": "forum/_home_learner.html", "rows": rows} if rows else None


def staff_section(user):
    """Tutors: their classes' forum, Q&A and grades; experts: their coming Q&A sessions."""
    classes = queries.tutored_classes(db.session, user) if user.has_role("tutor") else []
    sessions = queries.expert_sessions(db.session, user, clock.now()) if user.has_role("expert") else []
    if not classes and not sessions:
        return None
    return {"template": "forum/_home_staff.html", "classes": classes, "qa_sessions": sessions}



def _flash(error: DomainError) -> None:
    for message in [error.message, *error.fields.values()]:
        flash(message, "danger")


def _try(action) -> bool:
    try:
        action()
        db.session.commit()
        return True
    except DomainError as error:
        db.session.rollback()
        _flash(error)
        return False


@bp.route("/classes/<int:class_id>/forum", methods=["GET", "POST"])
@login_required
def class_forum(class_id: int):
    klass = queries.class_for(db.session, current_user, class_id)
    form = forms.TopicForm()
    if form.validate_on_submit():
        created = {}
        if _try(lambda: created.setdefault("post", services.create_topic(db.session, current_user, klass,
                                                                          form.title.data.strip(), form.body.data))):
            post = created["post"]
            _flash_counting(post)
            return redirect(url_for("forum.topic_page", topic_id=post.id))
    page = arg_page()
    rows, total = queries.topics(db.session, current_user, klass, page=page, per_page=30,
                                 featured=request.args.get("featured") == "1")
    return render_template("forum/class.html", klass=klass, topics=rows, total=total, page=page,
                           pages=(total + 29) // 30, form=form, mine=queries.my_posts(db.session, current_user, klass),
                           reasons=REASONS, can_write=_can_write(klass),
                           can_schedule=policies.can_schedule_qa(current_user, klass))


def _can_write(klass) -> bool:
    return policies.can_moderate(current_user, klass) or policies.learner_enrollment(db.session, current_user,
                                                                                      klass) is not None


def _flash_counting(post) -> None:
    if post.enrollment_id is None:
        return
    if post.counts:
        flash(_("Posted. This post counts towards your interaction points."), "success")
    else:
        flash(_("Posted, but it does not count: %(why)s.", why=REASONS.get(post.not_counted_reason, "")), "warning")


@bp.route("/topics/<int:topic_id>", methods=["GET", "POST"])
@login_required
def topic_page(topic_id: int):
    topic, klass = queries.post_for(db.session, current_user, topic_id)
    if topic.topic_id is not None:
        return redirect(url_for("forum.topic_page", topic_id=topic.topic_id, _anchor=f"post-{topic.id}"))
    form = forms.ReplyForm()
    if form.validate_on_submit():
        created = {}
        if _try(lambda: created.setdefault("post", services.reply(db.session, current_user, topic, form.body.data))):
            _flash_counting(created["post"])
            return redirect(url_for("forum.topic_page", topic_id=topic.id, _anchor=f"post-{created['post'].id}"))
    posts = [topic, *queries.replies(db.session, current_user, klass, topic)]
    return render_template("forum/topic.html", klass=klass, topic=topic, posts=posts,
                           html={p.id: render_markdown(p.body) for p in posts}, form=form, reasons=REASONS,
                           can_moderate=policies.can_moderate(current_user, klass), can_write=_can_write(klass))


@bp.post("/posts/<int:post_id>/moderate")
@login_required
def moderate(post_id: int):
    post, klass = queries.post_for(db.session, current_user, post_id)
    if not policies.can_moderate(current_user, klass):
        abort(403)
    if FlaskForm().validate_on_submit():
        change = {key: request.form.get(key) == "1" for key in ("featured", "pinned", "hidden") if key in request.form}
        if _try(lambda: services.moderate(db.session, current_user, post, **change)):
            flash(_("Saved."), "success")
    return redirect(url_for("forum.topic_page", topic_id=post.topic_id or post.id))


@bp.route("/classes/<int:class_id>/qa", methods=["GET", "POST"])
@login_required
def qa_list(class_id: int):
    klass = queries.class_for(db.session, current_user, class_id)
    can_schedule = policies.can_schedule_qa(current_user, klass)
    form = forms.QaSessionForm()
    if can_schedule and form.validate_on_submit():
        tz = clock.local_tz()
        if _try(lambda: services.schedule_qa(db.session, current_user, klass, title=form.title.data.strip(),
                                             starts_at=form.starts_at.data.replace(tzinfo=tz),
                                             ends_at=form.ends_at.data.replace(tzinfo=tz), expert_ids=[])):
            flash(_("Scheduled."), "success")
            return redirect(url_for("forum.qa_list", class_id=klass.id))
    return render_template("forum/qa_list.html", klass=klass, sessions=queries.qa_sessions(db.session, klass),
                           form=form, can_schedule=can_schedule)


@bp.route("/qa/<int:qa_id>", methods=["GET", "POST"])
@login_required
def qa_page(qa_id: int):
    qa, klass = queries.qa_for(db.session, current_user, qa_id)
    form = forms.QuestionForm()
    if form.validate_on_submit():
        if _try(lambda: services.ask(db.session, current_user, qa, form.body.data.strip())):
            flash(_("Your question is in."), "success")
            return redirect(url_for("forum.qa_page", qa_id=qa.id))
    return render_template("forum/qa.html", klass=klass, qa=qa, questions=queries.questions(db.session, qa), form=form,
                           answer_form=forms.AnswerForm(formdata=None),
                           is_learner=policies.learner_enrollment(db.session, current_user, klass) is not None,
                           can_answer=policies.can_answer(current_user, qa, klass))


@bp.post("/qa-questions/<int:question_id>/answer")
@login_required
def answer(question_id: int):
    question, qa, _klass = queries.question_for(db.session, current_user, question_id)
    form = forms.AnswerForm()
    if form.validate_on_submit():
        if _try(lambda: services.answer(db.session, current_user, question, form.body.data.strip())):
            flash(_("Answered."), "success")
    return redirect(url_for("forum.qa_page", qa_id=qa.id))
