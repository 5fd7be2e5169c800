"""Forum pages: a class's topics, a topic with its replies, compose forms, moderation; expert Q&A pages."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm

from lms.core import clock
from lms.enrollment import queries as enrollment_queries
from lms.experts import queries as expert_queries
from lms.extensions import db
from lms.forum import forms, policies, queries, services
from lms.projects.lessons import render_markdown
from lms.projects.rules import local_date
from lms.web.params import arg_page
from lms.web.pipeline import page

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
    """Tutors: their classes' forum, Q&A and grades."""
    classes = queries.tutored_classes(db.session, user) if user.has_role("tutor") else []
    if not classes:
        return None
    return {"template": "forum/_home_staff.html", "classes": classes}


def expert_section(user):
    """An expert's work list: questions waiting for its answer, its coming sessions, its classes, and the
    running classes with no Q&A ahead (sessions to schedule)."""
    if not user.has_role("expert"):
        return None
    now = clock.now()
    unscheduled, unscheduled_count = queries.classes_without_qa_ahead(db.session, local_date(now, clock.local_tz()),
                                                                      now)
    waiting = queries.waiting_questions(db.session, user)
    return {"template": "forum/_home_expert.html", "waiting": waiting,
            "waiting_count": sum(n for _qa, n in waiting),
            "qa_sessions": queries.expert_sessions(db.session, user, now),
            "classes": queries.expert_classes(db.session, user),
            "unscheduled": unscheduled, "unscheduled_count": unscheduled_count}



TOPICS_PER_PAGE = 30


def _class_forum(klass, form):
    page = arg_page()
    featured = request.args.get("featured") == "1"
    rows, total = queries.topics(db.session, current_user, klass, page=page, per_page=TOPICS_PER_PAGE,
                                 featured=featured)
    return render_template("forum/class.html", klass=klass, topics=rows, total=total, page=page,
                           pages=-(-total // TOPICS_PER_PAGE), featured=featured, form=form, mine=queries.my_posts(db.session, current_user, klass),
                           reasons=REASONS, can_write=policies.can_write(current_user, klass),
                           can_schedule=policies.can_schedule_qa(current_user, klass))


@bp.get("/classes/<int:class_id>/forum")
@page(load={"klass": queries.class_for}, form=forms.TopicForm)
def class_forum(klass, form):
    return _class_forum(klass, form)


@bp.post("/classes/<int:class_id>/forum")
@page(load={"klass": queries.class_for}, allow=policies.WRITE, form=forms.TopicForm, again=_class_forum)
def create_topic(klass, form):
    post = services.create_topic(db.session, current_user, klass, form.title.data.strip(), form.body.data)
    _flash_counting(post)
    return redirect(url_for("forum.topic_page", topic_id=post.id))


def _flash_counting(post) -> None:
    if post.enrollment_id is None:
        return
    if post.counts:
        flash(_("Posted. This post counts towards your interaction points."), "success")
    else:
        flash(_("Posted, but it does not count: %(why)s.", why=REASONS.get(post.not_counted_reason, "")), "warning")


def _topic_page(topic, form):
    klass = topic.training_class
    posts = [topic, *queries.replies(db.session, current_user, klass, topic)]
    return render_template("forum/topic.html", klass=klass, topic=topic, posts=posts,
                           html={p.id: render_markdown(p.body) for p in posts}, form=form, reasons=REASONS,
                           can_moderate=policies.can_moderate(current_user, klass),
                           can_write=policies.can_write(current_user, klass))


@bp.get("/topics/<int:topic_id>")
@page(load={"topic": queries.post_for}, form=forms.ReplyForm)
def topic_page(topic, form):
    if topic.topic_id is not None:
        return redirect(url_for("forum.topic_page", topic_id=topic.topic_id, _anchor=f"post-{topic.id}"))
    return _topic_page(topic, form)


@bp.post("/topics/<int:topic_id>")
@page(load={"topic": queries.post_for}, allow=policies.REPLY, form=forms.ReplyForm, again=_topic_page)
def reply(topic, form):
    post = services.reply(db.session, current_user, topic, form.body.data)
    _flash_counting(post)
    return redirect(url_for("forum.topic_page", topic_id=topic.id, _anchor=f"post-{post.id}"))


def _to_topic(post, **_):
    return url_for("forum.topic_page", topic_id=post.topic_id or post.id)


@bp.post("/posts/<int:post_id>/moderate")
@page(load={"post": queries.post_for}, allow=policies.MODERATE, form=FlaskForm, back=_to_topic)
def moderate(post):
    change = {key: request.form.get(key) == "1" for key in ("featured", "pinned", "hidden") if key in request.form}
    services.moderate(db.session, current_user, post, **change)
    flash(_("Saved."), "success")
    return redirect(_to_topic(post))


def _qa_list(klass, form):
    return render_template("forum/qa_list.html", klass=klass, sessions=queries.qa_sessions(db.session, klass),
                           form=form, can_schedule=policies.can_schedule_qa(current_user, klass))


def _qa_form() -> forms.QaSessionForm:
    form = forms.QaSessionForm()
    form.expert_ids.choices = [(p.user_id, f"{p.user.name} · {p.title} · {p.organisation}")
                               for p in expert_queries.qa_hosts(db.session, current_user)]
    return form


@bp.get("/classes/<int:class_id>/qa")
@page(load={"klass": queries.class_for}, form=_qa_form)
def qa_list(klass, form):
    return _qa_list(klass, form)


@bp.post("/classes/<int:class_id>/qa")
@page(load={"klass": queries.class_for}, allow=policies.SCHEDULE_QA, form=_qa_form, again=_qa_list)
def schedule_qa(klass, form):
    tz = clock.local_tz()
    services.schedule_qa(db.session, current_user, klass, title=form.title.data.strip(),
                         starts_at=form.starts_at.data.replace(tzinfo=tz),
                         ends_at=form.ends_at.data.replace(tzinfo=tz), expert_ids=form.expert_ids.data or [])
    flash(_("Scheduled."), "success")
    return redirect(url_for("forum.qa_list", class_id=klass.id))


def _qa_page(qa, form):
    klass = qa.training_class
    return render_template("forum/qa.html", klass=klass, qa=qa, questions=queries.questions(db.session, qa), form=form,
                           answer_form=forms.AnswerForm(formdata=None),
                           is_learner=policies.can_ask(current_user, qa),
                           can_answer=policies.can_answer(current_user, qa, klass),
                           running=qa.starts_at <= clock.now() < qa.ends_at)


@bp.get("/qa/<int:qa_id>")
@page(load={"qa": queries.qa_for}, form=forms.QuestionForm)
def qa_page(qa, form):
    return _qa_page(qa, form)


@bp.post("/qa/<int:qa_id>")
@page(load={"qa": queries.qa_for}, allow=policies.ASK, form=forms.QuestionForm, again=_qa_page)
def ask(qa, form):
    services.ask(db.session, current_user, qa, form.body.data.strip())
    flash(_("Your question is in."), "success")
    return redirect(url_for("forum.qa_page", qa_id=qa.id))


@bp.post("/qa-questions/<int:question_id>/answer")
@page(load={"question": queries.question_for}, allow=policies.ANSWER, form=forms.AnswerForm,
      back=lambda question, **_: url_for("forum.qa_page", qa_id=question.session_id))
def answer(question, form):
    services.answer(db.session, current_user, question, form.body.data.strip())
    flash(_("Answered."), "success")
    return redirect(url_for("forum.qa_page", qa_id=question.session_id))


def qa_link(user, klass) -> tuple[str, str] | None:
    """The class list's way to a class's expert Q&A, for whom may schedule there (its tutors, the experts)."""
    if not policies.can_schedule_qa(user, klass):
        return None
    return url_for("forum.qa_list", class_id=klass.id), _("Expert Q&A")


def class_links(user, klass) -> list[tuple[str, str]]:
    """The class page's ways to its forum and its expert Q&A, for the people of the class."""
    if not policies.can_view(db.session, user, klass):
        return []
    return [(url_for("forum.class_forum", class_id=klass.id), _("Forum")),
            (url_for("forum.qa_list", class_id=klass.id), _("Expert Q&A"))]
