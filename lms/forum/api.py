"""The forum and expert Q&A API (docs/API.md "Forum")."""
from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user

from lms.extensions import db
from lms.forum import policies, queries, schemas, services
from lms.projects.lessons import render_markdown
from lms.web.api import Items, Page, body_checked_later, endpoint, json_body, page_of, parse_model

bp = Blueprint("forum_api", __name__, url_prefix="/api/v1")

CLASS = {"klass": queries.class_for}
TOPIC = {"topic": queries.post_for}
POST = {"post": queries.post_for}


def post_dict(post, klass, *, html: bool = False) -> dict:
    data = post.to_dict(with_counting=queries.sees_counting(current_user, klass, post))
    if html:
        data["body_html"] = render_markdown(post.body)
    return data


def _created(post, klass):
    # "counts" always goes back to the writer: learners see at once whether a post earns points.
    return {**post_dict(post, klass), "id": post.id, "counts": post.counts,
            "not_counted_reason": post.not_counted_reason}, 201


@bp.post("/classes/<int:class_id>/topics")
@endpoint(summary="Start a topic in the class forum (Markdown); the answer says whether it counts",
          response=schemas.PostOut, body=schemas.TopicIn, load=CLASS, allow=policies.WRITE,
          status=201, errors=("403:forbidden", "404:not_found", "409:forum_closed"))
def create_topic(klass, data: schemas.TopicIn):
    return _created(services.create_topic(db.session, current_user, klass, data.title, data.body), klass)


@bp.get("/classes/<int:class_id>/topics")
@endpoint(summary="The class forum's topics, pinned first", query=schemas.TopicQuery, response=Page[schemas.PostOut],
          load=CLASS, errors=("403:forbidden", "404:not_found"))
def list_topics(klass, params: schemas.TopicQuery):
    rows, total = queries.topics(db.session, current_user, klass, page=params.page, per_page=params.per_page,
                                 featured=params.featured)
    return page_of([post_dict(p, klass) for p in rows], total, params)


@bp.get("/topics/<int:topic_id>")
@endpoint(summary="A topic with its replies (bodies also as sanitised HTML)", response=schemas.TopicOut,
          load=TOPIC, errors=("403:forbidden", "404:not_found"))
def get_topic(topic):
    klass = topic.training_class
    return {**post_dict(topic, klass, html=True),
            "replies": [post_dict(p, klass, html=True) for p in queries.replies(db.session, current_user, klass, topic)]}


@bp.post("/topics/<int:topic_id>/replies")
@endpoint(summary="Reply to a topic; the answer says whether it counts", status=201, response=schemas.PostOut,
          body=schemas.ReplyIn, load=TOPIC, allow=policies.REPLY,
          errors=("403:forbidden", "404:not_found", "409:forum_closed"))
def create_reply(topic, data: schemas.ReplyIn):
    return _created(services.reply(db.session, current_user, topic, data.body), topic.training_class)


@bp.get("/classes/<int:class_id>/my-posts")
@endpoint(summary="The caller's posts in the class and whether each counts", response=Items[schemas.PostOut],
          load=CLASS, errors=("403:forbidden", "404:not_found"))
def my_posts(klass):
    return {"items": [post_dict(p, klass) for p in queries.my_posts(db.session, current_user, klass)]}


@bp.post("/posts/<int:post_id>/feature")
@body_checked_later(schemas.FeatureIn)
@endpoint(summary="Feature a post (精华帖); send {featured: false} to withdraw it", response=schemas.PostOut,
          load=POST, allow=policies.MODERATE, errors=("403:forbidden", "404:not_found"))
def feature(post):
    raw = request.get_json(silent=True)  # no body (or null) means "feature it"; anything else must be an object
    data = parse_model(schemas.FeatureIn, {} if raw is None else json_body())
    return post_dict(services.moderate(db.session, current_user, post, featured=data.featured), post.training_class)


@bp.patch("/posts/<int:post_id>")
@endpoint(summary="Tutors: feature, pin or hide a post (a hidden post stops counting)", response=schemas.PostOut,
          body=schemas.ModerationIn, load=POST, allow=policies.MODERATE, errors=("403:forbidden", "404:not_found"))
def moderate(post, data: schemas.ModerationIn):
    return post_dict(services.moderate(db.session, current_user, post, **data.model_dump()), post.training_class)


@bp.post("/classes/<int:class_id>/qa-sessions")
@endpoint(summary="Schedule an expert Q&A session for the class", status=201, response=schemas.QaSessionOut,
          body=schemas.QaSessionIn, load=CLASS, allow=policies.SCHEDULE_QA, errors=("403:forbidden", "404:not_found"))
def schedule_qa(klass, data: schemas.QaSessionIn):
    qa = services.schedule_qa(db.session, current_user, klass, title=data.title, starts_at=data.starts_at,
                              ends_at=data.ends_at, expert_ids=data.expert_ids)
    return qa.to_dict(), 201


@bp.get("/classes/<int:class_id>/qa-sessions")
@endpoint(summary="The class's Q&A sessions",
          response=Items[schemas.QaSessionOut], load=CLASS, errors=("403:forbidden", "404:not_found"))
def list_qa(klass):
    return {"items": [qa.to_dict() for qa in queries.qa_sessions(db.session, klass)]}


@bp.get("/qa-sessions/<int:qa_id>")
@endpoint(summary="A Q&A session with its questions and answers", response=schemas.QaSessionWithQuestions,
          load={"qa": queries.qa_for}, errors=("403:forbidden", "404:not_found"))
def get_qa(qa):
    return {**qa.to_dict(), "questions": [q.to_dict() for q in queries.questions(db.session, qa)]}


@bp.post("/qa-sessions/<int:qa_id>/questions")
@endpoint(summary="A learner asks, while the session runs", status=201, response=schemas.QuestionOut,
          body=schemas.QuestionIn, load={"qa": queries.qa_for}, allow=policies.ASK,
          errors=("403:forbidden", "404:not_found", "409:qa_not_running"))
def ask(qa, data: schemas.QuestionIn):
    return services.ask(db.session, current_user, qa, data.body).to_dict(), 201


@bp.post("/qa-questions/<int:question_id>/answer")
@endpoint(summary="An expert of the session (or a class tutor) answers a question; another learner of the class "
                  "answers too while the session runs, which counts as taking part", response=schemas.QuestionOut,
          body=schemas.AnswerIn, load={"question": queries.question_for}, allow=policies.ANSWER,
          errors=("403:forbidden", "404:not_found", "409:qa_not_running"))
def answer(question, data: schemas.AnswerIn):
    return services.answer(db.session, current_user, question, data.body).to_dict()
